import type * as TS from 'typescript';
import { skipOuter } from './components';
import type { ComponentDef } from './components';
import type { FileModel, HookCall } from './model';
import { hookName } from './model';
import type { FunctionLike } from './scopes';
import { bindingNames, declaredWithin, isFunctionLike, isRead, localsOf } from './scopes';

/**
 * What a hook's dependency list must hold, read from the syntax alone: the values of the component (or custom
 * hook) a callback reads, as the paths it reads them by (`user`, `props.id`, `filter?.query`), stable values left
 * out. The `useCallback`/`useMemo` quick fixes and the dependency-list rules use this one analysis, so a fix
 * never writes a list another rule would object to.
 */

/** React's hooks that take a dependency list: where their callback and list are. Custom hooks are not judged. */
export const DEPENDENCY_HOOKS: ReadonlyMap<string, { callback: number; deps: number }> = new Map([
  ['useEffect', { callback: 0, deps: 1 }],
  ['useLayoutEffect', { callback: 0, deps: 1 }],
  ['useInsertionEffect', { callback: 0, deps: 1 }],
  ['useMemo', { callback: 0, deps: 1 }],
  ['useCallback', { callback: 0, deps: 1 }],
  ['useImperativeHandle', { callback: 1, deps: 2 }],
]);

export const EFFECT_HOOKS = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect']);

const REACT_MODULES = new Set(['react', 'preact/compat', 'preact/hooks']);

export interface Dependency {
  /** The root name (`props` of `props.id`). */
  name: string;
  /** The path as read, optional chains kept (`filter?.query`); a method's object for a call (`items` of `items.map()`). */
  path: string;
  /** For a method call, the path with the method (`props.onChange` of `props.onChange()`): listing it is enough too. */
  callee?: string;
}

/** A hook call with a callback and a literal dependency list, in the component or custom hook that calls it. */
export interface DependencyHook {
  hook: HookCall;
  name: string;
  callback: TS.ArrowFunction | TS.FunctionExpression;
  list: TS.ArrayLiteralExpression;
  /** The component's render or the custom hook's function whose top level calls it. */
  scope: FunctionLike;
  /**
   * The team silenced the hooks' lint rule on this list (`eslint-disable-next-line react-hooks/exhaustive-deps`,
   * oxlint's and Biome's equivalents, before the hook or its list, or at the end of its line): a decision
   * already made about this very list.
   */
  lintSilenced: boolean;
}

const SILENCED =
  /(?:eslint|oxlint)-disable(?:-next-line|-line)?\b[^\n]*react-hooks\/exhaustive-deps|biome-ignore[^\n]*useExhaustiveDependencies/;

/** A directive that silences every rule (no rule named, at most a `-- reason`), ending its line. */
const SILENCES_ALL_NEXT = /(?:eslint|oxlint)-disable-next-line\s*(?:--[^\n]*)?(?:\*\/)?\s*$/;
const SILENCES_ALL_HERE = /(?:eslint|oxlint)-disable-line\s*(?:--[^\n]*)?(?:\*\/)?\s*$/;

/**
 * A comment silencing `react-hooks/exhaustive-deps` from the line before the call to the line it ends on; or one
 * silencing every rule (`// eslint-disable-next-line` alone) on the line before the call or before its list, or
 * at the end of the list's line: that silences the hooks' rule there too, and was written for it.
 */
function lintSilenced(model: FileModel, call: TS.CallExpression, list: TS.ArrayLiteralExpression): boolean {
  const text = model.text;
  const start = call.getStart(model.source);
  const lineStart = text.lastIndexOf('\n', start - 1);
  const from = lineStart <= 0 ? 0 : text.lastIndexOf('\n', lineStart - 1) + 1;
  const lineEnd = text.indexOf('\n', call.end);
  if (SILENCED.test(text.slice(from, lineEnd < 0 ? text.length : lineEnd))) return true;
  if (inDisabledBlock(model, start)) return true;
  const lineBefore = (at: number) => {
    const own = text.lastIndexOf('\n', at - 1);
    if (own <= 0) return '';
    return text.slice(text.lastIndexOf('\n', own - 1) + 1, own);
  };
  const listStart = list.getStart(model.source);
  const listLineEnd = text.indexOf('\n', list.end);
  const listLine = text.slice(text.lastIndexOf('\n', listStart - 1) + 1, listLineEnd < 0 ? text.length : listLineEnd);
  return (
    SILENCES_ALL_NEXT.test(lineBefore(start)) ||
    SILENCES_ALL_NEXT.test(lineBefore(listStart)) ||
    SILENCES_ALL_HERE.test(listLine)
  );
}

/** `/* eslint-disable react-hooks/exhaustive-deps *\/` (or every rule): off from there to an `eslint-enable`. */
const BLOCK_DISABLE =
  /\/\*\s*(?:eslint|oxlint)-disable(?:\s+[^*]*react-hooks\/exhaustive-deps[^*]*|\s*(?:--[^*]*)?)\*\//g;
const BLOCK_ENABLE = /\/\*\s*(?:eslint|oxlint)-enable\b(?:\s*(?:--[^*]*)?|[^*]*react-hooks\/exhaustive-deps[^*]*)\*\//g;
const BLOCKS = new WeakMap<FileModel, { from: number; to: number }[]>();

/** Whether `offset` lies in a block where the hooks' rule is disabled by a block comment. */
function inDisabledBlock(model: FileModel, offset: number): boolean {
  let blocks = BLOCKS.get(model);
  if (!blocks) {
    blocks = [];
    const text = model.text;
    if (text.includes('-disable')) {
      const enables = [...text.matchAll(BLOCK_ENABLE)].map((m) => m.index);
      for (const m of text.matchAll(BLOCK_DISABLE)) {
        const to = enables.find((e) => e > m.index) ?? text.length;
        blocks.push({ from: m.index, to });
      }
    }
    BLOCKS.set(model, blocks);
  }
  return blocks.some((b) => b.from < offset && offset < b.to);
}

/** `?.` read as `.`: `a?.b` and `a.b` are the same dependency. */
export function normalPath(path: string): string {
  return path.replace(/\?\./g, '.').replace(/\s+/g, '');
}

/** Whether listing `listed` keeps a callback that reads `dependency` current. */
export function covers(listed: string, dependency: Dependency): boolean {
  const have = normalPath(listed);
  const need = normalPath(dependency.path);
  return (
    need === have ||
    need.startsWith(`${have}.`) ||
    (dependency.callee !== undefined && normalPath(dependency.callee) === have)
  );
}

/** React's hooks as this file names them: `useEffect` imported from React, or `React.useEffect`. */
export function isReactHook(model: FileModel, call: TS.CallExpression, name: string): boolean {
  const ts = model.ts;
  const callee = call.expression;
  if (ts.isIdentifier(callee)) {
    const binding = model.imports.get(callee.text);
    return binding !== undefined && REACT_MODULES.has(binding.specifier) && binding.name === name;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const binding = model.imports.get(callee.expression.text);
    return (
      binding !== undefined &&
      REACT_MODULES.has(binding.specifier) &&
      (binding.name === 'default' || binding.name === '*')
    );
  }
  return false;
}

/** The innermost function around `node`. */
export function enclosingFunction(ts: typeof TS, node: TS.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(ts, current)) return current;
  return undefined;
}

/** `function useX() {}`, `const useX = () => {}`: a custom hook, whose values are a component's values too. */
function isCustomHook(ts: typeof TS, fn: FunctionLike): boolean {
  const name =
    fn.name && ts.isIdentifier(fn.name)
      ? fn.name.text
      : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
        ? fn.parent.name.text
        : undefined;
  return name !== undefined && /^use[A-Z0-9]/.test(name);
}

/** The dependency-list rules' docs on lists whose lint rule the team silenced. */
export const SILENCED_LISTS_DOC = `A list on which the hooks' lint rule is silenced (\`// eslint-disable-next-line react-hooks/exhaustive-deps\`, or
oxlint's and Biome's equivalents, a bare \`// eslint-disable-next-line\` that silences every rule on the list's line or
the hook's, or a \`/* eslint-disable react-hooks/exhaustive-deps */\` block above it not yet ended by
\`/* eslint-enable */\`) is taken as decided and not reported.`;

/** The hooks whose dependency lists the dependency-list rules judge: those the team has not silenced. */
export function judgedLists(model: FileModel): DependencyHook[] {
  return dependencyHooks(model).filter((h) => !h.lintSilenced);
}

/** React's hooks with a callback and a literal dependency list, called by a component or a custom hook. */
export function dependencyHooks(model: FileModel): DependencyHook[] {
  const ts = model.ts;
  const out: DependencyHook[] = [];
  for (const hook of model.hooks) {
    const at = DEPENDENCY_HOOKS.get(hook.name);
    if (!at || !isReactHook(model, hook.call, hook.name)) continue;
    const callbackArgument = hook.call.arguments[at.callback];
    const listArgument = hook.call.arguments[at.deps];
    if (!callbackArgument || !listArgument) continue;
    const callback = skipOuter(ts, callbackArgument);
    const list = skipOuter(ts, listArgument);
    if (!(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || !ts.isArrayLiteralExpression(list))
      continue;
    const scope = enclosingFunction(ts, hook.call);
    if (!scope || (hook.owner?.render !== scope && !isCustomHook(ts, scope))) continue;
    out.push({ hook, name: hook.name, callback, list, scope, lintSilenced: lintSilenced(model, hook.call, list) });
  }
  return out;
}

/**
 * Hooks whose second element React keeps the same across renders: the setter, `dispatch`, `startTransition`,
 * `useOptimistic`'s and `useActionState`'s dispatchers (each kept on the hook's queue, like `useReducer`'s).
 */
const SETTER_SECOND = new Set(['useState', 'useReducer', 'useTransition', 'useOptimistic', 'useActionState']);

/**
 * Values React keeps the same across renders, declared at the top of `scope`: state setters, `dispatch`,
 * refs, `startTransition`, effect events, and Reanimated's shared values and animated refs. Leaving them out of a dependency list is what the hooks' lint rules
 * expect too.
 */
export function stableIn(model: FileModel, scope: FunctionLike): ReadonlySet<string> {
  let byScope = STABLE.get(model);
  if (!byScope) STABLE.set(model, (byScope = new Map()));
  let stable = byScope.get(scope);
  if (!stable) byScope.set(scope, (stable = collectStable(model, scope)));
  return stable;
}

// Kept per analysis (a model is made per analysis) and scope: every dependency question of every rule asked it
// again, each time walking up from each of the file's hooks to its function.
const STABLE = new WeakMap<FileModel, Map<FunctionLike, ReadonlySet<string>>>();

function collectStable(model: FileModel, scope: FunctionLike): Set<string> {
  const ts = model.ts;
  const out = new Set<string>();
  for (const hook of model.hooks) {
    const declaration = hook.call.parent;
    if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== hook.call) continue;
    if (enclosingFunction(ts, hook.call) !== scope) continue;
    const second = ts.isArrayBindingPattern(declaration.name) ? declaration.name.elements[1] : undefined;
    const secondName =
      second && !ts.isOmittedExpression(second) && ts.isIdentifier(second.name) ? second.name : undefined;
    if (SETTER_SECOND.has(hook.name) && secondName) out.add(secondName.text);
    else if (
      (hook.name === 'useRef' || hook.name === 'useEffectEvent' || animationRef(model, hook.call)) &&
      ts.isIdentifier(declaration.name)
    )
      out.add(declaration.name.text);
  }
  return out;
}

/** Reanimated's hooks that return one object for the component's life, read and written through `.value`. */
const ANIMATION_REFS = new Set(['useSharedValue', 'useAnimatedRef']);

/**
 * `const scale = useSharedValue(1)` (from `react-native-reanimated`): like a ref, the same object on every render,
 * whose `.value` changes without a render; an effect that reads it sees the current value, never a stale one.
 */
function animationRef(model: FileModel, call: TS.CallExpression): boolean {
  const ts = model.ts;
  const callee = call.expression;
  const local = ts.isIdentifier(callee)
    ? model.imports.get(callee.text)
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
      ? model.imports.get(callee.expression.text)
      : undefined;
  if (local?.specifier !== 'react-native-reanimated') return false;
  const name = ts.isIdentifier(callee) ? local.name : (callee as TS.PropertyAccessExpression).name.text;
  return ANIMATION_REFS.has(name);
}

/** `a.b?.c` from the identifier `a` up: the longest plain member chain, up to (not into) `.current`. */
function readPath(ts: typeof TS, identifier: TS.Identifier): Dependency {
  let node: TS.Expression = identifier;
  let path = identifier.text;
  for (;;) {
    const parent: TS.Node = node.parent;
    if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node) break;
    if (!ts.isIdentifier(parent.name) || parent.name.text === 'current') break;
    const grand = parent.parent;
    if (ts.isCallExpression(grand) && grand.expression === parent) {
      const callee = `${path}${parent.questionDotToken ? '?.' : '.'}${parent.name.text}`;
      return { name: identifier.text, path, callee };
    }
    // Written to: the object is what the callback uses.
    if (ts.isBinaryExpression(grand) && grand.left === parent && isAssignment(ts, grand.operatorToken.kind)) break;
    path = `${path}${parent.questionDotToken ? '?.' : '.'}${parent.name.text}`;
    node = parent;
  }
  return { name: identifier.text, path };
}

function isAssignment(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * The values of `scope` (a component's render or a custom hook) that `node` reads, as dependency paths, stable
 * values left out, a path dropped when a shorter one of the same value is read too. Names `node` declares itself
 * (its parameters, its own locals, nested callbacks' parameters) are not dependencies.
 */
export function requiredDependencies(model: FileModel, scope: FunctionLike, node: TS.Node): Dependency[] {
  const ts = model.ts;
  const locals = localsOf(ts, scope);
  const stable = stableIn(model, scope);
  const declared = declaredWithin(ts, node);
  const found = new Map<string, Dependency>();
  const visit = (current: TS.Node): void => {
    if (ts.isTypeNode(current) || ts.isTypeParameterDeclaration(current)) return;
    if (ts.isIdentifier(current)) {
      const name = current.text;
      if (!locals.has(name) || stable.has(name) || declared.has(name) || !isRead(ts, current)) return;
      const dependency = readPath(ts, current);
      const key = normalPath(dependency.path);
      const known = found.get(key);
      if (!known || (known.callee && !dependency.callee)) found.set(key, dependency);
      return;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  // A method call's object (`props` of `props.onChange()`) is also covered by listing the method, so the other
  // paths under it stay: listing `props.onChange` alone must not pass for `props.total`.
  return outermost([...found.values()], (other) => !other.callee);
}

/** The dependencies no other one of the list contains (`a` and `a.b` → `a`): what a list needs written out. */
export function outermost(dependencies: Dependency[], counts: (d: Dependency) => boolean = () => true): Dependency[] {
  return dependencies.filter(
    (d) =>
      !dependencies.some(
        (other) => other !== d && counts(other) && normalPath(d.path).startsWith(`${normalPath(other.path)}.`),
      ),
  );
}

/** A dependency list's element as a path (`a`, `a.b`, `a?.b`), or undefined for anything else (a call, a spread). */
export function listedPath(ts: typeof TS, element: TS.Expression): string | undefined {
  const node = skipOuter(ts, element);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) {
    const object = listedPath(ts, node.expression);
    return object === undefined ? undefined : `${object}${node.questionDotToken ? '?.' : '.'}${node.name.text}`;
  }
  return undefined;
}

/** The top-level declaration of `name` in `scope`'s body: a `const`/`let` declarator or a function declaration. */
export function declarationOf(
  ts: typeof TS,
  scope: FunctionLike,
  name: string,
): { statement: TS.Statement; declaration?: TS.VariableDeclaration } | undefined {
  if (!scope.body || !ts.isBlock(scope.body)) return undefined;
  for (const statement of scope.body.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return { statement };
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return { statement, declaration };
  }
  return undefined;
}

/**
 * Whether a value of `scope` can differ from one render to the next in what a callback would see: props,
 * state, context and anything computed from them do; `useId()`'s id, a `const` computed from module values alone, or a function
 * that reads no value that changes, does not (a callback that kept an old one behaves the same). Calls and
 * `new` are taken to give a new result each time.
 */
export function changesBetweenRenders(model: FileModel, scope: FunctionLike, name: string): boolean {
  return !computedOnlyFrom(model, scope, name, () => false);
}

/**
 * Whether `name` is a `const` of `scope` read out of values a dependency list holds, with no call on the way
 * (`const { rows } = (data ?? {}) as Report` with `data` listed), or a function that reads only such values
 * (`const select = (id) => setPicked({ ...state, id })` with `state` listed): it is the same, or does the same,
 * whenever they are, so a callback that holds an older one cannot go stale, and listing it adds nothing.
 */
export function derivedFromListed(model: FileModel, scope: FunctionLike, name: string, listed: string[]): boolean {
  // A local that changes nothing between renders passes the walk by itself: only the listed values are given.
  return computedOnlyFrom(model, scope, name, (d) => listed.some((p) => covers(p, d)));
}

/**
 * Whether `name` is a `const` (destructuring included) or function declared at the top of `scope` whose value
 * depends only on values `given` accepts and on other such locals, with no call, `new` or `this` on the way.
 * Defaults in a pattern (`{ rows = [] }`) are part of what is computed and must not call either; a function's body
 * runs later, when called, and only what it reads counts. Props, parameters and `let`s are not computed here.
 */
function computedOnlyFrom(
  model: FileModel,
  scope: FunctionLike,
  name: string,
  given: (dependency: Dependency) => boolean,
): boolean {
  const ts = model.ts;
  const seen = new Set<string>();
  const computed = (current: string): boolean => {
    // A local that reads itself (a recursive function) adds nothing the first visit does not.
    if (seen.has(current)) return true;
    seen.add(current);
    const declaration = constDeclaring(ts, scope, current);
    if (!declaration) return false;
    // `const id = useId()`: React gives the component the same id for its whole life.
    if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer) {
      const init = skipOuter(ts, declaration.initializer);
      if (ts.isCallExpression(init) && hookName(ts, init.expression) === 'useId') return true;
    }
    if (!ts.isFunctionDeclaration(declaration) && (!declaration.initializer || callsOrThis(ts, declaration)))
      return false;
    return requiredDependencies(model, scope, declaration).every((d) => given(d) || computed(d.name));
  };
  return computed(name);
}

/** The `const` declarator (destructuring included) or function declaration at the top of `scope`'s body. */
function constDeclaring(
  ts: typeof TS,
  scope: FunctionLike,
  name: string,
): TS.VariableDeclaration | TS.FunctionDeclaration | undefined {
  if (!scope.body || !ts.isBlock(scope.body)) return undefined;
  for (const statement of scope.body.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (bindingNames(ts, declaration.name).includes(name)) return declaration;
  }
  return undefined;
}

function callsOrThis(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) return true;
  if (node.kind === ts.SyntaxKind.ThisKeyword || ts.isAwaitExpression(node)) return true;
  if (isFunctionLike(ts, node)) return false;
  return ts.forEachChild(node, (child) => callsOrThis(ts, child) || undefined) ?? false;
}

/** A `useState` slot of a component. */
export interface StateSlot {
  value: string;
  setter: string;
  statement?: TS.VariableStatement;
  typeArgument?: TS.TypeNode;
  /** `useState`'s argument: the initial value, or the function that makes it. */
  initial?: TS.Expression;
}

/** The component's `useState` slots: the value's and the setter's names, and the statement declaring them. */
export function stateSlots(model: FileModel, owner: ComponentDef): StateSlot[] {
  const ts = model.ts;
  const out: StateSlot[] = [];
  for (const hook of model.hooks) {
    if (hook.owner !== owner || hook.name !== 'useState') continue;
    const declaration = hook.call.parent;
    if (!ts.isVariableDeclaration(declaration) || !ts.isArrayBindingPattern(declaration.name)) continue;
    const [value, setter] = declaration.name.elements;
    if (!value || !setter || ts.isOmittedExpression(value) || ts.isOmittedExpression(setter)) continue;
    if (!ts.isIdentifier(value.name) || !ts.isIdentifier(setter.name)) continue;
    const list = declaration.parent;
    const statement =
      ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isVariableStatement(list.parent)
        ? list.parent
        : undefined;
    out.push({
      value: value.name.text,
      setter: setter.name.text,
      ...(statement ? { statement } : {}),
      ...(hook.call.typeArguments?.[0] ? { typeArgument: hook.call.typeArguments[0] } : {}),
      ...(hook.call.arguments[0] ? { initial: hook.call.arguments[0] } : {}),
    });
  }
  return out;
}
