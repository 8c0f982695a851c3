import { Pair, isMap, isSeq } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, scalarText, seqItems } from '../yaml-nodes';
import { claimNodes } from './resource';
import { cloneSeq, syntheticScalar, toPlain, withPair, withoutAliases, withoutKey } from './tree';

/**
 * RFC 6902 JSON patches (`patchesJson6902`, and `patches` whose content is a list of operations) over the
 * AST: add, remove, replace, move, copy and test, with JSON pointers (`~1` for '/', `~0` for '~', `-` for
 * the end of a list). A value an operation sets keeps the patch's nodes, under a key placed on the
 * operation's `value:` (so a finding on it lands on that line of the patch).
 */

export interface PatchTarget {
  root: YAMLMap;
  doc: Document.Parsed;
  file: string;
}

export interface OperationsContext {
  doc: Document.Parsed;
  file: string;
}

/** Applies the operations in order; returns the new root, or an error that names the failing operation. */
export function applyOperations(
  target: PatchTarget,
  operations: unknown,
  ctx: OperationsContext,
): { root: YAMLMap } | { error: string } {
  let root: unknown = target.root;
  for (const [index, op] of seqItems(operations, ctx.doc).entries()) {
    const get = (key: string) => scalarText(deref(findPair(op, key)?.value, ctx.doc));
    const kind = get('op');
    const path = get('path');
    const where = `operation ${index + 1} (${kind ?? '?'} ${path ?? '?'})`;
    if (!kind || path === undefined) return { error: `${where} lacks op or path` };
    const tokens = pointer(path);
    if (!tokens) return { error: `${where}: the path is not a JSON pointer` };
    const valuePair = findPair(op, 'value');
    let next: unknown;
    switch (kind) {
      case 'add':
      case 'replace': {
        if (!valuePair) return { error: `${where} has no value` };
        next = setAt(root, tokens, placed(valuePair, ctx), kind === 'add', target);
        break;
      }
      case 'remove':
        next = removeAt(root, tokens, target);
        break;
      case 'move':
      case 'copy': {
        const from = get('from');
        const fromTokens = from !== undefined ? pointer(from) : undefined;
        if (!fromTokens) return { error: `${where} has no valid from` };
        const value = valueAt(root, fromTokens, target.doc);
        if (value === undefined) return { error: `${where}: nothing at ${from}` };
        const source = kind === 'move' ? removeAt(root, fromTokens, target) : root;
        // A moved or copied value keeps its nodes; a new key is placed on the operation's `path:`.
        const at = { value, keyAt: findPair(op, 'path')?.value, keyFile: ctx.file };
        next = source === undefined ? undefined : setAt(source, tokens, at, true, target);
        break;
      }
      case 'test': {
        const expected = valuePair ? toPlain(valuePair.value, ctx.doc) : undefined;
        const actual = toPlain(valueAt(root, tokens, target.doc), target.doc);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) return { error: `${where} failed` };
        next = root;
        break;
      }
      default:
        return { error: `${where}: unknown operation` };
    }
    if (next === undefined || !isMap(next)) return { error: `${where}: the path does not exist in the object` };
    root = next;
  }
  return { root: root as YAMLMap };
}

interface Placed {
  value: unknown;
  /** Where a key the operation creates points, and the file that holds it. */
  keyAt: unknown;
  keyFile: string;
}

/** The operation's value, owned by the patch, with the key a new field gets: placed on `value:`. */
function placed(valuePair: AnyPair, ctx: OperationsContext): Placed {
  const value = withoutAliases(valuePair.value, ctx.doc, ctx.file);
  claimNodes(value, ctx.file);
  return { value, keyAt: valuePair.key, keyFile: ctx.file };
}

function pointer(path: string): string[] | undefined {
  if (path === '') return [];
  if (!path.startsWith('/')) return undefined;
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(node: unknown, tokens: readonly string[], doc: Document.Parsed): unknown {
  let current = deref(node, doc);
  for (const token of tokens) {
    if (isMap(current)) current = deref(findPair(current, token)?.value, doc);
    else if (isSeq(current) && /^\d+$/.test(token)) current = deref(current.items[Number(token)], doc);
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** `node` with the container at `tokens` minus its last token replaced by `update(container, last)`. */
function atParent(
  node: unknown,
  tokens: readonly string[],
  target: PatchTarget,
  update: (container: unknown, last: string) => unknown,
): unknown {
  if (tokens.length === 0) return undefined;
  const current = deref(node, target.doc);
  if (tokens.length === 1) return update(current, tokens[0]);
  const [head, ...rest] = tokens;
  if (isMap(current)) {
    const pair = findPair(current, head);
    if (!pair) return undefined;
    const next = atParent(pair.value, rest, target, update);
    if (next === undefined) return undefined;
    return withPair(current, new Pair(pair.key, next) as AnyPair, target.file);
  }
  if (isSeq(current) && /^\d+$/.test(head)) {
    const index = Number(head);
    if (index >= current.items.length) return undefined;
    const next = atParent(current.items[index], rest, target, update);
    if (next === undefined) return undefined;
    const out = cloneSeq(current, target.file);
    out.items[index] = next;
    return out;
  }
  return undefined;
}

function setAt(node: unknown, tokens: readonly string[], placed: Placed, add: boolean, target: PatchTarget): unknown {
  const { value: node_, keyAt, keyFile } = placed;
  return atParent(node, tokens, target, (container, last) => {
    if (isMap(container)) {
      const existing = findPair(container, last);
      if (!add && !existing) return undefined;
      // The key stands for the line of the operation that set the value: finding and value in one file.
      const key = syntheticScalar(last, keyAt, keyFile);
      return withPair(container, new Pair(key, node_) as AnyPair, target.file);
    }
    if (isSeq(container)) {
      const out = cloneSeq(container, target.file);
      if (last === '-' && add) out.items.push(node_);
      else if (/^\d+$/.test(last)) {
        const index = Number(last);
        if (add ? index > out.items.length : index >= out.items.length) return undefined;
        if (add) out.items.splice(index, 0, node_);
        else out.items[index] = node_;
      } else return undefined;
      return out;
    }
    return undefined;
  });
}

function removeAt(node: unknown, tokens: readonly string[], target: PatchTarget): unknown {
  return atParent(node, tokens, target, (container, last) => {
    if (isMap(container)) return findPair(container, last) ? withoutKey(container, last, target.file) : undefined;
    if (isSeq(container) && /^\d+$/.test(last) && Number(last) < container.items.length) {
      const out = cloneSeq(container, target.file);
      out.items.splice(Number(last), 1);
      return out;
    }
    return undefined;
  });
}
