import type { Workspace, WorkspaceFile } from '../../core/workspace';
import { hashText } from '../../core/workspace';
import { ObjectGraph } from './graph';
import type { ParsedManifest } from './manifest';
import { generatorSourcePaths } from './kustomize/generators';
import { KUSTOMIZATION_FILE } from './kustomize/kustomization';
import { parseManifest } from './manifest';
import { LineIndex } from '../../core/text';
import { chartFolders, inChartTemplates } from './template-expressions';
import type { ChartSources } from './helm/workspace-charts';

/** The settings a chart's render takes: the cluster version for `.Capabilities`, the user's values files. */
export interface ChartOptions {
  clusterVersion: string;
  valuesFiles: readonly string[];
}

/** Files that may hold Kubernetes objects, kustomizations or patches. */
export const K8S_FILE_PATTERN = /\.(ya?ml|json)$|(^|\/)Kustomization$/i;

/** Above this, a workspace file is not parsed for context (a generated dump, not a manifest). */
const MAX_CONTEXT_FILE_CHARS = 2_000_000;

/**
 * Parses each file once per content. A workspace file is first recognised by its provider's stamp
 * (document version, mtime) without reading it; when the stamp moved, or the file is the document
 * under analysis, a hash of the text decides whether the old parse still holds. The object graph is
 * rebuilt only when some parse changed, so re-analysing one edited file in a 10,000-object workspace
 * costs one parse plus an index pass over cached per-object facts.
 */
interface CacheEntry {
  stamp?: string;
  hash: string;
  manifest: ParsedManifest;
}

export class ManifestCache {
  private readonly byFile = new Map<string, CacheEntry>();
  private readonly ids = new WeakMap<ParsedManifest, number>();
  private nextId = 1;
  private lastGraph?: { signature: string; graph: ObjectGraph; sourcesVersion: number };
  /** Folders of the workspace's Helm charts: their `templates/` files are templates as a whole. */
  private charts: string[] = [];
  /** Texts of the files kustomize generators read, by file. */
  private readonly sourceTexts = new Map<string, { stamp: string; text: string }>();
  private sourcesVersion = 0;
  /** Texts of the files under the workspace's Helm charts (helpers, values, vendored dependencies), by file. */
  private readonly chartTexts = new Map<string, { stamp: string; text: string }>();
  /** Each chart's last render, reused while its files stay as they were. */
  private readonly chartRenders: NonNullable<ChartSources['renders']> = new Map();
  /** How charts render: the settings' cluster version and values files (`-f`), as written and as found. */
  private chartOptions: ChartOptions = { clusterVersion: '', valuesFiles: [] };
  private valuesFiles: string[] = [];
  private fileNames: readonly string[] = [];

  /** The settings charts render with; a change renders them again (the graph's signature moves). */
  setChartOptions(options: ChartOptions): void {
    if (
      options.clusterVersion === this.chartOptions.clusterVersion &&
      options.valuesFiles.join('\n') === this.chartOptions.valuesFiles.join('\n')
    )
      return;
    this.chartOptions = { clusterVersion: options.clusterVersion, valuesFiles: [...options.valuesFiles] };
    this.resolveValuesFiles();
    this.sourcesVersion++;
  }

  /** Values files the settings name that the workspace does not hold. */
  missingValuesFiles(): string[] {
    return this.chartOptions.valuesFiles.filter((written) => this.findFile(written) === undefined);
  }

  /**
   * A setting's path as the workspace names the file: the CLI names files relative to where it runs, the editor by
   * URI, so a path matches the file it is the end of (`deploy/values-prod.yaml`).
   */
  private findFile(written: string): string | undefined {
    return this.fileNames.find((name) => name === written || name.endsWith(`/${written}`));
  }

  private resolveValuesFiles(): void {
    const found = this.chartOptions.valuesFiles
      .map((written) => this.findFile(written))
      .filter((f): f is string => f !== undefined);
    if (found.join('\n') === this.valuesFiles.join('\n')) return;
    this.valuesFiles = found;
    this.sourcesVersion++;
  }

  /** Reads the workspace's Helm charts from its file list (each folder holding a `Chart.yaml`). */
  setFiles(files: readonly WorkspaceFile[]): void {
    this.fileNames = files.map((f) => f.file);
    this.charts = chartFolders(this.fileNames);
    this.resolveValuesFiles();
  }

  /** True for a file inside a Helm chart's folder (its templates, values, Chart.yaml): a chart render reads it. */
  inChart(file: string): boolean {
    return this.charts.some((folder) => file.startsWith(folder)) || this.isValuesFile(file);
  }

  /** A values file the settings name for the charts: findings on the values it sets land there. */
  private isValuesFile(file: string): boolean {
    return this.charts.length > 0 && this.valuesFiles.includes(file);
  }

  private parse(file: string, text: string, stamp?: string): ParsedManifest {
    const chartTemplate = inChartTemplates(file, this.charts);
    // The same text reads differently inside a chart's templates/ folder: that belongs to the parse's key.
    const hash = `${chartTemplate ? 'chart:' : ''}${text.length}:${hashText(text)}`;
    const cached = this.byFile.get(file);
    if (cached?.hash === hash) {
      if (stamp) cached.stamp = stamp;
      return cached.manifest;
    }
    // Cheap pre-check: a file without the word `kind` cannot hold an object; a kustomization may omit it, and a
    // JSON 6902 patch is a list of operations (`op`).
    const manifest =
      /\b(kind|op)\b/.test(text) || KUSTOMIZATION_FILE.test(file)
        ? parseOrFail(file, text, chartTemplate)
        : emptyManifest(file, this.inChart(file) ? text : '');
    this.byFile.set(file, { stamp, hash, manifest });
    this.ids.set(manifest, this.nextId++);
    return manifest;
  }

  /** The document under analysis, from its live text. */
  parseText(file: string, text: string): ParsedManifest {
    return this.parse(file, text);
  }

  /**
   * Parses (or reuses) workspace files; `current` is the document under analysis, parsed from its live
   * text. Stops when `stopAt()` says so, returning what it has with `complete: false`; what was parsed
   * stays cached, so the next call goes on where this one stopped.
   */
  async load(
    files: readonly WorkspaceFile[],
    current: string,
    stopAt: () => boolean = () => false,
  ): Promise<{ manifests: ParsedManifest[]; complete: boolean }> {
    const manifests: ParsedManifest[] = [];
    const seen = new Set<string>([current]);
    let complete = true;
    let parsedSinceYield = 0;
    for (const entry of files) {
      if (entry.file === current) continue;
      seen.add(entry.file);
      const cached = this.byFile.get(entry.file);
      if (cached && cached.stamp === entry.stamp) {
        manifests.push(cached.manifest);
        continue;
      }
      if (stopAt()) {
        complete = false;
        continue;
      }
      const text = await entry.read();
      if (text === undefined || text.length > MAX_CONTEXT_FILE_CHARS) continue;
      manifests.push(this.parse(entry.file, text, entry.stamp));
      // Give other work on the thread (the editor's UI messages) a turn between batches of parses.
      if (++parsedSinceYield >= 25) {
        parsedSinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // Forget files that left the workspace, so memory follows the workspace.
    if (complete) for (const file of [...this.byFile.keys()]) if (!seen.has(file)) this.byFile.delete(file);
    return { manifests, complete };
  }

  /**
   * Reads the files the workspace's kustomize generators take content from (env files, file sources: not
   * manifests), so the build can hash the generated names. Re-read only when their stamps move.
   */
  async loadSources(workspace: Workspace, manifests: readonly ParsedManifest[]): Promise<void> {
    const wanted = generatorSourcePaths(manifests);
    for (const file of [...this.sourceTexts.keys()]) if (!wanted.has(file)) this.sourceTexts.delete(file);
    if (wanted.size === 0) return;
    const exact = new RegExp(`^(?:${[...wanted].map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
    for (const entry of await workspace.files(exact)) {
      if (this.sourceTexts.get(entry.file)?.stamp === entry.stamp) continue;
      const text = await entry.read();
      if (text === undefined) this.sourceTexts.delete(entry.file);
      else this.sourceTexts.set(entry.file, { stamp: entry.stamp, text });
      this.sourcesVersion++;
    }
  }

  /**
   * Reads the files under the workspace's Helm charts that are not manifests (`_helpers.tpl`, files `.Files.Get`
   * reads) and those that are, so a render sees the whole chart. Re-read only when their stamps move.
   */
  async loadCharts(workspace: Workspace): Promise<void> {
    if (this.charts.length === 0) {
      if (this.chartTexts.size > 0) this.sourcesVersion++;
      this.chartTexts.clear();
      return;
    }
    const escaped = (f: string) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const under = new RegExp(
      `^(?:${[...this.charts.map(escaped), ...this.valuesFiles.map((f) => `${escaped(f)}$`)].join('|')})`,
    );
    const seen = new Set<string>();
    for (const entry of await workspace.files(under)) {
      seen.add(entry.file);
      if (this.chartTexts.get(entry.file)?.stamp === entry.stamp) continue;
      const text = await entry.read();
      if (text === undefined || text.length > MAX_CONTEXT_FILE_CHARS) this.chartTexts.delete(entry.file);
      else this.chartTexts.set(entry.file, { stamp: entry.stamp, text });
      this.sourcesVersion++;
    }
    for (const file of [...this.chartTexts.keys()])
      if (!seen.has(file)) {
        this.chartTexts.delete(file);
        this.sourcesVersion++;
      }
  }

  private chartSources(): ChartSources | undefined {
    if (this.chartTexts.size === 0) return undefined;
    return {
      files: [...this.chartTexts.keys()],
      text: (file) => this.chartTexts.get(file)?.text,
      renders: this.chartRenders,
      ...(this.chartOptions.clusterVersion ? { clusterVersion: this.chartOptions.clusterVersion } : {}),
      valuesFiles: this.valuesFiles,
    };
  }

  graph(manifests: readonly ParsedManifest[], complete = true): ObjectGraph {
    // In file order, so the graph (and every list a rule walks) is the same whichever file is analysed.
    const ordered = [...manifests].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const signature = `${complete}:${this.sourcesVersion}:${ordered.map((m) => this.ids.get(m) ?? 0).join(',')}`;
    if (this.lastGraph?.signature === signature) return this.lastGraph.graph;
    // One edited file: swap its objects in the last graph rather than index the workspace again. Files that
    // generators read changed: the builds that read them are made again, in a new graph.
    const last = this.lastGraph?.sourcesVersion === this.sourcesVersion ? this.lastGraph.graph : undefined;
    const graph = last?.updateTo(ordered, complete)
      ? last
      : new ObjectGraph(ordered, complete, { text: (file) => this.sourceTexts.get(file)?.text }, this.chartSources());
    this.lastGraph = { signature, graph, sourcesVersion: this.sourcesVersion };
    return graph;
  }
}

/** A file whose parse throws is one error for that file; the other files' objects still make the graph. */
function parseOrFail(file: string, text: string, chartTemplate: boolean): ParsedManifest {
  try {
    return parseManifest(file, text, { chartTemplate });
  } catch (error) {
    const message = `could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { ...emptyManifest(file), errors: [{ file, kind: 'internal', message }] };
  }
}

/** A file that holds no object; a chart's file keeps its text, where findings on its values land. */
function emptyManifest(file: string, text = ''): ParsedManifest {
  return { file, lines: new LineIndex(text), objects: [], errors: [], template: false, documents: [] };
}
