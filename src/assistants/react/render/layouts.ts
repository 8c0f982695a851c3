import type * as TS from 'typescript';
import type { Workspace, WorkspaceFile } from '../../../core/workspace';
import type { ComponentGraph } from '../component-graph';
import type { ComponentDef } from '../components';
import type { FileModel, JsxUse } from '../model';
import { buildFileModel } from '../model';
import { REACT_FILE, parseScript } from '../parse';
import type { CallSite } from './call-site';
import { ROUTE_RENDERS, importedIn, propertyName, routeValueUse } from './route-objects';

/**
 * Where a page is rendered when no element of the workspace renders it by name: inside the layouts of its route.
 * The providers an app puts in a layout (`<UserProvider>{children}</UserProvider>` in Next's `app/layout.tsx`, a
 * React Router layout's `<Outlet />` inside a provider) are around the page there, not around any call site.
 */

/**
 * The `{children}` of the nearest Next.js app-router layout above a route file (`page`, `template`, `default`, or
 * a `layout` itself, whose parent folder's layout is next), or the `<Component {...pageProps} />` of `pages/_app`
 * for a file of the pages router: a call site the walk goes on from. Route groups (`(dashboard)`) are folders.
 */
export async function nextLayoutAbove(
  ts: typeof TS,
  workspace: Workspace,
  file: string,
): Promise<CallSite | undefined> {
  const files = await workspace.files(REACT_FILE);
  const byName = new Map(files.map((f) => [f.file, f]));
  const app = APP_ROUTE_FILE.exec(file);
  if (app) {
    let dir = app[2] === 'layout' ? parent(app[1]) : app[1];
    for (; dir && IN_APP_FOLDER.test(`${dir}/`); dir = parent(dir)) {
      const layout = ROUTE_EXTENSIONS.map((ext) => byName.get(`${dir}/layout${ext}`)).find(Boolean);
      if (!layout) continue;
      const model = await modelOf(ts, layout);
      const use = model && childrenUse(ts, model);
      if (model && use) return { model, use };
    }
    return undefined;
  }
  const pages = PAGES_ROUTE_FILE.exec(file);
  if (!pages) return undefined;
  const entry = ROUTE_EXTENSIONS.map((ext) => byName.get(`${pages[1]}/_app${ext}`)).find(Boolean);
  const model = entry && (await modelOf(ts, entry));
  const use = model?.jsx.find((u) => u.tag === 'Component' && u.owner);
  return model && use ? { model, use } : undefined;
}

/**
 * The tag of a provider the harness renders around the component: `…Provider` (a package's, the app's own, or a
 * namespace's `Tooltip.Provider`), and the few data and state roots not named so (SWR's `SWRConfig`, Recoil's
 * `RecoilRoot`).
 */
export const PROVIDER_TAG = /(?:Provider|(?:^|\.)(?:SWRConfig|RecoilRoot))$/;

/** What the app's own components around the call sites are, for the harness. */
export interface AppWrappers {
  /**
   * Elements of components that wrap their children in providers and nothing that holds them back: an app's
   * `ThemeCustomization` (`<ThemeProvider theme={theme}><CssBaseline />{children}</ThemeProvider>`) is a provider
   * in all but name.
   */
  providers: Set<TS.Node>;
  /** Elements of provider components that render a router themselves (`<BrowserRouter>` inside `AppProvider`). */
  routers: Set<TS.Node>;
}

/**
 * The app's own components around each call site's element (inside its component): which of them are providers in
 * all but name, and which providers bring a router of their own (the harness's memory router would nest in it).
 */
export async function appWrappers(
  ts: typeof TS,
  graph: ComponentGraph,
  workspace: Workspace,
  sites: readonly CallSite[],
): Promise<AppWrappers> {
  const out: AppWrappers = { providers: new Set(), routers: new Set() };
  const files = await workspace.files(REACT_FILE);
  const verdicts = new Map<string, { wraps: boolean; router: boolean }>();
  for (const site of sites) {
    await graph.resolveFor(site.model);
    const byElement = new Map<TS.Node, JsxUse>(site.model.jsx.map((u) => [u.element, u]));
    for (let node = site.use.element.parent; node && node !== site.use.owner?.render; node = node.parent) {
      const above = byElement.get(node);
      if (!above || above.intrinsic) continue;
      const definition = graph.definitionOf(site.model, above);
      if (!definition || definition.packageName) continue;
      const key = `${definition.file}\0${definition.name}`;
      let verdict = verdicts.get(key);
      if (!verdict) {
        const entry = files.find((f) => f.file === definition.file);
        const model = entry && (await modelOf(ts, entry));
        const def = model && componentNamed(model, definition.name);
        verdict = {
          wraps: !!model && !!def && wrapsProviders(ts, model, def),
          router: !!model && !!def && model.jsx.some((u) => u.owner === def && ROUTER_TAG.test(u.tag)),
        };
        verdicts.set(key, verdict);
      }
      const provider = PROVIDER_TAG.test(above.tag);
      if (!provider && verdict.wraps) out.providers.add(above.element);
      if ((provider || verdict.wraps) && verdict.router) out.routers.add(above.element);
    }
  }
  return out;
}

/** A router element: `<BrowserRouter>`, `<HashRouter>`, `<MemoryRouter>`, `<Router>`, `<RouterProvider>`. */
export const ROUTER_TAG = /(?:^|\.)(?:\w*Router|RouterProvider)$/;

function componentNamed(model: FileModel, name: string): ComponentDef | undefined {
  return model.exports.get(name) ?? model.components.find((c) => c.name === name && c.render);
}

/** The component named `name` renders its `{children}` inside at least one provider element. */
function wrapsProviders(ts: typeof TS, model: FileModel, def: ComponentDef): boolean {
  if (!def.render) return false;
  const children = childrenUse(ts, model, def);
  if (!children) return false;
  const byElement = new Map<TS.Node, JsxUse>(model.jsx.map((u) => [u.element, u]));
  for (let node = children.element.parent; node && node !== def.render; node = node.parent) {
    const above = byElement.get(node);
    if (above && !above.intrinsic && PROVIDER_TAG.test(above.tag)) return true;
  }
  return false;
}

const ROUTE_EXTENSIONS = ['.tsx', '.jsx', '.js', '.ts'];
/** A component around a route's element that lets only some users through (`ProtectedRoute`, `RequireAuth`). */
const GUARD_TAG = /guard|protect|private|auth|require|secure|signed/i;
/** A route file of Next's app router: its folder and kind. */
const APP_ROUTE_FILE = /^(.*\/app(?:\/.*)?)\/(page|layout|template|default)\.[jt]sx?$/;
const IN_APP_FOLDER = /\/app\//;
/** A page of Next's pages router (not `_app`, `_document` or an API route): the `pages` folder. */
const PAGES_ROUTE_FILE = /^(.*\/pages)\/(?!_app\.|_document\.|api\/).+\.[jt]sx?$/;

function parent(dir: string): string {
  const at = dir.lastIndexOf('/');
  return at > 0 ? dir.slice(0, at) : '';
}

async function modelOf(ts: typeof TS, entry: WorkspaceFile): Promise<FileModel | undefined> {
  const text = await entry.read().catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return buildFileModel(ts, entry.file, text, parseScript(ts, entry.file, text));
  } catch {
    return undefined;
  }
}

/**
 * A layout's `{children}` (or `{props.children}`) inside JSX, as a call site's element: the providers around it are
 * found as around any element (call-site.ts providersAbove). The default export's, where the file has several.
 */
export function childrenUse(ts: typeof TS, model: FileModel, of?: ComponentDef): JsxUse | undefined {
  const found: TS.JsxExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      isChildren(ts, node.expression) &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    )
      found.push(node);
    else ts.forEachChild(node, visit);
  };
  visit(model.source);
  const ownerOf = (node: TS.Node) =>
    model.components.find((c) => c.render && c.render.pos <= node.pos && node.end <= c.render.end);
  const main = of ?? model.exports.get('default');
  const expression =
    found.find((node) => main && ownerOf(node) === main) ?? (of ? undefined : found.find((node) => ownerOf(node)));
  if (!expression) return undefined;
  // Not an element, but it stands where the page's element is: only its place in the tree and its owner are read.
  const element = expression as unknown as TS.JsxSelfClosingElement;
  return {
    opening: element,
    element,
    tag: 'children',
    intrinsic: false,
    attributes: [],
    spread: false,
    owner: ownerOf(expression),
  };
}

function isChildren(ts: typeof TS, node: TS.Expression): boolean {
  return (
    (ts.isIdentifier(node) && node.text === 'children') ||
    (ts.isPropertyAccessExpression(node) && node.name.text === 'children')
  );
}

/** A route layout above a route element, and the guards wrapped around that element (never rendered). */
export interface RouteLayout {
  /** The layout's `<Outlet />`, where the page renders. */
  site?: CallSite;
  /** Components around the page's element in its route (`<ProtectedRoute><Page /></ProtectedRoute>`). */
  guards: string[];
}

/**
 * For a call site that is a React Router route's element (`<Route element={<Page />}>` or `{ element: <Page /> }`),
 * the `<Outlet />` of the layout of the route it is nested in (`{ element: <DashboardLayout />, children: [...] }`),
 * followed to the layout's file by the component graph; and the components wrapped around the page's element in its
 * own route (an auth guard that redirects when no one is signed in), which the harness does not render.
 */
export async function routeLayoutAbove(
  ts: typeof TS,
  graph: ComponentGraph,
  workspace: Workspace,
  site: CallSite,
): Promise<RouteLayout> {
  const { model } = site;
  const byElement = new Map<TS.Node, JsxUse>(model.jsx.map((u) => [u.element, u]));
  const guards: string[] = [];
  let route: TS.Node | undefined;
  for (let node: TS.Node = site.use.element.parent; node && !ts.isSourceFile(node); node = node.parent) {
    const use = byElement.get(node);
    if (use && !use.intrinsic && GUARD_TAG.test(use.tag) && !PROVIDER_TAG.test(use.tag)) guards.unshift(use.tag);
    if (ts.isJsxAttribute(node) && ROUTE_RENDERS.test(node.name.getText(model.source))) {
      route = node.parent.parent;
      break;
    }
    if (ts.isPropertyAssignment(node) && ROUTE_RENDERS.test(propertyName(node.name))) {
      route = node.parent;
      break;
    }
    if (ts.isFunctionLike(node) || ts.isStatement(node)) break;
  }
  if (!route) return { guards: [] };
  // Around a layout's <Outlet /> are the layout's own components, not the page's guards.
  if (/(?:^|\.)Outlet$/.test(site.use.tag)) guards.length = 0;
  const layout = parentRouteElement(ts, model, route);
  if (!layout) return { guards };
  const candidates = model.jsx.filter(
    (u) => !u.intrinsic && u.element.pos >= layout.pos && u.element.end <= layout.end,
  );
  // The layout written inline in the route (`element: <Shell><Suspense><Outlet /></Suspense></Shell>`).
  const inline = candidates.find((u) => /(?:^|\.)Outlet$/.test(u.tag));
  if (inline) return { site: { model, use: inline }, guards };
  await graph.resolveFor(model);
  const files = await workspace.files(REACT_FILE);
  // A layout named (`Component: Layout`) or loaded (`lazy: () => import('./layout')`) rather than rendered.
  if (ts.isIdentifier(layout) || ts.isPropertyAccessExpression(layout))
    await graph.resolveNames(model, [layout.getText(model.source)]);
  const named = layoutNamed(ts, graph, model, layout);
  if (named) {
    const entry = files.find((f) => f.file === named.file);
    const layoutModel = entry && (await modelOf(ts, entry));
    const owner = layoutModel && componentNamed(layoutModel, named.name);
    const outlet = layoutModel?.jsx.find(
      (u) => /(?:^|\.)Outlet$/.test(u.tag) && u.owner && (u.owner === owner || u.owner.name === named.name),
    );
    if (layoutModel && outlet) return { site: { model: layoutModel, use: outlet }, guards };
  }
  for (const candidate of candidates.reverse()) {
    const definition = graph.definitionOf(model, candidate);
    if (!definition || definition.packageName) continue;
    const entry = files.find((f) => f.file === definition.file);
    const layoutModel = entry && (await modelOf(ts, entry));
    const owner = layoutModel?.exports.get(definition.name);
    const outlet = layoutModel?.jsx.find(
      (u) => /(?:^|\.)Outlet$/.test(u.tag) && u.owner && (u.owner === owner || u.owner.name === definition.name),
    );
    if (layoutModel && outlet) return { site: { model: layoutModel, use: outlet }, guards };
  }
  return { guards };
}

/**
 * The component of a parent route that names it (`Component: Layout`) or loads it (`lazy: () => import('./layout')`,
 * the module's `Component` export, else its default): its file and name there.
 */
function layoutNamed(
  ts: typeof TS,
  graph: ComponentGraph,
  model: FileModel,
  layout: TS.Node,
): { file: string; name: string } | undefined {
  if (ts.isIdentifier(layout) || ts.isPropertyAccessExpression(layout)) {
    const definition = graph.definitionOf(model, routeValueUse(layout, layout.getText(model.source)));
    return definition && !definition.packageName ? definition : undefined;
  }
  const specifier = importedIn(ts, layout);
  const file = specifier
    ? graph.modules.module(model.file)?.references.find((r) => r.kind === 'dynamic' && r.specifier === specifier)
        ?.target
    : undefined;
  if (!file) return undefined;
  for (const name of ['Component', 'default']) {
    const origin = graph.modules.resolveExport(file, name);
    if (origin && !origin.unresolved) return { file: origin.file, name: origin.local ?? origin.name };
  }
  return undefined;
}

/**
 * The element expression of the route a route is nested in: the enclosing `<Route element={…}>` of a JSX route, or
 * the `element` of the object whose `children` array holds a route object; its `Component` or `lazy` where it names
 * or loads its layout instead.
 */
function parentRouteElement(ts: typeof TS, model: FileModel, route: TS.Node): TS.Node | undefined {
  const name = (node: TS.PropertyName) => node.getText(model.source).replace(/^['"]|['"]$/g, '');
  if (ts.isObjectLiteralExpression(route)) {
    const array = route.parent;
    const children = array && ts.isArrayLiteralExpression(array) ? array.parent : undefined;
    if (!children || !ts.isPropertyAssignment(children) || name(children.name) !== 'children') return undefined;
    const owner = children.parent;
    if (!ts.isObjectLiteralExpression(owner)) return undefined;
    const element = ['element', 'Component', 'lazy']
      .map((key) =>
        owner.properties.find((p): p is TS.PropertyAssignment => ts.isPropertyAssignment(p) && name(p.name) === key),
      )
      .find(Boolean);
    return element?.initializer;
  }
  // A JSX route: its element (self-closing, or the opening element's whole element), then the enclosing <Route>.
  const self = ts.isJsxOpeningElement(route) ? route.parent : route;
  const enclosing = self.parent;
  if (!enclosing || !ts.isJsxElement(enclosing)) return undefined;
  const tag = enclosing.openingElement.tagName.getText(model.source);
  if (!/(?:^|\.)Route$/.test(tag)) return undefined;
  const attribute = ['element', 'Component']
    .map((key) =>
      enclosing.openingElement.attributes.properties.find(
        (p): p is TS.JsxAttribute => ts.isJsxAttribute(p) && p.name.getText(model.source) === key,
      ),
    )
    .find(Boolean);
  const value = attribute?.initializer;
  return value && ts.isJsxExpression(value) ? value.expression : value;
}
