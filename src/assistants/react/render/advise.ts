import { existsSync, realpathSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as TS from 'typescript';
import { applyTextEdits } from '../../../core/apply-text-edits';
import type { AdviceResult, AdviseContext, AnalysisResult, SourceDocument } from '../../../core/assistant';
import { CancelledError } from '../../../core/budget';
import type { Finding, Fix, Range } from '../../../core/finding';
import { LineIndex } from '../../../core/text';
import type { ComponentGraph } from '../component-graph';
import type { ComponentDef } from '../components';
import { findInstalledPackage } from '../import-cost/resolve';
import type { FileModel } from '../model';
import { buildFileModel } from '../model';
import { parseScript } from '../parse';
import type { CallSite } from './call-site';
import { callSitesAbove, diskPath, findCallSite, literalProps, providersAlong, setupImports } from './call-site';
import { renderLabels } from './instrument';
import { readsFormContext } from './form-context';
import { appWrappers } from './layouts';
import { DEFAULT_PROVIDERS, freshValue } from './provider-values';
import { projectPublicEnv } from './env-files';
import type { MeasuredCandidate, ReactRenderReport } from '../contract';
import { candidateLine } from '../contract';
import type { ProviderRef, ReactRoot, RenderRequest, RenderVariant, VariantMeasurement } from './protocol';
import { RenderStopped, measureInSandbox } from './thread';

/** Items per generated list, parent updates measured, and how long the whole measurement may take. */
export const RENDER_DEFAULTS = { itemCount: 1000, updates: 5, timeoutMs: 180_000, maxCandidates: 6 };

export interface RenderDeps {
  ts: typeof TS;
  /** The workspace's component graph, as the analysis left it (call sites are found through it). */
  graph(): ComponentGraph | undefined;
  analyze(doc: SourceDocument, context: AdviseContext): Promise<AnalysisResult>;
  /** Where the sandbox runs; the worker thread by default (tests hand in their own). */
  measure?: typeof measureInSandbox;
}

/**
 * *Optimize React Component*'s measured part: the static review of the document, then the selected component
 * (or the one `settings.renderComponent` names, as the CLI's `render --component` does; else the first exported
 * one with findings) rendered in the sandbox under a parent taken from a workspace call
 * site, measured as written and with each of its findings' fixes applied in memory. The findings whose fix was
 * measured carry the figures (`evidence.measured`, a note, the message); when it cannot be rendered alone the
 * report says exactly why and the static findings are returned as they are.
 */
export async function adviseRenders(
  doc: SourceDocument,
  context: AdviseContext,
  deps: RenderDeps,
): Promise<AdviceResult<ReactRenderReport>> {
  const settings = { ...RENDER_DEFAULTS, ...renderSettings(context.settings) };
  const found = await deps.analyze(doc, context);
  const file = diskPath(doc.file);
  const report: ReactRenderReport = {
    file: doc.file,
    providers: [],
    generatedProps: [],
    stubbedLoaders: [],
    itemCount: settings.itemCount,
    updates: settings.updates,
    engine: '',
    candidates: [],
  };
  const result = (notRendered?: string, findings = found.findings): AdviceResult<ReactRenderReport> => ({
    findings,
    errors: found.errors,
    report: notRendered ? { ...report, notRendered } : report,
  });
  const { ts } = deps;
  let model: FileModel;
  try {
    model = buildFileModel(ts, doc.file, doc.text, parseScript(ts, doc.file, doc.text));
  } catch (error) {
    return result(`the file could not be parsed (${error instanceof Error ? error.message : String(error)})`);
  }
  const lines = new LineIndex(doc.text);
  const named = context.settings?.renderComponent;
  const def =
    typeof named === 'string' && named
      ? model.components.find((c) => c.render && c.name === named)
      : pickComponent(model, lines, found.findings, context.selection);
  if (!def) {
    const declared = [...new Set(model.components.filter((c) => c.render).map((c) => c.name))];
    if (typeof named === 'string' && named)
      return result(
        `the file declares no component named ${named}${declared.length ? ` (it declares ${declared.join(', ')})` : ''}`,
      );
    return result('the file declares no component');
  }
  report.component = def.name;
  const refusal = cannotRender(ts, model, def);
  if (refusal) return result(refusal);
  const exportName = exportNameOf(model, def);
  if (!exportName)
    return result(`${def.name} is not exported from its module: the sandbox imports it the way a parent does`);

  context.onProgress?.('finding React in the workspace');
  const dir = path.dirname(file);
  const [react, reactDom] = await Promise.all([
    findInstalledPackage(dir, 'react'),
    findInstalledPackage(dir, 'react-dom'),
  ]);
  const missing = [react ? undefined : 'react', reactDom ? undefined : 'react-dom'].filter(Boolean);
  if (!react || !reactDom)
    return result(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed in the workspace (no node_modules/${missing[0]} in ${dir} or above): install the project's dependencies to measure renders`,
    );
  const [major, minor] = reactDom.version.split('.').map((n) => Number.parseInt(n, 10));
  if (major < 16 || (major === 16 && minor < 5))
    return result(
      `react-dom ${reactDom.version} is older than 16.5, which brought React.Profiler: renders are measured with React 16.5 and later`,
    );
  const reactRoot: ReactRoot = major >= 18 ? 'concurrent' : 'legacy';
  const profiling = existsSync(path.join(reactDom.dir, 'profiling.js'));
  const jsx = existsSync(path.join(react.dir, 'jsx-runtime.js')) ? 'automatic' : 'classic';
  report.engine = `happy-dom, react-dom ${reactDom.version} ${profiling ? 'profiling' : 'development'} build${reactRoot === 'legacy' ? ', legacy root (ReactDOM.render)' : ''}`;

  context.onProgress?.('finding a call site');
  const graph = deps.graph();
  const site =
    graph && context.workspace
      ? await findCallSite(ts, graph, context.workspace, { file: doc.file, name: def.name }, context.signal)
      : undefined;
  if (context.signal?.aborted) throw new CancelledError();
  if (site) report.callSite = siteLabel(site);
  const above =
    graph && context.workspace
      ? await callSitesAbove(ts, graph, context.workspace, site, context.signal, undefined, doc.file)
      : [];
  if (context.signal?.aborted) throw new CancelledError();
  if (above.length) report.providerSites = above.map(siteLabel);
  const sites = site ? [site, ...above] : above;
  const wrappers = graph && context.workspace ? await appWrappers(ts, graph, context.workspace, sites) : undefined;
  const around = providersAlong(ts, site, above, wrappers);
  // The providers found before the walk went on from the app's router: the fallback when the app's shell (an auth
  // gate) shows something else in the component's place.
  const routedFrom = above.findIndex((s) => s.viaRouter);
  const direct = routedFrom >= 0 ? providersAlong(ts, site, above.slice(0, routedFrom), wrappers) : undefined;
  const guards = [...new Set(sites.flatMap((s) => s.guards ?? []))];
  if (guards.length)
    report.gatesPassed = guards.map((name) => `${name} (around the page's route element; not rendered)`);
  // A provider missing a prop its parent computes and the harness cannot make (a QueryClientProvider whose client
  // is the shell's own prop) would break what it wraps: it is left out, and the report says so.
  const providers = around.filter((p) => !p.computed);
  const leftOut = around.filter((p) => p.computed);
  if (leftOut.length)
    report.providersLeftOut = leftOut.map(
      (p) => `${p.name} (${p.computed!.map((name) => `\`${name}\``).join(', ')} computed at the call site)`,
    );
  const defaults = await defaultProviders(dir);
  // A package whose hooks throw without their provider (React Query's "No QueryClient set") gets a fresh one when
  // no call site above has it: made with the project's own package, outermost.
  const withDefaults = (list: ProviderRef[]) => [
    ...defaults.filter((d) => !list.some((p) => p.exportName === d.exportName)),
    ...list,
  ];
  providers.splice(0, providers.length, ...withDefaults(providers));
  const fallbackProviders = direct ? withDefaults(direct.filter((p) => !p.computed)) : undefined;
  report.providers = providers.map((p) => p.name);
  report.providerValues = providers.flatMap((p) =>
    Object.entries(p.values ?? {}).map(([prop, value]) => `${p.name} \`${prop}\`: ${value.how}`),
  );
  if (!report.providerValues.length) delete report.providerValues;

  // An app built with createBrowserRouter renders <RouterProvider router={router}>, a provider whose router is
  // computed: the component gets a memory router of the workspace's own react-router instead.
  const router = providers.some((p) => ROUTER_PROVIDER.test(p.name) || p.router) ? undefined : await routerPackage(dir);
  if (router) report.providers.push(`a memory router (${router.name} ${router.version}, at /)`);
  // A form field (shadcn's FormLabel reads useFormContext) renders inside a form of the harness's own.
  const form =
    (await findInstalledPackage(dir, 'react-hook-form')) &&
    (await readsFormContext(graph, context.workspace, [
      { file: doc.file, text: doc.text },
      ...(site ? [{ file: site.model.file, text: site.model.text }] : []),
    ]));
  if (form) report.providers.push('a react-hook-form FormProvider (a fresh useForm(), innermost)');
  const next = await findInstalledPackage(dir, 'next');
  if (next)
    report.providers.push(
      `Next.js's app router contexts (next ${next.version}: a router that does nothing, at /; outermost)`,
    );
  const setup = setupImports(site ? [site, ...above] : above);
  if (setup.length) report.setupModules = setup.map((s) => s.specifier);

  const env = await projectPublicEnv(file);
  report.env = { names: Object.keys(env.values).sort(), files: env.files };

  const candidates = candidatesOf(model, def, found.findings, settings.maxCandidates);
  const base = { [realPath(file)]: doc.text };
  const variants: RenderVariant[] = [{ label: 'as written', overrides: base }];
  for (const candidate of candidates) {
    const overrides = await applyFix(doc, candidate.fix, context);
    if (overrides) variants.push({ label: candidate.fix.title, overrides: { ...base, ...overrides } });
    else candidate.skipped = true;
  }
  const measurable = candidates.filter((c) => !c.skipped);
  // Fixes that only help together (a memoised child needs every prop stable): all of them at once as well.
  if (measurable.length > 1) {
    const together: Fix = {
      title: `All ${measurable.length} fixes together`,
      edits: measurable.flatMap((c) => c.fix.edits),
    };
    const overrides = await applyFix(doc, together, context);
    if (overrides) {
      variants.push({ label: together.title, overrides: { ...base, ...overrides } });
      const finding = { ...measurable[0].finding, ruleId: '', message: together.title };
      measurable.push({ finding, fix: together });
    }
  }
  const countedAs = def.render ? renderLabels(model.components).get(def.render) : undefined;
  const request: RenderRequest = {
    target: { file: realPath(file), exportName, name: def.name, ...(countedAs ? { countedAs } : {}) },
    ...(setup.length ? { setup } : {}),
    callSiteProps: site ? literalProps(ts, site.use) : {},
    callSitePasses: site ? site.use.attributes.map((a) => a.name) : [],
    ...(report.callSite ? { callSite: report.callSite } : {}),
    providers,
    ...(fallbackProviders ? { fallbackProviders } : {}),
    ...(router ? { router: router.name } : {}),
    ...(form ? { formContext: dir } : {}),
    ...(next ? { nextRouter: dir } : {}),
    ...(Object.keys(env.values).length ? { env: env.values } : {}),
    providedContexts: providedContexts(model, def, graph),
    variants,
    itemCount: settings.itemCount,
    updates: settings.updates,
    reactBuild: profiling ? 'profiling' : 'development',
    reactRoot,
    jsx,
    engine: report.engine,
  };
  context.onProgress?.(`rendering ${def.name} (${variants.length} variant${variants.length > 1 ? 's' : ''})`);
  let measurement;
  try {
    measurement = await (deps.measure ?? measureInSandbox)(request, {
      timeoutMs: settings.timeoutMs,
      signal: context.signal,
    });
  } catch (error) {
    if (error instanceof RenderStopped && context.signal?.aborted) throw new CancelledError();
    return result(`the render sandbox failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  report.generatedProps = measurement.generatedProps;
  report.stubbedLoaders = measurement.stubbedLoaders;
  report.consumerProbes = measurement.consumerProbes;
  const [baseline, ...after] = measurement.variants;
  for (const gate of measurement.gates ?? []) {
    const at = report.providers.indexOf(gate.name);
    if (at >= 0) report.providers.splice(at, 1);
    report.gatesPassed = [
      ...(report.gatesPassed ?? []),
      `${gate.name} (at mount it rendered ${gate.instead.length ? gate.instead.join(', ') : 'nothing of the workspace'} instead of what it wraps, such as a sign-in or loading state)`,
    ];
  }
  if (measurement.fellBack && fallbackProviders) {
    const kept = new Set(fallbackProviders.map((p) => `${p.file}\0${p.exportName}`));
    const dropped = providers.filter((p) => !kept.has(`${p.file}\0${p.exportName}`)).map((p) => p.name);
    // The memory router and the form the harness makes itself stay.
    report.providers = [...fallbackProviders.map((p) => p.name), ...report.providers.slice(providers.length)];
    report.providerValues = fallbackProviders.flatMap((p) =>
      Object.entries(p.values ?? {}).map(([prop, value]) => `${p.name} \`${prop}\`: ${value.how}`),
    );
    if (!report.providerValues.length) delete report.providerValues;
    report.providersLeftOut = [
      ...(report.providersLeftOut ?? []),
      ...dropped.map((name) => `${name} (around the app's router: under it ${measurement.fellBack})`),
    ];
  }
  report.baseline = baseline;
  if (baseline.refused) report.refusedRequests = baseline.refused;
  if (baseline.error) {
    // Props the call site computes that neither it (as literals) nor the types (none in a .js file) could give.
    const given = new Set([...Object.keys(request.callSiteProps), ...measurement.generatedProps, 'key', 'ref']);
    const untyped = request.callSitePasses.filter((name) => !given.has(name));
    return result(
      `${def.name} could not be rendered alone: ${explain(baseline.error, report.env?.names ?? [], report.providersLeftOut, untyped)}`,
    );
  }

  const enriched = new Map<Finding, Finding>();
  measurable.forEach((candidate, i) => {
    const measured = after[i];
    const line = candidateLine(report, baseline, measured);
    const entry: MeasuredCandidate = {
      ruleId: candidate.finding.ruleId || [...new Set(measurable.slice(0, -1).map((c) => c.finding.ruleId))].join(', '),
      finding: candidate.finding.message,
      fix: candidate.fix.title,
      measurement: measured,
      line,
    };
    report.candidates.push(entry);
    if (!candidate.finding.ruleId || measured.error) return;
    const message = `${candidate.finding.message} Measured with "${candidate.fix.title}": ${line}.`;
    const notes = [...(candidate.finding.evidence?.notes ?? []), `${candidate.fix.title}: ${line}`];
    // A fix that leaves every component rendering as often is no measured gain, whatever the clock said.
    if (!fewerRenders(baseline, measured)) {
      enriched.set(candidate.finding, {
        ...candidate.finding,
        message,
        evidence: { ...candidate.finding.evidence, notes },
      });
      return;
    }
    const speedup = measured.updateMs > 0 ? baseline.updateMs / measured.updateMs : 1;
    enriched.set(candidate.finding, {
      ...candidate.finding,
      message,
      evidence: {
        ...candidate.finding.evidence,
        measured: {
          beforeMs: round(baseline.updateMs),
          afterMs: round(measured.updateMs),
          speedup: round(speedup),
          engine: `${report.engine}, ${settings.itemCount.toLocaleString('en-US')} items, per parent update`,
        },
        notes,
      },
    });
  });
  return result(
    undefined,
    found.findings.map((f) => enriched.get(f) ?? f),
  );
}

/** A fresh provider for each package of DEFAULT_PROVIDERS the project has installed. */
async function defaultProviders(dir: string): Promise<ProviderRef[]> {
  const out: ProviderRef[] = [];
  for (const fallback of DEFAULT_PROVIDERS) {
    if (out.some((p) => p.exportName === fallback.exportName)) continue;
    if (!(await findInstalledPackage(dir, fallback.specifier))) continue;
    const value = freshValue(fallback.specifier, fallback.exportName, fallback.prop, dir, '__fresh_');
    if (value)
      out.push({
        file: fallback.specifier,
        fromDir: dir,
        exportName: fallback.exportName,
        name: fallback.exportName,
        props: {},
        values: { [fallback.prop]: value },
      });
  }
  return out;
}

/** A router a call site's providers already give: `<BrowserRouter>`, `<MemoryRouter>`, `<RouterProvider>`, `<Router>`. */
const ROUTER_PROVIDER = /(?:^|\.)(?:\w*Router|RouterProvider)$/;

/** The react-router package installed for the component's folder: `react-router-dom` (up to 6), else `react-router`. */
async function routerPackage(dir: string): Promise<{ name: string; version: string } | undefined> {
  for (const name of ['react-router-dom', 'react-router']) {
    const installed = await findInstalledPackage(dir, name);
    if (installed) return { name, version: installed.version };
  }
  return undefined;
}

/**
 * The contexts `def`'s render provides, as its module names them: `AuthContext` of `<AuthContext.Provider value>`,
 * and `<ThemeContext value>` (React 19) where the graph knows the name for a context.
 */
function providedContexts(model: FileModel, def: ComponentDef, graph: ComponentGraph | undefined): string[] {
  const names = new Set<string>();
  for (const use of model.jsx) {
    if (use.intrinsic || use.owner !== def || !use.attributes.some((a) => a.name === 'value')) continue;
    const object = use.tag.endsWith('.Provider') ? use.tag.slice(0, -'.Provider'.length) : use.tag;
    if (object === use.tag && !graph?.isContext(model, object)) continue;
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(object)) names.add(object);
  }
  return [...names];
}

/** Some component renders less often per parent update with the fix than without. */
function fewerRenders(before: VariantMeasurement, after: VariantMeasurement): boolean {
  return Object.entries(before.rendersPerUpdate).some(([name, count]) => (after.rendersPerUpdate[name] ?? 0) < count);
}

/** The component the user picked (the selection), else the first exported one with findings, else the first exported. */
export function pickComponent(
  model: FileModel,
  lines: LineIndex,
  findings: readonly Finding[],
  selection?: Range,
): ComponentDef | undefined {
  const renderable = model.components.filter((c) => c.render);
  const spanOf = (def: ComponentDef) => ({ start: def.statement.getStart(model.source), end: def.statement.end });
  if (selection) {
    const from = lines.offsetAt(selection.start);
    const to = lines.offsetAt(selection.end);
    const picked = renderable.filter((c) => spanOf(c).start <= to && from <= spanOf(c).end);
    // The innermost pick: a selection inside `CardView` that `Card = memo(CardView)` wraps picks the wrapper's render.
    if (picked.length) return picked[0];
  }
  const exported = new Set(model.exports.values());
  const withFindings = renderable.filter((c) =>
    findings.some((f) => {
      const at = lines.offsetAt(f.range.start);
      return at >= spanOf(c).start && at <= spanOf(c).end;
    }),
  );
  return withFindings.find((c) => exported.has(c)) ?? renderable.find((c) => exported.has(c)) ?? withFindings[0];
}

/** A component the sandbox cannot render by its nature: an async (server) component, a module of server actions. */
function cannotRender(ts: typeof TS, model: FileModel, def: ComponentDef): string | undefined {
  const first = model.source.statements[0];
  if (
    first &&
    ts.isExpressionStatement(first) &&
    ts.isStringLiteral(first.expression) &&
    first.expression.text === 'use server'
  )
    return `${path.basename(model.file)} is a module of server actions ('use server'): it does not render in a browser`;
  const render = def.render;
  if (
    render &&
    ts.canHaveModifiers(render) &&
    ts.getModifiers(render)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)
  )
    return `${def.name} is an async server component: it renders on the server, not in a DOM`;
  return undefined;
}

/** The name the module exports the component under, or the wrapper around its render (`Card = memo(CardView)`). */
function exportNameOf(model: FileModel, def: ComponentDef): string | undefined {
  for (const [name, exported] of model.exports) if (exported === def) return name;
  for (const [name, exported] of model.exports) if (exported.render && exported.render === def.render) return name;
  return undefined;
}

interface Candidate {
  finding: Finding;
  fix: Fix;
  skipped?: boolean;
}

/** The component's findings that have a fix: the preferred fix (else the first) of each, at most `max`. */
function candidatesOf(model: FileModel, def: ComponentDef, findings: readonly Finding[], max: number): Candidate[] {
  const lines = new LineIndex(model.text);
  const start = def.statement.getStart(model.source);
  const candidates: Candidate[] = [];
  for (const finding of findings) {
    const at = lines.offsetAt(finding.range.start);
    const fix =
      finding.fixes?.find((f) => f.isPreferred && !f.suppression) ?? finding.fixes?.find((f) => !f.suppression);
    if (fix && at >= start && at <= def.statement.end) candidates.push({ finding, fix });
  }
  return candidates.slice(0, max);
}

/** Absolute path → text with the fix applied, for every file it edits; undefined when a file cannot be read. */
async function applyFix(
  doc: SourceDocument,
  fix: Fix,
  context: AdviseContext,
): Promise<Record<string, string> | undefined> {
  const byFile = new Map<string, typeof fix.edits>();
  for (const edit of fix.edits) byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  const overrides: Record<string, string> = {};
  for (const [file, edits] of byFile) {
    if (edits.some((e) => e.createFile)) return undefined;
    const text = file === doc.file ? doc.text : await readText(file, context);
    if (text === undefined) return undefined;
    try {
      overrides[realPath(diskPath(file))] = applyTextEdits(text, edits);
    } catch {
      return undefined;
    }
  }
  return overrides;
}

async function readText(file: string, context: AdviseContext): Promise<string | undefined> {
  const entry = (await context.workspace?.files(/./))?.find((f) => f.file === file);
  return (await entry?.read().catch(() => undefined)) ?? fs.readFile(diskPath(file), 'utf8').catch(() => undefined);
}

/** The bundler sees real paths (symlinks followed): overrides are keyed the same way. */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** "App.tsx:12": where a call site's element starts. */
function siteLabel(site: CallSite): string {
  const at = new LineIndex(site.model.text).positionAt(site.use.opening.getStart(site.model.source));
  return `${path.basename(site.model.file)}:${at.line + 1}`;
}

/**
 * The sandbox's error with what it usually means: a provider the harness did not find, a package not installed, a
 * public variable the project's .env files do not set (`loaded`: the names they did give).
 */
export function explain(
  error: string,
  loaded: readonly string[] = [],
  leftOut: readonly string[] = [],
  /** Props the call site passes computed that the harness had no value for (no prop type to generate them from). */
  untyped: readonly string[] = [],
): string {
  if (
    untyped.length &&
    /Cannot read propert(?:y|ies) of (?:undefined|null)|is not a function|is not iterable/.test(error)
  )
    return `${error} (the call site passes ${untyped.map((n) => `\`${n}\``).join(', ')} computed, and the sandbox had no value for ${untyped.length > 1 ? 'them' : 'it'}: no prop type to generate one from, as in a JavaScript component; ${untyped.length > 1 ? 'they were' : 'it was'} undefined)`;
  const variable = /\b((?:NEXT_PUBLIC|VITE|REACT_APP)_[A-Za-z0-9_]+)/.exec(error)?.[1];
  if (variable && !loaded.includes(variable))
    return `${error} (${variable} is not set: the sandbox has only the public variables of the project's .env and .env.local${loaded.length ? `, here ${loaded.join(', ')}` : ', and they set none'}; add it to .env.local to measure)`;
  if (/Could not resolve "([^"]+)"/.test(error)) {
    const name = /Could not resolve "([^"]+)"/.exec(error)![1];
    return `${error} (${name} is not installed in the workspace, or is an alias the bundler does not know)`;
  }
  if (/app router to be mounted|NextRouter was not mounted/i.test(error))
    return `${error} (Next.js's router: the component uses next/navigation or next/router, which need the framework's app around it; the sandbox renders without Next)`;
  if (/ did not render at mount: /.test(error)) return error;
  if (/provider|context|must be used within|inside|No QueryClient set|could not find "store"|store.*null/i.test(error))
    // A left-out provider is only a candidate: the error names a hook or context, not which provider serves it
    // (bulletproof-react's form fields need react-hook-form's provider, not the app shell that was left out).
    return leftOut.length
      ? `${error} (it needs a provider: either one that was left out (${leftOut.join('; ')}), where the harness cannot make the value, or one not found above a call site, whose context had its default value)`
      : `${error} (it needs a provider that was not found above a call site: its context had its default value)`;
  return error;
}

function renderSettings(settings: Readonly<Record<string, unknown>> | undefined): Partial<typeof RENDER_DEFAULTS> {
  const out: Partial<typeof RENDER_DEFAULTS> = {};
  const items = settings?.renderItems;
  if (typeof items === 'number' && items >= 1) out.itemCount = Math.floor(items);
  const updates = settings?.renderUpdates;
  if (typeof updates === 'number' && updates >= 1) out.updates = Math.floor(updates);
  return out;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
