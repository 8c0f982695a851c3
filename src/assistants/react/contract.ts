import type { VariantMeasurement } from './render/protocol';

/** One candidate fix, measured: the static finding it comes from and what rendering showed. */
export interface MeasuredCandidate {
  ruleId: string;
  /** The finding's message and the fix's title, as the user saw them. */
  finding: string;
  fix: string;
  measurement: VariantMeasurement;
  /** The result in one line (candidateLine). */
  line: string;
}

/**
 * The frontend optimizer's measured advice (*Optimize React Component*): which component was rendered and how,
 * the code as written, and each candidate fix of its findings measured the same way. `notRendered` says exactly
 * why nothing was measured (a server component, React missing from the workspace, a render that threw).
 */
export interface ReactRenderReport {
  component?: string;
  file: string;
  notRendered?: string;
  /** Where the props came from ("App.tsx:46"); absent: generated from the prop types. */
  callSite?: string;
  providers: string[];
  /** Providers around the call site left out, with why: "QueryClientProvider (`client` computed at the call site)". */
  providersLeftOut?: string[];
  /**
   * Gates the component was rendered past: providers that at mount showed something else in place of what they wrap
   * (an auth gate's sign-in state), left out, and the route guards around the page's route element, never rendered
   * (`ProtectedRoute`): what a signed-in user sees is measured.
   */
  gatesPassed?: string[];
  /**
   * How each computed provider prop was given: "Provider `store`: the app's own `store` (imported from
   * './app/store')", "QueryClientProvider `client`: a fresh QueryClient of @tanstack/react-query (retries off)".
   */
  providerValues?: string[];
  /** Modules the app's files along the call sites import for their effects, run first (`./i18n`). */
  setupModules?: string[];
  /** Requests the render made, refused in the sandbox (nothing leaves the machine). */
  refusedRequests?: { count: number; first: string[] };
  /** The call sites above the first one that providers were looked for around ("App.tsx:12", nearest first). */
  providerSites?: string[];
  /** The project's public variables given to the sandbox (names only) and the .env files read (none: empty). */
  env?: { names: string[]; files: string[] };
  generatedProps: string[];
  stubbedLoaders: string[];
  /** Contexts the component provides that a consumer was rendered below it for (its children): `AuthContext`. */
  consumerProbes?: string[];
  itemCount: number;
  updates: number;
  engine: string;
  baseline?: VariantMeasurement;
  candidates: MeasuredCandidate[];
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatMs(ms: number): string {
  return `${ms >= 100 ? Math.round(ms) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)} ms`;
}

/** The components whose renders per update changed most, or else the most rendered: what a line names. */
function components(before: VariantMeasurement, after?: VariantMeasurement): string[] {
  const names = Object.keys(before.rendersPerUpdate);
  const change = (name: string) => Math.abs((after?.rendersPerUpdate[name] ?? 0) - before.rendersPerUpdate[name]);
  const changed = after ? names.filter((name) => change(name) > 0).sort((a, b) => change(b) - change(a)) : [];
  return (
    changed.length ? changed : names.sort((a, b) => before.rendersPerUpdate[b] - before.rendersPerUpdate[a])
  ).slice(0, 2);
}

/** Milliseconds a component spent in its own render function per parent update (0 when it did not render). */
function ownMs(measurement: VariantMeasurement, name: string): number {
  return measurement.renderMsPerUpdate[name] ?? 0;
}

/**
 * "ProductList renders per parent update: ProductCard 1,000 (38.0 ms in its render), ProductList 1 (0.05 ms in its
 * render); 157 ms per update on 1,000 items".
 */
export function baselineLine(report: ReactRenderReport, baseline: VariantMeasurement): string {
  const renders = components(baseline)
    .map(
      (name) =>
        `${name} ${number.format(baseline.rendersPerUpdate[name])} (${formatMs(ownMs(baseline, name))} in its render)`,
    )
    .join(', ');
  return `renders per parent update: ${renders || 'none'}; ${formatMs(baseline.updateMs)} per update on ${number.format(report.itemCount)} items (measured, ${report.engine})`;
}

/**
 * "ProductCard renders per parent update 1,000 → 0 (in its render 38.0 ms → 0.00 ms), render time 157 ms → 3.1 ms
 * on 1,000 items (measured, happy-dom …)": before → after for the components whose renders changed (or the most
 * rendered when none did), with the time in each one's own render function, then the whole tree's.
 */
export function candidateLine(
  report: Pick<ReactRenderReport, 'itemCount' | 'engine'>,
  before: VariantMeasurement,
  after: VariantMeasurement,
): string {
  if (after.error) return `not measured: ${after.error}`;
  const renders = components(before, after)
    .map(
      (name) =>
        `${name} renders per parent update ${number.format(before.rendersPerUpdate[name])} → ${number.format(after.rendersPerUpdate[name] ?? 0)} (in its render ${formatMs(ownMs(before, name))} → ${formatMs(ownMs(after, name))})`,
    )
    .join(', ');
  return `${renders ? `${renders}, ` : ''}render time ${formatMs(before.updateMs)} → ${formatMs(after.updateMs)} per update on ${number.format(report.itemCount)} items (measured, ${report.engine})`;
}

function refusedLine(refused: { count: number; first: string[] }): string {
  return `Network: ${number.format(refused.count)} request${refused.count === 1 ? '' : 's'} refused in the sandbox, none left the machine (${refused.first.join(', ')}${refused.count > refused.first.length ? ', …' : ''}): what they would have loaded is missing`;
}

function envLine(env: { names: string[]; files: string[] }): string {
  if (!env.files.length)
    return 'the project has no .env or .env.local: its NEXT_PUBLIC_, VITE_ and REACT_APP_ variables read as undefined';
  const names = env.names.length ? env.names.join(', ') : 'no public variable';
  return `${names} from the project's ${env.files.join(' and ')} (only NEXT_PUBLIC_, VITE_ and REACT_APP_ variables are given to the sandbox)`;
}

/** The report as Markdown: what was rendered and how, the code as written, each candidate. */
export function reportMarkdown(report: ReactRenderReport): string {
  const lines = [`# Measured renders: ${report.component ?? report.file}`, ''];
  if (report.notRendered) {
    lines.push(`Not rendered: ${report.notRendered}`, '');
    if (report.refusedRequests) lines.push(refusedLine(report.refusedRequests), '');
    lines.push('The static findings still apply.');
    return lines.join('\n');
  }
  lines.push(
    `- Rendered in: ${report.engine}`,
    `- Props: ${report.callSite ? `from the call site ${report.callSite}` : 'generated from the prop types'}${report.generatedProps.length ? ` (generated: ${report.generatedProps.join(', ')})` : ''}`,
    `- Providers: ${report.providers.length ? report.providers.join(', ') : 'none (contexts at their default values)'}${report.providerSites?.length ? ` (looked for around the call site and ${report.providerSites.join(', ')} above it)` : ''}${report.providersLeftOut?.length ? `; left out: ${report.providersLeftOut.join(', ')}` : ''}`,
    ...(report.gatesPassed?.length
      ? [`- Rendered past gates, as a signed-in user sees it: without ${report.gatesPassed.join('; ')}`]
      : []),
    ...(report.providerValues?.length
      ? [`- Provider values the call sites compute: ${report.providerValues.join('; ')}`]
      : []),
    ...(report.setupModules?.length
      ? [
          `- Setup modules run first (the app's entry imports them for their effects): ${report.setupModules.join(', ')}`,
        ]
      : []),
    ...(report.env ? [`- Environment: ${envLine(report.env)}`] : []),
    ...(report.refusedRequests ? [`- ${refusedLine(report.refusedRequests)}`] : []),
    `- Lists: ${number.format(report.itemCount)} generated items${report.stubbedLoaders.length ? `; data loaders answered with generated data: ${report.stubbedLoaders.join(', ')}` : ''}`,
    ...(report.consumerProbes?.length
      ? [
          `- Consumers: one component reading ${report.consumerProbes.join(', ')} (\`useContext\`), given as its children and counted as "… consumer": it renders on a parent update only when the provider's value changed`,
        ]
      : []),
    `- Parent updates measured: ${report.updates} (an unrelated state change in the parent, each flushed synchronously)`,
    '',
  );
  if (report.baseline) {
    if (report.baseline.error) lines.push(`As written: not measured: ${report.baseline.error}`, '');
    else lines.push(`As written: ${baselineLine(report, report.baseline)}`, '');
  }
  if (report.candidates.length) {
    lines.push('## Candidate fixes', '');
    for (const candidate of report.candidates)
      lines.push(`- **${candidate.fix}** (${candidate.ruleId}): ${candidate.line}`);
  } else lines.push('No finding of this component has a fix to measure.');
  if (report.baseline && !report.baseline.error)
    lines.push('', ...perComponentTable(report.baseline, report.candidates));
  return lines.join('\n');
}

/**
 * Every component that rendered, per parent update: its renders and the time in its own render function as
 * written, then with each measured candidate ("1,000 renders, 38.0 ms → 0 renders, 0.00 ms").
 */
function perComponentTable(baseline: VariantMeasurement, candidates: readonly MeasuredCandidate[]): string[] {
  const measured = candidates.filter((c) => !c.measurement.error);
  const names = [
    ...new Set([baseline, ...measured.map((c) => c.measurement)].flatMap((m) => Object.keys(m.rendersPerUpdate))),
  ].sort((a, b) => ownMs(baseline, b) - ownMs(baseline, a) || a.localeCompare(b));
  if (!names.length) return [];
  const cell = (m: VariantMeasurement, name: string) => {
    const renders = m.rendersPerUpdate[name] ?? 0;
    return `${number.format(renders)} render${renders === 1 ? '' : 's'}, ${formatMs(ownMs(m, name))}`;
  };
  // The tree's time less the components' own: React reconciling what they return, and the DOM elements' props.
  const react = (m: VariantMeasurement) =>
    formatMs(Math.max(0, m.updateMs - Object.values(m.renderMsPerUpdate).reduce((sum, ms) => sum + ms, 0)));
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '## Per component, per parent update',
    '',
    "Renders, and the time spent in the component's own render function (all its instances; its children and",
    "React's own work are not in it).",
    '',
    `| Component | As written |${measured.map((c) => ` ${escape(c.fix)} |`).join('')}`,
    `| --- | --- |${measured.map(() => ' --- |').join('')}`,
    ...names.map(
      (name) =>
        `| ${escape(name)} | ${cell(baseline, name)} |${measured.map((c) => ` ${cell(c.measurement, name)} |`).join('')}`,
    ),
    `| React's own work (reconciling, DOM elements) | ${react(baseline)} |${measured.map((c) => ` ${react(c.measurement)} |`).join('')}`,
    `| Whole tree (React.Profiler) | ${formatMs(baseline.updateMs)} |${measured.map((c) => ` ${formatMs(c.measurement.updateMs)} |`).join('')}`,
  ];
}
