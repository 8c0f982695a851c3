import type * as TS from 'typescript';
import { skipOuter } from '../components';
import type { ComponentDef } from '../components';
import { EFFECT_HOOKS, dependencyHooks, listedPath, stateSlots } from '../dependencies';
import type { FileModel } from '../model';
import type { ReactRule } from '../rule';
import { bindingNames, freeIdentifiers } from '../scopes';

/**
 * `useEffect(() => onChange(value), [value, onChange])`: an effect whose only job is to hand the component's
 * state to a parent's callback. The parent hears of the change a render late: the child renders with the new
 * value, the effect runs, the parent sets its own state and renders the whole subtree again, a frame in which
 * the two disagree included. Calling the callback where the state changes, or lifting the state, takes one
 * render.
 */
export const statePassedUpInEffect: ReactRule = {
  id: 'state-passed-up-in-effect',
  assistant: 'react',
  title: "An effect passes the component's state up to a parent callback",
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Notify parents where state changes instead of in effects, in {count} place(s)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'The parent is told the same values, a render earlier; check that every place that changes the state now calls the callback (or that the lifted state is passed back down).',
    skills: ['React'],
  },
  docs: `
## Why it matters

An effect runs after the render is committed. When it only passes the component's state up
(\`useEffect(() => onChange(value), [value, onChange])\`), every change costs two passes: the child renders with
the new value, then the effect tells the parent, which sets its own state and renders again, with the child
and everything else under it. For one frame the parent shows the old value while the child shows the new one,
and a parent that passes an inline \`onChange\` re-runs the effect on every one of its renders.

Reported when an effect does nothing but call the component's callback props (\`onChange\`, \`props.onSelect\`)
with values that read its state, and lists that state. A call under an \`if\` on another state
(\`if (submitted) onSearch(query)\`) is an event's action run late, reported by \`effect-as-event-handler\`.

## How to fix it

Call the callback where the state changes, in the same event handler (\`setValue(v); onChange(v);\`): React
batches both updates into one render. When the parent needs the value all the time, lift the state: the parent
owns it and passes it down with a setter.

## When to ignore it

When the state changes in many places outside your control (a third-party widget's own state) and the late
notification is acceptable.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const found of dependencyHooks(model)) {
      const owner = found.hook.owner;
      if (!EFFECT_HOOKS.has(found.name) || !owner || owner.render !== found.scope) continue;
      const props = propNames(model, owner);
      const states = new Set(stateSlots(model, owner).map((s) => s.value));
      const calls = callsOnly(ts, found.callback);
      if (!calls?.length || !props.size || !states.size) continue;
      const listed = new Set(found.list.elements.map((e) => listedPath(ts, e)));
      const callees = calls.map(({ call }) => propCallee(ts, call.expression, props));
      if (callees.some((c) => c === undefined)) continue;
      for (const [index, { call, guard }] of calls.entries()) {
        const callee = callees[index]!;
        const passed = call.arguments.flatMap((a) => freeIdentifiers(ts, a)).filter((n) => states.has(n));
        if (!passed.length || !passed.some((n) => listed.has(n))) continue;
        // `if (submitted) onSelect(query)`: run on another state's change, that is an event's action run late
        // (effect-as-event-handler), not this state handed up as it changes.
        if (guard && freeIdentifiers(ts, guard).some((n) => states.has(n) && !passed.includes(n))) continue;
        report({
          range: edits.rangeOf(call),
          message: `This effect only hands ${passed.map((n) => `\`${n}\``).join(', ')} up to \`${callee}\` after ${owner.name} has rendered: the parent then renders again, so each change costs two renders (and a frame where they disagree). Call \`${callee}\` where ${passed.length === 1 ? 'it changes' : 'they change'}, in the same handler, or lift the state to the parent.`,
        });
      }
    }
  },
};

/** A call an effect's callback consists of, with the condition of the `if` around it. */
interface GuardedCall {
  call: TS.CallExpression;
  guard?: TS.Expression;
}

/** The calls an effect's callback consists of (an `if (callback)` around them allowed), or undefined. */
function callsOnly(ts: typeof TS, callback: TS.ArrowFunction | TS.FunctionExpression): GuardedCall[] | undefined {
  const out: GuardedCall[] = [];
  const statements = ts.isBlock(callback.body) ? [...callback.body.statements] : undefined;
  if (!statements) {
    const call = skipOuter(ts, callback.body as TS.Expression);
    return ts.isCallExpression(call) ? [{ call }] : undefined;
  }
  for (const statement of statements) {
    const inner =
      ts.isIfStatement(statement) && !statement.elseStatement
        ? ts.isBlock(statement.thenStatement)
          ? statement.thenStatement.statements.length === 1
            ? statement.thenStatement.statements[0]
            : undefined
          : statement.thenStatement
        : statement;
    if (!inner || !ts.isExpressionStatement(inner)) return undefined;
    const call = skipOuter(ts, inner.expression);
    if (!ts.isCallExpression(call)) return undefined;
    out.push(inner === statement ? { call } : { call, guard: (statement as TS.IfStatement).expression });
  }
  return out;
}

/** The component's props by name: destructured from its first parameter, or that parameter itself (`props`). */
function propNames(model: FileModel, owner: ComponentDef): Set<string> {
  const parameter = owner.render?.parameters[0];
  if (!parameter) return new Set();
  return new Set(
    model.ts.isIdentifier(parameter.name) ? [`${parameter.name.text}.`] : bindingNames(model.ts, parameter.name),
  );
}

/** `onChange`, `props.onChange`, `onChange?.`: the prop a call calls, when it calls one. */
function propCallee(ts: typeof TS, callee: TS.Expression, props: ReadonlySet<string>): string | undefined {
  const node = skipOuter(ts, callee);
  if (ts.isIdentifier(node)) return props.has(node.text) ? node.text : undefined;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && props.has(`${node.expression.text}.`))
    return `${node.expression.text}.${node.name.text}`;
  return undefined;
}
