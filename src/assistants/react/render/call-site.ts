import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import type { Workspace } from '../../../core/workspace';
import type { ComponentGraph } from '../component-graph';
import type { FileModel, JsxUse } from '../model';
import { buildFileModel } from '../model';
import { REACT_FILE, mayHoldReact, parseScript } from '../parse';
import { NOT_BUNDLED } from '../import-cost/for-file';
import type { ProviderRef } from './protocol';

/** Where a component is rendered in the workspace: the file's model and the element. */
export interface CallSite {
  model: FileModel;
  use: JsxUse;
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
  return undefined;
}

/** Components walked up from the call site's own for providers: an app's shell is rarely further than this. */
export const PROVIDER_DEPTH = 4;

/**
 * The call sites above `site`: where its component is rendered, where that one is, and so on, nearest first, at
 * most `depth` of them (a component met twice, a cycle, ends the walk). The providers an app puts around its
 * routes (in `App`, in `main.tsx`) are there, not beside the measured component's own call site.
 */
export async function callSitesAbove(
  ts: typeof TS,
  graph: ComponentGraph,
  workspace: Workspace,
  site: CallSite,
  signal?: AbortSignal,
  depth = PROVIDER_DEPTH,
): Promise<CallSite[]> {
  const chain: CallSite[] = [];
  const seen = new Set<string>();
  for (let current = site; chain.length < depth;) {
    const owner = current.use.owner;
    if (!owner) break;
    const key = `${current.model.file}\0${owner.name}`;
    if (seen.has(key)) break;
    seen.add(key);
    // A test or a story renders the component under its own scaffolding, not the app's providers.
    const target = { file: current.model.file, name: owner.name };
    const next = await findCallSite(ts, graph, workspace, target, signal, NOT_BUNDLED);
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

/**
 * The providers around `site` and around each call site above it, outermost first; a provider met at two levels
 * (the same module's export) is kept once, at the outer one.
 */
export function providersAlong(ts: typeof TS, site: CallSite, above: readonly CallSite[]): ProviderRef[] {
  const out: ProviderRef[] = [];
  const seen = new Set<string>();
  for (const at of [...above].reverse().concat(site))
    for (const provider of providersAbove(ts, at)) {
      const key = `${provider.file}\0${provider.exportName}`;
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
 * first, imported the way the call site's file imports them, with their literal props and the names of the props
 * it computes (`client={queryClient}`: the caller leaves such a provider out). A context's own
 * `<Theme.Provider value={…}>` is left out (its value is the parent's): the context's default value applies.
 */
export function providersAbove(ts: typeof TS, site: CallSite): ProviderRef[] {
  const { model, use } = site;
  const byElement = new Map<TS.Node, JsxUse>(model.jsx.map((u) => [u.element, u]));
  const providers: ProviderRef[] = [];
  for (let node: TS.Node | undefined = use.element.parent; node && node !== use.owner?.render; node = node.parent) {
    const above = byElement.get(node);
    if (!above || above.intrinsic || !/Provider$/.test(above.tag) || above.tag.includes('.')) continue;
    const binding = model.imports.get(above.tag);
    const local = model.components.find((c) => c.name === above.tag);
    const exported = local ? [...model.exports].find(([, def]) => def === local)?.[0] : undefined;
    const from = binding
      ? binding.specifier.startsWith('.')
        ? path.resolve(path.dirname(diskPath(model.file)), binding.specifier)
        : binding.specifier
      : exported
        ? diskPath(model.file)
        : undefined;
    const exportName = binding?.name ?? exported;
    if (!from || !exportName || exportName === '*') continue;
    const props = literalProps(ts, above);
    const computed = above.attributes
      .map((a) => a.name)
      .filter((name) => name !== 'key' && name !== 'ref' && !(name in props));
    providers.unshift({
      file: from,
      exportName,
      name: above.tag,
      props,
      ...(computed.length ? { computed } : {}),
    });
  }
  return providers;
}

/** A workspace file's path on disk: the editor names files by `file:` URI, the CLI by path (relative to the cwd). */
export function diskPath(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : path.resolve(file);
}
