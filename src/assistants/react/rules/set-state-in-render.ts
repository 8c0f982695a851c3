import type * as TS from 'typescript';
import { distinctRenders } from '../components';
import { stateSlots } from '../dependencies';
import type { ReactRule } from '../rule';
import { freeIdentifiers } from '../scopes';

/**
 * A state setter called while the component renders, not in a handler or an effect: each render queues another
 * render, which React stops with "Too many re-renders". The legitimate form, adjusting state when a prop
 * changes (`if (prev !== value) { setPrev(value); … }`), is guarded by a condition on state that the update
 * makes false, and is not a finding. `onClick={setOpen(true)}` (the call instead of a function) is the most
 * common form; its fix passes a function.
 */
export const setStateInRender: ReactRule = {
  id: 'set-state-in-render',
  assistant: 'react',
  title: 'State set during render (render loop)',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Move {count} state update(s) out of render',
    baseHours: 0.5,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation: 'The component cannot render as written; check the fixed handler runs on the event it was meant for.',
    skills: ['React'],
  },
  docs: `
## Why it matters

Calling a state setter while the component renders schedules another render before this one is done. Unless
the call stops itself, every render schedules the next one: React gives up with "Too many re-renders" and the
component (and everything under its error boundary) is gone. The usual cause is \`onClick={setOpen(true)}\`,
which calls the setter during render instead of passing a function to call on click.

React allows one form on purpose: adjusting state when a prop changed, guarded by a comparison with state that
the update makes false (\`if (prevItems !== items) { setPrevItems(items); setSelection(null); }\`). A setter
inside a condition that reads the component's state is taken as that form and not reported, and so is one
whose condition reads a local of the render computed from state (\`const changed = next !== signature\`) or a flag
the render raises only under such a condition.

A callback that runs before the render returns counts as the render: an array method's callback
(\`items.map(i => { setTotal(…); … })\`), \`useMemo\`'s factory (it runs during render whenever its dependencies
change; without a dependency list, on every render), a function called where it is written. Event handlers,
effects, \`useCallback\`, and callbacks handed to other functions (\`setTimeout\`) or to children as props run
later and are not reported.

## How to fix it

- An event attribute given a call: pass a function, \`onClick={() => setOpen(true)}\` (the quick fix).
- A value computed from props: compute it during render instead of storing it.
- An update that must follow the render: put it in an event handler, or in an effect if it synchronises with
  something outside React.

## When to ignore it

Never as written: if the call is guarded in a way this rule does not see, say so in a comment with the
suppression.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const owner of distinctRenders(model.components)) {
      const render = owner.render;
      if (!render || owner.kind === 'class') continue;
      const slots = stateSlots(model, owner);
      if (!slots.length) continue;
      const setters = new Map(slots.map((s) => [s.setter, s]));
      const values = new Set(slots.map((s) => s.value));
      const visit = (node: TS.Node, during?: string): void => {
        if (node !== render && (ts.isFunctionLike(node) || ts.isClassLike(node))) {
          const runs = ranDuringRender(ts, node);
          if (!runs) return;
          during = runs;
        }
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && setters.has(node.expression.text)) {
          const setter = node.expression.text;
          if (!guardedByState(ts, node, render, values)) {
            const attribute = eventAttribute(ts, node);
            report({
              range: edits.rangeOf(node),
              message: attribute
                ? `\`${attribute}\` is given the result of calling \`${setter}\`, so ${owner.name} sets state on every render and renders again, endlessly ("Too many re-renders"). Pass a function: \`${attribute}={() => ${node.getText(model.source)}}\`.`
                : during === MEMO_FACTORY
                  ? `\`${setter}\` is called inside useMemo's factory, which runs while ${owner.name} renders whenever its dependencies change: each change costs an extra render, and with no dependency list it loops ("Too many re-renders"). A factory must be pure: return the value from it, or set state in an event handler or effect.`
                  : `\`${setter}\` is called ${during ? `inside ${during}, which runs while ${owner.name} renders` : `while ${owner.name} renders`}, unguarded by a condition on its state: every render schedules another ("Too many re-renders"). Compute the value during render, or set it in an event handler or effect.`,
              ...(attribute
                ? {
                    fixes: [
                      {
                        title: `Pass a function to ${attribute}`,
                        edits: [edits.replace(node, `() => ${node.getText(model.source)}`)],
                        isPreferred: true,
                      },
                    ],
                  }
                : {}),
            });
          }
        }
        ts.forEachChild(node, (child) => visit(child, during));
      };
      visit(render);
    }
  },
};

/** Array methods that call their callback before they return: a `.map` in the render body runs during render. */
const SYNCHRONOUS_CALLBACKS = new Set([
  'map',
  'forEach',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
]);

const MEMO_FACTORY = "useMemo's factory";

/**
 * What calls a function written in the render while the render runs, said for the message (\`the items.map
 * callback\`): an array method's callback, \`useMemo\`'s factory, a function called where it is written. Undefined
 * for the others: event handlers, effects, \`useCallback\`, callbacks handed to other functions or to children
 * as props run later, if at all.
 */
function ranDuringRender(ts: typeof TS, fn: TS.Node): string | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let inner: TS.Node = fn;
  while (ts.isParenthesizedExpression(inner.parent)) inner = inner.parent;
  const call = inner.parent;
  if (!ts.isCallExpression(call)) return undefined;
  if (call.expression === inner) return 'a function called where it is written';
  if (call.arguments[0] !== inner) return undefined;
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  if (name === 'useMemo') return MEMO_FACTORY;
  if (ts.isPropertyAccessExpression(callee) && SYNCHRONOUS_CALLBACKS.has(name))
    return `the \`${callee.getText()}\` callback`;
  return undefined;
}

/**
 * Inside the render, under an `if`, `?:`, `&&`/`||` or `??` whose condition reads one of the component's states,
 * directly or through a local of the render computed from one (`const changed = next !== signature;
 * if (changed) setSignature(next)`), or a flag the render sets only under such a condition.
 */
function guardedByState(
  ts: typeof TS,
  node: TS.Node,
  render: TS.Node,
  values: ReadonlySet<string>,
  followed?: { locals: Map<string, TS.Node[]>; seen: Set<string> },
): boolean {
  // The render's locals are gathered only when a condition reads no state directly.
  const readsState = (condition: TS.Node) => {
    const names = freeIdentifiers(ts, condition);
    if (names.some((n) => values.has(n))) return true;
    followed ??= { locals: renderLocals(ts, render), seen: new Set() };
    const { locals, seen } = followed;
    return names.some((n) => fromState(ts, n, render, values, locals, seen));
  };
  for (
    let child = node, current = node.parent;
    current && current !== render;
    child = current, current = current.parent
  ) {
    if (ts.isIfStatement(current) && child !== current.expression && readsState(current.expression)) return true;
    if (ts.isConditionalExpression(current) && child !== current.condition && readsState(current.condition))
      return true;
    if (ts.isBinaryExpression(current) && child === current.right && isShortCircuit(ts, current.operatorToken.kind))
      if (readsState(current.left)) return true;
  }
  return false;
}

/** Where each local of the render gets its values: its initialiser and every assignment, nested functions aside. */
function renderLocals(ts: typeof TS, render: TS.Node): Map<string, TS.Node[]> {
  const out = new Map<string, TS.Node[]>();
  const add = (name: string, node: TS.Node) => out.set(name, [...(out.get(name) ?? []), node]);
  const visit = (node: TS.Node): void => {
    if (node !== render && (ts.isFunctionLike(node) || ts.isClassLike(node))) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
      add(node.name.text, node.initializer);
    if (
      ts.isBinaryExpression(node) &&
      ts.isIdentifier(node.left) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      add(node.left.text, node);
    ts.forEachChild(node, visit);
  };
  visit(render);
  return out;
}

/**
 * A local of the render whose value comes from state: an initialiser or an assigned value that reads state (or
 * such a local), or an assignment made only under a condition that does (`changed = true` inside
 * `if (pending.length > 0)`). Each local is followed once.
 */
function fromState(
  ts: typeof TS,
  name: string,
  render: TS.Node,
  values: ReadonlySet<string>,
  locals: Map<string, TS.Node[]>,
  seen: Set<string>,
): boolean {
  const sources = locals.get(name);
  if (!sources || seen.has(name)) return false;
  seen.add(name);
  return sources.some((source) => {
    const value = ts.isBinaryExpression(source) ? source.right : source;
    const reads = freeIdentifiers(ts, value).some(
      (n) => values.has(n) || fromState(ts, n, render, values, locals, seen),
    );
    return reads || (ts.isBinaryExpression(source) && guardedByState(ts, source, render, values, { locals, seen }));
  });
}

function isShortCircuit(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken
  );
}

/** `onClick={setOpen(true)}`: the event attribute whose value is exactly this call. */
function eventAttribute(ts: typeof TS, call: TS.CallExpression): string | undefined {
  const container = call.parent;
  if (!container || !ts.isJsxExpression(container) || !ts.isJsxAttribute(container.parent)) return undefined;
  const name = container.parent.name.getText();
  return /^on[A-Z]/.test(name) ? name : undefined;
}
