import type * as TS from 'typescript';
import type { ComponentDef } from '../components';
import { skipOuter } from '../components';
import { EFFECT_HOOKS, dependencyHooks, listedPath, stableIn, stateSlots } from '../dependencies';
import type { FileModel } from '../model';
import { functionsBetween } from '../model';
import type { ReactRule } from '../rule';
import { freeIdentifiers, isFunctionLike } from '../scopes';

/**
 * `useEffect(() => { if (submitted) post(form) }, [submitted])` where only an event handler sets `submitted`:
 * an action (a request, a navigation, a toast, an analytics event) run because of an event, routed through
 * state and an effect. It runs a render late, costs the render that sets the flag, and runs again whenever the
 * effect re-runs with the flag still set. It belongs in the handler.
 */
export const effectAsEventHandler: ReactRule = {
  id: 'effect-as-event-handler',
  assistant: 'react',
  title: 'An effect runs an event’s action because a flag state changed',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Move {count} event action(s) from effects into their handlers',
    baseHours: 1,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation:
      'The action runs at the event instead of a render later; check that it does not depend on state the handler sets (pass the new values explicitly) and that the flag state can go.',
    skills: ['React'],
  },
  docs: `
## Why it matters

An event handler that only sets a flag (\`setSubmitted(true)\`) so that an effect does the real work
(\`if (submitted) post(form)\`) pays a render to set the flag, runs the action a render late, and ties the action
to the flag rather than to the event: the effect runs it again whenever it re-runs with the flag still set (one of
its other dependencies changes, the component remounts, Strict Mode's development double run), so a form can be
posted twice. The flag state often exists only for this.

Reported when an effect's body is an \`if\` on a state that only event handlers set, whose branch calls something
other than state setters and refs (a request, \`navigate\`, a toast, tracking). Effects that synchronise with the
DOM through refs (focusing an input when a dialog opens) or return a cleanup are not reported.

## How to fix it

Do the action in the handler, with the values it needs (\`function handleSubmit() { post(form) }\`), and remove
the flag state when nothing else reads it.

## When to ignore it

When the action must see the DOM after the render the flag causes (measure, scroll into view); then it is an
effect's job.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const found of dependencyHooks(model)) {
      const owner = found.hook.owner;
      if (!EFFECT_HOOKS.has(found.name) || !owner || owner.render !== found.scope) continue;
      const branch = onlyIf(ts, found.callback);
      if (!branch) continue;
      const slots = stateSlots(model, owner);
      const listed = new Set(found.list.elements.map((e) => listedPath(ts, e)));
      const flag = slots.find((s) => listed.has(s.value) && freeIdentifiers(ts, branch.expression).includes(s.value));
      if (!flag) continue;
      const setters = new Set(slots.map((s) => s.setter));
      const refs = stableIn(model, found.scope);
      const actions = actionCalls(ts, branch.thenStatement).filter((call) => {
        const root = rootName(ts, call.expression);
        return !root || (!setters.has(root) && !refs.has(root));
      });
      if (!actions.length) continue;
      const handlers = settingHandlers(model, owner, flag.setter, found.callback);
      if (!handlers?.length) continue;
      const action = actions[0].expression.getText(model.source);
      report({
        range: edits.rangeOf(branch.expression),
        message: `This effect calls \`${action}\` because \`${flag.value}\` changed, and only ${handlers.join(', ')} set${handlers.length === 1 ? 's' : ''} it: the action belongs in that handler. Here it runs a render late, after a render spent on the flag, and again whenever the effect re-runs with \`${flag.value}\` still set.`,
      });
    }
  },
};

/** The `if` (without `else`) an effect's body consists of. */
function onlyIf(ts: typeof TS, callback: TS.ArrowFunction | TS.FunctionExpression): TS.IfStatement | undefined {
  if (!ts.isBlock(callback.body) || callback.body.statements.length !== 1) return undefined;
  const [statement] = callback.body.statements;
  if (!ts.isIfStatement(statement) || statement.elseStatement || containsReturn(ts, statement)) return undefined;
  return statement;
}

function containsReturn(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isReturnStatement(node)) return true;
  if (isFunctionLike(ts, node)) return false;
  return ts.forEachChild(node, (child) => containsReturn(ts, child) || undefined) ?? false;
}

/** The calls a branch makes itself (not those inside callbacks it passes on). */
function actionCalls(ts: typeof TS, branch: TS.Node): TS.CallExpression[] {
  const out: TS.CallExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (isFunctionLike(ts, node)) return;
    if (ts.isCallExpression(node)) out.push(node);
    ts.forEachChild(node, visit);
  };
  visit(branch);
  return out;
}

/** `a.b.c` → `a`; `f` → `f`; undefined for anything else (`(x || y)()`). */
function rootName(ts: typeof TS, callee: TS.Expression): string | undefined {
  let node = skipOuter(ts, callee);
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))
    node = skipOuter(ts, node.expression);
  if (ts.isCallExpression(node)) return rootName(ts, node.expression);
  return ts.isIdentifier(node) ? node.text : undefined;
}

/**
 * The event handlers that set `setter`'s flag to fixed values (`handleSubmit`, `onClick`), or undefined when
 * anything but them and `effect` sets it (the render, another effect, a callback that is not an event's) or a
 * handler sets it to data (an input's text is not a flag).
 */
function settingHandlers(model: FileModel, owner: ComponentDef, setter: string, effect: TS.Node): string[] | undefined {
  const ts = model.ts;
  const render = owner.render!;
  const handlers = new Set<string>();
  let other = false;
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === setter) {
      const outermost = functionsBetween(ts, node, render).pop();
      // The effect resetting its own flag (`setSubmitted(false)`) is part of the pattern.
      if (outermost !== effect) {
        const name = outermost && setsFlag(ts, node) ? handlerName(ts, render, outermost) : undefined;
        if (name) handlers.add(name);
        else other = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(render);
  return other ? undefined : [...handlers];
}

/** `setX(true)`, `setStatus('paid')`, `setOpen(!open)`: a flag set to a fixed value, not data from the event. */
function setsFlag(ts: typeof TS, call: TS.CallExpression): boolean {
  const argument = call.arguments[0] && skipOuter(ts, call.arguments[0]);
  if (!argument || call.arguments.length !== 1) return false;
  if (ts.isPrefixUnaryExpression(argument) && argument.operator === ts.SyntaxKind.ExclamationToken)
    return ts.isIdentifier(skipOuter(ts, argument.operand));
  return (
    ts.isStringLiteral(argument) ||
    ts.isNumericLiteral(argument) ||
    ts.isNoSubstitutionTemplateLiteral(argument) ||
    argument.kind === ts.SyntaxKind.TrueKeyword ||
    argument.kind === ts.SyntaxKind.FalseKeyword ||
    argument.kind === ts.SyntaxKind.NullKeyword
  );
}

/** The name an event handler goes by: its JSX event attribute, or its own name when the render declares it. */
function handlerName(ts: typeof TS, render: TS.Node, fn: TS.Node): string | undefined {
  const parent = fn.parent;
  if (ts.isJsxExpression(parent) && ts.isJsxAttribute(parent.parent)) {
    const attribute = parent.parent.name.getText();
    return /^on[A-Z]/.test(attribute) ? `the \`${attribute}\` handler` : undefined;
  }
  const name =
    ts.isFunctionDeclaration(fn) && fn.name
      ? fn.name.text
      : ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)
        ? parent.name.text
        : undefined;
  if (!name || !isHandlerUse(ts, render, name)) return undefined;
  return `\`${name}\``;
}

/** A render-local function named like a handler or passed to a JSX event attribute. */
function isHandlerUse(ts: typeof TS, render: TS.Node, name: string): boolean {
  if (/^(handle|on)[A-Z]/.test(name)) return true;
  const visit = (node: TS.Node): boolean => {
    if (ts.isJsxAttribute(node) && /^on[A-Z]/.test(node.name.getText())) {
      const value = node.initializer && ts.isJsxExpression(node.initializer) ? node.initializer.expression : undefined;
      if (value && ts.isIdentifier(value) && value.text === name) return true;
    }
    return ts.forEachChild(node, (child) => visit(child) || undefined) ?? false;
  };
  return visit(render);
}
