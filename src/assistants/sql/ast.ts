import type { Node } from '@pgsql/types';
import type { Token } from './parser';

/**
 * Helpers over libpg_query's JSON AST (the `@pgsql/types` shapes). A field typed `Node` holds a wrapper
 * `{ TypeName: payload }`; a field typed with a concrete message holds the payload itself (a SelectStmt's
 * `larg`, any `relation`): `walk` knows the common ones, so rules see every statement and expression with
 * its type and the chain of parents it was reached through.
 */

/** Loose payload type: rules read fields by name and check them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

/** A node with its type: the unwrapped form of `{ [type]: payload }`. */
export interface NodeRef {
  type: string;
  node: Payload;
}

/** How a node was reached: its parent and the parent's field (and index in a list). */
export interface ParentLink extends NodeRef {
  key: string;
  index?: number;
}

/** Fields whose value is a payload without a wrapper, and the type it has. */
const BARE_FIELDS: Readonly<Record<string, string>> = {
  larg: 'SelectStmt',
  rarg: 'SelectStmt',
  relation: 'RangeVar',
  pktable: 'RangeVar',
  withClause: 'WithClause',
  intoClause: 'IntoClause',
  onConflictClause: 'OnConflictClause',
  typeName: 'TypeName',
  returnType: 'TypeName',
  alias: 'Alias',
  infer: 'InferClause',
};

/** `{ SelectStmt: {…} }` → `{ type: 'SelectStmt', node: {…} }`; undefined for anything else. */
export function unwrap(value: unknown): NodeRef | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  // Hot path (every node of every walk): one key, upper-case first letter, without Object.keys or a RegExp.
  let type: string | undefined;
  for (const key in value) {
    if (type !== undefined) return undefined;
    type = key;
  }
  if (type === undefined) return undefined;
  const first = type.charCodeAt(0);
  if (first < 65 || first > 90) return undefined;
  const node = (value as Record<string, unknown>)[type];
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return { type, node: node as Payload };
}

/** Accepts a wrapper, a NodeRef or undefined. */
export type NodeLike = Node | NodeRef | undefined;

export function asRef(value: NodeLike | unknown): NodeRef | undefined {
  if (
    value &&
    typeof value === 'object' &&
    'type' in value &&
    'node' in value &&
    typeof (value as NodeRef).type === 'string'
  ) {
    return value as NodeRef;
  }
  return unwrap(value);
}

export type Visitor = (ref: NodeRef, parents: readonly ParentLink[]) => void | 'skip';

/**
 * Visits `root` and every node below it, depth first, in source-ish field order. Returning 'skip' from the
 * visitor skips that node's children. An explicit stack rather than recursion: with every rule walking each
 * statement, this keeps the stack flat whatever the nesting (parseSql also refuses statements deeper than
 * MAX_STATEMENT_DEPTH, which bounds the recursive helpers elsewhere). A visitor that declares no `parents`
 * parameter gets none: the walk then keeps no chain of parent links, which is most of a walk's cost.
 */
export function walk(root: NodeLike, visitor: Visitor): void {
  const start = asRef(root);
  if (!start) return;
  if (visitor.length < 2) {
    walkNodes(start, visitor);
    return;
  }
  const parents: ParentLink[] = [];
  // One frame per node on the current path: its children, the next one to enter, and how many parent links
  // the child being visited pushed (more than one through untyped payloads).
  const frames: { children: Children; next: number; pushed: number }[] = [];
  const enter = (ref: NodeRef): void => {
    if (visitor(ref, parents) !== 'skip') frames.push({ children: childrenOf(ref, true), next: 0, pushed: 0 });
  };
  enter(start);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    parents.length -= frame.pushed;
    frame.pushed = 0;
    const { children } = frame.children;
    const links = frame.children.links!;
    if (frame.next >= children.length) {
      frames.pop();
      continue;
    }
    const i = frame.next++;
    const via = links[i];
    for (let k = 0; k < via.length; k++) parents.push(via[k]);
    frame.pushed = via.length;
    enter(children[i]);
  }
}

const NO_PARENTS: readonly ParentLink[] = [];

/** `walk` for visitors that read no parents: a stack of nodes, in the same order. */
function walkNodes(start: NodeRef, visitor: Visitor): void {
  const stack = takeStack();
  let top = 0;
  stack[top++] = start;
  try {
    while (top > 0) {
      const ref = stack[--top] as NodeRef;
      if (visitor(ref, NO_PARENTS) === 'skip') continue;
      const { children } = childrenOf(ref, false);
      for (let i = children.length - 1; i >= 0; i--) stack[top++] = children[i];
    }
  } finally {
    STACKS.push(stack);
  }
}

/**
 * Stacks for the walks, reused: rules walk every statement many times (a walk inside a visitor takes another), and a
 * fresh array grown for each walk was the engine's largest source of garbage. A stack is used up to its own top
 * only, so what lies above that from an earlier walk is never read.
 */
const STACKS: unknown[][] = [];

function takeStack(): unknown[] {
  return STACKS.pop() ?? [];
}

/**
 * `walk` that hands each node what its parent's visit returned (the nearest enclosing query level, say) rather
 * than the chain of parents: the same nodes in the same order, and no parent links built.
 */
export function walkCarrying<T>(root: NodeLike, initial: T, visitor: (ref: NodeRef, carried: T) => T): void {
  const start = asRef(root);
  if (!start) return;
  const stack = takeStack();
  const carried = takeStack();
  let top = 0;
  stack[top] = start;
  carried[top++] = initial;
  try {
    while (top > 0) {
      const ref = stack[--top] as NodeRef;
      const value = visitor(ref, carried[top] as T);
      const { children } = childrenOf(ref, false);
      for (let i = children.length - 1; i >= 0; i--) {
        stack[top] = children[i];
        carried[top++] = value;
      }
    }
  } finally {
    STACKS.push(stack, carried);
  }
}

/**
 * The typed nodes right below a payload, and (when a walk asked for parents) for each the parent links between
 * them (more than one through untyped payloads).
 */
interface Children {
  type: string;
  /** The payload they are the children of: a copy of it (a spread) carries the property but is not its owner. */
  owner?: Payload;
  children: NodeRef[];
  links?: ParentLink[][];
}

/**
 * The typed children of each payload, computed once: every rule walks the same statement again, and the
 * AST is never changed after parsing, so the field scan, the unwrapping and the parent links are shared by
 * all walks (the refs and links handed to visitors are the same objects each time; none of them is mutated).
 * Kept on the payload itself, under a symbol (for…in, Object.keys, JSON and structured clones pass it by): no
 * lookup in a table, and the lists go when the statement goes. A global Map held on to thousands of recent
 * statements, which every young-generation collection then copied. Set by plain assignment, a third cheaper than
 * defining a hidden property on every node of a first walk; a spread or Object.assign copies it, so the lists name
 * the payload they belong to and a copy (perhaps with other fields) gets lists of its own. The type is kept too, as
 * a caller may hand in the same payload under another type.
 */
const CHILDREN = Symbol('children');

/** What a node without typed children has below it (shared; never changed). */
const LEAF: Children = Object.freeze({ type: '', children: Object.freeze([]) as unknown as NodeRef[], links: [] });

function childrenOf(ref: NodeRef, withLinks: boolean): Children {
  const node = ref.node;
  const stored = node[CHILDREN as unknown as string] as Children | undefined;
  const known = stored?.owner === node ? stored : undefined;
  if (known && known.type === ref.type && (known.links || !withLinks)) return known;
  let out: Children;
  if (withLinks) {
    out = { type: ref.type, owner: node, children: [], links: [] };
    const chain: ParentLink[] = [];
    for (const key in node) {
      const value = node[key];
      if (value === null || typeof value !== 'object') continue;
      descend(out, chain, ref, key, value, undefined);
    }
  } else {
    // Without links the scan allocates nothing but the children it finds, in a list of their number (one grown by
    // push has room for 17): a leaf (a name's String, a constant, a parameter: most of the nodes) is scanned again
    // by each walk, which is cheaper than remembering it.
    FOUND_COUNT = 0;
    for (const key in node) {
      const value = node[key];
      if (value !== null && typeof value === 'object') collect(key, value);
    }
    if (FOUND_COUNT === 0) return LEAF;
    out = { type: ref.type, owner: node, children: FOUND.slice(0, FOUND_COUNT) };
    FOUND.fill(undefined as unknown as NodeRef, 0, FOUND_COUNT);
  }
  if (out.children.length === 0) return LEAF;
  // Links added to what a walk without parents found: the same child refs, so visitors see the same objects.
  if (known && known.type === ref.type) {
    known.links = out.links;
    return known;
  }
  // A payload that cannot take the property (frozen by a caller) is scanned again by each walk instead.
  if (!known && Object.isExtensible(node)) node[CHILDREN as unknown as string] = out;
  return out;
}

/** The children `collect` found for the node being scanned (childrenOf is never re-entered), reused. */
const FOUND: NodeRef[] = [];
let FOUND_COUNT = 0;

/** `descend` without parent links: the typed nodes in `value`, appended to FOUND. */
function collect(key: string, value: object): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item !== null && typeof item === 'object') collect(key, item);
    }
    return;
  }
  const wrapped = unwrap(value);
  const bare = wrapped ? undefined : BARE_FIELDS[key];
  const child = wrapped ?? (bare ? { type: bare, node: value as Payload } : undefined);
  if (child) {
    FOUND[FOUND_COUNT++] = child;
    return;
  }
  // An untyped payload (a List's items, a DefElem's arg…): look inside without visiting it.
  for (const k in value) {
    const inner = (value as Payload)[k];
    if (inner !== null && typeof inner === 'object') collect(k, inner);
  }
}

function descend(
  out: Children,
  chain: ParentLink[],
  parent: NodeRef,
  key: string,
  value: unknown,
  index: number | undefined,
): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) descend(out, chain, parent, key, value[i], i);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const wrapped = unwrap(value);
  const bare = BARE_FIELDS[key];
  const child = wrapped ?? (bare ? { type: bare, node: value as Payload } : undefined);
  const links = out.links;
  if (links) chain.push({ type: parent.type, node: parent.node, key, index });
  if (child) {
    out.children.push(child);
    if (links) links.push(chain.slice());
  } else {
    // An untyped payload (a List's items, a DefElem's arg…): look inside without visiting it.
    const untyped: NodeRef = { type: '?', node: value as Payload };
    for (const k in value) descend(out, chain, untyped, k, (value as Payload)[k], undefined);
  }
  if (links) chain.pop();
}

/** Every node of a type below (and including) root. */
export function findAll(root: NodeLike, type: string, options: { intoSubqueries?: boolean } = {}): NodeRef[] {
  const out: NodeRef[] = [];
  const top = asRef(root);
  walk(root, (ref) => {
    if (ref.type === type) out.push(ref);
    if (options.intoSubqueries === false && ref !== top && isQueryNode(ref)) return 'skip';
  });
  return out;
}

export function isQueryNode(ref: NodeRef): boolean {
  return (
    ref.type === 'SelectStmt' || ref.type === 'InsertStmt' || ref.type === 'UpdateStmt' || ref.type === 'DeleteStmt'
  );
}

/** The `String` node's text in a list of names (`[{String:{sval}}]`). */
export function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const ref = unwrap(item);
    if (ref?.type === 'String') return String(ref.node.sval ?? '');
    if (ref?.type === 'A_Star') return '*';
    return '';
  });
}

/** `names(list)`'s last entry ('' when none), without the list: asked of every operator and call the rules meet. */
function lastName(list: unknown): string {
  if (!Array.isArray(list) || list.length === 0) return '';
  const ref = unwrap(list[list.length - 1]);
  if (ref?.type === 'String') return String(ref.node.sval ?? '');
  if (ref?.type === 'A_Star') return '*';
  return '';
}

/** Lower-case function name without schema: `pg_catalog.lower` → `lower`. */
export function funcName(call: Payload): string {
  return lastName(call.funcname).toLowerCase();
}

/** Column reference parts (`p.id` → ['p', 'id'], `*` → ['*']). */
export function columnParts(ref: Payload): string[] {
  return names(ref.fields);
}

/** Does a column reference end in (or hold) `*`? `columnParts(ref).includes('*')` without the list. */
export function hasStar(ref: Payload): boolean {
  const fields = ref.fields;
  if (!Array.isArray(fields)) return false;
  for (const field of fields) {
    const part = unwrap(field);
    if (part?.type === 'A_Star' || (part?.type === 'String' && String(part.node.sval ?? '') === '*')) return true;
  }
  return false;
}

/** Operator name of an A_Expr (`=`, `~~`…). */
export function operatorName(expr: Payload): string {
  return lastName(expr.name);
}

/** A_Const value as JS: number, string, boolean, null; undefined when not a constant. */
export function constValue(ref: NodeRef | undefined): string | number | boolean | null | undefined {
  if (!ref || ref.type !== 'A_Const') return undefined;
  const c = ref.node;
  if (c.isnull) return null;
  if (c.ival !== undefined) return Number(c.ival.ival ?? 0);
  if (c.fval !== undefined) return Number(c.fval.fval ?? 0);
  if (c.sval !== undefined) return String(c.sval.sval ?? '');
  if (c.boolval !== undefined) return Boolean(c.boolval.boolval);
  return undefined;
}

/** The conjuncts of a boolean expression (`a AND (b AND c)` → a, b, c), in order. */
export function conjuncts(expr: NodeLike): NodeRef[] {
  const out: NodeRef[] = [];
  const pending: unknown[] = [expr];
  while (pending.length > 0) {
    const ref = asRef(pending.pop());
    if (!ref) continue;
    if (ref.type !== 'BoolExpr' || ref.node.boolop !== 'AND_EXPR') out.push(ref);
    else for (let i = (ref.node.args ?? []).length - 1; i >= 0; i--) pending.push(ref.node.args[i]);
  }
  return out;
}

const AGGREGATES = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'array_agg',
  'string_agg',
  'bool_and',
  'bool_or',
  'every',
  'json_agg',
  'jsonb_agg',
  'json_object_agg',
  'jsonb_object_agg',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'percentile_cont',
  'percentile_disc',
  'mode',
  'bit_and',
  'bit_or',
  'bit_xor',
  'xmlagg',
  'corr',
  'covar_pop',
  'covar_samp',
  'regr_avgx',
  'regr_avgy',
  'regr_count',
  'regr_intercept',
  'regr_r2',
  'regr_slope',
  'regr_sxx',
  'regr_sxy',
  'regr_syy',
  'any_value',
  'range_agg',
  'range_intersect_agg',
  'json_arrayagg',
  'json_objectagg',
]);

/** An aggregate call (not a window call: `avg(x) OVER (…)` is not an aggregate of the query). */
export function isAggregateCall(ref: NodeRef): boolean {
  if (ref.type !== 'FuncCall' || ref.node.over) return false;
  return AGGREGATES.has(funcName(ref.node)) || ref.node.agg_star === true || ref.node.agg_within_group === true;
}

/** Does the expression contain an aggregate of this query level (subqueries not counted)? */
export function containsAggregate(expr: NodeLike): boolean {
  let found = false;
  walk(expr, (ref) => {
    if (found) return 'skip';
    if (ref.type === 'SubLink' || isQueryNode(ref)) return 'skip';
    if (isAggregateCall(ref)) found = true;
  });
  return found;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * The text span of a node: from its leftmost `location` to the end of its last token. libpg_query
 * records only where a node starts (an operator's node starts at the operator), so the start is the
 * smallest location in the subtree and the end is found with the scanner's tokens: the token at the
 * largest location, then whatever closes the brackets opened in between (a call's `)`), then the words a
 * node ends with and has no location for (`IS NULL`, `CASE … END`).
 */
export function spanOf(node: NodeLike, tokens: readonly Token[]): Span | undefined {
  const ref = asRef(node);
  if (!ref) return undefined;
  let min = Infinity;
  let max = -Infinity;
  walk(ref, (r) => {
    const location = r.node.location;
    if (typeof location === 'number' && location >= 0) {
      min = Math.min(min, location);
      max = Math.max(max, location);
    }
  });
  if (min === Infinity || tokens.length === 0) return undefined;
  let first = tokenIndexAt(tokens, min);
  let last = tokenIndexAt(tokens, max);
  if (first < 0 || last < 0) return undefined;
  // Brackets: an opening one before the start whose closing one is inside, and closing ones after `last`.
  let depth = 0;
  let lowest = 0;
  for (let i = first; i <= last; i++) {
    depth += bracketDelta(tokens[i]);
    lowest = Math.min(lowest, depth);
  }
  for (let need = -lowest; need > 0 && first > 0;) {
    first--;
    const delta = bracketDelta(tokens[first]);
    if (delta > 0) need--;
    else if (delta < 0) need++;
  }
  depth -= lowest;
  // A qualified name (`o.user_id`, `public.orders`) is located at its first part: take in the rest.
  while (depth === 0 && tokens[last + 1]?.text === '.' && isNamePart(tokens[last + 2])) last += 2;
  // Constructs that end in an unlocated word.
  if (ref.type === 'CaseExpr') {
    let nesting = 0;
    for (let i = first; i < tokens.length; i++) {
      if (tokens[i].keyword === 'CASE') nesting++;
      else if (tokens[i].keyword === 'END' && --nesting === 0) {
        last = Math.max(last, i);
        break;
      }
    }
  }
  // A call without located arguments (`count(*)`, `now()`): its parentheses follow the name.
  if (
    ref.type === 'FuncCall' &&
    depth === 0 &&
    tokens[last + 1]?.text === '(' &&
    (tokens[last].kind !== 'punct' || tokens[last].text === '.')
  ) {
    last++;
    depth = 1;
  }
  while (depth > 0 && last + 1 < tokens.length) {
    last++;
    depth += bracketDelta(tokens[last]);
  }
  if (ref.type === 'NullTest' || ref.type === 'BooleanTest') {
    for (let i = last; i < tokens.length && i <= last + 3; i++) {
      if (tokens[i].keyword && /^(NULL|TRUE|FALSE|UNKNOWN|NOTNULL|ISNULL)$/.test(tokens[i].keyword!)) {
        last = i;
        break;
      }
    }
  }
  if (ref.type === 'SortBy') {
    while (last + 1 < tokens.length && /^(ASC|DESC|NULLS|FIRST|LAST)$/.test(tokens[last + 1].keyword ?? '')) last++;
  }
  return { start: tokens[first].start, end: tokens[last].end };
}

function isNamePart(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'ident' || token.kind === 'keyword' || token.text === '*');
}

function bracketDelta(token: Token): number {
  if (token.text === '(' || token.text === '[') return 1;
  if (token.text === ')' || token.text === ']') return -1;
  return 0;
}

/** Index of the token that contains `offset` (or starts right after it). */
export function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= offset) lo = mid + 1;
    else if (tokens[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return lo < tokens.length ? lo : -1;
}

/** The first token at or after `offset` that satisfies `test`, within `limit` tokens. */
export function nextToken(
  tokens: readonly Token[],
  offset: number,
  test: (t: Token) => boolean,
  limit = Infinity,
): Token | undefined {
  const from = tokenIndexAt(tokens, offset);
  if (from < 0) return undefined;
  for (let i = from; i < tokens.length && i - from < limit; i++) if (test(tokens[i])) return tokens[i];
  return undefined;
}

/** The last token ending at or before `offset` that satisfies `test`, within `limit` tokens. */
export function previousToken(
  tokens: readonly Token[],
  offset: number,
  test: (t: Token) => boolean,
  limit = Infinity,
): Token | undefined {
  let i = tokenIndexAt(tokens, offset);
  if (i < 0) i = tokens.length;
  for (let k = i - 1, seen = 0; k >= 0 && seen < limit; k--, seen++) if (test(tokens[k])) return tokens[k];
  return undefined;
}

/**
 * A structural key for an expression, for comparing a WHERE expression with an index expression:
 * locations dropped, column references reduced to the column name, names lower-cased, `pg_catalog.`
 * dropped. `lower(u.email)` and `lower(email)` get the same key. Written as JSON (keys sorted) with an
 * explicit stack of what is left to write, so a deep expression costs no stack.
 */
export function expressionKey(node: NodeLike): string {
  const ref = asRef(node);
  if (!ref) return '';
  let out = '';
  // Text to write as it is, or a value still to expand; popped from the end, so pushed in reverse.
  const pending: (string | object)[] = [{ [ref.type]: ref.node }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item === 'string') out += item;
    else expandKey(item, pending);
  }
  return out;
}

/** Pushes, last piece first, the JSON text of one value with the values nested in it left to expand. */
function expandKey(value: object, pending: (string | object)[]): void {
  if (Array.isArray(value)) {
    pending.push(']');
    for (let i = value.length - 1; i >= 0; i--) pending.push(keyItem(value[i]), i > 0 ? ',' : '[');
    if (value.length === 0) pending.push('[');
    return;
  }
  const ref = unwrap(value);
  if (ref?.type === 'ColumnRef') {
    const column = columnParts(ref.node).pop()?.toLowerCase();
    pending.push(column === undefined ? '{}' : `{"ColumnRef":${JSON.stringify(column)}}`);
  } else if (ref?.type === 'FuncCall') {
    pending.push(
      '}}',
      keyItem(ref.node.args ?? []),
      `{"FuncCall":{"name":${JSON.stringify(funcName(ref.node))},"args":`,
    );
  } else if (ref?.type === 'TypeCast') {
    const type = names(ref.node.typeName?.names)
      .filter((n) => n !== 'pg_catalog')
      .join('.')
      .toLowerCase();
    pending.push(`"type":${JSON.stringify(type)}}}`);
    if (ref.node.arg !== undefined) pending.push(',', keyItem(ref.node.arg), '"arg":');
    pending.push('{"TypeCast":{');
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .sort()
      .filter((key) => key !== 'location' && key !== 'funcformat' && record[key] !== undefined);
    pending.push('}');
    for (let i = keys.length - 1; i >= 0; i--)
      pending.push(keyItem(record[keys[i]]), `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`);
    pending.push('{');
  }
}

/** A nested value: an object or list is expanded in turn, anything else is written as JSON now. */
function keyItem(value: unknown): string | object {
  if (value === undefined) return 'null';
  if (value !== null && typeof value === 'object') return value;
  return JSON.stringify(typeof value === 'string' ? value.toLowerCase() : value);
}
