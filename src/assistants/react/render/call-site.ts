import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import type { Workspace, WorkspaceFile } from '../../../core/workspace';
import type { ComponentGraph } from '../component-graph';
import type { FileModel, JsxUse } from '../model';
import { buildFileModel } from '../model';
import { REACT_FILE, mayHoldReact, parseScript } from '../parse';
import { NOT_BUNDLED } from '../import-cost/for-file';
import type { AppWrappers } from './layouts';
import { PROVIDER_TAG, nextLayoutAbove, routeLayoutAbove } from './layouts';
import type { ProviderRef } from './protocol';
import { routeObjectCallSite } from './route-objects';
import type { ProviderValue } from './provider-values';
import { providerValue } from './provider-values';

/** Where a component is rendered in the workspace: the file's model and the element. */
export interface CallSite {
  model: FileModel;
  use: JsxUse;
  /** Reached by going on from where the app renders its router (callSitesAbove), not by an element that renders it. */
  viaRouter?: boolean;
  /** Components wrapped around the element in its route (an auth guard), which the harness does not render. */
  guards?: string[];
}

/**
 * The first element in the workspace that renders `name` defined in `file` (followed across files by the component
 * graph), outside the component's own file first: the parent whose props and providers the harness takes.
 */
export async function findCallSite(
  ts: typeof TS,
  graph: ComponentGraph,
  workspace: Workspace,
  target: { file: string; name: string },
  signal?: AbortSignal,
  /** Files not to take a call site from. */
  exclude?: RegExp,
): Promise<CallSite | undefined> {
  const tag = new RegExp(`<(?:[\\w$]+\\.)?${target.name.replace(/\$/g, '\\$')}[\\s/>]`);
  const files = await workspace.files(REACT_FILE);
  const ordered = [...files.filter((f) => f.file !== target.file), ...files.filter((f) => f.file === target.file)];
  for (const entry of ordered) {
    if (signal?.aborted) return undefined;
    if (exclude?.test(entry.file)) continue;
    const text = await entry.read().catch(() => undefined);
    if (text === undefined || !tag.test(text) || !mayHoldReact(entry.file, text)) continue;
    let model: FileModel;
    try {
      model = buildFileModel(ts, entry.file, text, parseScript(ts, entry.file, text));
    } catch {
      continue;
    }
    await graph.resolveFor(model);
    for (const use of model.jsx) {
      if (use.intrinsic) continue;
      const definition = graph.definitionOf(model, use);
      if (definition?.file === target.file && definition.name === target.name) return { model, use };
    }
  }
  return (
    (await lazyCallSite(ts, graph, files, target, signal, exclude)) ??
    (await routeObjectCallSite(ts, graph, files, target, signal, exclude))
  );
}

/**
 * The element of a component the app loads lazily (`const Page = lazy(() => import('./pages/page'))`, often in a
 * loader of its own such as `Loadable(lazy(…))`) that renders the target's module: a route's page is rendered so.
 * The module's default export is what `lazy` renders, so only a default-exported target has one.
 */
async function lazyCallSite(
  ts: typeof TS,
  graph: ComponentGraph,
  files: readonly WorkspaceFile[],
  target: { file: string; name: string },
  signal?: AbortSignal,
  exclude?: RegExp,
): Promise<CallSite | undefined> {
  for (const entry of files) {
    if (signal?.aborted) return undefined;
    if (entry.file === target.file || exclude?.test(entry.file)) continue;
    const loads = graph.modules
      .module(entry.file)
      ?.references.filter((r) => r.kind === 'dynamic' && r.target === target.file)
      .map((r) => r.specifier);
    if (!loads?.length) continue;
    const text = await entry.read().catch(() => undefined);
    if (text === undefined || !mayHoldReact(entry.file, text)) continue;
    let model: FileModel;
    try {
      model = buildFileModel(ts, entry.file, text, parseScript(ts, entry.file, text));
    } catch {
      continue;
    }
    if (!isDefaultExport(target, graph)) continue;
    const names = lazyBindings(ts, model.source, new Set(loads));
    const use = model.jsx.find((u) => !u.intrinsic && names.has(u.tag));
    if (use) return { model, use };
  }
  return undefined;
}

/** The target is its module's default export, as far as the graph knows (an unknown module is given the benefit). */
function isDefaultExport(target: { file: string }, graph: ComponentGraph): boolean {
  const exported = graph.modules.module(target.file)?.exports;
  return !exported || exported.some((e) => e.name === 'default');
}

/** Module constants whose initialiser loads one of `specifiers` with `import()`: `const Page = lazy(() => import('./page'))`. */
function lazyBindings(ts: typeof TS, source: TS.SourceFile, specifiers: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  const loads = (node: TS.Node): boolean =>
    (ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      specifiers.has(node.arguments[0].text)) ||
    (ts.forEachChild(node, (child) => (loads(child) ? true : undefined)) ?? false);
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations)
      if (ts.isIdentifier(declaration.name) && declaration.initializer && loads(declaration.initializer))
        names.add(declaration.name.text);
  }
  return names;
}

/**
 * Components walked up from the call site's own for providers: an app's shell is rarely further than this (a page,
 * its route layouts, the app, its entry).
 */
export const PROVIDER_DEPTH = 6;

/**
 * The call sites above `site`: where its component is rendered, where that one is, and so on, nearest first, at
 * most `depth` of them (a component met twice, a cycle, ends the walk). The providers an app puts around its
 * routes (in `App`, in `main.tsx`) are there, not beside the measured component's own call site.
 * Where the walk stops short because a route renders the component (a route object's `element: <Page />` outside
 * any component, or a module a route loads lazily, which no element renders), it goes on from where the app renders
 * its router (`<RouterProvider router={router}>`): the app's providers are around that. `site` undefined: the
 * component itself has no call site (a route's page), so the walk starts there.
 */
export async function callSitesAbove(
  ts: typeof TS,
  graph: ComponentGraph,
  workspace: Workspace,
  site: CallSite | undefined,
  signal?: AbortSignal,
  depth = PROVIDER_DEPTH,
  /** The measured component's file: a Next.js page's layouts are above it when no element renders it. */
  targetFile?: string,
): Promise<CallSite[]> {
  const chain: CallSite[] = [];
  const seen = new Set<string>();
  let routed = false;
  const toRouter = async (): Promise<CallSite | undefined> => {
    if (routed) return undefined;
    routed = true;
    const place = await routerPlace(ts, workspace, signal);
    return place && !chain.some((c) => c.use === place.use) && place.use !== site?.use ? place : undefined;
  };
  let current = site ?? (targetFile ? await nextLayoutAbove(ts, workspace, targetFile) : undefined);
  current ??= await toRouter();
  if (!site && current) chain.push(current);
  while (current && chain.length < depth) {
    if (signal?.aborted) break;
    const owner = current.use.owner;
    // A route's element renders in the <Outlet /> of the layout of the route it is nested in, with that layout's
    // providers around it, before whatever renders the routes.
    const layout = await routeLayoutAbove(ts, graph, workspace, current);
    if (layout.guards.length) current.guards = layout.guards;
    let next: CallSite | undefined =
      layout.site && !chain.some((c) => c.use === layout.site!.use) ? layout.site : undefined;
    if (!next && owner) {
      const key = `${current.model.file}\0${owner.name}`;
      if (seen.has(key)) break;
      seen.add(key);
      // A test or a story renders the component under its own scaffolding, not the app's providers.
      const target = { file: current.model.file, name: owner.name };
      next = await findCallSite(ts, graph, workspace, target, signal, NOT_BUNDLED);
    }
    // A Next.js route file no element renders: the layouts of its folders render it as their children.
    next ??= owner ? await nextLayoutAbove(ts, workspace, current.model.file) : undefined;
    next ??= await toRouter();
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

/** The tag an app renders its data router with. */
const ROUTER_ELEMENT = /<(?:[\w$]+\.)?RouterProvider[\s/>]/;

/**
 * Where the app renders its data router: the first `<RouterProvider>` element of the workspace outside tests and
 * stories (the memory router the harness makes stands in for it; the providers around it are the app's).
 */
export async function routerPlace(
  ts: typeof TS,
  workspace: Workspace,
  signal?: AbortSignal,
): Promise<CallSite | undefined> {
  for (const entry of await workspace.files(REACT_FILE)) {
    if (signal?.aborted) return undefined;
    if (NOT_BUNDLED.test(entry.file)) continue;
    const text = await entry.read().catch(() => undefined);
    if (text === undefined || !ROUTER_ELEMENT.test(text) || !mayHoldReact(entry.file, text)) continue;
    let model: FileModel;
    try {
      model = buildFileModel(ts, entry.file, text, parseScript(ts, entry.file, text));
    } catch {
      continue;
    }
    const use = model.jsx.find((u) => !u.intrinsic && /(?:^|\.)RouterProvider$/.test(u.tag));
    if (use) return { model, use, viaRouter: true };
  }
  return undefined;
}

/**
 * Modules the files along the call sites import only for their effects (`import './i18n'` in `main.tsx`, a
 * date library's locale setup), as written with their file's folder; styles and images are left out (they load as
 * nothing in the sandbox anyway), and so are tests and stories.
 */
export function setupImports(sites: readonly CallSite[]): Array<{ specifier: string; fromDir: string }> {
  const out: Array<{ specifier: string; fromDir: string }> = [];
  const seen = new Set<string>();
  for (const site of [...sites].reverse()) {
    if (NOT_BUNDLED.test(site.model.file)) continue;
    const fromDir = path.dirname(diskPath(site.model.file));
    for (const statement of site.model.source.statements) {
      const ts = site.model.ts;
      if (!ts.isImportDeclaration(statement) || statement.importClause) continue;
      if (!ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      if (ASSET.test(specifier)) continue;
      const key = `${fromDir}\0${specifier}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ specifier, fromDir });
    }
  }
  return out;
}

const ASSET = /\.(?:css|scss|sass|less|styl|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|eot|json)(?:\?.*)?$/i;

/**
 * The providers around `site` and around each call site above it, outermost first; a provider met at two levels
 * (the same module's export) is kept once, at the outer one.
 */
export function providersAlong(
  ts: typeof TS,
  site: CallSite | undefined,
  above: readonly CallSite[],
  /** The app's own components around the call sites (layouts.ts appWrappers). */
  wrappers: AppWrappers = { providers: new Set(), routers: new Set() },
): ProviderRef[] {
  const out: ProviderRef[] = [];
  const seen = new Set<string>();
  const names = { next: 0 };
  for (const at of [...above].reverse().concat(site ? [site] : []))
    for (const provider of providersAbove(ts, at, names, wrappers)) {
      const key = `${provider.fromDir ?? ''}\0${provider.file}\0${provider.exportName}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(provider);
    }
  return out;
}

/**
 * JavaScript source of the call site's props that mean the same outside it: literals, object and array literals
 * of literals (an empty list excepted), bare attributes (`true`), functions as no-ops (a handler's effect is not
 * what is measured).
 * Values computed in the parent (its state, its props) are left to the prop types.
 */
export function literalProps(ts: typeof TS, use: JsxUse): Record<string, string> {
  const props: Record<string, string> = {};
  for (const attribute of use.attributes) {
    if (attribute.name === 'key' || attribute.name === 'ref') continue;
    if (!attribute.value) props[attribute.name] = 'true';
    else if (ts.isArrowFunction(attribute.value) || ts.isFunctionExpression(attribute.value))
      props[attribute.name] = '() => undefined';
    // An empty list at the call site is the harness's to fill: its generated items are what the renders scale with.
    else if (ts.isArrayLiteralExpression(attribute.value) && attribute.value.elements.length === 0) continue;
    else if (isLiteral(ts, attribute.value)) props[attribute.name] = attribute.value.getText();
  }
  return props;
}

function isLiteral(ts: typeof TS, node: TS.Expression): boolean {
  if (ts.isParenthesizedExpression(node)) return isLiteral(ts, node.expression);
  if (
    ts.isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  )
    return true;
  if (ts.isPrefixUnaryExpression(node)) return ts.isNumericLiteral(node.operand);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every((e) => isLiteral(ts, e));
  if (ts.isObjectLiteralExpression(node))
    return node.properties.every(
      (p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isLiteral(ts, p.initializer),
    );
  return false;
}

/**
 * The providers around the call site inside its component (`<CartProvider>` above `<ProductList>`), outermost
 * first, imported the way the call site's file imports them, with their literal props, the computed ones the harness
 * can give (provider-values.ts: `store={store}` imported from the app's own module, `client={queryClient}` made as
 * the app makes it, or a fresh instance of a known provider) and the names of those it cannot (such a provider is
 * left out by the caller). A context's own `<Theme.Provider value={…}>` is left out (its value is the parent's): the
 * context's default value applies; a package's `Provider` under a namespace import (`<Tooltip.Provider>` of
 * `import * as Tooltip`) is a provider like any other. `names` numbers the harness's names apart.
 */
export function providersAbove(
  ts: typeof TS,
  site: CallSite,
  names = { next: 0 },
  wrappers: AppWrappers = { providers: new Set(), routers: new Set() },
): ProviderRef[] {
  const { model, use } = site;
  const byElement = new Map<TS.Node, JsxUse>(model.jsx.map((u) => [u.element, u]));
  const providers: ProviderRef[] = [];
  const fromDir = path.dirname(diskPath(model.file));
  for (let node: TS.Node | undefined = use.element.parent; node && node !== use.owner?.render; node = node.parent) {
    const above = byElement.get(node);
    if (!above || above.intrinsic || !(PROVIDER_TAG.test(above.tag) || wrappers.providers.has(node))) continue;
    const ref = providerImport(model, above.tag);
    if (!ref) continue;
    const props = literalProps(ts, above);
    const values: Record<string, ProviderValue> = {};
    const computed: string[] = [];
    for (const attribute of above.attributes) {
      if (attribute.name === 'key' || attribute.name === 'ref' || attribute.name in props) continue;
      const value = providerValue(ts, model, above, attribute, `__v${names.next++}_`, ref);
      if (value) values[attribute.name] = value;
      else computed.push(attribute.name);
    }
    providers.unshift({
      file: ref.file,
      exportName: ref.exportName,
      name: above.tag,
      props,
      ...(ref.specifier === ref.file ? { fromDir } : {}),
      ...(computed.length ? { computed } : {}),
      ...(Object.keys(values).length ? { values } : {}),
      ...(wrappers.routers.has(node) ? { router: true } : {}),
    });
  }
  return providers;
}

/**
 * Where a provider's tag comes from: an import of the call site's file (a relative one as an absolute path, a package
 * or an alias as written), a component the file exports, or `Provider` of a namespace import (`Tooltip.Provider`).
 * Undefined for a context's own `X.Provider` and for what the harness cannot import.
 */
function providerImport(
  model: FileModel,
  tag: string,
): { file: string; exportName: string; specifier: string } | undefined {
  const dot = tag.indexOf('.');
  if (dot >= 0) {
    const namespace = model.imports.get(tag.slice(0, dot));
    const member = tag.slice(dot + 1);
    if (!namespace || namespace.name !== '*' || member.includes('.')) return undefined;
    return { ...importedFrom(model, namespace.specifier), exportName: member, specifier: namespace.specifier };
  }
  const binding = model.imports.get(tag);
  if (binding) {
    if (binding.name === '*') return undefined;
    return { ...importedFrom(model, binding.specifier), exportName: binding.name, specifier: binding.specifier };
  }
  const local = model.components.find((c) => c.name === tag);
  const exported = local ? [...model.exports].find(([, def]) => def === local)?.[0] : undefined;
  if (!exported) return undefined;
  return { file: diskPath(model.file), exportName: exported, specifier: diskPath(model.file) };
}

function importedFrom(model: FileModel, specifier: string): { file: string } {
  return {
    file: specifier.startsWith('.') ? path.resolve(path.dirname(diskPath(model.file)), specifier) : specifier,
  };
}

/** A workspace file's path on disk: the editor names files by `file:` URI, the CLI by path (relative to the cwd). */
export function diskPath(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : path.resolve(file);
}
