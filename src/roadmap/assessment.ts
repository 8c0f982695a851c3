import type { AnalysisError, Range } from '../core/finding';
import type { JsonNode } from './json-ranges';
import { fieldRange, parseJsonWithRanges } from './json-ranges';
import type { FieldKind, SectionSpec } from './assessment-fields';
import { ASSESSMENT_SECTIONS } from './assessment-fields';
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

export function parseAssessment(file: string, text: string): ParsedAssessment {
  const parsed = parseJsonWithRanges(text);
  if (!parsed.ok) {
    return {
      errors: [
        { file, kind: 'parse', range: parsed.range, message: `the assessment is not valid JSON: ${parsed.message}` },
      ],
      rangeOf: () => undefined,
    };
  }
  const root = parsed.root;
  const rangeOf = (path: readonly string[]) => fieldRange(root, path);
  const errors: AnalysisError[] = [];
  if (root.kind !== 'object') {
    errors.push({
      file,
      kind: 'parse',
      range: root.range,
      message: `the assessment must be a JSON object, not ${describeNode(root)}`,
    });
    return { errors, rangeOf };
  }
  const fail = (node: JsonNode, path: readonly string[], expected: string) =>
    errors.push({
      file,
      kind: 'parse',
      range: node.range,
      message: `${path.join('.')}: expected ${expected}, found ${describeNode(node)}; ignored`,
    });
  const assessment: Record<string, unknown> = {};
  for (const section of ASSESSMENT_SECTIONS) {
    if (!section.key) {
      Object.assign(assessment, readFields(root, section, [], fail));
      continue;
    }
    const node = entryOf(root, section.key);
    if (!node || node.kind === 'null') continue;
    if (node.kind !== 'object') {
      fail(node, [section.key], 'an object');
      continue;
    }
    assessment[section.key] = readFields(node, section, [section.key], fail);
  }
  return { assessment: assessment as Assessment, errors, rangeOf };
}

type Fail = (node: JsonNode, path: readonly string[], expected: string) => void;

function entryOf(node: JsonNode & { kind: 'object' }, key: string): JsonNode | undefined {
  let value: JsonNode | undefined;
  for (const entry of node.entries) if (entry.key === key) value = entry.value;
  return value;
}

function readFields(
  node: JsonNode & { kind: 'object' },
  section: SectionSpec,
  path: readonly string[],
  fail: Fail,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Keys in the table's order (not the file's), so the same assessment always reads the same.
  for (const field of section.fields) {
    const value = entryOf(node, field.key);
    if (!value || value.kind === 'null') continue;
    const read = readField(value, field.spec, [...path, field.key], fail);
    if (read !== undefined) out[field.key] = read;
  }
  return out;
}

function readField(node: JsonNode, spec: FieldKind, path: readonly string[], fail: Fail): unknown {
  switch (spec.kind) {
    case 'text':
      if (node.kind === 'string' && node.value.length <= (spec.max ?? Infinity)) return node.value;
      return void fail(node, path, spec.max === undefined ? 'a string' : `a string of at most ${spec.max} characters`);
    case 'lines': {
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
    case 'choice':
      if (node.kind === 'string' && spec.options.includes(node.value)) return node.value;
      return void fail(node, path, `one of ${spec.options.join(', ')}`);
  }
}

function numberExpectation(spec: FieldKind & { kind: 'number' }): string {
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
  const note = (section: SectionSpec) =>
    section.fields
      .map((f) => `${f.key}: ${f.help}${f.spec.kind === 'choice' ? ` (${f.spec.options.join(' | ')})` : ''}`)
      .join('; ');
  const template: Record<string, unknown> = {
    about:
      `Scaling-readiness assessment (the workshop's pre-workshop assessment), read by Scaling Assistant from ${ASSESSMENT_PATH} ` +
      'to shape the scaling roadmap. Fill in what you know and commit it with the code; null means not known yet and is ' +
      'ignored, "//" entries are notes. Units are in the key names: Ms = milliseconds, Percent = percent, PerSecond = per second.',
  };
  for (const section of ASSESSMENT_SECTIONS) {
    const fields = Object.fromEntries(section.fields.map((f) => [f.key, null]));
    if (section.key) template[section.key] = { '//': note(section), ...fields };
    else Object.assign(template, fields);
  }
  return `${JSON.stringify(template, null, 2)}\n`;
}
