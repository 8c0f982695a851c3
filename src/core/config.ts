import type { AssistantId, Finding, Severity } from './finding';
import { SEVERITIES } from './finding';

/** User settings that shape an analysis; the editor reads them from `scalingAssistant.*`, the CLI from flags. */
export interface AnalysisConfig {
  /** Rule ids that produce nothing. */
  disabledRules: readonly string[];
  /** Rule id → severity, or 'off' (same as disabling). */
  severityOverrides: Readonly<Record<string, Severity | 'off'>>;
  /** Milliseconds one document's analysis may take before it is reported as skipped. */
  budgetMs: number;
  /** Assistants turned off by the user. */
  disabledAssistants: readonly AssistantId[];
}

export const DEFAULT_BUDGET_MS = 2000;

export const DEFAULT_CONFIG: AnalysisConfig = {
  disabledRules: [],
  severityOverrides: {},
  budgetMs: DEFAULT_BUDGET_MS,
  disabledAssistants: [],
};

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * Applies the disable list and severity overrides. Unknown severities in settings are ignored rather
 * than guessed at, so a typo never silences a rule.
 */
export function applyConfig(findings: readonly Finding[], config: AnalysisConfig): Finding[] {
  const disabled = new Set(config.disabledRules);
  const out: Finding[] = [];
  for (const finding of findings) {
    if (disabled.has(finding.ruleId)) continue;
    const override = config.severityOverrides[finding.ruleId];
    if (override === 'off') continue;
    out.push(isSeverity(override) && override !== finding.severity ? { ...finding, severity: override } : finding);
  }
  return out;
}
