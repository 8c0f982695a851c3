import type { AssistantId, Impact, MeasuredEvidence, Range, Severity } from '../core/finding';

/**
 * The scaling roadmap as data: what `buildPlan` (plan.ts) produces from a workspace's findings and the
 * readiness assessment, what the CLI prints as JSON or Markdown and what the roadmap panel renders.
 * vscode-free and deterministic: the same findings and assessment give the same plan, byte for byte.
 */

export type PhaseId = 'quick-wins' | 'core-infrastructure' | 'advanced-optimisation' | 'strategic-evolution';

export const PHASES: readonly { id: PhaseId; title: string; horizon: string }[] = [
  { id: 'quick-wins', title: 'Quick wins and foundation', horizon: '0–3 months' },
  { id: 'core-infrastructure', title: 'Core infrastructure scaling', horizon: '3–6 months' },
  { id: 'advanced-optimisation', title: 'Advanced optimisation', horizon: '6–12 months' },
  { id: 'strategic-evolution', title: 'Strategic evolution', horizon: '12+ months' },
];

export type RiskLevel = 'low' | 'medium' | 'high';

/** What a strategic task (from the assessment or the decomposition plan) says of itself before it is placed. */
export interface StrategicTaskSpec {
  title: string;
  hours: number;
  hoursBasis: string;
  impact: Impact;
  severity: Severity;
  risk: RiskLevel;
  mitigation: string;
  skills: string[];
  /** No earlier than this phase. */
  earliestPhase?: PhaseId;
}

/** A place in the workspace a task is about: a finding, or a field of the assessment file. */
export interface TaskEvidence {
  file: string;
  range: Range;
  ruleId?: string;
  severity?: Severity;
  message: string;
  measured?: MeasuredEvidence;
  /** Facts the finding carried (`evidence.notes`): estimates say they are estimates (what scaling costs). */
  notes?: string[];
}

export interface Task {
  /** Stable across runs: `<assistant>:<rule id>` for rule tasks, `assessment:<topic>` for assessment tasks. */
  id: string;
  title: string;
  assistant: AssistantId | 'assessment';
  ruleIds: string[];
  /** Highest severity among the findings (assessment tasks: from the gap they close). */
  severity: Severity;
  effort: { hours: number; basis: string };
  /** score: 0–100, what ordering uses; basis says where it comes from (measured speedups say so). */
  impact: { level: Impact; score: number; basis: string; measured?: MeasuredEvidence };
  risk: { level: RiskLevel; mitigation: string };
  skills: string[];
  /** Task ids that must be done first. */
  dependsOn: string[];
  /** Why it sits in its phase (effort, risk, dependencies, capacity, the assessment). */
  placement: string;
  /**
   * Every place the task is about, in file and position order: each finding of its rule, or the assessment
   * field whose gap it closes. Named `findings` as in the JSON contract (`"findings": [{"file", "range"}]`).
   */
  findings: TaskEvidence[];
  /** One line on what is wrong: the rule's title, or the gap in the assessment. */
  description?: string;
}

export interface Phase {
  id: PhaseId;
  title: string;
  horizon: string;
  tasks: Task[];
  /** Sum of the tasks' effort hours, and the capacity the assessment gives the phase (when known). */
  hours: number;
  capacityHours?: number;
  /** How `capacityHours` was worked out (team size, hours a week, technical debt): an assumption, stated. */
  capacityBasis?: string;
}

export interface RoadmapPlan {
  version: 1;
  phases: Phase[];
  summary: {
    findings: number;
    files: number;
    tasks: number;
    hours: number;
    bySeverity: Record<Severity, number>;
    byAssistant: Partial<Record<AssistantId, number>>;
    /** The assessment file the plan used (its path, like the findings' `file`). */
    assessment?: string;
    /** What was assessed (the assessment's `application`), for the plan's title. */
    application?: string;
  };
  /** Added on request by the Claude deep review (AI issue); always marked as Claude's. */
  narrative?: { source: 'claude'; text: string };
}

/**
 * The workshop's pre-workshop readiness assessment, as saved in `.scaling-assistant/assessment.json`.
 * Every field is optional: a half-filled assessment still shapes the plan where it can.
 */
export interface Assessment {
  application?: string;
  currentArchitecture?: {
    applicationPattern?: 'monolith' | 'modular_monolith' | 'microservices' | 'serverless';
    databasePattern?: 'single_db' | 'read_replicas' | 'sharded' | 'polyglot';
    deploymentPattern?: 'single_server' | 'load_balanced' | 'containerized' | 'cloud_native';
    cachingStrategy?: 'none' | 'basic' | 'multi_layer' | 'distributed';
    notes?: string[];
  };
  currentScale?: {
    activeUsers?: number;
    concurrentUsers?: number;
    dailyRequests?: number;
    peakRequestsPerSecond?: number;
    dataVolume?: string;
    databaseConnections?: number;
    averageResponseTimeMs?: number;
    uptimePercent?: number;
  };
  growthProjections?: {
    sixMonthUserTarget?: number;
    oneYearUserTarget?: number;
    expectedTrafficGrowthPercent?: number;
    expectedDataGrowthPercent?: number;
  };
  scaleTarget?: {
    targetUsers?: number;
    targetConcurrentUsers?: number;
    targetRequestsPerSecond?: number;
    maxResponseTimeMs?: number;
    targetUptimePercent?: number;
  };
  constraints?: {
    budget?: string;
    /** In the currency of the HPA reviewer's prices (`scalingAssistant.k8s.prices`). */
    monthlyInfrastructureBudget?: number;
    teamSize?: number;
    technicalDebt?: 'low' | 'medium' | 'high' | 'critical';
    complianceRequirements?: string[];
    timeToMarket?: 'flexible' | 'normal' | 'aggressive';
  };
  knownLimitations?: string[];
}

/** Where the assessment lives in a workspace (readable, committed with the code). */
export const ASSESSMENT_PATH = '.scaling-assistant/assessment.json';
