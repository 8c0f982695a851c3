import type * as TS from 'typescript';
import { unwrapExpression } from '../../core/ts-syntax';
import type { FunctionLike } from './scopes';

/**
 * Whether a component compares its props before rendering again, which decides whether a new object passed
 * to it each render costs anything: `memo` (shallow comparison), `pure` (`PureComponent`), `compares` (a class
 * with its own `shouldComponentUpdate`), `custom` (`memo` with a comparison function: what it compares is its
 * own business), `none`, `unknown` (a wrapper we do not know, or a definition we cannot read).
 */
export type MemoKind = 'memo' | 'pure' | 'compares' | 'custom' | 'none' | 'unknown';

/** Memoising kinds: a new value each render defeats them. */
export function comparesProps(memo: MemoKind): boolean {
  return memo === 'memo' || memo === 'pure' || memo === 'compares';
}

export interface ComponentDef {
  /** The binding's name; `default` for an anonymous default export. */
  name: string;
  kind: 'function' | 'class' | 'wrapped';
  /** The function that renders (a function component, a class's `render`), when it is in this file. */
  render?: FunctionLike;
  /** Calls around the component, outermost first (`memo`, `forwardRef`, a HOC's name). */
  wrappers: string[];
  memo: MemoKind;
  /** The name's span (or the expression's, anonymous), for related information. */
  start: number;
  end: number;
  /** The top-level statement that declares it: where a value hoisted out of it goes. */
  statement: TS.Statement;
}

/**
 * One definition per render function: `export const Card = memo(PureCard)` and `const Alias = Card` name the
 * render function of `PureCard` again, and a rule that walks each definition's render would report the same
 * code once per name. The first definition is the function's own, the one the file model makes the owner of
 * the elements and hooks inside it.
 */
export function distinctRenders(components: readonly ComponentDef[]): ComponentDef[] {
  const seen = new Set<TS.Node>();
  return components.filter((def) => {
    if (!def.render) return true;
    if (seen.has(def.render)) return false;
    seen.add(def.render);
    return true;
  });
}

/** Wrappers known to memoise what they wrap: React's own, MobX's `observer`, react-redux's `connect`. */
const MEMOISING_WRAPPERS = new Set(['memo', 'observer', 'connect']);
/** Wrappers known to pass props through without comparing them. */
const TRANSPARENT_WRAPPERS = new Set(['forwardRef', 'lazy']);

const isComponentName = (name: string) => /^[A-Z]/.test(name);

/** `memo`, `React.memo`, `connect(a, b)` (the callee of the call applied to the component): the wrapper's name. */
function calleeName(ts: typeof TS, callee: TS.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isCallExpression(callee)) return calleeName(ts, callee.expression);
  return undefined;
}

export interface Unwrapped {
  wrappers: string[];
  /** `memo(C, areEqual)`: a comparison of its own. */
  comparator: boolean;
  inner: TS.Expression;
}

/** `memo(forwardRef(function X() {}))` → wrappers [memo, forwardRef] and the function. */
export function unwrapComponent(ts: typeof TS, expression: TS.Expression): Unwrapped {
  const wrappers: string[] = [];
  let comparator = false;
  let inner = skipOuter(ts, expression);
  for (;;) {
    if (!ts.isCallExpression(inner) || inner.arguments.length === 0) break;
    const name = calleeName(ts, inner.expression);
    if (!name) break;
    const first = skipOuter(ts, inner.arguments[0]);
    const componentLike =
      ts.isIdentifier(first) ||
      ts.isArrowFunction(first) ||
      ts.isFunctionExpression(first) ||
      ts.isClassExpression(first) ||
      ts.isCallExpression(first) ||
      ts.isPropertyAccessExpression(first);
    if (!componentLike) break;
    // A HOC's first argument must look like a component, or this is an ordinary call (`useMemo(() => …)`).
    if (!MEMOISING_WRAPPERS.has(name) && !TRANSPARENT_WRAPPERS.has(name) && !looksLikeHoc(ts, name, first)) break;
    wrappers.push(name);
    if (name === 'memo' && inner.arguments.length > 1) comparator = true;
    inner = first;
  }
  return { wrappers, comparator, inner };
}

function looksLikeHoc(ts: typeof TS, name: string, first: TS.Expression): boolean {
  if (/^use[A-Z]/.test(name)) return false;
  if (/^with[A-Z]|^connect|^inject|^observer|^styled|^hoc/i.test(name)) return true;
  return ts.isIdentifier(first) && isComponentName(first.text);
}

/** An expression without the parentheses and type assertions around it. */
export const skipOuter = unwrapExpression;

/** The memo kind of wrappers around something whose own kind is `innerMemo`. */
export function memoOf(wrappers: readonly string[], comparator: boolean, innerMemo: MemoKind): MemoKind {
  if (wrappers.includes('memo')) return comparator ? 'custom' : 'memo';
  if (wrappers.some((w) => MEMOISING_WRAPPERS.has(w))) return 'memo';
  if (wrappers.some((w) => !TRANSPARENT_WRAPPERS.has(w))) return 'unknown';
  return innerMemo;
}

function classMemo(ts: typeof TS, node: TS.ClassLikeDeclaration): MemoKind | undefined {
  const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!heritage) return undefined;
  const base = ts.isIdentifier(heritage)
    ? heritage.text
    : ts.isPropertyAccessExpression(heritage)
      ? heritage.name.text
      : '';
  if (base === 'PureComponent') return 'pure';
  if (base !== 'Component') return undefined;
  const compares = node.members.some(
    (m) => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'shouldComponentUpdate',
  );
  return compares ? 'compares' : 'none';
}

function renderMethod(ts: typeof TS, node: TS.ClassLikeDeclaration): FunctionLike | undefined {
  return node.members.find(
    (m): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'render',
  );
}

/**
 * The components a module declares at its top level, and the names it exports them under (`default`
 * included). A component is a capitalised function or class that renders (a class extending `Component` or
 * `PureComponent`, any capitalised function or arrow), or a capitalised binding of a wrapped one
 * (`memo(…)`, `forwardRef(…)`, a HOC around a component).
 */
export function readComponents(
  ts: typeof TS,
  source: TS.SourceFile,
): { components: ComponentDef[]; exports: Map<string, ComponentDef> } {
  const components: ComponentDef[] = [];
  const byName = new Map<string, ComponentDef>();
  const exports = new Map<string, ComponentDef>();
  const hasModifier = (node: TS.Node, kind: TS.SyntaxKind) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
  const add = (def: ComponentDef) => {
    components.push(def);
    byName.set(def.name, def);
    return def;
  };

  /** A component from an expression (`memo(Inner)`, an arrow, a class), named `name`. */
  const fromExpression = (name: string, expression: TS.Expression, statement: TS.Statement, at: TS.Node) => {
    const { wrappers, comparator, inner } = unwrapComponent(ts, expression);
    const start = at.getStart(source);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner))
      return add({
        name,
        kind: wrappers.length ? 'wrapped' : 'function',
        render: inner,
        wrappers,
        memo: memoOf(wrappers, comparator, 'none'),
        start,
        end: at.end,
        statement,
      });
    if (ts.isClassExpression(inner)) {
      const own = classMemo(ts, inner);
      if (own === undefined && !wrappers.length) return undefined;
      return add({
        name,
        kind: 'class',
        render: renderMethod(ts, inner),
        wrappers,
        memo: memoOf(wrappers, comparator, own ?? 'unknown'),
        start,
        end: at.end,
        statement,
      });
    }
    if (!wrappers.length) {
      // `const Alias = Other`: the same component under another name.
      const target = ts.isIdentifier(inner) ? byName.get(inner.text) : undefined;
      return target && name !== target.name ? add({ ...target, name, start, end: at.end, statement }) : undefined;
    }
    const target = ts.isIdentifier(inner) ? byName.get(inner.text) : undefined;
    return add({
      name,
      kind: 'wrapped',
      render: target?.render,
      wrappers: [...wrappers, ...(target?.wrappers ?? [])],
      memo: memoOf(wrappers, comparator, target ? target.memo : 'unknown'),
      start,
      end: at.end,
      statement,
    });
  };

  for (const statement of source.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const name = statement.name?.text ?? 'default';
      if (name !== 'default' && !isComponentName(name)) continue;
      const at = statement.name ?? statement;
      const def = add({
        name,
        kind: 'function',
        render: statement,
        wrappers: [],
        memo: 'none',
        start: at.getStart(source),
        end: at.end,
        statement,
      });
      if (exported) exports.set(isDefault ? 'default' : name, def);
    } else if (ts.isClassDeclaration(statement)) {
      const own = classMemo(ts, statement);
      const name = statement.name?.text ?? 'default';
      if (own === undefined) continue;
      const at = statement.name ?? statement;
      const def = add({
        name,
        kind: 'class',
        render: renderMethod(ts, statement),
        wrappers: [],
        memo: own,
        start: at.getStart(source),
        end: at.end,
        statement,
      });
      if (exported) exports.set(isDefault ? 'default' : name, def);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        if (!isComponentName(declaration.name.text)) continue;
        const def = fromExpression(declaration.name.text, declaration.initializer, statement, declaration.name);
        if (def && exported) exports.set(def.name, def);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const expression = skipOuter(ts, statement.expression);
      const named = ts.isIdentifier(expression) ? byName.get(expression.text) : undefined;
      const def = named ?? fromExpression('default', expression, statement, statement.expression);
      if (def) exports.set('default', def);
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause) {
      if (!ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) {
        const def = byName.get((element.propertyName ?? element.name).text);
        if (def) exports.set(element.name.text, def);
      }
    }
  }
  return { components, exports };
}
