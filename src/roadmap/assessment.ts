import type { AnalysisError, Range } from '../core/finding';
import type { Translate } from '../core/translate';
import { english } from '../core/translate';
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
 * `null` means "not known yet", as in the template. The problems are in the language of `t` (the editor's
 * vscode.l10n.t, the workshop's translation): the panel's form and the readiness exercise show them.
 */
export interface ParsedAssessment {
  /** Undefined when the file is not JSON or not a JSON object. */
  assessment?: Assessment;
  errors: AnalysisError[];
  /** Range of the field at `path` (key to end of value), e.g. `['constraints', 'teamSize']`. */
  rangeOf(path: readonly string[]): Range | undefined;
}

export function parseAssessment(file: string, text: string, t: Translate = english): ParsedAssessment {
  const parsed = parseJsonWithRanges(text);
  if (!parsed.ok) {
    return {
      errors: [
        {
          file,
          kind: 'parse',
          range: parsed.range,
          message: t('the assessment is not valid JSON: {0}', parsed.message),
        },
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
      message: t('the assessment must be a JSON object, not {0}', describeNode(root, t)),
    });
    return { errors, rangeOf };
  }
  const fail = (node: JsonNode, path: readonly string[], expected: string) =>
    errors.push({
      file,
      kind: 'parse',
      range: node.range,
      message: t('{0}: expected {1}, found {2}; ignored', path.join('.'), expected, describeNode(node, t)),
    });
  const assessment: Record<string, unknown> = {};
  for (const section of ASSESSMENT_SECTIONS) {
    if (!section.key) {
      Object.assign(assessment, readFields(root, section, [], fail, t));
      continue;
    }
    const node = entryOf(root, section.key);
    if (!node || node.kind === 'null') continue;
    if (node.kind !== 'object') {
      fail(node, [section.key], t('an object'));
      continue;
    }
    assessment[section.key] = readFields(node, section, [section.key], fail, t);
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
  t: Translate,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Keys in the table's order (not the file's), so the same assessment always reads the same.
  for (const field of section.fields) {
    const value = entryOf(node, field.key);
    if (!value || value.kind === 'null') continue;
    const read = readField(value, field.spec, [...path, field.key], fail, t);
    if (read !== undefined) out[field.key] = read;
  }
  return out;
}

function readField(node: JsonNode, spec: FieldKind, path: readonly string[], fail: Fail, t: Translate): unknown {
  switch (spec.kind) {
    case 'text':
      if (node.kind === 'string' && node.value.length <= (spec.max ?? Infinity)) return node.value;
      return void fail(
        node,
        path,
        spec.max === undefined ? t('a string') : t('a string of at most {0} characters', spec.max),
      );
    case 'lines': {
      if (node.kind !== 'array') return void fail(node, path, t('a list of strings'));
      const strings: string[] = [];
      node.items.forEach((item, index) => {
        if (item.kind === 'string') strings.push(item.value);
        else fail(item, [...path.slice(0, -1), `${path[path.length - 1]}[${index}]`], t('a string'));
      });
      return strings;
    }
    case 'number': {
      const expected = numberExpectation(spec, t);
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
      return void fail(node, path, t('one of {0}', spec.options.join(', ')));
  }
}

function numberExpectation(spec: FieldKind & { kind: 'number' }, t: Translate): string {
  if (spec.min !== undefined && spec.max !== undefined)
    return spec.integer
      ? t('a whole number from {0} to {1}', spec.min, spec.max)
      : t('a number from {0} to {1}', spec.min, spec.max);
  if (spec.min !== undefined) return spec.integer ? t('a whole number ≥ {0}', spec.min) : t('a number ≥ {0}', spec.min);
  return spec.integer ? t('a whole number') : t('a number');
}

function describeNode(node: JsonNode, t: Translate): string {
  switch (node.kind) {
    case 'object':
      return t('an object');
    case 'array':
      return t('a list');
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
