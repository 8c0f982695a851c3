import { parseDocument } from 'yaml';
import { RenderError } from './go-values';
import { capabilities } from './capabilities';
import { chartFiles } from './files-object';
import { MissingFunction, Renderer, TemplateError } from './render';
import type { Limits } from './render';
import { DEFAULT_LIMITS } from './render';
import type { Sourced } from './sourced';
import type { ParsedTemplate } from './template-parse';
import { TemplateSyntaxError, parseTemplate } from './template-parse';
import { coalesce, isValueMap, newMap, readValues } from './values';
import type { FeatureToggle } from './feature-toggles';
import { featureToggles, toggleOverlay } from './feature-toggles';
import type { ValueMap } from './values';

/**
 * `helm template release <chart>` in memory: the chart's default values, its vendored dependencies (unpacked
 * under `charts/`), every template rendered on its own so one that fails does not hide the others. A template
 * that fails says why; a dependency Chart.yaml names but `charts/` lacks is named as the reason when its
 * templates are needed, and makes the render incomplete when it is enabled.
 */

export interface ChartInputs {
  /** Workspace files under the chart's folder. */
  files: readonly string[];
  text(file: string): string | undefined;
  clusterVersion: string;
  limits?: Limits;
  /** Values files over the chart's values.yaml, in order, the last winning (as `helm template -f a -f b`). */
  valuesFiles?: readonly string[];
  /** Render a second time with the chart's autoscaler and disruption-budget switches on (feature-toggles.ts). */
  features?: boolean;
  /**
   * The folder of a workspace chart that stands for a dependency `charts/` does not vendor (its files are in
   * `files`): workspace-dependencies.ts.
   */
  dependencyFolder?(parent: string, dependency: ValueMap): string | undefined;
}

export interface TemplateResult {
  file: string;
  output?: Sourced;
  error?: { message: string; file: string; offset: number };
}

export interface ChartRender {
  /** The chart's Chart.yaml. */
  chartFile: string;
  folder: string;
  name: string;
  templates: TemplateResult[];
  /** Why objects `helm template` would write may be missing (an enabled dependency that is not vendored). */
  incomplete: string[];
  /** Functions templates called that the renderer lacks, with the count of templates that failed on each. */
  missingFunctions: Map<string, number>;
  /** The render with the chart's feature switches on, when it has any that are off (`inputs.features`). */
  features?: { toggles: FeatureToggle[]; render: ChartRender };
}

interface LoadedChart {
  folder: string;
  name: string;
  meta: ValueMap;
  values: unknown;
  templates: ParsedTemplate[];
  failedParses: TemplateResult[];
  subcharts: LoadedChart[];
  /** Dependencies named in Chart.yaml and not vendored unpacked, by name. */
  missing: { name: string; packed: boolean; enabled: boolean }[];
  /** Path of templates as Helm names them: `<chart>/templates/x.yaml`. */
  templatePrefix: string;
  /** The values paths of its dependencies' `condition`s: switching one on would bring a chart not loaded. */
  conditions: string[];
}

const MAX_SUBCHART_NESTING = 10;

function readYaml(text: string | undefined, file: string): unknown {
  if (text === undefined) return undefined;
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) throw new RenderError(`${file}: ${doc.errors[0].message.split('\n')[0]}`);
  return readValues(doc, file);
}

/** Chart.yaml's keys as `.Chart` writes them: `name` → `Name`, `apiVersion` → `APIVersion`. */
function chartObject(meta: ValueMap): ValueMap {
  const out = newMap();
  for (const [key, value] of Object.entries(meta)) {
    const name =
      key === 'apiVersion' ? 'APIVersion' : key === 'kubeVersion' ? 'KubeVersion' : key[0].toUpperCase() + key.slice(1);
    out[name] = value;
  }
  out.IsRoot = true;
  return out;
}

function load(folder: string, inputs: ChartInputs, prefix: string, depth: number): LoadedChart {
  const meta = readYaml(inputs.text(`${folder}Chart.yaml`) ?? inputs.text(`${folder}Chart.yml`), `${folder}Chart.yaml`);
  const metaMap = isValueMap(meta) ? meta : newMap();
  const name = typeof metaMap.name === 'string' ? metaMap.name : (folder.slice(0, -1).split('/').pop() ?? 'chart');
  const valuesFile = `${folder}values.yaml`;
  let values: unknown = readYaml(inputs.text(valuesFile), valuesFile) ?? newMap();
  // The user's values files apply to the chart installed, not to its dependencies (they reach those by section).
  if (depth === 0)
    for (const file of inputs.valuesFiles ?? []) {
      const text = inputs.text(file);
      if (text === undefined) throw new RenderError(`values file ${file} is not in the workspace`);
      values = coalesce(values, readYaml(text, file) ?? newMap());
    }
  const templatePrefix = `${prefix}${name}/`;
  const templates: ParsedTemplate[] = [];
  const failedParses: TemplateResult[] = [];
  const own = inputs.files.filter(
    (f) => f.startsWith(`${folder}templates/`) && !f.slice(folder.length).includes('/charts/'),
  );
  for (const file of own.sort()) {
    const text = inputs.text(file);
    if (text === undefined) continue;
    try {
      const parsed = parseTemplate(file, text);
      // Each file is a named template too: `include (print $.Template.BasePath "/configmap.yaml") .` (checksums).
      parsed.defines.set(`${templatePrefix}${file.slice(folder.length)}`, parsed.body);
      templates.push(parsed);
    } catch (error) {
      const offset = error instanceof TemplateSyntaxError ? error.offset : 0;
      failedParses.push({
        file,
        error: {
          message: `template syntax error: ${error instanceof Error ? error.message : String(error)}`,
          file,
          offset,
        },
      });
    }
  }
  const subcharts: LoadedChart[] = [];
  const missing: LoadedChart['missing'] = [];
  // Charts of apiVersion v1 list their dependencies in requirements.yaml.
  const requirements =
    metaMap.dependencies === undefined
      ? readYaml(inputs.text(`${folder}requirements.yaml`), `${folder}requirements.yaml`)
      : undefined;
  const listed = metaMap.dependencies ?? (isValueMap(requirements) ? requirements.dependencies : undefined);
  const dependencies = Array.isArray(listed) ? listed.filter(isValueMap) : [];
  const vendored = new Set(
    inputs.files
      .map((f) => new RegExp(`^${escape(folder)}charts/([^/]+)/Chart\\.ya?ml$`).exec(f)?.[1])
      .filter((x): x is string => x !== undefined),
  );
  if (depth < MAX_SUBCHART_NESTING) {
    for (const sub of [...vendored].sort()) {
      const dependency = dependencies.find((d) => d.name === sub);
      const alias = typeof dependency?.alias === 'string' ? dependency.alias : sub;
      if (!enabled(dependency, values)) continue;
      const loaded = load(`${folder}charts/${sub}/`, inputs, `${templatePrefix}charts/`, depth + 1);
      subcharts.push({ ...loaded, name: alias });
    }
  }
  for (const dependency of dependencies) {
    const depName = String(dependency.name ?? '');
    if (!depName || vendored.has(depName)) continue;
    const local = inputs.dependencyFolder?.(folder, dependency);
    if (local !== undefined) {
      if (depth < MAX_SUBCHART_NESTING && enabled(dependency, values)) {
        const alias = typeof dependency.alias === 'string' ? dependency.alias : depName;
        subcharts.push({ ...load(local, inputs, `${templatePrefix}charts/`, depth + 1), name: alias });
      }
      continue;
    }
    const packed = inputs.files.some((f) => f.startsWith(`${folder}charts/${depName}-`) && f.endsWith('.tgz'));
    missing.push({ name: depName, packed, enabled: enabled(dependency, values) });
  }
  const conditions = dependencies.flatMap((d) =>
    typeof d.condition === 'string' ? d.condition.split(',').map((c) => c.trim()) : [],
  );
  return {
    folder,
    name,
    meta: metaMap,
    values,
    templates,
    failedParses,
    subcharts,
    missing,
    templatePrefix,
    conditions,
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A dependency's `condition` (a dotted path of the parent's values): unset or true means enabled. */
function enabled(dependency: ValueMap | undefined, values: unknown): boolean {
  const condition = typeof dependency?.condition === 'string' ? dependency.condition.split(',')[0].trim() : '';
  if (!condition) return true;
  let current: unknown = values;
  for (const key of condition.split('.')) {
    if (!isValueMap(current)) return true;
    current = current[key];
  }
  return typeof current === 'boolean' ? current : true;
}

/** Subcharts see their own values overlaid by the parent's section for them, and the parent's globals. */
function subchartValues(parent: unknown, sub: LoadedChart): unknown {
  const section = isValueMap(parent) ? parent[sub.name] : undefined;
  let values = coalesce(sub.values, isValueMap(section) ? section : undefined);
  const globals = isValueMap(parent) ? parent.global : undefined;
  if (isValueMap(globals)) {
    const own = isValueMap(values) && isValueMap(values.global) ? values.global : newMap();
    const withGlobal = newMap();
    Object.assign(withGlobal, values);
    withGlobal.global = coalesce(own, globals);
    values = withGlobal;
  }
  return values;
}

export function renderChart(folder: string, inputs: ChartInputs): ChartRender {
  const root = load(folder, inputs, '', 0);
  const values = withSubchartDefaults(root, root.values, 0);
  const render = renderLoaded(root, values, inputs);
  if (!inputs.features) return render;
  const toggles = chartToggles(root);
  if (toggles.length === 0) return render;
  const switched = renderLoaded(root, coalesce(values, toggleOverlay(toggles)), inputs);
  return { ...render, features: { toggles, render: switched } };
}

/**
 * Helm's coalescing of a chart's values with its dependencies' defaults: the parent reads
 * `.Values.kafka.broker.replicaCount` from the `kafka` dependency's values.yaml unless it sets it itself.
 */
function withSubchartDefaults(chart: LoadedChart, values: unknown, depth: number): unknown {
  if (chart.subcharts.length === 0 || depth > MAX_SUBCHART_NESTING) return values;
  const defaults = newMap();
  for (const sub of chart.subcharts) defaults[sub.name] = withSubchartDefaults(sub, sub.values, depth + 1);
  return coalesce(defaults, values);
}

/**
 * The chart's switches and its dependencies' (under their section), less those a dependency's `condition` reads:
 * they bring in a whole chart, not a feature of this one.
 */
function chartToggles(root: LoadedChart): FeatureToggle[] {
  const toggles: FeatureToggle[] = [];
  const conditions = new Set<string>();
  const walk = (chart: LoadedChart, values: unknown, path: string[], depth: number) => {
    for (const condition of chart.conditions) conditions.add([...path, condition].join('.'));
    toggles.push(...featureToggles(values, path));
    if (depth < MAX_SUBCHART_NESTING)
      for (const sub of chart.subcharts) walk(sub, subchartValues(values, sub), [...path, sub.name], depth + 1);
  };
  walk(root, root.values, [], 0);
  const seen = new Set<string>();
  return toggles.filter((t) => {
    const key = t.join('.');
    return !conditions.has(key) && !seen.has(key) && seen.add(key) !== undefined;
  });
}

function renderLoaded(root: LoadedChart, rootValues: unknown, inputs: ChartInputs): ChartRender {
  const folder = root.folder;
  const charts: { chart: LoadedChart; values: unknown; isRoot: boolean }[] = [];
  const collect = (chart: LoadedChart, values: unknown, isRoot: boolean) => {
    charts.push({ chart, values, isRoot });
    for (const sub of chart.subcharts) collect(sub, subchartValues(values, sub), false);
  };
  collect(root, rootValues, true);
  // Every template of the chart and its dependencies shares one set of `define`s, the parent's last (they win).
  const all = [...charts].reverse().flatMap(({ chart }) => chart.templates);
  const renderer = () => new Renderer(all, inputs.limits ?? DEFAULT_LIMITS);
  const caps = capabilities(inputs.clusterVersion);
  const results: TemplateResult[] = [];
  const missingFunctions = new Map<string, number>();
  const notVendored = new Map(charts.flatMap(({ chart }) => chart.missing.map((m) => [m.name, m] as const)));
  for (const { chart, values, isRoot } of charts) {
    results.push(...chart.failedParses.filter((r) => !isPartial(r.file)));
    const chartObj = chartObject(chart.meta);
    chartObj.IsRoot = isRoot;
    for (const template of chart.templates) {
      if (isPartial(template.file) || /(^|\/)NOTES\.txt$/.test(template.file)) continue;
      if (!/\.(ya?ml|json|tpl)$/i.test(template.file)) continue;
      const relative = template.file.slice(chart.folder.length);
      const dot = newMap();
      Object.assign(dot, {
        Values: values,
        Chart: chartObj,
        Release: releaseObject(),
        Capabilities: caps,
        Files: chartFiles(chart.folder, inputs),
        Template: Object.assign(newMap(), {
          Name: `${chart.templatePrefix}${relative}`,
          BasePath: `${chart.templatePrefix}templates`,
        }),
      });
      try {
        results.push({ file: template.file, output: renderer().render(template, dot) });
      } catch (error) {
        results.push({ file: template.file, error: explain(error, template.file, notVendored, missingFunctions) });
      }
    }
  }
  const incomplete = [...notVendored.values()]
    .filter((m) => m.enabled)
    .map(
      (m) =>
        `chart dependency \`${m.name}\` is not vendored (${m.packed ? 'a packed .tgz is not read' : 'run helm dependency build'}): its objects are missing`,
    );
  return {
    chartFile: `${folder}Chart.yaml`,
    folder,
    name: root.name,
    templates: results,
    incomplete,
    missingFunctions,
  };
}

function isPartial(file: string): boolean {
  return /(^|\/)_[^/]*$/.test(file);
}

function releaseObject(): ValueMap {
  return Object.assign(newMap(), {
    Name: 'release',
    Namespace: 'default',
    Service: 'Helm',
    IsInstall: true,
    IsUpgrade: false,
    Revision: 1,
  });
}

function explain(
  error: unknown,
  file: string,
  notVendored: ReadonlyMap<string, { name: string; packed: boolean; enabled: boolean }>,
  missingFunctions: Map<string, number>,
): { message: string; file: string; offset: number } {
  if (!(error instanceof TemplateError)) {
    if (error instanceof MissingFunction) missingFunctions.set(error.fn, (missingFunctions.get(error.fn) ?? 0) + 1);
    return { message: error instanceof Error ? error.message : String(error), file, offset: 0 };
  }
  const missingFn = /^function "([^"]+)" not defined$/.exec(error.message)?.[1];
  if (missingFn) missingFunctions.set(missingFn, (missingFunctions.get(missingFn) ?? 0) + 1);
  if (error.missingDefine) {
    // Library charts name their helpers after themselves: `common.names.fullname` comes from `common`.
    const candidates = [...notVendored.values()];
    const enabledOnes = candidates.filter((m) => m.enabled);
    const owner =
      candidates.find(
        (m) => error.missingDefine!.startsWith(`${m.name}.`) || error.missingDefine!.startsWith(`${m.name}-`),
      ) ?? (enabledOnes.length === 1 ? enabledOnes[0] : candidates.length === 1 ? candidates[0] : undefined);
    if (owner)
      return {
        message: `needs chart dependency \`${owner.name}\` (not vendored: ${owner.packed ? 'packed as a .tgz, which is not read' : 'run helm dependency build'}) for "${error.missingDefine}"`,
        file: error.file,
        offset: error.offset,
      };
  }
  // A dependency's values and helpers come with its chart: without it, reading them fails as `helm template`
  // would refuse.
  const absent = [...notVendored.values()].filter((m) => m.enabled).map((m) => `\`${m.name}\``);
  if ((error.message.startsWith('nil pointer') || error.missingDefine) && absent.length > 0)
    return {
      message: `${error.message} (chart dependencies ${absent.join(', ')} are not vendored: run helm dependency build)`,
      file: error.file,
      offset: error.offset,
    };
  const words = error.fromChart
    ? `the chart fails: ${error.message}`
    : missingFn
      ? `uses ${missingFn}, which this renderer lacks`
      : error.message;
  return { message: words, file: error.file, offset: error.offset };
}
