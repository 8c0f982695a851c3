import type * as TS from 'typescript';
import type { Fix, TextEdit } from '../../core/finding';
import type { ComponentDef } from './components';
import { skipOuter } from './components';
import type { ReactEdits } from './edits';
import { outermost, requiredDependencies } from './dependencies';
import { bodyStatementOf, functionsBetween } from './model';
import type { FileModel } from './model';
import type { FunctionLike } from './scopes';
import { freeIdentifiers, isFunctionLike, localsOf } from './scopes';

/**
 * Values created anew on every render, and the edits that make them stable: hoisted to module scope when
 * they use nothing of the component, else wrapped in `useCallback`/`useMemo` with the component values they
 * use as dependencies, declared just before the statement that renders them.
 */

export type UnstableKind = 'object' | 'array' | 'function' | 'jsx' | 'bind';

const KIND_WORDS: Record<UnstableKind, string> = {
  object: 'an object literal',
  array: 'an array literal',
  function: 'an inline function',
  jsx: 'a JSX element',
  bind: 'a `.bind()` result',
};

export function describeUnstable(kind: UnstableKind): string {
  return KIND_WORDS[kind];
}

export function unstableKind(ts: typeof TS, expression: TS.Expression): UnstableKind | undefined {
  const node = skipOuter(ts, expression);
  if (ts.isObjectLiteralExpression(node)) return 'object';
  if (ts.isArrayLiteralExpression(node)) return 'array';
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return 'function';
  if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return 'jsx';
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'bind'
  )
    return 'bind';
  return undefined;
}

export interface StabiliseRequest {
  model: FileModel;
  edits: ReactEdits;
  value: TS.Expression;
  kind: UnstableKind;
  owner: ComponentDef;
  /** A name for the new binding (`cardStyle`, `handleCardClick`). */
  name: string;
  /** The type the value gets from where it is passed (TS files), used when moving it would lose it. */
  contextualType?: () => { text: string; edits: TextEdit[] };
}

export interface Stabilised {
  fixes: Fix[];
  /** Values of a callback around the element (a `.map` item) the value uses: it cannot leave that callback. */
  capturedFromCallback: string[];
  /** The component's own values it uses (the dependencies, stable ones left out). */
  dependencies: string[];
  /**
   * Dependencies that are themselves new on every render (functions declared in the render, unwrapped literals):
   * until they are stable too, the hook's value changes on every render anyway.
   */
  unstableDependencies: string[];
}

export function stabilise(request: StabiliseRequest): Stabilised {
  const { model, edits, value, kind, owner } = request;
  const ts = model.ts;
  const render = owner.render;
  const none = (captured: string[] = []) => ({
    fixes: [],
    capturedFromCallback: captured,
    dependencies: [],
    unstableDependencies: [],
  });
  if (!render) return none();
  const free = freeIdentifiers(ts, value);
  const nested = new Set(functionsBetween(ts, value, render).flatMap((fn) => [...localsOf(ts, fn)]));
  const fromCallback = free.filter((name) => nested.has(name));
  if (fromCallback.length) return none(fromCallback);
  const locals = localsOf(ts, render);
  const captured = free.filter((name) => locals.has(name) || name === 'this');
  const required = outermost(requiredDependencies(model, render, value));
  const dependencies = required.map((d) => d.path);
  const unstableDependencies = [
    ...new Set(required.filter((d) => isUnstableLocal(ts, render, d.name)).map((d) => d.name)),
  ];
  const caveat = unstableDependencies.length
    ? `${unstableDependencies.join(', ')} ${unstableDependencies.length === 1 ? 'is' : 'are'} new on every render too: wrap ${unstableDependencies.length === 1 ? 'it' : 'them'} in useCallback/useMemo as well, or this value still changes on every render.`
    : undefined;
  const text = value.getText(model.source);
  const typed = /\.[cm]?tsx?$/i.test(model.file) && needsContextualType(ts, value);
  const fixes: Fix[] = [];
  const name = edits.freshName(request.name);

  if (captured.length === 0) {
    const type = typed ? request.contextualType?.() : undefined;
    fixes.push({
      title: `Hoist ${describeUnstable(kind)} to module scope as \`${name}\``,
      edits: [
        edits.insertBefore(owner.statement, `const ${name}${type ? `: ${type.text}` : ''} = ${text};`, true),
        edits.replace(value, name),
        ...(type?.edits ?? []),
      ],
      isPreferred: true,
    });
  }

  const statement = owner.kind !== 'class' && !captured.includes('this') ? bodyStatementOf(value, render) : undefined;
  if (statement && !returnsBefore(ts, render, statement)) {
    const type = typed ? request.contextualType?.() : undefined;
    const memoised = memoCall(edits, kind, text, dependencies, type?.text);
    fixes.push({
      title: `Wrap in ${memoised.hook}${dependencies.length ? ` with [${dependencies.join(', ')}]` : ''}`,
      edits: [
        edits.insertBefore(statement, `const ${name} = ${memoised.text};`),
        edits.replace(value, name),
        ...memoised.edits,
        ...(type?.edits ?? []),
      ],
      ...(fixes.length ? {} : { isPreferred: true }),
      ...(caveat ? { detail: caveat } : {}),
    });
  }
  return { fixes, capturedFromCallback: [], dependencies, unstableDependencies };
}

/**
 * `useCallback(fn, [deps])` for a function, `useMemo(() => value, [deps])` for anything else, with React's hook
 * named as the file names it (and the import edit that needs); `type` is the value's type when it must be kept.
 */
export function memoCall(
  edits: ReactEdits,
  kind: UnstableKind,
  text: string,
  dependencies: readonly string[],
  type?: string,
): { hook: string; text: string; edits: TextEdit[] } {
  const hook = kind === 'function' ? 'useCallback' : 'useMemo';
  const imported = edits.react(hook);
  const typeArgument = type ? `<${hook === 'useCallback' ? `NonNullable<${type}>` : type}>` : '';
  const body = kind === 'function' ? text : kind === 'object' ? `() => (${text})` : `() => ${text}`;
  return {
    hook,
    text: `${imported.text}${typeArgument}(${body}, [${dependencies.join(', ')}])`,
    edits: imported.edits,
  };
}

/** A name the render declares as a function, or binds to a literal, function or element made on every render. */
export function isUnstableLocal(ts: typeof TS, render: FunctionLike, name: string): boolean {
  if (!render.body || !ts.isBlock(render.body)) return false;
  for (const statement of render.body.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return true;
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer)
        return unstableKind(ts, declaration.initializer) !== undefined;
  }
  return false;
}

/** A `return` in the render's body before `statement`: a hook declared after it would run conditionally. */
export function returnsBefore(ts: typeof TS, render: FunctionLike, statement: TS.Statement): boolean {
  const body = render.body;
  if (!body || !ts.isBlock(body)) return true;
  const first = firstReturning(ts, body);
  if (first < 0) return false;
  const at = body.statements.indexOf(statement);
  return at < 0 || first < at;
}

// Kept per body: each unstable value of a component asked, walking every statement before the one that renders it.
const FIRST_RETURNING = new WeakMap<TS.Block, number>();

/** The index of the body's first statement that holds a `return` (not inside a nested function), or -1. */
function firstReturning(ts: typeof TS, body: TS.Block): number {
  let first = FIRST_RETURNING.get(body);
  if (first === undefined) {
    first = body.statements.findIndex((current) => containsReturn(ts, current));
    FIRST_RETURNING.set(body, first);
  }
  return first;
}

function containsReturn(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isReturnStatement(node)) return true;
  if (isFunctionLike(ts, node) || ts.isClassLike(node)) return false;
  return ts.forEachChild(node, (child) => containsReturn(ts, child) || undefined) ?? false;
}

/**
 * Whether a value loses type information when moved away from the prop it is passed to: a function whose
 * parameters have no annotation (they were typed by the prop), or literals that would widen (`'absolute'`
 * becomes `string`).
 */
function needsContextualType(ts: typeof TS, value: TS.Expression): boolean {
  const visit = (node: TS.Node): boolean => {
    if (isFunctionLike(ts, node)) {
      if (node.parameters.some((p) => !p.type)) return true;
      return false;
    }
    if (
      ts.isStringLiteral(node) ||
      ts.isNumericLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      node.kind === ts.SyntaxKind.TrueKeyword ||
      node.kind === ts.SyntaxKind.FalseKeyword
    )
      return !ts.isJsxAttribute(node.parent);
    if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return false;
    return ts.forEachChild(node, (child) => visit(child) || undefined) ?? false;
  };
  return visit(skipOuter(ts, value));
}

/** `onClick` on `Card` → `handleCardClick`; `style` → `cardStyle`. */
export function bindingName(tag: string, attribute: string, kind: UnstableKind): string {
  const element = tag
    .split('.')
    .pop()!
    .replace(/[^\w$]/g, '');
  const lower = element[0].toLowerCase() + element.slice(1);
  const upper = element[0].toUpperCase() + element.slice(1);
  if (kind === 'function' || kind === 'bind') {
    const event = attribute.replace(/^on(?=[A-Z])/, '');
    return `handle${upper}${event[0].toUpperCase()}${event.slice(1)}`;
  }
  return `${lower}${attribute[0].toUpperCase()}${attribute.slice(1)}`;
}
