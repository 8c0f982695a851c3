import * as vscode from 'vscode';
import type { ExportFormat } from '../../roadmap/messages';
import type { AnalysisService } from '../analysis-service';
import type { RoadmapNarrator } from '../common/roadmap-narrative';
import { log } from '../log';
import type { ExportOutcome, RoadmapHost, RoadmapObserver, RoadmapPanelState } from './panel';
import { ROADMAP_VIEW_TYPE } from './common/view-type';

/**
 * What activation registers for the roadmap: the commands' entry points and the panel serializer, and nothing
 * else. The host itself (panel, workspace scan, plan, Markdown) lives in its own chunk, dist/roadmap.js
 * (esbuild.mjs rewrites the import below), loaded on first use.
 */
export class RoadmapLoader implements vscode.Disposable {
  private host?: Promise<RoadmapHost>;
  private loaded?: RoadmapHost;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analysis: AnalysisService,
    /** Writes the plan's narrative with Claude (the deep review lives in the main bundle, not the roadmap chunk). */
    private readonly narrator?: RoadmapNarrator,
    /** Records what the panel posts and drops, for the integration tests only. */
    private readonly observer?: RoadmapObserver,
  ) {}

  private load(): Promise<RoadmapHost> {
    this.host ??= import('./chunk').then((chunk) => {
      this.loaded = chunk.createRoadmapHost(this.extensionUri, this.analysis, log(), this.narrator, this.observer);
      return this.loaded;
    });
    return this.host;
  }

  /** Brings the panel back after a window reload (activation event `onWebviewPanel:scalingAssistant.roadmap`). */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ROADMAP_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => (await this.load()).attach(panel),
    });
  }

  async show(): Promise<void> {
    return (await this.load()).show();
  }

  async exportPlan(format: ExportFormat, target?: vscode.Uri): Promise<ExportOutcome> {
    return (await this.load()).exportPlan(format, target);
  }

  async editAssessment(): ReturnType<RoadmapHost['editAssessment']> {
    return (await this.load()).editAssessment();
  }

  /** The panel's state, once the roadmap's chunk is loaded. */
  state(): RoadmapPanelState | undefined {
    return this.loaded?.state();
  }

  async receive(message: unknown): Promise<void> {
    return (await this.load()).receive(message);
  }

  dispose(): void {
    this.loaded?.dispose();
  }
}
