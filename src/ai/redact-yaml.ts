import { isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node as YamlNode, Pair, Scalar, YAMLMap } from 'yaml';
import type { Spans } from './redaction-spans';
import { isSecretName } from './secret-names';

/**
 * YAML (and JSON, which parses as YAML) by its structure, in block and flow style alike:
 * - a Secret's `data` / `stringData` (and its last-applied annotation, which repeats them): every value;
 * - env entries `{name: DB_PASSWORD, value: …}`, whatever the key order;
 * - any key whose name holds a secret (`password`, `client-key-data`, `token`, `API_KEY`…): its scalar values.
 * Returns false when the text has no YAML document to read (the line rules still run).
 */
export function yamlSpans(spans: Spans): boolean {
  let documents;
  try {
    documents = parseAllDocuments(spans.text, { keepSourceTokens: false, uniqueKeys: false });
  } catch {
    return false;
  }
  const list = Array.isArray(documents) ? documents : [documents];
  let read = false;
  for (const document of list) {
    if (!document.contents) continue;
    read = true;
    walk(document.contents as YamlNode, spans);
  }
  return read;
}

/** Every map of the tree, with an explicit stack: a deeply nested file cannot overflow the call stack. */
function walk(root: YamlNode, spans: Spans): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      visitMap(node, spans);
      for (const pair of node.items) stack.push(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')
    ? String(node.value)
    : undefined;
}

function entry(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isPair(pair) && scalarText(pair.key) === key) as Pair | undefined;
}

function visitMap(map: YAMLMap, spans: Spans): void {
  if (scalarText(entry(map, 'kind')?.value) === 'Secret') {
    for (const key of ['data', 'stringData', 'encryptedData'])
      redactAll(entry(map, key)?.value as YamlNode | undefined, spans, 'k8s-secret');
    const annotations = entry(map, 'metadata')?.value;
    if (isMap(annotations)) {
      const notes = entry(annotations, 'annotations')?.value;
      if (isMap(notes))
        redactAll(
          entry(notes, 'kubectl.kubernetes.io/last-applied-configuration')?.value as YamlNode,
          spans,
          'k8s-secret',
        );
    }
  }
  const name = scalarText(entry(map, 'name')?.value);
  if (name !== undefined && isSecretName(name, true)) {
    const value = entry(map, 'value')?.value;
    if (isScalar(value)) addScalar(value, spans, 'secret-assignment');
  }
  for (const pair of map.items) {
    const key = scalarText(pair.key);
    if (key === undefined || !isSecretName(key, true)) continue;
    if (isScalar(pair.value)) addScalar(pair.value, spans, 'secret-assignment');
    else if (isSeq(pair.value))
      for (const item of pair.value.items) if (isScalar(item)) addScalar(item, spans, 'secret-assignment');
  }
}

/** Every scalar under `node` (a Secret's data may hold maps or lists in hand-written files). */
function redactAll(node: YamlNode | undefined, spans: Spans, kind: string): void {
  const stack: unknown[] = node ? [node] : [];
  while (stack.length > 0) {
    const current = stack.pop();
    if (isScalar(current)) addScalar(current, spans, kind, true);
    else if (isMap(current)) for (const pair of current.items) stack.push(pair.value);
    else if (isSeq(current)) stack.push(...current.items);
  }
}

/** The scalar's value in the source: inside its quotes, or the lines of a block scalar under its header. */
function addScalar(node: Scalar, spans: Spans, kind: string, always = false): void {
  const range = node.range;
  if (!range || node.value === null || typeof node.value === 'boolean') return;
  let [start, end] = range;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    start += 1;
    end -= 1;
  } else if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const header = spans.text.indexOf('\n', start);
    if (header < 0 || header >= end) return;
    start = header + 1;
  }
  if (end <= start) return;
  if (always) spans.add(start, end, kind);
  else spans.addValue(start, spans.text.slice(start, end), kind);
}
