import type { AnalysisError } from '../../../core/finding';
import { LineIndex } from '../../../core/text';
import { hashText } from '../../../core/workspace';
import type { K8sObject, ParsedManifest } from '../manifest';
import type { Build } from '../kustomize/workspace-builds';
import { chartTemplateOffset } from '../template-expressions';
import type { ChartRender } from './chart';
import { renderChart } from './chart';
import { renderedObjects } from './rendered-objects';
import { isScalar } from 'yaml';
import { valueAt } from '../yaml-nodes';
import { describeToggles } from './feature-toggles';
import type { WorkspaceChart } from './workspace-dependencies';
import { listedDependencies, workspaceChart, workspaceDependency } from './workspace-dependencies';

/**
 * Every Helm chart of the workspace rendered in memory, as builds beside kustomize's: a chart's objects relate to
 * their own chart (each chart is one `helm install`), and a file the render read (a template, values.yaml) is
 * analysed through the rendered objects it wrote part of. A template that fails to render keeps the notice it
 * always had, with the reason; the chart's other templates are analysed.
 */

export interface ChartSources {
  /** Every workspace file under a chart's folder (templates, helpers, values, vendored dependencies). */
  files: readonly string[];
  text(file: string): string | undefined;
  /** Renders kept from earlier graphs, by Chart.yaml, with the signature of the chart's files they were made from. */
  renders?: Map<string, { signature: string; output: ChartOutput }>;
  /** The cluster's version for `.Capabilities` (the reviewer's `clusterVersion`); 1.30 when unset. */
  clusterVersion?: string;
  /**
   * The user's values files, in `-f` order: each applies to the chart whose folder holds it, and one outside every
   * chart to every chart (an app repository's `deploy/values-prod.yaml` beside its one chart).
   */
  valuesFiles?: readonly string[];
}

/** One chart's part of the workspace's renders. */
export interface ChartOutput {
  render?: ChartRender;
  /** The default render's build, and the render's with the chart's switches on when it has any. */
  build?: Build | Build[];
  consumed: Set<string>;
  templates: Set<string>;
  errors: AnalysisError[];
}

export interface WorkspaceCharts {
  builds: Build[];
  /** Files whose objects reach the graph only through a render (templates), or that a render read (values). */
  consumed: Set<string>;
  /** Templates the renders handled, rendered or not: their "not analysed" notice is replaced by the render's word. */
  templates: Set<string>;
  errorsByFile: Map<string, AnalysisError[]>;
  renders: ChartRender[];
}

/** The assumed cluster's version for `.Capabilities`; the reviewer's default. */
export const CHART_CLUSTER_VERSION = '1.30';

export function renderWorkspaceCharts(manifests: readonly ParsedManifest[], sources?: ChartSources): WorkspaceCharts {
  const out: WorkspaceCharts = {
    builds: [],
    consumed: new Set(),
    templates: new Set(),
    errorsByFile: new Map(),
    renders: [],
  };
  const byFile = new Map(manifests.map((m) => [m.file, m]));
  const fileSet = new Set(sources ? sources.files : []);
  for (const manifest of manifests) fileSet.add(manifest.file);
  const files = [...fileSet];
  const chartFiles = files.filter((f) => /(^|\/)Chart\.ya?ml$/.test(f));
  // Charts vendored under another chart's charts/ are rendered as its dependencies, not on their own.
  const folders = new Set(chartFiles.map((f) => f.slice(0, f.lastIndexOf('/') + 1)));
  const valuesFiles = sources?.valuesFiles ?? [];
  const outside = valuesFiles.filter((f) => ![...folders].some((folder) => f.startsWith(folder)));
  const roots = chartFiles.filter((f) => {
    const parent = /^(.*\/)?charts\/[^/]+\/Chart\.ya?ml$/.exec(f);
    return !parent || !folders.has(parent[1] ?? '');
  });
  if (roots.length === 0) return out;
  // The live text of a file under analysis comes from its parse; others from the workspace.
  const text = (file: string) => {
    const manifest = byFile.get(file);
    return manifest && manifest.lines.text !== '' ? manifest.lines.text : sources?.text(file);
  };
  const charts = roots.map((f) => workspaceChart(f, text(f))).filter((c): c is WorkspaceChart => c !== undefined);
  for (const chartFile of roots) {
    const folder = chartFile.slice(0, chartFile.lastIndexOf('/') + 1);
    const own = valuesFiles.filter((f) => f.startsWith(folder) || outside.includes(f));
    // Dependencies found among the workspace's charts render with this one: their files are its files.
    const dependencies = listedDependencies(text(chartFile), text(`${folder}requirements.yaml`))
      .filter((d) => !files.some((f) => f.startsWith(`${folder}charts/${String(d.name)}/`)))
      .map((d) => workspaceDependency(charts, folder, d))
      .filter((f): f is string => f !== undefined);
    const inChart = [
      ...new Set([...files.filter((f) => f.startsWith(folder) || dependencies.some((d) => f.startsWith(d))), ...own]),
    ].sort();
    const options = { clusterVersion: sources?.clusterVersion ?? CHART_CLUSTER_VERSION, valuesFiles: own, charts };
    // A chart whose files are as they were renders as it did: editing another chart or a manifest costs no render.
    const signature = [
      `${options.clusterVersion}:${own.join(',')}`,
      ...inChart.map((f) => `${f}:${hashText(text(f) ?? '')}`),
    ].join('\n');
    const cached = sources?.renders?.get(chartFile);
    const chart =
      cached?.signature === signature ? cached.output : renderOne(chartFile, folder, inChart, text, options);
    sources?.renders?.set(chartFile, { signature, output: chart });
    if (chart.render) out.renders.push(chart.render);
    if (chart.build) out.builds.push(...[chart.build].flat());
    for (const file of chart.consumed) out.consumed.add(file);
    for (const file of chart.templates) out.templates.add(file);
    for (const error of chart.errors) addError(out, error);
  }
  for (const chartFile of [...(sources?.renders?.keys() ?? [])])
    if (!roots.includes(chartFile)) sources?.renders?.delete(chartFile);
  return out;
}

function renderOne(
  chartFile: string,
  folder: string,
  inChart: string[],
  text: (file: string) => string | undefined,
  options: { clusterVersion: string; valuesFiles: readonly string[]; charts: readonly WorkspaceChart[] },
): ChartOutput {
  const out: ChartOutput = { consumed: new Set(), templates: new Set(), errors: [] };
  let render: ChartRender;
  try {
    if (/^\s*type:\s*['"]?library/m.test(text(chartFile) ?? '')) return out;
    render = renderChart(folder, {
      files: inChart,
      text,
      ...options,
      features: true,
      dependencyFolder: (parent, dependency) => workspaceDependency(options.charts, parent, dependency),
    });
  } catch (error) {
    // A Chart.yaml or values file that does not parse: the chart is not rendered, its templates keep the notice.
    addError(out, {
      file: chartFile,
      kind: 'unsupported',
      message: `Helm chart not rendered: ${error instanceof Error ? error.message : String(error)}`,
    });
    return out;
  }
  out.render = render;
  out.build = chartBuild(render, render.chartFile, folder, text, out, true);
  for (const file of options.valuesFiles) out.consumed.add(file);
  if (render.features) {
    const condition = describeToggles(render.features.toggles);
    const switched = render.features.render;
    const unset: string[] = [];
    const build = chartBuild(switched, `${render.chartFile}#${condition}`, folder, text, out, false, condition, unset);
    // Templates that fail only with the switches on: said once, on Chart.yaml (their default render was fine).
    const failedByDefault = new Set(render.templates.filter((t) => !t.output).map((t) => t.file));
    const failed = switched.templates.filter((t) => !t.output && !failedByDefault.has(t.file));
    if (failed.length > 0)
      addError(out, {
        file: render.chartFile,
        kind: 'partial',
        message: `Helm chart rendered with ${condition} in part: ${failed
          .map((t) => `${t.file.slice(folder.length)}: ${t.error?.message ?? 'unknown error'}`)
          .join('; ')}`,
      });
    if (unset.length > 0)
      addError(out, {
        file: render.chartFile,
        kind: 'partial',
        message: `Helm chart rendered with ${condition}: not reviewed there, ${unset.join(', ')}, whose maxReplicas the chart leaves for you to set`,
      });
    if (build.objects.length > 0) out.build = [out.build, build];
  }
  return out;
}

/**
 * One render's objects as a build: `key` names it (the chart's Chart.yaml, with the switches for a switched
 * render), `notify` says whether its templates' failures are this file's notices.
 */
function chartBuild(
  render: ChartRender,
  key: string,
  folder: string,
  text: (file: string) => string | undefined,
  out: ChartOutput,
  notify: boolean,
  condition?: string,
  unset?: string[],
): Build {
  const objects: K8sObject[] = [];
  // A template that does not render may hold the workload a budget or an autoscaler of the chart is for: checks
  // that conclude from an absence hold back (the template's own notice says why).
  const failed: string[] = [];
  for (const result of render.templates) {
    out.templates.add(result.file);
    out.consumed.add(result.file);
    const templateText = text(result.file) ?? '';
    const notice = (reason: string, at?: { file: string; offset: number }) => {
      failed.push(result.file.slice(folder.length));
      if (!notify) return;
      const lines = new LineIndex(templateText);
      const here = at && at.file === result.file ? at.offset : (chartTemplateOffset(templateText) ?? 0);
      const where =
        at && at.file !== result.file
          ? ` (in ${at.file.slice(folder.length)}, line ${new LineIndex(text(at.file) ?? '').positionAt(at.offset).line + 1})`
          : '';
      addError(out, {
        file: result.file,
        kind: 'unsupported',
        message: `not analysed: Helm chart template ({{ … }}) that does not render with the chart's default values: ${reason}${where}; render it (helm template) and review the output`,
        range: lines.rangeOf(here, Math.min(templateText.length, here + 2)),
      });
    };
    if (!result.output) {
      notice(result.error?.message ?? 'unknown error', result.error);
      continue;
    }
    const rendered = renderedObjects(result.output, result.file);
    if (rendered.error) {
      const origin = rendered.error.origin;
      notice(rendered.error.message, origin ? { file: origin.file, offset: origin.start } : undefined);
      continue;
    }
    for (const object of rendered.objects) {
      if (condition && needsValues(object)) {
        // A name the chart builds from a value left empty renders as nothing: the template then says which one.
        unset?.push(
          object.name ? `${object.kind} ${object.name}` : `the ${object.kind} of ${result.file.slice(folder.length)}`,
        );
        continue;
      }
      object.build = {
        kustomization: key,
        files: new Set([result.file, ...rendered.files]),
        writtenName: object.name,
        ...(condition ? { condition } : {}),
      };
      objects.push(object);
    }
  }
  for (const object of objects) for (const file of object.build?.files ?? []) out.consumed.add(file);
  if (notify && render.incomplete.length > 0)
    addError(out, {
      file: render.chartFile,
      kind: 'partial',
      message: `Helm chart rendered in part: ${render.incomplete.join('; ')}`,
    });
  return {
    folder,
    objects,
    chart: true,
    ...(condition ? { condition } : {}),
    result: {
      root: key,
      resources: [],
      errors: [],
      incomplete: [
        ...render.incomplete,
        ...(failed.length > 0
          ? [`${failed.length === 1 ? 'template' : 'templates'} ${failed.join(', ')} did not render`]
          : []),
      ],
      resourceFiles: new Set(),
      patchFiles: new Set(),
      kustomizations: new Set(),
    },
  };
}

/**
 * An HPA the switched render leaves without maxReplicas: the chart asks for the value with the switch (`maxReplicas:
 * ""` in values.yaml), so what the API server would say of it is not what a user who sets it deploys.
 */
function needsValues(object: K8sObject): boolean {
  if (object.kind !== 'HorizontalPodAutoscaler') return false;
  const max = valueAt(object.root, ['spec', 'maxReplicas'], object.doc);
  return max === undefined || (isScalar(max) && (max.value === null || max.value === ''));
}

function addError(out: WorkspaceCharts | ChartOutput, error: AnalysisError): void {
  if ('errorsByFile' in out) out.errorsByFile.set(error.file, [...(out.errorsByFile.get(error.file) ?? []), error]);
  else out.errors.push(error);
}
