import type { Effort, Finding, Impact, MeasuredEvidence, Severity } from '../../../src/core/finding';
import type { RuleMeta, RuleRoadmap } from '../../../src/core/rule';
import { parseAssessment } from '../../../src/roadmap/assessment';
import type { Assessment } from '../../../src/roadmap/model';
import type { PlanAssessment } from '../../../src/roadmap/plan';

/** A Kubernetes finding at `file:line` (0-based) of `ruleId`. */
export function finding(
  ruleId: string,
  file: string,
  line: number,
  extra: { severity?: Severity; impact?: Impact; effort?: Effort; measured?: MeasuredEvidence; message?: string } = {},
): Finding {
  return {
    file,
    assistant: 'k8s',
    ruleId,
    severity: extra.severity ?? 'warning',
    message: extra.message ?? `${ruleId} at ${file}:${line}`,
    range: { start: { line, character: 2 }, end: { line, character: 12 } },
    impact: extra.impact ?? 'high',
    effort: extra.effort ?? 'small',
    ...(extra.measured ? { evidence: { measured: extra.measured } } : {}),
  };
}

export function rule(id: string, extra: Partial<RuleMeta> & { roadmap?: RuleRoadmap } = {}): RuleMeta {
  return {
    id,
    assistant: 'k8s',
    title: `Title of ${id}`,
    defaultSeverity: 'warning',
    impact: 'high',
    effort: 'small',
    docs: '',
    ...extra,
  };
}

export function roadmap(
  task: string,
  baseHours: number,
  hoursPerPlace: number,
  extra: Partial<RuleRoadmap> = {},
): RuleRoadmap {
  return {
    task,
    baseHours,
    hoursPerPlace,
    risk: 'low',
    mitigation: `mitigation of ${task}`,
    skills: ['Kubernetes'],
    ...extra,
  };
}

/** An assessment as the plan takes it, parsed from JSON so ranges are real. */
export function assessment(value: Assessment, file = '.scaling-assistant/assessment.json'): PlanAssessment {
  const parsed = parseAssessment(file, JSON.stringify(value, null, 2));
  if (!parsed.assessment || parsed.errors.length)
    throw new Error(`bad test assessment: ${JSON.stringify(parsed.errors)}`);
  return { value: parsed.assessment, file, rangeOf: parsed.rangeOf };
}

/** The workshop-like assessment: monolith, single DB, no cache, 200× growth. */
export const WORKSHOP: Assessment = {
  application: 'Shop',
  currentArchitecture: {
    applicationPattern: 'monolith',
    databasePattern: 'single_db',
    deploymentPattern: 'containerized',
    cachingStrategy: 'none',
  },
  currentScale: { activeUsers: 500, averageResponseTimeMs: 250, uptimePercent: 99.5, databaseConnections: 25 },
  scaleTarget: { targetUsers: 100000, maxResponseTimeMs: 100, targetUptimePercent: 99.9 },
  constraints: { teamSize: 6, technicalDebt: 'high', timeToMarket: 'normal' },
};
