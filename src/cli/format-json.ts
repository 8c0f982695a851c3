import type { AnalysisError, Finding, Fix } from '../core/finding';
import type { CheckReport } from './check';

/** The CLI's JSON contract (see ARCHITECTURE.md). Bump `version` on any change a consumer could notice. */
export interface JsonReport {
  version: 1;
  findings: Finding[];
  errors: AnalysisError[];
}

export function formatJson(report: CheckReport): string {
  const json: JsonReport = {
    version: 1,
    findings: report.findings.map(jsonFinding),
    errors: report.errors.map(jsonError),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * Fixed key order and only the contract's fields, so output is diffable and an assistant's internal extras
 * never leak into a public format. `related` and `fixes` are always arrays: consumers need no null checks.
 */
function jsonFinding(f: Finding): Finding {
  return {
    file: f.file,
    assistant: f.assistant,
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    range: f.range,
    related: f.related ?? [],
    impact: f.impact,
    effort: f.effort,
    ...(f.evidence ? { evidence: f.evidence } : {}),
    fixes: (f.fixes ?? []).map(jsonFix),
  };
}

function jsonFix(fix: Fix): Fix {
  return {
    title: fix.title,
    ...(fix.detail ? { detail: fix.detail } : {}),
    ...(fix.isPreferred ? { isPreferred: true } : {}),
    edits: fix.edits.map((e) => ({ file: e.file, range: e.range, newText: e.newText })),
  };
}

function jsonError(e: AnalysisError): AnalysisError {
  return { file: e.file, kind: e.kind, message: e.message, ...(e.range ? { range: e.range } : {}) };
}
