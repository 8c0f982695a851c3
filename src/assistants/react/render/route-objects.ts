import type * as TS from 'typescript';
import type { WorkspaceFile } from '../../../core/workspace';
import type { ComponentGraph } from '../component-graph';
import type { FileModel, JsxUse } from '../model';
import { buildFileModel } from '../model';
import { mayHoldReact, parseScript } from '../parse';
import type { CallSite } from './call-site';

/**
 * React Router routes that name their component instead of rendering it: `{ path: 'orders', Component: Orders }`,
 * `<Route Component={Orders} />`, and `{ lazy: () => import('./routes/orders') }` whose module exports `Component`
 * (or a default). No element renders such a page, yet its route is where it renders, under its parent route's
 * layout, as much as `element: <Orders />` is.
 */

/** A route's property or attribute that says what the route renders. */
export const ROUTE_RENDERS = /^(?:element|Component|lazy)$/;

/**
 * The route's `Component: X` or `lazy: () => import(…)` value as a call site's element: it is not an element, but it
 * stands where the page's element would, and only its place in the tree is read (like a layout's `{children}`).
 */
export function routeValueUse(node: TS.Expression, tag: string, owner?: JsxUse['owner']): JsxUse {
  const element = node as unknown as TS.JsxSelfClosingElement;
  return { opening: element, element, tag, intrinsic: false, attributes: [], spread: false, owner };
}

/**
 * The route that names `target` as its `Component`, or loads its module with `lazy` when the target is what that
 * module exports as `Component` or by default: the page's call site when no element renders it.
 */
export async function routeObjectCallSite(
  ts: typeof TS,
  graph: ComponentGraph,
  files: readonly WorkspaceFile[],
  target: { file: string; name: string },
  signal?: AbortSignal,
  exclude?: RegExp,
): Promise<CallSite | undefined> {
  const named = new RegExp(`\\bComponent\\s*[:=]\\s*\\{?\\s*(?:[\\w$]+\\.)?${target.name.replace(/\$/g, '\\$')}\\b`);
  const loaded = lazyTarget(graph, target);
  for (const entry of files) {
    if (signal?.aborted) return undefined;
    if (exclude?.test(entry.file)) continue;
    const loads = loaded
      ? graph.modules
          .module(entry.file)
          ?.references.filter((r) => r.kind === 'dynamic' && r.target === target.file)
          .map((r) => r.specifier)
      : undefined;
    const text = await entry.read().catch(() => undefined);
    if (text === undefined || !mayHoldReact(entry.file, text)) continue;
    const byName = named.test(text);
    if (!byName && !(loads?.length && /\blazy\s*:/.test(text))) continue;
    let model: FileModel;
    try {
      model = buildFileModel(ts, entry.file, text, parseScript(ts, entry.file, text));
    } catch {
      continue;
    }
    if (byName) {
      const values = routeValues(ts, model, 'Component').filter(
        (v) => ts.isIdentifier(v) || ts.isPropertyAccessExpression(v),
      );
      // Named, not rendered: the graph reads the modules of the names, not only of the file's elements.
      await graph.resolveNames(
        model,
        values.map((v) => v.getText(model.source)),
      );
      for (const value of values) {
        const use = routeValueUse(value, value.getText(model.source), ownerOf(model, value));
        const definition = graph.definitionOf(model, use);
        if (definition?.file === target.file && definition.name === target.name) return { model, use };
      }
    }
    if (loads?.length)
      for (const value of routeValues(ts, model, 'lazy')) {
        const specifier = importedIn(ts, value);
        if (specifier && loads.includes(specifier))
          return { model, use: routeValueUse(value, target.name, ownerOf(model, value)) };
      }
  }
  return undefined;
}

/** The target is what its module gives a route's `lazy`: its `Component` export, or its default export. */
function lazyTarget(graph: ComponentGraph, target: { file: string; name: string }): boolean {
  for (const name of ['Component', 'default']) {
    const origin = graph.modules.resolveExport(target.file, name);
    if (!origin || origin.unresolved || origin.file !== target.file) continue;
    // A declaration (`export default function Orders`) has no local binding behind it; its name is the target's.
    if ((origin.local ?? (name === 'Component' ? 'Component' : target.name)) === target.name) return true;
  }
  return false;
}

/** The values of route properties (`{ Component: X }`) and `<Route>` attributes (`Component={X}`) named `name`. */
export function routeValues(ts: typeof TS, model: FileModel, name: string): TS.Expression[] {
  const out: TS.Expression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isPropertyAssignment(node) && propertyName(node.name) === name) out.push(node.initializer);
    else if (
      ts.isJsxAttribute(node) &&
      node.name.getText(model.source) === name &&
      node.initializer &&
      ts.isJsxExpression(node.initializer) &&
      node.initializer.expression &&
      /(?:^|\.)Route$/.test(node.parent.parent.tagName.getText(model.source))
    )
      out.push(node.initializer.expression);
    ts.forEachChild(node, visit);
  };
  visit(model.source);
  return out;
}

/** A property's name as written, without quotes. */
export function propertyName(name: TS.PropertyName): string {
  return name.getText().replace(/^['"]|['"]$/g, '');
}

/** The specifier of the first `import('…')` inside `node` (a route's `lazy`). */
export function importedIn(ts: typeof TS, node: TS.Node): string | undefined {
  if (
    ts.isCallExpression(node) &&
    node.expression.kind === ts.SyntaxKind.ImportKeyword &&
    node.arguments.length > 0 &&
    ts.isStringLiteralLike(node.arguments[0])
  )
    return node.arguments[0].text;
  return ts.forEachChild(node, (child) => importedIn(ts, child));
}

function ownerOf(model: FileModel, node: TS.Node): JsxUse['owner'] {
  return model.components.find((c) => c.render && c.render.pos <= node.pos && node.end <= c.render.end);
}
