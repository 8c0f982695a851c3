import type * as vscode from 'vscode';
import type { AnalysisService } from '../analysis-service';
import type { RoadmapNarrator } from '../common/roadmap-narrative';
import { useLog } from './log';
import type { RoadmapObserver } from './panel';
import { RoadmapHost } from './panel';

/**
 * Entry of the roadmap chunk (dist/roadmap.js): the panel host, the workspace scan, the plan, its Markdown and
 * the assessment file, loaded by roadmap/loader.ts on the first roadmap command or when VS Code restores the
 * panel, so activation never pays for them.
 */
export function createRoadmapHost(
  extensionUri: vscode.Uri,
  analysis: AnalysisService,
  log: vscode.LogOutputChannel,
  narrator?: RoadmapNarrator,
  observer?: RoadmapObserver,
): RoadmapHost {
  useLog(log);
  return new RoadmapHost(extensionUri, analysis, narrator, observer);
}
