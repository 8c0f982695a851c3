import { Sourced } from './sourced';
import { isValueMap } from './values';

/**
 * How Go templates see values: truth, emptiness, equality, order and `%v` printing, for the plain values a chart's
 * values, functions and literals make (maps, lists, strings, numbers, booleans, null).
 */

export class RenderError extends Error {
  constructor(
    message: string,
    /** Set for an error `fail` or `required` raised: the chart's own words. */
    readonly fromChart = false,
  ) {
    super(message);
  }
}

export function plain(value: unknown): unknown {
  return value instanceof Sourced ? value.toString() : value;
}

/** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(value: unknown): boolean {
  value = plain(value);
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isValueMap(value)) return Object.keys(value).length > 0;
  return true;
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const text = String(n);
  // Go writes exponents with a sign and two digits: 1e-07, 1.5e+21.
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** `%v` printing. */
export function printValue(value: unknown): string {
  value = plain(value);
  if (value === null || value === undefined) return '<no value>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === null || v === undefined ? '<nil>' : printValue(v))).join(' ')}]`;
  if (typeof value === 'function') return '<function>';
  if (isValueMap(value))
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${value[k] === null || value[k] === undefined ? '<nil>' : printValue(value[k])}`)
      .join(' ')}]`;
  return String(value);
}

/** sprig's `toString` (strval): nil is the empty string. */
export function stringOf(value: unknown): string {
  value = plain(value);
  if (value === null || value === undefined) return '';
  return printValue(value);
}

export function equal(a: unknown, b: unknown): boolean {
  a = plain(a);
  b = plain(b);
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if ((typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') && typeof a !== typeof b && b !== null)
    throw new RenderError(`error calling eq: incompatible types for comparison (${typeName(a)} and ${typeName(b)})`);
  if (a === null || b === null) return a === b;
  if (typeof a === 'object' || typeof b === 'object') throw new RenderError('error calling eq: non-comparable types');
  return a === b;
}

export function compare(a: unknown, b: unknown, op: string): number {
  a = plain(a);
  b = plain(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new RenderError(`error calling ${op}: incompatible types for comparison (${typeName(a)} and ${typeName(b)})`);
}

export function typeName(value: unknown): string {
  value = plain(value);
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

export function kindName(value: unknown): string {
  const type = typeName(value);
  if (type === '[]interface {}') return 'slice';
  if (type.startsWith('map')) return 'map';
  if (type === '<nil>') return 'invalid';
  return type;
}

export function lengthOf(value: unknown): number {
  value = plain(value);
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (Array.isArray(value)) return value.length;
  if (isValueMap(value)) return Object.keys(value).length;
  if (value === null || value === undefined) return 0;
  throw new RenderError(`error calling len: len of type ${typeName(value)}`);
}

/** cast.ToInt: numbers truncate, numeric strings parse, anything else is 0. */
export function toInt(value: unknown): number {
  value = plain(value);
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? Math.trunc(n) : 0;
  }
  return 0;
}

export function toFloat(value: unknown): number {
  value = plain(value);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}

export function listOf(value: unknown, fn: string): unknown[] {
  value = plain(value);
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  throw new RenderError(`error calling ${fn}: cannot find slice in ${typeName(value)}`);
}

export function mapOf(value: unknown, fn: string): Record<string, unknown> {
  value = plain(value);
  if (isValueMap(value)) return value;
  throw new RenderError(
    `error calling ${fn}: wrong type for value; expected map[string]interface {}; got ${typeName(value)}`,
  );
}

export function deepCopy(value: unknown, depth = 0): unknown {
  value = plain(value);
  if (depth > 200) return null;
  if (Array.isArray(value)) return value.map((v) => deepCopy(v, depth + 1));
  if (isValueMap(value)) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) out[k] = deepCopy(v, depth + 1);
    return out;
  }
  return value;
}
