/**
 * PostgreSQL's text form of its internal trees (`nodeToString`, what `debug_print_rewritten` prints and
 * `pg_constraint.conbin` stores), read back the way the server's own reader (read.c) tokenizes it:
 * tokens end at unescaped white space or at one of `( ) { }`, which are tokens of their own; a backslash
 * makes the next character part of the token. Nothing else is special, so text a statement controls
 * (an alias, a column name) can never open or close a node: the nesting read here is the server's.
 *
 * A node is `{LABEL :field value :field value …}`. A value is one item (a node, a list, `<>` for null, or a
 * scalar token), except a datum (`:constvalue 4 [ 1 0 0 0 ]`) and the integer arrays of plan nodes, which
 * run on until the next field. Fields are read by position: after `:name` the next item is its value even
 * when it looks like a field name (`:resname :funcid` is an alias called ":funcid").
 */

export interface TreeNode {
  /** The node's label as printed (`FUNCEXPR`, `QUERY`, `RANGETBLENTRY`). */
  label: string;
  fields: Map<string, TreeValue>;
}

/** A list: node lists `({…} {…})`, integer and OID lists `(i 1 2)` / `(o 16 20)`, bitmapsets `(b 1 2)`. */
export interface TreeList {
  /** `i`, `o`, `b`, `x` for typed lists; undefined for lists of nodes or strings. */
  kind?: string;
  items: TreeValue[];
}

export type TreeValue = TreeNode | TreeList | string | null | TreeValue[];

export class NodeTreeError extends Error {
  override name = 'NodeTreeError';
}

/** Deeper than this is refused rather than risking the stack; real statements stay far below it. */
const MAX_DEPTH = 2_000;
const LIST_KINDS = new Set(['i', 'o', 'b', 'x']);

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === '{' || ch === '}') {
      tokens.push(ch);
      i++;
      continue;
    }
    let token = '';
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '(' || c === ')' || c === '{' || c === '}')
        break;
      if (c === '\\' && i + 1 < text.length) {
        // Kept escaped, so a scalar never reads as `<>` or as a structural token.
        token += text.slice(i, i + 2);
        i += 2;
      } else {
        token += c;
        i++;
      }
    }
    tokens.push(token);
  }
  return tokens;
}

/** The value a tree text holds: usually a list of `QUERY` nodes (debug output) or one node (conbin). */
export function parseNodeTree(text: string): TreeValue {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => {
    if (at >= tokens.length) throw new NodeTreeError('the tree ends in the middle of a node or list');
    return tokens[at++];
  };

  const value = (depth: number): TreeValue => {
    if (depth > MAX_DEPTH) throw new NodeTreeError(`the tree is nested more than ${MAX_DEPTH} levels deep`);
    const token = next();
    if (token === '{') return node(depth + 1);
    if (token === '(') return list(depth + 1);
    if (token === '<>') return null;
    if (token === ')' || token === '}') throw new NodeTreeError(`unexpected "${token}"`);
    return token;
  };

  const list = (depth: number): TreeList => {
    const result: TreeList = { items: [] };
    if (LIST_KINDS.has(peek()) && tokens[at + 1] !== undefined) {
      result.kind = next();
    }
    while (peek() !== ')') {
      if (peek() === undefined) throw new NodeTreeError('a list is not closed');
      result.items.push(value(depth));
    }
    next();
    return result;
  };

  const node = (depth: number): TreeNode => {
    const label = next();
    if (label === '}' || label === '{' || label === '(' || label === ')')
      throw new NodeTreeError('a node has no label');
    const fields = new Map<string, TreeValue>();
    let last: string | undefined;
    for (;;) {
      const token = peek();
      if (token === undefined) throw new NodeTreeError(`node ${label} is not closed`);
      if (token === '}') {
        next();
        return { label, fields };
      }
      if (token.startsWith(':') && token.length > 1) {
        next();
        last = token.slice(1);
        fields.set(last, peek() === '}' ? null : value(depth));
        continue;
      }
      // A value that runs on past one item (`:constvalue 4 [ … ]`, plan nodes' integer arrays).
      if (last === undefined) throw new NodeTreeError(`node ${label} starts with a value, not a field`);
      const extra = value(depth);
      const previous = fields.get(last);
      fields.set(last, Array.isArray(previous) ? [...previous, extra] : [previous ?? null, extra]);
    }
  };

  const result = value(0);
  if (at !== tokens.length) throw new NodeTreeError('text follows the tree');
  return result;
}

export function isNode(value: TreeValue | undefined): value is TreeNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'label' in value;
}

export function isList(value: TreeValue | undefined): value is TreeList {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'items' in value;
}

/**
 * Every node in the tree, parents before children, with an explicit stack (trees of views within views
 * get deep). The visitor sees each node once.
 */
export function forEachNode(root: TreeValue, visit: (node: TreeNode) => void): void {
  const stack: TreeValue[] = [root];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (value === null || typeof value === 'string') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (isList(value)) {
      for (let i = value.items.length - 1; i >= 0; i--) stack.push(value.items[i]);
    } else {
      visit(value);
      const children = [...value.fields.values()];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
}

/** A field holding one OID (or 0, `<>`): the number, or undefined when absent or not a number. */
export function oidField(node: TreeNode, field: string): number | undefined {
  const value = node.fields.get(field);
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** A field holding an OID list `(o 1 2)` (or an integer list): its non-zero members. */
export function oidListField(node: TreeNode, field: string): number[] {
  const value = node.fields.get(field);
  if (!isList(value)) return [];
  return value.items
    .filter((v): v is string => typeof v === 'string' && /^\d+$/.test(v))
    .map(Number)
    .filter(Boolean);
}

export function stringField(node: TreeNode, field: string): string | undefined {
  const value = node.fields.get(field);
  return typeof value === 'string' ? value : undefined;
}
