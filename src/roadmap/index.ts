/**
 * The scaling roadmap (vscode-free): readiness assessment → plan → Markdown. The editor's roadmap panel and the
 * CLI's `roadmap` command use the same functions, so both show the same plan.
 */
export type { Assessment, Phase, PhaseId, RiskLevel, RoadmapPlan, Task, TaskEvidence } from './model';
export { ASSESSMENT_PATH, PHASES } from './model';
export type { ParsedAssessment } from './assessment';
export { defaultAssessmentTemplate, parseAssessment } from './assessment';
export type { PlanAssessment, PlanInput } from './plan';
export { buildPlan } from './plan';
export { planToMarkdown } from './markdown';
