import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import {
  RenderError,
  compare,
  deepCopy,
  equal,
  kindName,
  lengthOf,
  listOf,
  mapOf,
  plain,
  printValue,
  stringOf,
  toFloat,
  toInt,
  truthy,
  typeName,
} from './go-values';
import { printf } from './printf';
import { semver, semverCompare } from './semver';
import { toYaml } from './to-yaml';
import { isValueMap, newMap } from './values';

/**
 * Go's template builtins and the Sprig and Helm functions charts call, on plain values. `include`, `tpl`,
 * `template` and the functions that keep where text came from (`indent`, `nindent`, `trim`, `toYaml`) are the
 * renderer's own (render.ts). Functions that would read the cluster or the clock answer as `helm template`
 * does offline: `lookup` finds nothing, `now` is a fixed instant, random strings are fixed.
 */

export type TemplateFunction = (...args: unknown[]) => unknown;

const str = (v: unknown): string => stringOf(v);

function quoteGo(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function fromYaml(text: unknown): unknown {
  try {
    const value = parseYaml(str(text), { maxAliasCount: 100 }) as unknown;
    return isValueMap(value) || value === null || value === undefined
      ? toMaps(value ?? newMap())
      : newMapWith({
          Error: 'error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}',
        });
  } catch (error) {
    return newMapWith({ Error: error instanceof Error ? error.message : String(error) });
  }
}

function newMapWith(entries: Record<string, unknown>): Record<string, unknown> {
  const out = newMap();
  Object.assign(out, entries);
  return out;
}

/** Plain objects (from JSON or the yaml library) as the renderer's maps. */
function toMaps(value: unknown, depth = 0): unknown {
  if (depth > 200) return null;
  if (Array.isArray(value)) return value.map((v) => toMaps(v, depth + 1));
  if (value && typeof value === 'object') {
    const out = newMap();
    for (const [k, v] of Object.entries(value)) out[k] = toMaps(v, depth + 1);
    return out;
  }
  return value;
}

function toJson(value: unknown, pretty = false): string {
  return JSON.stringify(sortKeys(plain(value)), null, pretty ? 2 : undefined) ?? 'null';
}

function sortKeys(value: unknown, depth = 0): unknown {
  value = plain(value);
  if (depth > 200) return null;
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1));
  if (isValueMap(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k], depth + 1);
    return out;
  }
  return value === undefined ? null : value;
}

function empty(value: unknown): boolean {
  return !truthy(value);
}

function merge(overwrite: boolean, dst: unknown, ...sources: unknown[]): unknown {
  const target = mapOf(dst, overwrite ? 'mergeOverwrite' : 'merge');
  const into = (to: Record<string, unknown>, from: Record<string, unknown>, depth: number) => {
    if (depth > 200) return;
    for (const [k, v] of Object.entries(from)) {
      const existing = to[k];
      if (isValueMap(existing) && isValueMap(v)) {
        const copy = newMap();
        Object.assign(copy, existing);
        into(copy, v, depth + 1);
        to[k] = copy;
      } else if (!(k in to) || (overwrite ? true : empty(existing) && existing !== false && existing !== 0))
        to[k] = overwrite && !truthy(v) && k in to && v === undefined ? existing : deepCopy(v);
    }
  };
  for (const source of sources)
    if (isValueMap(plain(source))) into(target, plain(source) as Record<string, unknown>, 0);
  return target;
}

function regex(pattern: unknown, fn: string): RegExp {
  let source = str(pattern);
  let flags = 'g';
  // Go's inline flags at the start: (?i), (?s), (?m).
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    flags += inline[1];
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new RenderError(`error calling ${fn}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function goReplacement(repl: string): string {
  return repl.replace(/\$\{(\w+)\}/g, (_m, name: string) => (/^\d+$/.test(name) ? `$${name}` : `$<${name}>`));
}

function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function fixedCertificate(): Record<string, unknown> {
  return newMapWith({
    Cert: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
    Key: '-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n',
  });
}

const numeric =
  (f: (a: number, b: number) => number) =>
  (...args: unknown[]) =>
    args.map(toInt).reduce(f);

const BASE_FUNCTIONS: Record<string, TemplateFunction> = {
  // Go's builtins.
  eq: (a, ...bs) => (bs.length === 0 ? equal(a, undefined) : bs.some((b) => equal(a, b))),
  ne: (a, b) => !equal(a, b),
  lt: (a, b) => compare(a, b, 'lt') < 0,
  le: (a, b) => compare(a, b, 'le') <= 0,
  gt: (a, b) => compare(a, b, 'gt') > 0,
  ge: (a, b) => compare(a, b, 'ge') >= 0,
  not: (a) => !truthy(a),
  len: (a) => lengthOf(a),
  index: (value, ...keys) => {
    let current = plain(value);
    for (const key of keys.map(plain)) {
      if (current === null || current === undefined) return null;
      if (Array.isArray(current)) {
        const i = toInt(key);
        if (i < 0 || i >= current.length) throw new RenderError(`error calling index: index out of range: ${i}`);
        current = plain(current[i]);
      } else if (isValueMap(current)) current = plain(current[str(key)]) ?? null;
      else if (typeof current === 'string') current = current.charCodeAt(toInt(key));
      else throw new RenderError(`error calling index: cannot index slice/array with type ${typeName(current)}`);
    }
    return current ?? null;
  },
  slice: (value, ...bounds) => {
    const v = plain(value);
    const [from, to] = bounds.map(toInt);
    if (typeof v === 'string' || Array.isArray(v)) return v.slice(from ?? 0, to);
    throw new RenderError(`error calling slice: can't slice item of type ${typeName(v)}`);
  },
  print: (...args) =>
    args
      .map(
        (a, i) =>
          (i > 0 && typeof plain(a) !== 'string' && typeof plain(args[i - 1]) !== 'string' ? ' ' : '') + printValue(a),
      )
      .join(''),
  println: (...args) => `${args.map(printValue).join(' ')}\n`,
  printf: (format, ...args) => printf(str(format), args),
  html: (s) => str(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
  js: (s) => JSON.stringify(str(s)).slice(1, -1),
  urlquery: (...args) => encodeURIComponent(args.map(str).join('')),
  // Sprig: defaults and flow.
  default: (d, ...rest) => (rest.length === 0 || empty(rest[0]) ? d : rest[0]),
  empty,
  coalesce: (...args) => args.find((a) => !empty(a)) ?? null,
  any: (...args) => args.some((a) => !empty(a)),
  all: (...args) => args.every((a) => !empty(a)),
  ternary: (a, b, cond) => (truthy(cond) ? a : b),
  fail: (msg) => {
    throw new RenderError(str(msg), true);
  },
  required: (msg, value) => {
    if (value === null || value === undefined || plain(value) === '') throw new RenderError(str(msg), true);
    return value;
  },
  // Strings.
  quote: (...args) =>
    args
      .filter((a) => a !== null && a !== undefined)
      .map((a) => quoteGo(str(a)))
      .join(' '),
  squote: (...args) =>
    args
      .filter((a) => a !== null && a !== undefined)
      .map((a) => `'${str(a)}'`)
      .join(' '),
  toString: (a: unknown) => str(a),
  toStrings: (a) => listOf(a, 'toStrings').map(str),
  lower: (s) => str(s).toLowerCase(),
  upper: (s) => str(s).toUpperCase(),
  title: (s) => str(s).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, b: string, c: string) => b + c.toUpperCase()),
  untitle: (s) => str(s).replace(/(^|\s)(\p{L})/gu, (_m, b: string, c: string) => b + c.toLowerCase()),
  trunc: (n, s) => {
    const text = str(s);
    const c = toInt(n);
    return c >= 0 ? text.slice(0, c) : text.slice(Math.max(0, text.length + c));
  },
  substr: (start, end, s) => {
    const text = str(s);
    const a = toInt(start);
    const b = toInt(end);
    return a < 0 ? text.slice(0, b) : b < 0 || b > text.length ? text.slice(a) : text.slice(a, b);
  },
  trimPrefix: (prefix, s) => (str(s).startsWith(str(prefix)) ? str(s).slice(str(prefix).length) : str(s)),
  trimSuffix: (suffix, s) =>
    str(suffix) && str(s).endsWith(str(suffix)) ? str(s).slice(0, -str(suffix).length) : str(s),
  trimAll: (cut, s) => {
    const set = str(cut);
    let text = str(s);
    while (text && set.includes(text[0])) text = text.slice(1);
    while (text && set.includes(text[text.length - 1])) text = text.slice(0, -1);
    return text;
  },
  replace: (old, neu, s) => str(s).split(str(old)).join(str(neu)),
  repeat: (n, s) => str(s).repeat(Math.max(0, Math.min(toInt(n), 100_000))),
  contains: (sub, s) => str(s).includes(str(sub)),
  hasPrefix: (prefix, s) => str(s).startsWith(str(prefix)),
  hasSuffix: (suffix, s) => str(s).endsWith(str(suffix)),
  cat: (...args) =>
    args
      .filter((a) => a !== null && a !== undefined)
      .map(str)
      .join(' '),
  nospace: (s) => str(s).replace(/\s+/g, ''),
  kebabcase: (s) =>
    words(str(s))
      .map((w) => w.toLowerCase())
      .join('-'),
  snakecase: (s) =>
    words(str(s))
      .map((w) => w.toLowerCase())
      .join('_'),
  camelcase: (s) =>
    words(str(s))
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(''),
  split: (sep, s) => {
    const out = newMap();
    str(s)
      .split(str(sep))
      .forEach((part, i) => (out[`_${i}`] = part));
    return out;
  },
  splitList: (sep, s) => str(s).split(str(sep)),
  join: (sep, list) => {
    const v = plain(list);
    return (Array.isArray(v) ? v : [v])
      .filter((x) => x !== null && x !== undefined)
      .map(str)
      .join(str(sep));
  },
  regexMatch: (re, s) => regex(re, 'regexMatch').test(str(s)),
  regexFind: (re, s) => regex(re, 'regexFind').exec(str(s))?.[0] ?? '',
  regexFindAll: (re, s, n) => {
    const all = str(s).match(regex(re, 'regexFindAll')) ?? [];
    return toInt(n) < 0 ? all : all.slice(0, toInt(n));
  },
  regexReplaceAll: (re, s, repl) => str(s).replace(regex(re, 'regexReplaceAll'), goReplacement(str(repl))),
  regexReplaceAllLiteral: (re, s, repl) => str(s).replace(regex(re, 'regexReplaceAllLiteral'), () => str(repl)),
  regexSplit: (re, s, n) => {
    const parts = str(s).split(regex(re, 'regexSplit'));
    return toInt(n) < 0 ? parts : parts.slice(0, toInt(n));
  },
  b64enc: (s) => Buffer.from(str(s), 'utf8').toString('base64'),
  b64dec: (s) => Buffer.from(str(s), 'base64').toString('utf8'),
  sha256sum: (s) => createHash('sha256').update(str(s)).digest('hex'),
  sha1sum: (s) => createHash('sha1').update(str(s)).digest('hex'),
  adler32sum: (s) => {
    let a = 1;
    let b = 0;
    for (const byte of Buffer.from(str(s), 'utf8')) {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
    return String(((b << 16) | a) >>> 0);
  },
  randAlphaNum: (n) => 'x'.repeat(Math.max(0, Math.min(toInt(n), 1000))),
  randAlpha: (n) => 'x'.repeat(Math.max(0, Math.min(toInt(n), 1000))),
  randNumeric: (n) => '0'.repeat(Math.max(0, Math.min(toInt(n), 1000))),
  uuidv4: () => '00000000-0000-4000-8000-000000000000',
  genCA: () => fixedCertificate(),
  genSelfSignedCert: () => fixedCertificate(),
  genSignedCert: () => fixedCertificate(),
  genPrivateKey: () => '-----BEGIN RSA PRIVATE KEY-----\n-----END RSA PRIVATE KEY-----\n',
  htpasswd: (user) => `${str(user)}:$2a$10$`,
  // Numbers.
  int: (a) => toInt(a),
  int64: (a) => toInt(a),
  float64: (a) => toFloat(a),
  atoi: (a) => toInt(a),
  add: (...args) => args.map(toFloat).reduce((a, b) => a + b, 0),
  add1: (a) => toInt(a) + 1,
  sub: numeric((a, b) => a - b),
  mul: (...args) => args.map(toInt).reduce((a, b) => a * b, 1),
  div: (a, b) => {
    if (toInt(b) === 0) throw new RenderError('error calling div: runtime error: integer divide by zero');
    return Math.trunc(toInt(a) / toInt(b));
  },
  mod: (a, b) => {
    if (toInt(b) === 0) throw new RenderError('error calling mod: runtime error: integer divide by zero');
    return toInt(a) % toInt(b);
  },
  max: (...args) => Math.max(...args.map(toInt)),
  min: (...args) => Math.min(...args.map(toInt)),
  addf: (...args) => args.map(toFloat).reduce((a, b) => a + b, 0),
  subf: (a, ...rest) => rest.map(toFloat).reduce((x, y) => x - y, toFloat(a)),
  mulf: (...args) => args.map(toFloat).reduce((a, b) => a * b, 1),
  divf: (a, ...rest) => rest.map(toFloat).reduce((x, y) => x / y, toFloat(a)),
  maxf: (...args) => Math.max(...args.map(toFloat)),
  minf: (...args) => Math.min(...args.map(toFloat)),
  floor: (a) => Math.floor(toFloat(a)),
  ceil: (a) => Math.ceil(toFloat(a)),
  round: (a, p) => {
    const f = 10 ** toInt(p ?? 0);
    return Math.round(toFloat(a) * f) / f;
  },
  until: (n) => Array.from({ length: Math.max(0, Math.min(toInt(n), 100_000)) }, (_v, i) => i),
  untilStep: (start, stop, step) => {
    const out: number[] = [];
    const s = toInt(step);
    if (s === 0) return out;
    for (let i = toInt(start); s > 0 ? i < toInt(stop) : i > toInt(stop); i += s) if (out.push(i) > 100_000) break;
    return out;
  },
  seq: (...args) => {
    const [a, b] = args.length === 1 ? [1, toInt(args[0])] : [toInt(args[0]), toInt(args[args.length - 1])];
    const out: number[] = [];
    for (let i = a; i <= b && out.length <= 100_000; i++) out.push(i);
    return out.join(' ');
  },
  // Lists and maps.
  list: (...args) => [...args],
  tuple: (...args) => [...args],
  dict: (...args) => {
    const out = newMap();
    for (let i = 0; i < args.length; i += 2) out[str(args[i])] = i + 1 < args.length ? args[i + 1] : '';
    return out;
  },
  merge: (dst, ...src) => merge(false, dst, ...src),
  mustMerge: (dst, ...src) => merge(false, dst, ...src),
  mergeOverwrite: (dst, ...src) => merge(true, dst, ...src),
  mustMergeOverwrite: (dst, ...src) => merge(true, dst, ...src),
  set: (map, key, value) => {
    const m = mapOf(map, 'set');
    m[str(key)] = value;
    return m;
  },
  unset: (map, key) => {
    const m = mapOf(map, 'unset');
    delete m[str(key)];
    return m;
  },
  get: (map, key) => {
    const m = mapOf(map, 'get');
    return str(key) in m ? m[str(key)] : '';
  },
  hasKey: (map, key) => str(key) in mapOf(map, 'hasKey'),
  keys: (...maps) => maps.flatMap((m) => Object.keys(mapOf(m, 'keys'))).sort(),
  values: (map) => {
    const m = mapOf(map, 'values');
    return Object.keys(m).map((k) => m[k]);
  },
  pick: (map, ...keys) => {
    const m = mapOf(map, 'pick');
    const out = newMap();
    for (const k of keys.map(str)) if (k in m) out[k] = m[k];
    return out;
  },
  omit: (map, ...keys) => {
    const m = mapOf(map, 'omit');
    const drop = new Set(keys.map(str));
    const out = newMap();
    for (const k of Object.keys(m)) if (!drop.has(k)) out[k] = m[k];
    return out;
  },
  dig: (...args) => {
    const map = args[args.length - 1];
    const fallback = args[args.length - 2];
    let current = plain(map);
    for (const key of args.slice(0, -2).map(str)) {
      if (!isValueMap(current) || !(key in current)) return fallback;
      current = plain(current[key]);
    }
    return current;
  },
  pluck: (key, ...maps) =>
    maps
      .map(plain)
      .filter(isValueMap)
      .filter((m) => str(key) in m)
      .map((m) => m[str(key)]),
  deepCopy: (v) => deepCopy(v),
  first: (l) => listOf(l, 'first')[0] ?? null,
  last: (l) => listOf(l, 'last').at(-1) ?? null,
  rest: (l) => listOf(l, 'rest').slice(1),
  initial: (l) => listOf(l, 'initial').slice(0, -1),
  append: (l, v) => [...listOf(l, 'append'), v],
  mustAppend: (l, v) => [...listOf(l, 'mustAppend'), v],
  prepend: (l, v) => [v, ...listOf(l, 'prepend')],
  concat: (...lists) => lists.flatMap((l) => listOf(l, 'concat')),
  reverse: (l) => [...listOf(l, 'reverse')].reverse(),
  uniq: (l) => {
    const out: unknown[] = [];
    for (const v of listOf(l, 'uniq')) if (!out.some((o) => safeEqual(o, v))) out.push(v);
    return out;
  },
  compact: (l) => listOf(l, 'compact').filter((v) => !empty(v)),
  without: (l, ...drop) => listOf(l, 'without').filter((v) => !drop.some((d) => safeEqual(d, v))),
  has: (needle, l) => listOf(l, 'has').some((v) => safeEqual(v, needle)),
  sortAlpha: (l) => listOf(l, 'sortAlpha').map(str).sort(),
  // Encodings.
  toYaml: (v) => toYaml(v).toString(),
  toYamlPretty: (v) => toYaml(v).toString(),
  fromYaml,
  fromYamlArray: (text) => {
    try {
      const v = parseYaml(str(text)) as unknown;
      return Array.isArray(v) ? toMaps(v) : [];
    } catch {
      return [];
    }
  },
  toJson: (v) => toJson(v),
  mustToJson: (v) => toJson(v),
  toRawJson: (v) => toJson(v),
  toPrettyJson: (v) => toJson(v, true),
  fromJson: (text) => {
    try {
      return toMaps(JSON.parse(str(text)));
    } catch {
      return newMap();
    }
  },
  fromJsonArray: (text) => {
    try {
      const v = JSON.parse(str(text)) as unknown;
      return Array.isArray(v) ? toMaps(v) : [];
    } catch {
      return [];
    }
  },
  base: (p) => str(p).split('/').filter(Boolean).pop() ?? '.',
  dir: (p) => str(p).split('/').slice(0, -1).join('/') || '.',
  ext: (p) => /\.[^./]*$/.exec(str(p))?.[0] ?? '',
  // Types.
  typeOf: (v) => typeName(v),
  typeIs: (t, v) => typeName(v) === str(t),
  kindOf: (v) => kindName(v),
  kindIs: (k, v) => kindName(v) === str(k),
  // Versions, dates, the cluster.
  semverCompare: (constraint, version) => semverCompare(str(constraint), str(version)),
  semver: (version) => semver(str(version)),
  // Go's regexp.QuoteMeta: every character a pattern gives a meaning is escaped.
  regexQuoteMeta: (text) => str(text).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'),
  now: () => '2026-01-01 00:00:00 +0000 UTC',
  date: () => '2026-01-01',
  dateInZone: () => '2026-01-01',
  lookup: () => newMap(),
};

function safeEqual(a: unknown, b: unknown): boolean {
  try {
    return equal(a, b);
  } catch {
    return printValue(a) === printValue(b);
  }
}

/** Sprig's `must…` variants return an error instead of failing; a render stops on either, so they are the same. */
export const FUNCTIONS: Record<string, TemplateFunction> = Object.assign(
  Object.create(null) as Record<string, TemplateFunction>,
  BASE_FUNCTIONS,
  Object.fromEntries(
    Object.entries(BASE_FUNCTIONS)
      .filter(([name]) => !name.startsWith('must'))
      .map(([name, fn]) => [`must${name[0].toUpperCase()}${name.slice(1)}`, fn]),
  ),
  BASE_FUNCTIONS,
);
