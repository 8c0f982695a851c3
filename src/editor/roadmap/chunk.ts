import type * as vscode from 'vscode';
import type { AnalysisService } from './analysis-service';
import type { RoadmapNarrator } from './deep-review';
import { RoadmapHost } from './roadmap-panel';
import { useLog } from './roadmap-log';

/**
 * Entry of the roadmap chunk (dist/roadmap.js): the panel host, the workspace scan, the plan, its Markdown and
 * the assessment file, loaded by roadmap-loader.ts on the first roadmap command or when VS Code restores the
 * panel, so activation never pays for them.
 */
export function createRoadmapHost(
  extensionUri: vscode.Uri,
  analysis: AnalysisService,
  log: vscode.LogOutputChannel,
  narrator?: RoadmapNarrator,
): RoadmapHost {
  useLog(log);
  return new RoadmapHost(extensionUri, analysis, narrator);
}
