/**
 * Checkers for messages that cross a trust boundary (a webview and its host): each returns the value typed or
 * throws `Invalid` with where it went wrong, and `guard` turns that into a result. The roadmap's and the
 * decomposition panel's messages are both read with these; neither side knows VS Code nor the DOM.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export class Invalid extends Error {}

export function fail(message: string): never {
  throw new Invalid(message);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, where: string): Record<string, unknown> {
  return isRecord(value) ? value : fail(`${where} must be an object`);
}

export function string(value: unknown, where: string, max = 20_000): string {
  if (typeof value !== 'string') fail(`${where} must be a string`);
  if (value.length > max) fail(`${where} is longer than ${max} characters`);
  return value;
}

export function optionalString(value: unknown, where: string, max?: number): string | undefined {
  return value === undefined ? undefined : string(value, where, max);
}

export function number(value: unknown, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${where} must be a finite number`);
  if (value < min || value > max) fail(`${where} must be between ${min} and ${max}`);
  return value;
}

export function integer(value: unknown, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = number(value, where, min, max);
  return Number.isInteger(n) ? n : fail(`${where} must be an integer`);
}

export function boolean(value: unknown, where: string): boolean {
  return typeof value === 'boolean' ? value : fail(`${where} must be a boolean`);
}

export function oneOf<T extends string | number>(value: unknown, options: readonly T[], where: string): T {
  return (options as readonly unknown[]).includes(value)
    ? (value as T)
    : fail(`${where} must be one of ${options.join(', ')}`);
}

export function array(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(`${where} must be an array`);
  if (value.length > max) fail(`${where} has more than ${max} items`);
  return value;
}

/**
 * A panel's words, as its host sends them in the user's language (the webview has no `vscode.l10n`): every key
 * of the panel's English table present and a string, nothing else kept. The roadmap and the decomposition panel
 * both send theirs as a `strings` message right after the webview says `ready`.
 */
export function stringTable<K extends string>(value: unknown, keys: readonly K[], max = 2000): Record<K, string> {
  const table = record(value, 'strings');
  return Object.fromEntries(keys.map((key) => [key, string(table[key], `strings.${key}`, max)])) as Record<K, string>;
}

/** A message's `type` as an error quotes it: a string, shortened; anything else only by its kind (a deep object cannot be stringified). */
export function quotedType(type: unknown): string {
  return typeof type === 'string' ? JSON.stringify(type.slice(0, 60)) : typeof type;
}

/** Runs a parser: its value, or the first check that failed. Any other error is a bug and is thrown on. */
export function guard<T>(parse: () => T): Parsed<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}
