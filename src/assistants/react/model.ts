import type * as TS from 'typescript';
import type { ComponentDef } from './components';
import { readComponents, skipOuter } from './components';
import type { FunctionLike } from './scopes';
import { isFunctionLike } from './scopes';

/**
 * What one file says about its components, read from its syntax alone: the components and the names they
 * are exported under, the imports (for the component graph to resolve), every JSX element with its
 * attributes and the component it renders in, every hook call, and the contexts the file creates.
 */

export interface ImportBinding {
  specifier: string;
  /** The other module's name: an export name, `default`, or `*`. */
  name: string;
  declaration: TS.ImportDeclaration;
}

export interface JsxAttribute {
  name: string;
  node: TS.JsxAttribute;
  /** The value's expression (`{…}` unwrapped), or the string literal; absent for a bare attribute (`disabled`). */
  value?: TS.Expression;
}

export interface JsxUse {
  /** The opening element (or the self-closing one): where the tag and attributes are. */
  opening: TS.JsxOpeningElement | TS.JsxSelfClosingElement;
  /** The whole element. */
  element: TS.JsxElement | TS.JsxSelfClosingElement;
  /** The tag as written: `div`, `Card`, `ui.Card`, `Theme.Provider`. */
  tag: string;
  /** A DOM element (`div`), never a component. */
  intrinsic: boolean;
  attributes: JsxAttribute[];
  /** A `{...spread}` among the attributes: any attribute may come from it. */
  spread: boolean;
  /** The component whose render holds it, when it is inside one. */
  owner?: ComponentDef;
}

export interface HookCall {
  name: string;
  call: TS.CallExpression;
  /** The component whose render calls it, when it is in one. */
  owner?: ComponentDef;
}

export interface FileModel {
  ts: typeof TS;
  file: string;
  text: string;
  source: TS.SourceFile;
  components: ComponentDef[];
  exports: Map<string, ComponentDef>;
  /** Local name → where it is imported from. */
  imports: Map<string, ImportBinding>;
  jsx: JsxUse[];
  hooks: HookCall[];
  /** Names bound to `createContext(…)` at the top level. */
  contexts: Set<string>;
  /** `.map(…)` calls with an argument, in source order: where lists are rendered (lists.ts). */
  maps: TS.CallExpression[];
  /** Elements and fragments (their children) and array literals (their elements), in source order: sibling groups. */
  siblings: (TS.JsxElement | TS.JsxFragment | TS.ArrayLiteralExpression)[];
}

export function buildFileModel(ts: typeof TS, file: string, text: string, source: TS.SourceFile): FileModel {
  const { components, exports } = readComponents(ts, source);
  const renders = new Map<TS.Node, ComponentDef>();
  for (const def of components) if (def.render && !renders.has(def.render)) renders.set(def.render, def);
  const imports = new Map<string, ImportBinding>();
  const contexts = contextNames(ts, source);
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const specifier = statement.moduleSpecifier.text;
      if (clause?.name) imports.set(clause.name.text, { specifier, name: 'default', declaration: statement });
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings))
        imports.set(bindings.name.text, { specifier, name: '*', declaration: statement });
      else if (bindings)
        for (const element of bindings.elements)
          imports.set(element.name.text, {
            specifier,
            name: (element.propertyName ?? element.name).text,
            declaration: statement,
          });
    }
  }

  const jsx: JsxUse[] = [];
  const hooks: HookCall[] = [];
  const maps: TS.CallExpression[] = [];
  const siblings: FileModel['siblings'] = [];
  // Depth-first with the innermost component's render on a stack, so each element and hook knows its owner. The one
  // walk over the whole file: what rules would each walk the file for is collected here.
  const owners: (ComponentDef | undefined)[] = [];
  const visit = (node: TS.Node): void => {
    const owns = isFunctionLike(ts, node) ? renders.get(node) : undefined;
    if (owns) owners.push(owns);
    const owner = owners[owners.length - 1];
    if (ts.isJsxSelfClosingElement(node)) jsx.push(jsxUse(ts, source, node, node, owner));
    else if (ts.isJsxElement(node)) {
      jsx.push(jsxUse(ts, source, node.openingElement, node, owner));
      siblings.push(node);
    } else if (ts.isCallExpression(node)) {
      const name = hookName(ts, node.expression);
      if (name) hooks.push({ name, call: node, owner });
      else if (
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'map' &&
        node.arguments.length >= 1
      )
        maps.push(node);
    } else if (ts.isJsxFragment(node) || ts.isArrayLiteralExpression(node)) siblings.push(node);
    ts.forEachChild(node, visit);
    if (owns) owners.pop();
  };
  visit(source);
  return { ts, file, text, source, components, exports, imports, jsx, hooks, contexts, maps, siblings };
}

function jsxUse(
  ts: typeof TS,
  source: TS.SourceFile,
  opening: TS.JsxOpeningElement | TS.JsxSelfClosingElement,
  element: TS.JsxElement | TS.JsxSelfClosingElement,
  owner: ComponentDef | undefined,
): JsxUse {
  const tag = jsxName(ts, opening.tagName, source);
  const attributes: JsxAttribute[] = [];
  let spread = false;
  for (const property of opening.attributes.properties) {
    if (ts.isJsxSpreadAttribute(property)) {
      spread = true;
      continue;
    }
    const name = jsxName(ts, property.name, source);
    const initializer = property.initializer;
    const value =
      initializer === undefined
        ? undefined
        : ts.isJsxExpression(initializer)
          ? initializer.expression
          : (initializer as TS.Expression);
    attributes.push({ name, node: property, ...(value ? { value } : {}) });
  }
  const intrinsic = ts.isIdentifier(opening.tagName) && /^[a-z]/.test(opening.tagName.text);
  return { opening, element, tag, intrinsic, attributes, spread, ...(owner ? { owner } : {}) };
}

/**
 * A JSX tag's or attribute's name as written: an identifier's own text (JSX names keep their hyphens), else the
 * source text (`ui.Card`, `xlink:href`). Reading the text back from the source for every attribute of every file
 * was a measurable part of the model.
 */
export function jsxName(
  ts: typeof TS,
  name: TS.JsxTagNameExpression | TS.JsxAttributeName,
  source?: TS.SourceFile,
): string {
  return ts.isIdentifier(name) ? name.text : name.getText(source);
}

/** `useState`, `React.useState`: the hook's name; undefined for anything else. */
export function hookName(ts: typeof TS, callee: TS.Expression): string | undefined {
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)
      ? callee.name.text
      : undefined;
  return name && /^use[A-Z0-9]/.test(name) ? name : undefined;
}

/** Names bound to `createContext(…)` at the top level of a module. */
export function contextNames(ts: typeof TS, source: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements)
    if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (
          ts.isIdentifier(declaration.name) &&
          declaration.initializer &&
          isCreateContext(ts, declaration.initializer)
        )
          names.add(declaration.name.text);
  return names;
}

export function isCreateContext(ts: typeof TS, expression: TS.Expression): boolean {
  const inner = skipOuter(ts, expression);
  if (!ts.isCallExpression(inner)) return false;
  const callee = inner.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return name === 'createContext';
}

/** The functions between `node` and its component's render (innermost first), the render excluded. */
export function functionsBetween(ts: typeof TS, node: TS.Node, render: FunctionLike): FunctionLike[] {
  const out: FunctionLike[] = [];
  for (let current = node.parent; current && current !== render; current = current.parent)
    if (isFunctionLike(ts, current)) out.push(current);
  return out;
}

/** The statement of `render`'s body that holds `node` (undefined for an arrow with an expression body). */
export function bodyStatementOf(node: TS.Node, render: FunctionLike): TS.Statement | undefined {
  const body = render.body;
  if (!body || !('statements' in body)) return undefined;
  for (let current: TS.Node | undefined = node; current; current = current.parent)
    if (current.parent === body) return current as TS.Statement;
  return undefined;
}
