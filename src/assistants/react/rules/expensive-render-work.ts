import type * as TS from 'typescript';
import type { Fix } from '../../../core/finding';
import type { ComponentDef } from '../components';
import { distinctRenders, skipOuter } from '../components';
import { renderedLists } from '../lists';
import { lodashFunction } from '../lodash';
import { bodyStatementOf, hookName } from '../model';
import type { FileModel } from '../model';
import type { ReactRule, ReactRuleContext } from '../rule';
import type { FunctionLike } from '../scopes';
import { freeIdentifiers, isFunctionLike, localsOf } from '../scopes';
import { stabilise } from '../stabilise';

/** Array methods that walk the whole collection and build something from it. */
const ARRAY_WORK = new Set(['filter', 'map', 'flatMap', 'reduce', 'reduceRight', 'sort', 'toSorted']);
/** Methods that return a new array: `.sort()` after one of them sorts a copy. */
const COPYING = new Set(['filter', 'map', 'flatMap', 'slice', 'concat', 'flat', 'toSorted', 'toReversed']);
/** Methods whose callback runs once per element: another loop inside it multiplies the sizes. */
const ITERATING = new Set([...ARRAY_WORK, 'forEach', 'some', 'every', 'find', 'findIndex', 'findLast']);

interface Work {
  /** The expression to memoise (or the loop statement, which has no fix). */
  node: TS.Node;
  what: string;
  /** What makes it cost (a sentence): the operations, nested loops, a parse. */
  why: string;
  /** Its cost grows with the data it reads (not a formatter's). */
  sized: boolean;
  /** The render values it reads (props, state, locals). */
  reads: string[];
  severity: 'warning' | 'info';
  /** `.sort()` applied to a value the component does not own (a prop, state): its receiver. */
  sortsInPlace?: TS.Expression;
  name: string;
}

/**
 * Work in a component's render over its props or state that is repeated on every render: chains of array
 * operations (two or more, or a sort), nested loops over collections, `JSON.parse`, `new Intl.*`. Wrapping it
 * in `useMemo` runs it again only when what it reads changes. Work over module constants only (hoist it
 * instead), over a literal array, or already in a callback (`useMemo`, an effect, a handler) is not reported.
 */
export const expensiveRenderWork: ReactRule = {
  id: 'expensive-render-work',
  assistant: 'react',
  manualMemo: true,
  title: 'Expensive work over props or state repeated on every render',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Memoise expensive render work in {count} place(s)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'useMemo returns the same value while its dependencies are unchanged; profile the component with realistic data sizes (React Profiler) before and after.',
    skills: ['React'],
  },
  docs: `
## Why it matters

A component's render runs on every update: its own state changes, its parent renders, a context it reads
changes. Work written in the render body is repeated each time, even when the data it reads did not change.
A \`filter\` then \`sort\` over a few thousand items, a loop inside a loop (their sizes multiply), \`JSON.parse\`
of a large string or building an \`Intl\` formatter can take milliseconds, and a render that takes more than a
few milliseconds makes typing and scrolling lag. The cost grows with the data: the same code is free with ten
items and slow with ten thousand, so the finding names the values it grows with.

\`.sort()\` sorts in place: called on a prop or state it also mutates the parent's array, which React never
expects (the parent's next render sees the sorted array, memoised children miss the change).

Not reported: a single \`filter\` or \`map\` (usually cheap), a \`.map\` that renders the rows (the list itself),
work over module constants only (hoist it to module scope instead), over a literal array, or already inside
\`useMemo\`, an effect or an event handler, and arguments of hooks (\`useState(…)\` has its own rule).

## How to fix it

Wrap the work in \`useMemo\` with the values it reads as dependencies (the same analysis as the other
\`useMemo\`/\`useCallback\` fixes: state setters and refs are left out). The quick fix does it where the value is
declared, and copies a prop or state before sorting it (\`[...items].sort(…)\`). A nested loop written as
statements has no quick fix: move it into a function called from \`useMemo\`, or index one collection in a
\`Map\` first so the inner loop becomes a lookup.

## When to ignore it

When the data is always small (a handful of items), or when the React Compiler compiles the component (it
memoises such values itself).
`,
  check(context) {
    const { model } = context;
    const rendered = new Set(renderedLists(model).map((list) => list.call));
    for (const owner of distinctRenders(model.components)) {
      // A class has no hooks; an async component is a server component, which renders once per request.
      if (owner.kind === 'class' || !owner.render?.body || isAsync(model, owner.render)) continue;
      for (const work of renderWork(model, owner.render, rendered)) reportWork(context, owner, work);
    }
  },
};

function renderWork(model: FileModel, render: FunctionLike, rendered: Set<TS.CallExpression>): Work[] {
  const ts = model.ts;
  const locals = localsOf(ts, render);
  const out: Work[] = [];
  const visit = (node: TS.Node): void => {
    // Callbacks (handlers, effects, useMemo's own) do not run on every render; hooks' arguments are theirs.
    if (isFunctionLike(ts, node) || ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) && hookName(ts, node.expression)) return;
    const work = workAt(model, render, node, locals, rendered);
    if (work) out.push(work);
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(render.body!, visit);
  return out;
}

function workAt(
  model: FileModel,
  render: FunctionLike,
  node: TS.Node,
  locals: ReadonlySet<string>,
  rendered: Set<TS.CallExpression>,
): Work | undefined {
  const ts = model.ts;
  const reads = (target: TS.Node) => freeIdentifiers(ts, target).filter((name) => locals.has(name));
  const sorter = ts.isCallExpression(node) ? lodashFunction(model, node.expression) : undefined;
  if (ts.isCallExpression(node) && (sorter === 'sortBy' || sorter === 'orderBy') && node.arguments[0]) {
    const used = reads(node);
    if (!used.length || ts.isArrayLiteralExpression(skipOuter(ts, node.arguments[0]))) return undefined;
    return {
      node,
      what: `\`${node.expression.getText(model.source)}(…)\``,
      why: 'It copies and sorts the whole collection.',
      sized: true,
      reads: used,
      severity: 'warning',
      name: `sorted${capital(rootName(ts, node.arguments[0]) ?? 'items')}`,
    };
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    // The name first: reading the callee's text back from the source for every call of every render cost more.
    const callee = node.expression;
    if (
      callee.name.text === 'parse' &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'JSON' &&
      callee.getText(model.source) === 'JSON.parse'
    ) {
      const argument = node.arguments[0];
      if (!argument || ts.isStringLiteralLike(skipOuter(ts, argument))) return undefined;
      const used = reads(node);
      if (!used.length) return undefined;
      return {
        node,
        what: '`JSON.parse(…)`',
        why: `It parses ${quoteNames(used)} again and returns a new object each time, so memoised children and effects that receive it see a change on every render.`,
        sized: true,
        reads: used,
        severity: 'warning',
        name: `parsed${capital(rootName(ts, argument) ?? 'value')}`,
      };
    }
    return chainWork(model, render, node, reads, rendered);
  }
  if (ts.isNewExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const target = node.expression;
    if (!ts.isIdentifier(target.expression) || target.expression.text !== 'Intl') return undefined;
    const used = reads(node);
    if (!used.length) return undefined;
    return {
      node,
      what: `\`new Intl.${target.name.text}(…)\``,
      why: `Building a formatter resolves locale data, and this one only changes with ${quoteNames(used)}.`,
      sized: false,
      reads: used,
      severity: 'info',
      name: lower(target.name.text),
    };
  }
  if (ts.isIterationStatement(node, false) && containsLoop(ts, loopBody(node), rendered)) {
    const used = reads(node);
    if (!used.length) return undefined;
    return {
      node,
      what: 'A loop with another loop inside',
      why: `It costs the product of both collections' sizes.`,
      sized: true,
      reads: used,
      severity: 'warning',
      name: 'computed',
    };
  }
  return undefined;
}

/** `items.filter(…).sort(…)`: the chain's array operations, the rendered `.map` at its end left out. */
function chainWork(
  model: FileModel,
  render: FunctionLike,
  outer: TS.CallExpression,
  reads: (node: TS.Node) => string[],
  rendered: Set<TS.CallExpression>,
): Work | undefined {
  const ts = model.ts;
  // A chain whose result is dropped sorts a local in place (`copy.sort()`): there is no value to memoise.
  if (ts.isExpressionStatement(outer.parent)) return undefined;
  let value: TS.Expression = outer;
  if (rendered.has(outer)) value = (outer.expression as TS.PropertyAccessExpression).expression;
  const links: { call: TS.CallExpression; method: string }[] = [];
  let current = skipOuter(ts, value);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    links.unshift({ call: current, method: current.expression.name.text });
    current = skipOuter(ts, current.expression.expression);
  }
  const root = current;
  // A literal array is as small as it is written.
  if (ts.isArrayLiteralExpression(root)) return undefined;
  const ops = links.filter((link) => ARRAY_WORK.has(link.method));
  const sorts = ops.filter((link) => link.method === 'sort' || link.method === 'toSorted');
  const nested = ops.some((link) => link.call.arguments.some((a) => callbackLoops(ts, a, rendered)));
  if (ops.length < 2 && !sorts.length && !nested) return undefined;
  const used = reads(value);
  if (!used.length) return undefined;
  // `(items || []).filter(…)`: the receiver keeps its parentheses in the message, or it reads as `items || [].filter(…)`.
  const rootText = ts.isLeftHandSideExpression(root) ? root.getText(model.source) : `(${root.getText(model.source)})`;
  const firstSort = links.find((link) => link.method === 'sort');
  const sortedReceiver =
    firstSort && skipOuter(ts, (firstSort.call.expression as TS.PropertyAccessExpression).expression);
  const inPlace = sortedReceiver && sharedArray(model, render, sortedReceiver) ? sortedReceiver : undefined;
  const last = ops[ops.length - 1].method;
  const why = nested
    ? 'A callback loops over another collection for each element, so it costs the product of both sizes.'
    : `It walks the whole collection ${ops.length === 1 ? 'once' : ops.length === 2 ? 'twice' : `${ops.length} times`}${sorts.length ? ' and sorts it' : ''}.`;
  return {
    node: value,
    what: `\`${shorten(rootText)}${links.map((link) => `.${link.method}(…)`).join('')}\``,
    why,
    sized: true,
    reads: used,
    severity: sorts.length || nested ? 'warning' : 'info',
    ...(inPlace ? { sortsInPlace: inPlace } : {}),
    name: `${VERBS[last] ?? 'computed'}${capital(rootName(ts, root) ?? 'items')}`,
  };
}

const VERBS: Record<string, string> = {
  sort: 'sorted',
  toSorted: 'sorted',
  filter: 'filtered',
  map: 'mapped',
  flatMap: 'mapped',
  reduce: 'reduced',
  reduceRight: 'reduced',
};

/**
 * A receiver `.sort()` would mutate for someone else: a name or property (a prop, state, a value passed in),
 * not a local the render built fresh (`const copy = [...items]`, `items.filter(…)`).
 */
function sharedArray(model: FileModel, render: FunctionLike, receiver: TS.Expression): boolean {
  const ts = model.ts;
  if (ts.isPropertyAccessExpression(receiver)) return true;
  if (!ts.isIdentifier(receiver)) return false;
  const body = render.body;
  if (!body || !ts.isBlock(body)) return true;
  for (const statement of body.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== receiver.text) continue;
      const init = declaration.initializer && skipOuter(ts, declaration.initializer);
      if (!init) return true;
      if (ts.isArrayLiteralExpression(init)) return false;
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression))
        return !COPYING.has(init.expression.name.text);
      if (ts.isCallExpression(init) && hookName(ts, init.expression)) return true;
      return !ts.isCallExpression(init);
    }
  }
  // A parameter (props) or a name from around the render.
  return true;
}

function reportWork(context: ReactRuleContext, owner: ComponentDef, work: Work): void {
  const { model, edits, report } = context;
  const ts = model.ts;
  const mutation = work.sortsInPlace
    ? ` \`.sort()\` also sorts \`${shorten(work.sortsInPlace.getText(model.source))}\` in place, mutating an array ${owner.name} does not own: copy it first (\`[...${shorten(work.sortsInPlace.getText(model.source))}]\`).`
    : '';
  const memo = ts.isExpression(work.node) ? memoFixes(context, owner, work.node, work) : undefined;
  const fixes = memo?.fixes ?? [];
  const advice = memo
    ? ` Wrap it in useMemo with [${memo.dependencies.join(', ')}] so it runs only when they change.`
    : ts.isExpression(work.node)
      ? ' Compute it in useMemo (from a statement before any early return) so it runs only when what it reads changes.'
      : ' Move it into a function called from useMemo, or index one collection in a Map so the inner loop becomes a lookup.';
  report({
    range: ts.isExpression(work.node) ? edits.rangeOf(work.node) : loopHeadRange(context, work.node),
    message: `${work.what} runs on every render of ${owner.name}, even when ${quoteNames(work.reads)} did not change. ${work.why}${work.sized ? ' Its cost grows with the size of the data: it matters with large collections and frequent renders.' : ''}${mutation}${advice}`,
    severity: work.severity,
    ...(fixes.length ? { fixes } : {}),
  });
}

/**
 * `useMemo(() => …, [deps])` around the work: in place when it is the whole initialiser of a render-level
 * `const`, else as a new `const` before the statement that uses it. The dependencies and whether a hook may
 * go there (no early return before it, not a class) come from the shared stabilise analysis.
 */
function memoFixes(
  context: ReactRuleContext,
  owner: ComponentDef,
  value: TS.Expression,
  work: Work,
): { fixes: Fix[]; dependencies: string[] } | undefined {
  const { model, edits } = context;
  const ts = model.ts;
  const render = owner.render!;
  // stabilise reserves a name for its own variant of the fix, unused here: a base this rule never names with.
  const result = stabilise({ model, edits, value, kind: 'array', owner, name: 'memoised' });
  if (!result.fixes.length || result.capturedFromCallback.length) return undefined;
  const start = value.getStart(model.source);
  let body = model.text.slice(start, value.end);
  if (work.sortsInPlace) {
    const from = work.sortsInPlace.getStart(model.source) - start;
    const to = work.sortsInPlace.end - start;
    body = `${body.slice(0, from)}[...${body.slice(from, to)}]${body.slice(to)}`;
  }
  const memo = edits.react('useMemo');
  const call = `${memo.text}(() => ${body}, [${result.dependencies.join(', ')}])`;
  const title = `Wrap in useMemo with [${result.dependencies.join(', ')}]${work.sortsInPlace ? ', sorting a copy' : ''}`;
  const declaration = value.parent;
  const statement = bodyStatementOf(value, render);
  const detail = result.unstableDependencies.length
    ? {
        detail: `${result.unstableDependencies.join(', ')} ${result.unstableDependencies.length === 1 ? 'is' : 'are'} new on every render: memoise ${result.unstableDependencies.length === 1 ? 'it' : 'them'} too, or this still recomputes on every render.`,
      }
    : {};
  if (
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer === value &&
    statement &&
    ts.isVariableStatement(statement) &&
    statement.declarationList.declarations.includes(declaration)
  )
    return {
      fixes: [{ title, edits: [edits.replace(value, call), ...memo.edits], isPreferred: true, ...detail }],
      dependencies: result.dependencies,
    };
  if (!statement) return undefined;
  const name = edits.freshName(work.name);
  return {
    fixes: [
      {
        title,
        edits: [edits.insertBefore(statement, `const ${name} = ${call};`), edits.replace(value, name), ...memo.edits],
        isPreferred: true,
        ...detail,
      },
    ],
    dependencies: result.dependencies,
  };
}

function loopBody(node: TS.IterationStatement): TS.Statement {
  return node.statement;
}

/** A loop statement or a per-element callback (`items.some(…)`) inside `node`; rendering rows is not one. */
function containsLoop(ts: typeof TS, node: TS.Node, rendered: Set<TS.CallExpression>): boolean {
  if (ts.isIterationStatement(node, false)) return true;
  if (
    ts.isCallExpression(node) &&
    !rendered.has(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ITERATING.has(node.expression.name.text) &&
    node.arguments.some((a) => isFunctionLike(ts, skipOuter(ts, a)))
  )
    return true;
  return ts.forEachChild(node, (child) => containsLoop(ts, child, rendered) || undefined) ?? false;
}

/** A callback argument that loops over another collection for each element. */
function callbackLoops(ts: typeof TS, argument: TS.Expression, rendered: Set<TS.CallExpression>): boolean {
  const callback = skipOuter(ts, argument);
  return isFunctionLike(ts, callback) && !!callback.body && containsLoop(ts, callback.body, rendered);
}

function isAsync(model: FileModel, render: FunctionLike): boolean {
  return !!render.modifiers?.some((m) => m.kind === model.ts.SyntaxKind.AsyncKeyword);
}

function loopHeadRange(context: ReactRuleContext, loop: TS.Node): ReturnType<ReactRuleContext['edits']['rangeOf']> {
  const { model, edits } = context;
  const statement = (loop as TS.IterationStatement).statement;
  return edits.lines.rangeOf(loop.getStart(model.source), statement.getStart(model.source));
}

/** `props.items` → `items`; `items` → `items`; anything else: undefined. */
function rootName(ts: typeof TS, node: TS.Expression): string | undefined {
  const inner = skipOuter(ts, node);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  if (ts.isCallExpression(inner)) return rootName(ts, inner.expression);
  return undefined;
}

function quoteNames(names: string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}…` : flat;
}

function capital(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function lower(text: string): string {
  return text ? text[0].toLowerCase() + text.slice(1) : text;
}
