import { createHash } from 'node:crypto';
import { Pair, YAMLMap, isMap } from 'yaml';
import { setOrigin } from '../node-origin';
import type { AnyPair } from '../yaml-nodes';
import { resolveRelative } from '../paths';
import type { ParsedManifest } from '../manifest';
import type { GeneratorEntry, Kustomization } from './kustomization';
import { KUSTOMIZATION_FILE, readKustomization } from './kustomization';
import { BuildResource, claimNodes } from './resource';
import { getIn, syntheticScalar, toPlain, withPair } from './tree';

/**
 * `configMapGenerator` and `secretGenerator`: the ConfigMaps and Secrets they make, with the names kustomize
 * gives them — the name, then (unless `disableNameSuffixHash`) a hash of the content, computed as kustomize
 * computes it (SHA-256 of the JSON of kind, name and data, ten hex digits mapped onto letters) once the
 * whole build has renamed and patched them. Content comes from literals, env files and files; a source the
 * workspace does not hold leaves the hash unknown, which the build reports.
 */

export interface GeneratorSources {
  /** Text of a file a generator reads (env and files sources), if the workspace holds it. */
  text(file: string): string | undefined;
}

export interface Generated {
  resource: BuildResource;
  /** Sources that could not be read: the hash, and so the name, cannot be known. */
  missing: string[];
}

function removeQuotes(value: string): string {
  return value.length >= 2 && value[0] === value[value.length - 1] && (value[0] === '"' || value[0] === "'")
    ? value.slice(1, -1)
    : value;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The key/value pairs a generator's sources give, in kustomize's order: env files, literals, files. */
function keyValues(
  entry: GeneratorEntry,
  k: Kustomization,
  sources: GeneratorSources,
): { data: [string, string][]; missing: string[] } {
  const data: [string, string][] = [];
  const missing: string[] = [];
  for (const env of entry.envs) {
    const file = resolveRelative(k.folder, env.value);
    const text = sources.text(file);
    if (text === undefined) {
      missing.push(env.value);
      continue;
    }
    for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
      const line = raw.trimStart();
      if (line === '' || line.startsWith('#')) continue;
      const at = line.indexOf('=');
      data.push(at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)]);
    }
  }
  for (const literal of entry.literals) {
    const at = literal.value.indexOf('=');
    if (at > 0) data.push([literal.value.slice(0, at), removeQuotes(literal.value.slice(at + 1))]);
  }
  for (const source of entry.files) {
    const at = source.value.indexOf('=');
    const key = at > 0 ? source.value.slice(0, at) : source.value.slice(source.value.lastIndexOf('/') + 1);
    const path = at > 0 ? source.value.slice(at + 1) : source.value;
    const text = sources.text(resolveRelative(k.folder, path));
    if (text === undefined) missing.push(path);
    else data.push([key, text]);
  }
  return { data, missing };
}

/** A map of string pairs the build made, every node placed on `at` in the kustomization. */
function syntheticMap(entries: [string, string][], at: unknown, file: string): YAMLMap {
  const map = new YAMLMap();
  const range = (at as { range?: [number, number, number] } | undefined)?.range;
  if (range) map.range = range;
  setOrigin(map, { file, synthetic: true, composite: true });
  for (const [key, value] of entries)
    map.items.push(new Pair(syntheticScalar(key, at, file), syntheticScalar(value, at, file)) as never);
  return map;
}

export function generate(entry: GeneratorEntry, k: Kustomization, sources: GeneratorSources): Generated {
  const at = entry.node;
  const nameAt = getIn(entry.node, ['name'], k.doc);
  const { data, missing } = keyValues(entry, k, sources);
  const root = new YAMLMap();
  setOrigin(root, { file: k.file, synthetic: true, composite: true });
  const put = (key: string, value: unknown) =>
    root.items.push(new Pair(syntheticScalar(key, at, k.file), value) as never);
  put('apiVersion', syntheticScalar('v1', at, k.file));
  put('kind', syntheticScalar(entry.kind, at, k.file));
  const metadata = syntheticMap([['name', entry.name]], nameAt ?? at, k.file);
  if (entry.namespace)
    metadata.items.push(
      new Pair(syntheticScalar('namespace', at, k.file), syntheticScalar(entry.namespace, at, k.file)) as never,
    );
  const withOwn = (key: string, pairs: AnyPair[]) => {
    if (pairs.length === 0) return;
    for (const pair of pairs) claimNodes(pair, k.file);
    const map = new YAMLMap();
    setOrigin(map, { file: k.file, synthetic: true, composite: true });
    map.items = pairs.map(
      (pair) => new Pair(pair.key, syntheticScalar(String(toPlain(pair.value, k.doc)), pair.value, k.file)),
    ) as never;
    metadata.items.push(new Pair(syntheticScalar(key, at, k.file), map) as never);
  };
  withOwn('labels', entry.labels);
  withOwn('annotations', entry.annotations);
  put('metadata', metadata);
  if (entry.kind === 'Secret') put('type', syntheticScalar(entry.type ?? 'Opaque', at, k.file));
  if (data.length > 0)
    put('data', syntheticMap(entry.kind === 'Secret' ? data.map(([key, v]) => [key, base64(v)]) : data, at, k.file));
  return { resource: new BuildResource(root, k.doc, k.file, -1, { entry, kustomization: k }), missing };
}

/** `merge` and `replace` generators change a ConfigMap or Secret an earlier layer made. */
export function mergeGenerated(existing: BuildResource, made: BuildResource, behavior: 'merge' | 'replace'): void {
  if (behavior === 'replace') {
    existing.root = made.root;
    existing.generated = made.generated;
    return;
  }
  const data = getIn(made.root, ['data'], made.doc);
  if (!isMap(data)) return;
  const options = { doc: existing.doc, file: existing.file };
  let root = existing.root;
  const current = getIn(root, ['data'], existing.doc);
  let merged = isMap(current) ? current : undefined;
  for (const pair of data.items) merged = merged ? withPair(merged, pair as AnyPair, options.file) : undefined;
  const dataPair = new Pair(syntheticScalar('data', undefined, made.file), merged ?? data) as AnyPair;
  root = withPair(root, dataPair, existing.file);
  existing.root = root;
  existing.generated ??= made.generated;
}

/** Go's `encoding/json` string: HTML characters and line separators escaped, as kustomize's hash sees it. */
function goString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || char === '<' || char === '>' || char === '&' || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** Go's `json.Marshal` of maps (keys sorted), strings and lists. */
function goJson(value: unknown): string {
  if (typeof value === 'string') return goString(value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${goString(key)}:${goJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

/** kustomize's name suffix for a generated ConfigMap or Secret, from its content now. */
export function contentHash(resource: BuildResource): string {
  const get = (path: string[]) => {
    const node = getIn(resource.root, path, resource.doc);
    if (node === undefined) return '';
    const value = toPlain(node, resource.doc);
    // Scalars are strings in the hashed JSON; maps keep their string values.
    return value && typeof value === 'object' ? stringValues(value) : String(value ?? '');
  };
  const fields: Record<string, unknown> =
    resource.kind === 'Secret'
      ? { kind: 'Secret', type: get(['type']), name: resource.name, data: get(['data']) }
      : { kind: 'ConfigMap', name: resource.name, data: get(['data']) };
  const extra = resource.kind === 'Secret' ? 'stringData' : 'binaryData';
  const more = get([extra]);
  if (more && typeof more === 'object') fields[extra] = more;
  const hex = createHash('sha256').update(goJson(fields)).digest('hex');
  const letters: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => letters[c] ?? c).join('');
}

function stringValues(value: object): unknown {
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' ? stringValues(v) : String(v)));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, v && typeof v === 'object' ? stringValues(v) : String(v ?? '')]),
  );
}

/** The files the workspace's generators read (env files and file sources), resolved against their kustomization. */
export function generatorSourcePaths(manifests: readonly ParsedManifest[]): Set<string> {
  const out = new Set<string>();
  for (const manifest of manifests) {
    if (!KUSTOMIZATION_FILE.test(manifest.file)) continue;
    const doc = manifest.documents[0];
    const k = doc && readKustomization(manifest.file, doc);
    if (!k) continue;
    for (const entry of k.generators) {
      for (const env of entry.envs) out.add(resolveRelative(k.folder, env.value));
      for (const source of entry.files) {
        const at = source.value.indexOf('=');
        out.add(resolveRelative(k.folder, at > 0 ? source.value.slice(at + 1) : source.value));
      }
    }
  }
  return out;
}
