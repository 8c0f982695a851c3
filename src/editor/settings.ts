import * as vscode from 'vscode';
import type { AnalysisConfig } from '../core/config';
import { DEFAULT_BUDGET_MS, isSeverity } from '../core/config';
import type { AssistantId, Severity } from '../core/finding';
import { ASSISTANTS } from '../assistants/catalog';

export const SECTION = 'scalingAssistant';

/** Reads `scalingAssistant.*` for one document's scope into the engines' config. */
export function analysisConfigFor(scope: vscode.ConfigurationScope | undefined): AnalysisConfig {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const rawOverrides = config.get<Record<string, unknown>>('rules.severity') ?? {};
  const severityOverrides: Record<string, Severity | 'off'> = {};
  for (const [rule, value] of Object.entries(rawOverrides)) {
    if (value === 'off' || isSeverity(value)) severityOverrides[rule] = value;
  }
  const budget = config.get<number>('analysis.budgetMs');
  return {
    disabledRules: (config.get<unknown[]>('rules.disabled') ?? []).filter((r): r is string => typeof r === 'string'),
    severityOverrides,
    budgetMs: typeof budget === 'number' && budget > 0 ? budget : DEFAULT_BUDGET_MS,
    disabledAssistants: ASSISTANTS.filter((a) => config.get<boolean>(`${a.id}.enabled`) === false).map((a) => a.id),
  };
}

export function isAssistantEnabled(id: AssistantId, scope: vscode.ConfigurationScope | undefined): boolean {
  return vscode.workspace.getConfiguration(SECTION, scope).get<boolean>(`${id}.enabled`) !== false;
}

export function debounceMs(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<number>('analysis.debounceMs');
  return typeof value === 'number' && value >= 0 ? value : 300;
}

/** `scalingAssistant.<assistant>.*` as a plain object; each engine validates its own keys. */
export function assistantSettingsFor(
  id: AssistantId,
  scope: vscode.ConfigurationScope | undefined,
): Record<string, unknown> {
  // A WorkspaceConfiguration serialises to its values (its methods drop out).
  const settings = JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(`${SECTION}.${id}`, scope))) as Record<
    string,
    unknown
  >;
  // Engines that would run the workspace's own code (the React Compiler's plugin) do not in Restricted Mode.
  return id === 'react' ? { ...settings, workspaceTrusted: vscode.workspace.isTrusted } : settings;
}
