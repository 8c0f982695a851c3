import type * as TS from 'typescript';
import type { Fix } from '../../../core/finding';
import { skipOuter } from '../components';
import type { ComponentDef } from '../components';
import type { StateSlot } from '../dependencies';
import { outermost, requiredDependencies, stateSlots } from '../dependencies';
import type { HookCall } from '../model';
import { bodyStatementOf } from '../model';
import type { ReactRule, ReactRuleContext } from '../rule';
import { freeIdentifiers, isFunctionLike, localsOf, moduleNames } from '../scopes';

/** Globals whose functions are pure: a value computed from them and the component's values is derived. */
const PURE_GLOBALS = new Set(['Math', 'JSON', 'Object', 'Array', 'String', 'Number', 'Boolean', 'undefined', 'NaN']);

/**
 * `useEffect(() => { setX(f(props, state)) }, [deps])`: state that only mirrors other values. The component
 * renders once with the stale value, then the effect sets it and it renders again; computing the value during
 * render (with `useMemo` when it costs something) gives the same result in one render and one less state.
 */
export const derivedStateInEffect: ReactRule = {
  id: 'derived-state-in-effect',
  assistant: 'react',
  title: 'State derived from props or state is set in an effect',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Compute {count} derived value(s) during render instead of in effects',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'The value is the same, one render earlier; check the component’s tests and that nothing else set the removed state.',
    skills: ['React'],
  },
  docs: `
## Why it matters

An effect runs after the render is on screen. When all it does is set state computed from props or other
state (\`useEffect(() => setVisible(items.filter(f)), [items])\`), every change of \`items\` costs two renders: one
with the stale \`visible\`, painted, then another with the new one, and every child renders twice. The stale
frame can flash on screen, and the extra state can drift from what it mirrors.

Reported when the effect does nothing but call state setters with values computed from the component's props,
state and module-level functions (not from refs, the DOM or other outside systems, which effects are for). An
effect that only sets constants (\`setMounted(true)\`, \`setLoading(false)\`) is a flag for "after the first render"
(hydration guards, loading states) and is not reported, nor is one that runs once (\`[]\`) and sets the value the
state started with (\`useState(activeLink)\`, then \`setLink(activeLink)\`): that is the same value, and React
renders nothing again for it.

## How to fix it

Compute the value during render: \`const visible = useMemo(() => items.filter(f), [items])\`, or a plain
\`const\` when it is cheap. The quick fix does this when the state is set nowhere else: it removes the state and
the effect and declares the value where the effect was.

## When to ignore it

When the state is also changed by the user (an editable copy of a prop): then it is not derived, and a \`key\`
on the component resets it instead.
`,
  check(context) {
    const { model } = context;
    for (const hook of model.hooks)
      if ((hook.name === 'useEffect' || hook.name === 'useLayoutEffect') && hook.owner?.kind !== 'class')
        checkEffect(context, hook);
  },
};

function checkEffect(context: ReactRuleContext, hook: HookCall): void {
  const { model, edits, report } = context;
  const ts = model.ts;
  const owner = hook.owner;
  const render = owner?.render;
  const [callbackArgument, depsArgument] = hook.call.arguments;
  if (!owner || !render || !callbackArgument || !depsArgument || !ts.isArrayLiteralExpression(depsArgument)) return;
  const callback = skipOuter(ts, callbackArgument);
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return;
  if (callback.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return;
  const expressions = effectExpressions(ts, callback);
  if (!expressions?.length) return;
  const slots = stateSlots(model, owner);
  const calls: { call: TS.CallExpression; slot: StateSlot; value: TS.Expression }[] = [];
  for (const expression of expressions) {
    const call = skipOuter(ts, expression);
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.arguments.length !== 1) return;
    const slot = slots.find((s) => s.setter === (call.expression as TS.Identifier).text);
    const value = call.arguments[0];
    if (!slot || isFunctionLike(ts, skipOuter(ts, value))) return;
    calls.push({ call, slot, value });
  }
  const locals = localsOf(ts, render);
  const atModule = moduleNames(ts, model.source);
  const refs = refNames(model, owner);
  // State the user also changes (a setter called elsewhere) is not derived: it is an editable copy.
  const effect = bodyStatementOf(hook.call, render);
  const rest = ts.isBlock(render.body!) ? render.body.statements.filter((s) => s !== effect) : [];
  // Only statements whose text names the setter are walked (an escape such as `\u0073etX` may name it too).
  const text = model.source.text;
  const setElsewhere = (setter: string) =>
    rest.some((s) => {
      const statement = text.slice(s.pos, s.end);
      return (statement.includes(setter) || statement.includes('\\')) && freeIdentifiers(ts, s).includes(setter);
    });
  // A value that reads nothing of the component (`setMounted(true)`) is a flag for "after the first render",
  // or after each change of the dependencies: computing it during render would drop the render it exists for.
  const readsComponent = (value: TS.Expression) => freeIdentifiers(ts, value).some((n) => locals.has(n));
  if (!calls.some(({ value }) => readsComponent(value))) return;
  // An effect that runs once, on mount, setting the very value the state started with (`useState(activeLink)`,
  // then `setLink(activeLink)` with `[]`): the same value in the same render's closure, so React skips the render.
  // Redundant, but it costs no render; an allocating value (`items || []`) would be a new one and is still reported.
  if (
    !depsArgument.elements.length &&
    calls.every(({ value, slot }) => slot.initial && sameValue(ts, model.source, value, slot.initial))
  )
    return;
  for (const { value, slot } of calls) {
    if (setElsewhere(slot.setter)) return;
    const free = freeIdentifiers(ts, value);
    if (free.includes(slot.value) || free.some((n) => refs.has(n))) return;
    if (!free.every((n) => locals.has(n) || atModule.has(n) || PURE_GLOBALS.has(n))) return;
  }
  for (const { call, slot, value } of calls) {
    if (!readsComponent(value)) continue;
    const fix = calls.length === 1 ? computeInRender(context, owner, hook, slot, value) : undefined;
    report({
      range: edits.rangeOf(call),
      message: `\`${slot.value}\` is only ever set here, from values ${owner.name} already has: the effect runs after the render, so each change renders ${owner.name} (and its children) twice, first with the stale \`${slot.value}\`. Compute it during render${fix ? '' : ' (useMemo when it costs something)'} and drop the state.`,
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
}

/** The same expression, written the same way, that makes nothing new when evaluated (no call, no literal object). */
function sameValue(ts: typeof TS, source: TS.SourceFile, a: TS.Expression, b: TS.Expression): boolean {
  const text = (node: TS.Expression) => skipOuter(ts, node).getText(source).replace(/\s+/g, '');
  return !containsWork(ts, a) && text(a) === text(b);
}

/** The expressions an effect's callback consists of, or undefined when it does anything else (returns a cleanup, declares). */
function effectExpressions(
  ts: typeof TS,
  callback: TS.ArrowFunction | TS.FunctionExpression,
): TS.Expression[] | undefined {
  if (!ts.isBlock(callback.body)) return [callback.body];
  const out: TS.Expression[] = [];
  for (const statement of callback.body.statements) {
    if (!ts.isExpressionStatement(statement)) return undefined;
    out.push(statement.expression);
  }
  return out;
}

function refNames(model: ReactRuleContext['model'], owner: ComponentDef): Set<string> {
  const ts = model.ts;
  const out = new Set<string>();
  for (const hook of model.hooks)
    if (hook.owner === owner && hook.name === 'useRef' && ts.isVariableDeclaration(hook.call.parent))
      if (ts.isIdentifier(hook.call.parent.name)) out.add(hook.call.parent.name.text);
  return out;
}

/**
 * Removes the state and the effect and declares the value where the effect was (after everything it reads):
 * only when the value is not read between the state's declaration and the effect.
 */
function computeInRender(
  { model, edits }: ReactRuleContext,
  owner: ComponentDef,
  hook: HookCall,
  slot: StateSlot,
  value: TS.Expression,
): Fix | undefined {
  const ts = model.ts;
  const render = owner.render!;
  const effect = bodyStatementOf(hook.call, render);
  if (!slot.statement || !effect || !ts.isExpressionStatement(effect) || skipOuter(ts, effect.expression) !== hook.call)
    return undefined;
  const body = render.body as TS.Block;
  const from = body.statements.indexOf(slot.statement);
  const to = body.statements.indexOf(effect);
  if (from < 0 || to < from) return undefined;
  const between = body.statements.slice(from + 1, to);
  if (between.some((s) => freeIdentifiers(ts, s).includes(slot.value))) return undefined;
  const text = value.getText(model.source);
  const type = slot.typeArgument?.getText(model.source);
  const costly = containsWork(ts, value);
  let declaration: string;
  const importEdits = [];
  if (costly) {
    const deps = outermost(requiredDependencies(model, render, value)).map((d) => d.path);
    const useMemo = edits.react('useMemo');
    importEdits.push(...useMemo.edits);
    const body = ts.isObjectLiteralExpression(skipOuter(ts, value)) ? `(${text})` : text;
    declaration = `const ${slot.value} = ${useMemo.text}${type ? `<${type}>` : ''}(() => ${body}, [${deps.join(', ')}]);`;
  } else declaration = `const ${slot.value}${type ? `: ${type}` : ''} = ${text};`;
  return {
    title: costly
      ? `Compute ${slot.value} with useMemo instead of state and an effect`
      : `Compute ${slot.value} during render`,
    edits: [edits.deleteLines(slot.statement), edits.replace(effect, declaration), ...importEdits],
    isPreferred: true,
  };
}

/** Whether computing the value does work worth memoising: a call, `new`, a literal that allocates. */
function containsWork(ts: typeof TS, node: TS.Node): boolean {
  if (
    ts.isCallExpression(node) ||
    ts.isNewExpression(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isTaggedTemplateExpression(node)
  )
    return true;
  return ts.forEachChild(node, (child) => containsWork(ts, child) || undefined) ?? false;
}
