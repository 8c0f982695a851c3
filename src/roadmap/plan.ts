import type { AssistantId, Effort, Finding, Impact, MeasuredEvidence, Range, Severity } from '../core/finding';
import { SEVERITIES, comparePositions, severityRank } from '../core/finding';
import type { RuleMeta } from '../core/rule';
import { formatTaskTitle } from '../core/rule';
import type { ExtractionStep } from '../assistants/decomposition/contract';
import { deriveAssessmentTasks } from './assessment-tasks';
import { decompositionTasks } from './decomposition-tasks';
import { describeMeasured, formatHours, plural, round2 } from './format';
import type {
  Assessment,
  Phase,
  PhaseId,
  RiskLevel,
  RoadmapPlan,
  StrategicTaskSpec,
  Task,
  TaskEvidence,
} from './model';
import { PHASES } from './model';

/** The assessment as the plan needs it: its values, where it lives and where each field is. */
export interface PlanAssessment {
  value: Assessment;
  /** Path of the assessment file, the same kind of path as the findings' `file`. */
  file: string;
  rangeOf(path: readonly string[]): Range | undefined;
}

export interface PlanInput {
  findings: readonly Finding[];
  /** Metadata of the rules that ran (their `roadmap` field shapes the tasks). */
  rules: readonly RuleMeta[];
  assessment?: PlanAssessment;
  /** Files analysed; defaults to the number of files with findings. */
  files?: number;
  /** The decomposition planner's strangler-fig steps, when a plan was made: tasks in phases 3 and 4. */
  decompositionSteps?: readonly ExtractionStep[];
}

/** Per-rule cost when a rule has no roadmap metadata: from its effort class (estimates). */
export const DEFAULT_HOURS: Record<Effort, { baseHours: number; hoursPerPlace: number }> = {
  small: { baseHours: 1, hoursPerPlace: 0.5 },
  medium: { baseHours: 4, hoursPerPlace: 2 },
  large: { baseHours: 16, hoursPerPlace: 8 },
};

/** Impact score before adjustments; an error adds ERROR_BONUS, a measured speedup up to MEASURED_BONUS_CAP. */
export const IMPACT_SCORE: Record<Impact, number> = { high: 80, medium: 50, low: 20 };
const ERROR_BONUS = 10;
const MEASURED_BONUS_CAP = 20;

/** Largest estimate (hours) a phase takes on effort alone; past the last bound, strategic evolution. */
const EFFORT_BOUNDS: readonly number[] = [8, 40, 120];

/** Capacity assumption: hours of scaling work per person per week, weeks per quarter. */
export const HOURS_PER_PERSON_WEEK = 4;
export const WEEKS_PER_QUARTER = 13;
/** Quarters in each phase's horizon (the last is open-ended: no capacity limit). */
const QUARTERS: readonly (number | undefined)[] = [1, 1, 2, undefined];
const DEBT_FACTOR: Record<string, number> = { high: 0.85, critical: 0.7 };

const DEFAULT_SKILLS: Record<AssistantId, string[]> = {
  k8s: ['Kubernetes'],
  sql: ['SQL', 'PostgreSQL'],
  react: ['React', 'Frontend performance'],
  decomposition: ['Architecture'],
};

const DEFAULT_MITIGATION: Record<RiskLevel, string> = {
  low: 'Small, local change: review it and roll it out through the usual pipeline.',
  medium: 'Roll it out to staging or a canary first and keep the previous version ready to roll back.',
  high: 'Plan it as a project: a design review, a staged rollout and a tested way back.',
};

const IMPACT_RANK: Record<Impact, number> = { low: 1, medium: 2, high: 3 };

/** A task before placement: what placement needs beside the task itself. */
interface Draft {
  task: Omit<Task, 'dependsOn' | 'placement'>;
  /** Earliest phase index from effort and risk, and from metadata. */
  effortPhase: number;
  effortReason: string;
  metadataPhase: number;
  metadataReason?: string;
  /** Ids of tasks to do first (only those that exist). */
  after: string[];
}

/**
 * The scaling roadmap for a workspace: findings grouped into tasks per rule, strategic tasks from the
 * readiness assessment, each estimated and scored, ordered by impact over effort and placed in the four
 * phases by effort, risk, dependencies and (with a team size) capacity. Pure and deterministic: the same
 * findings and assessment, in any order, give the same plan.
 */
export function buildPlan(input: PlanInput): RoadmapPlan {
  const findings = [...input.findings].sort(compareFindingsFully);
  const drafts = [
    ...ruleDrafts(findings, input.rules),
    ...assessmentDrafts(input.assessment),
    ...decompositionDrafts(input.decompositionSteps ?? []),
  ];
  const ids = new Set(drafts.map((d) => d.task.id));
  for (const draft of drafts)
    draft.after = [...new Set(draft.after)].filter((id) => ids.has(id) && id !== draft.task.id).sort(compareText);
  drafts.sort((a, b) => compareText(a.task.id, b.task.id));

  const capacity = capacityOf(input.assessment?.value);
  const aggressive = input.assessment?.value.constraints?.timeToMarket === 'aggressive';
  const phases = place(drafts, capacity, aggressive);

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byAssistantCounts = new Map<AssistantId, number>();
  for (const finding of findings) {
    bySeverity[finding.severity]++;
    byAssistantCounts.set(finding.assistant, (byAssistantCounts.get(finding.assistant) ?? 0) + 1);
  }
  const byAssistant: Partial<Record<AssistantId, number>> = {};
  for (const id of [...byAssistantCounts.keys()].sort(compareText)) byAssistant[id] = byAssistantCounts.get(id);

  return {
    version: 1,
    phases,
    summary: {
      findings: findings.length,
      files: input.files ?? new Set(findings.map((f) => f.file)).size,
      tasks: drafts.length,
      hours: round2(phases.reduce((sum, p) => sum + p.hours, 0)),
      bySeverity,
      byAssistant,
      ...(input.assessment ? { assessment: input.assessment.file } : {}),
      ...(input.assessment?.value.application ? { application: input.assessment.value.application } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Tasks from findings

function ruleDrafts(findings: readonly Finding[], rules: readonly RuleMeta[]): Draft[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const id = `${finding.assistant}:${finding.ruleId}`;
    const group = groups.get(id);
    if (group) group.push(finding);
    else groups.set(id, [finding]);
  }
  const drafts: Draft[] = [];
  for (const [id, group] of groups) {
    const first = group[0];
    const rule = rules.find((r) => r.id === first.ruleId && r.assistant === first.assistant) ?? ruleFromFinding(first);
    drafts.push(ruleDraft(id, rule, group));
  }
  return drafts;
}

/** A finding whose rule did not come with metadata (an engine not loaded): its own fields stand in. */
function ruleFromFinding(finding: Finding): RuleMeta {
  return {
    id: finding.ruleId,
    assistant: finding.assistant,
    title: finding.ruleId,
    defaultSeverity: finding.severity,
    impact: finding.impact,
    effort: finding.effort,
    docs: '',
  };
}

function ruleDraft(id: string, rule: RuleMeta, group: readonly Finding[]): Draft {
  const roadmap = rule.roadmap;
  const places = new Set(group.map((f) => `${f.file}\u0000${rangeKey(f.range)}`)).size;

  const cost = roadmap ?? DEFAULT_HOURS[rule.effort];
  const hours = round2(cost.baseHours + cost.hoursPerPlace * places);
  const source = roadmap ? 'rule metadata' : `default for ${rule.effort} effort`;
  const effortBasis = `estimate: ${formatHours(cost.baseHours)} + ${formatHours(cost.hoursPerPlace)} × ${plural(places, 'place')} (${source})`;

  const severity = group.reduce<Severity>(
    (worst, f) => (severityRank(f.severity) > severityRank(worst) ? f.severity : worst),
    group[0].severity,
  );
  const level = group.reduce<Impact>(
    (best, f) => (IMPACT_RANK[f.impact] > IMPACT_RANK[best] ? f.impact : best),
    rule.impact,
  );
  const measured = bestMeasured(group);
  const impact = scoreImpact(level, severity, measured, 'rule');

  const risk: RiskLevel = roadmap?.risk ?? (rule.effort === 'small' ? 'low' : 'medium');
  const effortPlacement = phaseForEffort(hours, risk);
  const metadataPhase = roadmap?.earliestPhase ? phaseIndex(roadmap.earliestPhase) : 0;

  return {
    task: {
      id,
      title: roadmap ? formatTaskTitle(roadmap.task, places) : `${rule.title}: fix ${plural(places, 'place')}`,
      description: rule.title,
      assistant: rule.assistant,
      ruleIds: [rule.id],
      severity,
      effort: { hours, basis: effortBasis },
      impact: {
        level,
        score: impact.score,
        basis: impact.basis,
        ...(measured ? { measured: copyMeasured(measured) } : {}),
      },
      risk: { level: risk, mitigation: roadmap?.mitigation ?? DEFAULT_MITIGATION[risk] },
      skills: [...(roadmap?.skills ?? DEFAULT_SKILLS[rule.assistant])],
      findings: group.map(findingEvidence),
    },
    effortPhase: effortPlacement.index,
    effortReason: effortPlacement.reason,
    metadataPhase,
    metadataReason: metadataPhase > 0 ? `the rule places it no earlier than ${phaseName(metadataPhase)}.` : undefined,
    after: (roadmap?.after ?? []).map((ruleId) => `${rule.assistant}:${ruleId}`),
  };
}

function findingEvidence(f: Finding): TaskEvidence {
  const measured = f.evidence?.measured;
  const notes = f.evidence?.notes;
  return {
    file: f.file,
    range: copyRange(f.range),
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...(measured ? { measured: copyMeasured(measured) } : {}),
    ...(notes && notes.length > 0 ? { notes: [...notes] } : {}),
  };
}

/** The largest measured speedup among the findings (ties: the first in file order). */
function bestMeasured(group: readonly Finding[]): MeasuredEvidence | undefined {
  let best: MeasuredEvidence | undefined;
  for (const f of group) {
    const m = f.evidence?.measured;
    if (m && Number.isFinite(m.speedup) && (!best || m.speedup > best.speedup)) best = m;
  }
  return best;
}

/** 0–100: the impact level's score, +10 for an error, + log10(speedup) × 10 (at most +20) for a measured gain. */
export function scoreImpact(
  level: Impact,
  severity: Severity,
  measured: MeasuredEvidence | undefined,
  source: string,
): { score: number; basis: string } {
  let score = IMPACT_SCORE[level];
  const parts = [`${level} impact (${source}): ${score}`];
  if (severity === 'error') {
    score += ERROR_BONUS;
    parts.push(`error severity: +${ERROR_BONUS}`);
  }
  if (measured && measured.speedup > 1) {
    const bonus = Math.min(MEASURED_BONUS_CAP, Math.round(Math.log10(measured.speedup) * 10));
    if (bonus > 0) {
      score += bonus;
      parts.push(`${describeMeasured(measured)}: +${bonus}`);
    }
  }
  score = Math.min(100, score);
  return { score, basis: parts.length > 1 ? `${parts.join('; ')} = ${score}` : parts[0] };
}

// ---------------------------------------------------------------------------------------------------------
// Tasks from the assessment

function assessmentDrafts(assessment: PlanAssessment | undefined): Draft[] {
  if (!assessment) return [];
  const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return deriveAssessmentTasks(assessment.value).map((spec) => {
    const metadataPhase = spec.earliestPhase ? phaseIndex(spec.earliestPhase) : 0;
    return specDraft(spec, {
      id: `assessment:${spec.topic}`,
      description: spec.gap,
      assistant: 'assessment',
      findings: spec.fields.map((field) => ({
        file: assessment.file,
        range: copyRange(assessment.rangeOf(field) ?? zero),
        message: `${field.join('.')}: ${JSON.stringify(valueAt(assessment.value, field))}`,
      })),
      metadataReason:
        metadataPhase > 0 ? `a change of this kind belongs no earlier than ${phaseName(metadataPhase)}.` : undefined,
      after: (spec.after ?? []).map((topic) => `assessment:${topic}`),
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Tasks from the decomposition plan

function decompositionDrafts(steps: readonly ExtractionStep[]): Draft[] {
  return decompositionTasks(steps).map((spec) =>
    specDraft(spec, {
      id: spec.id,
      description: spec.description,
      assistant: 'decomposition',
      findings: spec.findings.map((f) => ({ ...f, range: copyRange(f.range) })),
      metadataReason: `the strangler-fig plan puts this step in ${phaseName(phaseIndex(spec.earliestPhase))}.`,
      after: spec.after,
    }),
  );
}

/** A draft from a strategic task's spec: estimated, scored and placed no earlier than its spec says. */
function specDraft(
  spec: StrategicTaskSpec,
  own: Pick<Task, 'id' | 'description' | 'assistant' | 'findings'> & { metadataReason?: string; after: string[] },
): Draft {
  const effortPlacement = phaseForEffort(spec.hours, spec.risk);
  const impact = scoreImpact(
    spec.impact,
    spec.severity,
    undefined,
    own.assistant === 'assessment' ? 'assessment' : 'decomposition plan',
  );
  return {
    task: {
      id: own.id,
      title: spec.title,
      description: own.description,
      assistant: own.assistant,
      ruleIds: [],
      severity: spec.severity,
      effort: { hours: spec.hours, basis: spec.hoursBasis },
      impact: { level: spec.impact, score: impact.score, basis: impact.basis },
      risk: { level: spec.risk, mitigation: spec.mitigation },
      skills: [...spec.skills],
      findings: own.findings,
    },
    effortPhase: effortPlacement.index,
    effortReason: effortPlacement.reason,
    metadataPhase: spec.earliestPhase ? phaseIndex(spec.earliestPhase) : 0,
    metadataReason: own.metadataReason,
    after: own.after,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Placement

function phaseForEffort(hours: number, risk: RiskLevel): { index: number; reason: string } {
  const estimate = `An estimated ${formatHours(hours)} at ${risk} risk`;
  if (hours <= EFFORT_BOUNDS[0] && risk !== 'high') return { index: 0, reason: `${estimate}: a quick win.` };
  if (hours <= EFFORT_BOUNDS[1]) {
    const why =
      hours <= EFFORT_BOUNDS[0]
        ? 'small, but high risk keeps it out of the quick wins'
        : `more than a quick win (up to ${formatHours(EFFORT_BOUNDS[0])})`;
    return { index: 1, reason: `${estimate}: ${why}.` };
  }
  if (hours <= EFFORT_BOUNDS[2])
    return { index: 2, reason: `${estimate}: more than ${formatHours(EFFORT_BOUNDS[1])}, an advanced optimisation.` };
  return { index: 3, reason: `${estimate}: more than ${formatHours(EFFORT_BOUNDS[2])}, a strategic change.` };
}

interface Capacity {
  /** Hours per phase; undefined = no limit. */
  hours: (number | undefined)[];
  basis: (string | undefined)[];
}

/**
 * With a team size: teamSize × 13 weeks × 4 h a week of scaling work per quarter (an assumption beside the
 * product work), two quarters for advanced optimisation, no limit for strategic evolution; high (critical)
 * technical debt takes 15% (30%) of it. Without one: no limit.
 */
function capacityOf(assessment: Assessment | undefined): Capacity {
  const team = assessment?.constraints?.teamSize;
  // A team size the assessment parser would reject (0, negative, fractional) means "unknown" here too.
  if (team === undefined || !Number.isInteger(team) || team < 1)
    return { hours: PHASES.map(() => undefined), basis: PHASES.map(() => undefined) };
  const debt = assessment?.constraints?.technicalDebt;
  const factor = (debt && DEBT_FACTOR[debt]) ?? 1;
  const hours: (number | undefined)[] = [];
  const basis: (string | undefined)[] = [];
  for (const quarters of QUARTERS) {
    if (quarters === undefined) {
      hours.push(undefined);
      basis.push(undefined);
      continue;
    }
    const gross = team * WEEKS_PER_QUARTER * quarters * HOURS_PER_PERSON_WEEK;
    const net = Math.round(gross * factor);
    hours.push(net);
    basis.push(
      `assumed: ${plural(team, 'person', 'people')} × ${WEEKS_PER_QUARTER * quarters} weeks × ${HOURS_PER_PERSON_WEEK} h a week of scaling work = ${formatHours(gross)}` +
        (factor < 1
          ? `, less ${Math.round((1 - factor) * 100)}% for ${debt} technical debt = ${formatHours(net)}`
          : ''),
    );
  }
  return { hours, basis };
}

/** Why a task did not go into an earlier phase it was otherwise ready for. */
type Deferral = { phase: number; kind: 'capacity' } | { phase: number; kind: 'dependency'; on: string };

function place(drafts: readonly Draft[], capacity: Capacity, aggressive: boolean): Phase[] {
  const byId = new Map(drafts.map((d) => [d.task.id, d]));
  const placedIn = new Map<string, number>();
  const deferrals = new Map<string, Deferral[]>();
  const defer = (id: string, deferral: Deferral) => deferrals.set(id, [...(deferrals.get(id) ?? []), deferral]);
  const ordered: Draft[][] = PHASES.map(() => []);
  const earliest = (d: Draft) => Math.max(d.effortPhase, d.metadataPhase);
  const last = PHASES.length - 1;

  for (let p = 0; p <= last; p++) {
    let remaining = capacity.hours[p];
    const candidates = new Set(drafts.filter((d) => !placedIn.has(d.task.id) && earliest(d) <= p));
    for (;;) {
      const ready = [...candidates].filter((d) => d.after.every((dep) => (placedIn.get(dep) ?? Infinity) <= p));
      // In the open-ended last phase a dependency cycle must not strand tasks: place them anyway.
      const pool = ready.length > 0 ? ready : p === last ? [...candidates] : [];
      if (pool.length === 0) break;
      const pick = pool.sort((a, b) => comparePriority(a, b, aggressive && p === 0))[0];
      candidates.delete(pick);
      if (remaining !== undefined && pick.task.effort.hours > remaining) {
        defer(pick.task.id, { phase: p, kind: 'capacity' });
        continue;
      }
      if (remaining !== undefined) remaining = round2(remaining - pick.task.effort.hours);
      placedIn.set(pick.task.id, p);
      ordered[p].push(pick);
    }
    // Still waiting on a task that is not placed yet (or moved on): say which.
    for (const d of candidates) {
      const blocking = d.after.find((dep) => (placedIn.get(dep) ?? Infinity) > p);
      if (blocking) defer(d.task.id, { phase: p, kind: 'dependency', on: blocking });
    }
  }

  return PHASES.map((meta, p) => {
    const tasks = ordered[p].map((d): Task => ({
      ...d.task,
      dependsOn: d.after,
      placement: placementText(d, p, deferrals.get(d.task.id) ?? [], byId, placedIn, capacity, aggressive),
    }));
    const phase: Phase = {
      id: meta.id,
      title: meta.title,
      horizon: meta.horizon,
      tasks: tasks.map(reorderTaskKeys),
      hours: round2(tasks.reduce((sum, t) => sum + t.effort.hours, 0)),
    };
    const cap = capacity.hours[p];
    if (cap !== undefined) {
      phase.capacityHours = cap;
      phase.capacityBasis = capacity.basis[p];
    }
    return phase;
  });
}

function placementText(
  d: Draft,
  p: number,
  deferrals: readonly Deferral[],
  byId: ReadonlyMap<string, Draft>,
  placedIn: ReadonlyMap<string, number>,
  capacity: Capacity,
  aggressive: boolean,
): string {
  const sentences =
    d.metadataPhase > d.effortPhase && d.metadataReason
      ? [`${d.effortReason.replace(/\.$/, '')} by effort alone, but ${d.metadataReason}`]
      : [d.effortReason];
  const capacityPhases = deferrals.filter((x) => x.kind === 'capacity').map((x) => x.phase);
  if (capacityPhases.length > 0) {
    const where = capacityPhases.map((q) => `${phaseName(q)} (${formatHours(capacity.hours[q] ?? 0)})`).join(' and ');
    sentences.push(
      `Moved later: it did not fit the remaining capacity of ${where}, taken by tasks with a better impact for their effort.`,
    );
  }
  const waits = deferrals.filter((x): x is Deferral & { kind: 'dependency' } => x.kind === 'dependency');
  for (const on of [...new Set(waits.map((w) => w.on))]) {
    const dep = byId.get(on);
    const depPhase = placedIn.get(on);
    if (dep && depPhase !== undefined) sentences.push(`Waits for "${dep.task.title}" (${phaseName(depPhase)}).`);
  }
  const sameOrEarlier = d.after.filter((dep) => !waits.some((w) => w.on === dep));
  if (sameOrEarlier.length > 0) {
    const titles = sameOrEarlier.map((dep) => `"${byId.get(dep)?.task.title ?? dep}"`).join(', ');
    sentences.push(`After ${titles}.`);
  }
  if (aggressive && p === 0) sentences.push('Time to market is aggressive: quick wins are ordered by impact first.');
  return sentences.join(' ');
}

/** Within a phase: impact per hour of effort, then impact, then id (aggressive quick wins: impact first). */
function comparePriority(a: Draft, b: Draft, impactFirst: boolean): number {
  const ratio = (d: Draft) => d.task.impact.score / Math.max(d.task.effort.hours, 0.1);
  const byRatio = ratio(b) - ratio(a);
  const byScore = b.task.impact.score - a.task.impact.score;
  return (impactFirst ? byScore || byRatio : byRatio || byScore) || compareText(a.task.id, b.task.id);
}

/** The Task's keys in the documented order, so the JSON reads the same every time. */
function reorderTaskKeys(t: Task): Task {
  return {
    id: t.id,
    title: t.title,
    ...(t.description !== undefined ? { description: t.description } : {}),
    assistant: t.assistant,
    ruleIds: t.ruleIds,
    severity: t.severity,
    effort: t.effort,
    impact: t.impact,
    risk: t.risk,
    skills: t.skills,
    dependsOn: t.dependsOn,
    placement: t.placement,
    findings: t.findings,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path)
    current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  return current ?? null;
}

function phaseIndex(id: PhaseId): number {
  return PHASES.findIndex((p) => p.id === id);
}

/** "quick wins", "core infrastructure scaling"… for sentences. */
export function phaseName(index: number): string {
  const phase = PHASES[index];
  return `${phase.title.charAt(0).toLowerCase()}${phase.title.slice(1)} (${phase.horizon})`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Total order on findings (file, range, rule, severity, message), so input order never shows in the plan. */
function compareFindingsFully(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    comparePositions(a.range.start, b.range.start) ||
    comparePositions(a.range.end, b.range.end) ||
    compareText(a.assistant, b.assistant) ||
    compareText(a.ruleId, b.ruleId) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.message, b.message) ||
    compareText(JSON.stringify(a.evidence ?? null), JSON.stringify(b.evidence ?? null))
  );
}

function copyRange(r: Range): Range {
  return {
    start: { line: r.start.line, character: r.start.character },
    end: { line: r.end.line, character: r.end.character },
  };
}

function copyMeasured(m: MeasuredEvidence): MeasuredEvidence {
  return {
    beforeMs: m.beforeMs,
    afterMs: m.afterMs,
    speedup: m.speedup,
    ...(m.rows !== undefined ? { rows: m.rows } : {}),
    engine: m.engine,
  };
}
