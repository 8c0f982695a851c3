import type { AnalysisError, Range } from '../core/finding';
import type { JsonNode } from './json-ranges';
import { fieldRange, parseJsonWithRanges } from './json-ranges';
import type { Assessment } from './model';
import { ASSESSMENT_PATH } from './model';

/**
 * The readiness assessment file (`.scaling-assistant/assessment.json`): parsed with positions, checked field
 * by field. A field of the wrong type is reported (naming the field, pointing at it) and left out; the rest
 * still shapes the plan. Unknown fields (`about`, `assessedOn`, notes starting with `//`…) are ignored, and
 * `null` means "not known yet", as in the template.
 */
export interface ParsedAssessment {
  /** Undefined when the file is not JSON or not a JSON object. */
  assessment?: Assessment;
  errors: AnalysisError[];
  /** Range of the field at `path` (key to end of value), e.g. `['constraints', 'teamSize']`. */
  rangeOf(path: readonly string[]): Range | undefined;
}

/** What a field may hold, with a line of help for the template. */
type FieldSpec =
  | { kind: 'string'; help: string }
  | { kind: 'strings'; help: string }
  | { kind: 'number'; help: string; min?: number; max?: number; integer?: boolean }
  | { kind: 'enum'; help: string; values: readonly string[] }
  | { kind: 'section'; help: string; fields: Record<string, FieldSpec> };

/** Field specs for every key of T, checked by the compiler against the Assessment type. */
type Fields<T> = { [K in keyof Required<T>]-?: SpecFor<NonNullable<T[K]>> };
type SpecFor<V> = [V] extends [string[]]
  ? { kind: 'strings'; help: string }
  : [V] extends [number]
    ? { kind: 'number'; help: string; min?: number; max?: number; integer?: boolean }
    : [V] extends [string]
      ? string extends V
        ? { kind: 'string'; help: string }
        : { kind: 'enum'; help: string; values: readonly V[] }
      : { kind: 'section'; help: string; fields: Fields<V> };

const count = (help: string) => ({ kind: 'number', help, min: 0, integer: true }) as const;
const percent = (help: string) => ({ kind: 'number', help, min: 0, max: 100 }) as const;

const SCHEMA: Fields<Assessment> = {
  application: { kind: 'string', help: 'what is assessed (the product or the services)' },
  currentArchitecture: {
    kind: 'section',
    help: 'how the system is built today',
    fields: {
      applicationPattern: { kind: 'enum', help: 'how the application is split', values: ['monolith', 'modular_monolith', 'microservices', 'serverless'] },
      databasePattern: { kind: 'enum', help: 'how data is stored', values: ['single_db', 'read_replicas', 'sharded', 'polyglot'] },
      deploymentPattern: { kind: 'enum', help: 'how it runs', values: ['single_server', 'load_balanced', 'containerized', 'cloud_native'] },
      cachingStrategy: { kind: 'enum', help: 'what is cached', values: ['none', 'basic', 'multi_layer', 'distributed'] },
      notes: { kind: 'strings', help: 'anything the patterns do not say' },
    },
  },
  currentScale: {
    kind: 'section',
    help: 'load today',
    fields: {
      activeUsers: count('active users (e.g. monthly)'),
      concurrentUsers: count('users at the same time, at the peak'),
      dailyRequests: count('requests a day'),
      peakRequestsPerSecond: { kind: 'number', help: 'requests per second at the peak', min: 0 },
      dataVolume: { kind: 'string', help: 'size of the data, e.g. "50GB"' },
      databaseConnections: count('open database connections at the peak'),
      averageResponseTimeMs: { kind: 'number', help: 'average response time in milliseconds', min: 0 },
      uptimePercent: percent('measured availability in percent, e.g. 99.5'),
    },
  },
  growthProjections: {
    kind: 'section',
    help: 'where the business expects to be',
    fields: {
      sixMonthUserTarget: count('active users in six months'),
      oneYearUserTarget: count('active users in a year'),
      expectedTrafficGrowthPercent: { kind: 'number', help: 'traffic growth in percent (100 = twice today)', min: 0 },
      expectedDataGrowthPercent: { kind: 'number', help: 'data growth in percent', min: 0 },
    },
  },
  scaleTarget: {
    kind: 'section',
    help: 'what the system must handle',
    fields: {
      targetUsers: count('active users'),
      targetConcurrentUsers: count('users at the same time'),
      targetRequestsPerSecond: { kind: 'number', help: 'requests per second at the peak', min: 0 },
      maxResponseTimeMs: { kind: 'number', help: 'response time to stay under, in milliseconds', min: 0 },
      targetUptimePercent: percent('availability to reach, in percent, e.g. 99.9'),
    },
  },
  constraints: {
    kind: 'section',
    help: 'what limits the plan',
    fields: {
      budget: { kind: 'string', help: 'e.g. "€5000/month"' },
      teamSize: { kind: 'number', help: 'engineers who can work on scaling (sets each phase\'s capacity)', min: 1, integer: true },
      technicalDebt: { kind: 'enum', help: 'how much old work slows new work', values: ['low', 'medium', 'high', 'critical'] },
      complianceRequirements: { kind: 'strings', help: 'e.g. ["GDPR"]' },
      timeToMarket: { kind: 'enum', help: 'aggressive puts the highest-impact quick wins first', values: ['flexible', 'normal', 'aggressive'] },
    },
  },
  knownLimitations: { kind: 'strings', help: 'what the team already knows hurts' },
};

export function parseAssessment(file: string, text: string): ParsedAssessment {
  const parsed = parseJsonWithRanges(text);
  if (!parsed.ok) {
    return {
      errors: [{ file, kind: 'parse', range: parsed.range, message: `the assessment is not valid JSON: ${parsed.message}` }],
      rangeOf: () => undefined,
    };
  }
  const root = parsed.root;
  const rangeOf = (path: readonly string[]) => fieldRange(root, path);
  const errors: AnalysisError[] = [];
  if (root.kind !== 'object') {
    errors.push({ file, kind: 'parse', range: root.range, message: `the assessment must be a JSON object, not ${describeNode(root)}` });
    return { errors, rangeOf };
  }
  const fail = (node: JsonNode, path: readonly string[], expected: string) =>
    errors.push({ file, kind: 'parse', range: node.range, message: `${path.join('.')}: expected ${expected}, found ${describeNode(node)}; ignored` });
  const assessment = readSection(root, SCHEMA as Record<string, FieldSpec>, [], fail) as Assessment;
  return { assessment, errors, rangeOf };
}

type Fail = (node: JsonNode, path: readonly string[], expected: string) => void;

function readSection(node: JsonNode & { kind: 'object' }, fields: Record<string, FieldSpec>, path: readonly string[], fail: Fail): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Keys in the schema's order (not the file's), so the same assessment always reads the same.
  for (const [key, spec] of Object.entries(fields)) {
    let value: JsonNode | undefined;
    for (const entry of node.entries) if (entry.key === key) value = entry.value;
    if (!value || value.kind === 'null') continue;
    const read = readField(value, spec, [...path, key], fail);
    if (read !== undefined) out[key] = read;
  }
  return out;
}

function readField(node: JsonNode, spec: FieldSpec, path: readonly string[], fail: Fail): unknown {
  switch (spec.kind) {
    case 'string':
      if (node.kind === 'string') return node.value;
      return void fail(node, path, 'a string');
    case 'strings': {
      if (node.kind !== 'array') return void fail(node, path, 'a list of strings');
      const strings: string[] = [];
      node.items.forEach((item, index) => {
        if (item.kind === 'string') strings.push(item.value);
        else fail(item, [...path.slice(0, -1), `${path[path.length - 1]}[${index}]`], 'a string');
      });
      return strings;
    }
    case 'number': {
      const expected = numberExpectation(spec);
      if (node.kind !== 'number') return void fail(node, path, expected);
      const value = node.value;
      const bad =
        !Number.isFinite(value) ||
        (spec.integer && !Number.isInteger(value)) ||
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max);
      if (bad) return void fail(node, path, expected);
      return value;
    }
    case 'enum':
      if (node.kind === 'string' && spec.values.includes(node.value)) return node.value;
      return void fail(node, path, `one of ${spec.values.join(', ')}`);
    case 'section':
      if (node.kind !== 'object') return void fail(node, path, 'an object');
      return readSection(node, spec.fields, path, fail);
  }
}

function numberExpectation(spec: FieldSpec & { kind: 'number' }): string {
  const noun = spec.integer ? 'a whole number' : 'a number';
  if (spec.min !== undefined && spec.max !== undefined) return `${noun} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${noun} ≥ ${spec.min}`;
  return noun;
}

function describeNode(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return JSON.stringify(node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value);
    case 'number':
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
  }
}

/**
 * A new assessment file for "create assessment": every field, set to null (not known yet), with a `//` note
 * in each section that explains the fields and their allowed values. Valid JSON that parses with no errors.
 */
export function defaultAssessmentTemplate(): string {
  const section = (fields: Record<string, FieldSpec>): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      '//': Object.entries(fields)
        .map(([key, spec]) => `${key}: ${spec.help}${spec.kind === 'enum' ? ` (${spec.values.join(' | ')})` : ''}`)
        .join('; '),
    };
    for (const [key, spec] of Object.entries(fields)) out[key] = spec.kind === 'section' ? section(spec.fields) : null;
    return out;
  };
  const template: Record<string, unknown> = {
    about:
      `Scaling-readiness assessment (the workshop's pre-workshop assessment), read by Scaling Assistant from ${ASSESSMENT_PATH} ` +
      'to shape the scaling roadmap. Fill in what you know and commit it with the code; null means not known yet and is ' +
      'ignored, "//" entries are notes. Units are in the key names: Ms = milliseconds, Percent = percent, PerSecond = per second.',
    ...section(SCHEMA as Record<string, FieldSpec>),
  };
  delete template['//'];
  return `${JSON.stringify(template, null, 2)}\n`;
}
