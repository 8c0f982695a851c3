import type { AssistantId, Effort, Finding, Impact, Severity } from './finding';

/**
 * What every rule declares about itself. Each assistant extends this with its own `check` signature,
 * because each checks different facts (a YAML object graph, a SQL parse tree, a TSX tree).
 */
export interface RuleMeta {
  /** Stable, kebab-case, unique across assistants; appears in suppression comments and settings. */
  id: string;
  assistant: AssistantId;
  /** One line: what is wrong. Used as the SARIF short description and in the docs index. */
  title: string;
  defaultSeverity: Severity;
  impact: Impact;
  effort: Effort;
  /** Markdown: why it matters at scale, how to fix it, when to ignore it. Shipped as the rule's page. */
  docs: string;
  /** How the rule's findings become a roadmap task; without it the roadmap derives one from the above. */
  roadmap?: RuleRoadmap;
}

/**
 * A rule's roadmap metadata: the task its findings group into and what doing it costs. Hours are
 * estimates and the roadmap says so.
 */
export interface RuleRoadmap {
  /**
   * Task title, with a small syntax for the number of places (see `formatTaskTitle`):
   * - `{count}` becomes the number of places (distinct findings);
   * - a word followed by `(s)` or `(es)` takes that ending unless the count is 1: `workload(s)`, `patch(es)`;
   * - `{one|many}` picks the first form for a count of 1, the second otherwise: `{its|their}`, `{is|are}`.
   *
   * "Let the HPA own replicas in {count} workload(s)" → "… in 1 workload" / "… in 6 workloads".
   */
  task: string;
  /** Fixed cost of the task (hours), and the cost per place it touches. */
  baseHours: number;
  hoursPerPlace: number;
  risk: 'low' | 'medium' | 'high';
  /** How to do it without an incident (the one-time migration, a canary, CONCURRENTLY…). */
  mitigation: string;
  skills: string[];
  /** Ids of rules (of the same assistant) whose tasks should be done before this one, when they have findings. */
  after?: string[];
  /** The earliest phase this belongs in, when effort alone would place it too early. */
  earliestPhase?: 'quick-wins' | 'core-infrastructure' | 'advanced-optimisation' | 'strategic-evolution';
}

/** A `RuleRoadmap.task` template for `count` places: `{count}`, `word(s)`, `word(es)` and `{one|many}`. */
export function formatTaskTitle(template: string, count: number): string {
  const one = count === 1;
  return template
    .replace(/\{count\}/g, String(count))
    .replace(/\{([^{}|]*)\|([^{}|]*)\}/g, (_match, singular: string, plural: string) => (one ? singular : plural))
    .replace(/(\w)\((e?s)\)/g, (_match, last: string, ending: string) => (one ? last : last + ending));
}

/** What a rule's check reports; the engine completes it with `completeFinding`. */
export type RuleReport = Omit<Finding, 'file' | 'assistant' | 'ruleId' | 'impact' | 'effort' | 'severity'> &
  Partial<Pick<Finding, 'severity' | 'impact' | 'effort'>>;

/** A reported finding with the file, the rule's id and its defaults (severity, impact, effort) filled in. */
export function completeFinding(rule: RuleMeta, file: string, partial: RuleReport): Finding {
  return {
    ...partial,
    file,
    assistant: rule.assistant,
    ruleId: rule.id,
    severity: partial.severity ?? rule.defaultSeverity,
    impact: partial.impact ?? rule.impact,
    effort: partial.effort ?? rule.effort,
  };
}

/** Path of a rule's documentation page, relative to the extension's (or CLI's) dist folder. */
export function ruleDocPath(rule: Pick<RuleMeta, 'assistant' | 'id'>): string {
  return `docs/rules/${rule.assistant}/${rule.id}.md`;
}

/** The rule's page as a Markdown document: heading, metadata table, then the rule's own text. */
export function renderRuleDoc(rule: RuleMeta): string {
  return [
    `# ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    '| assistant | default severity | impact | effort |',
    '| --- | --- | --- | --- |',
    `| ${rule.assistant} | ${rule.defaultSeverity} | ${rule.impact} | ${rule.effort} |`,
    '',
    rule.docs.trim(),
    '',
    ...renderRoadmapSection(rule.roadmap),
    '## Suppressing it',
    '',
    "Put a comment on the line before the finding (in the file's own comment syntax):",
    '',
    '```',
    `scaling-assistant-disable-next-line ${rule.id}`,
    '```',
    '',
    `or turn the rule off in the setting \`scalingAssistant.rules.disabled\`.`,
    '',
  ].join('\n');
}

const PHASE_TITLES: Record<NonNullable<RuleRoadmap['earliestPhase']>, string> = {
  'quick-wins': 'quick wins (0–3 months)',
  'core-infrastructure': 'core infrastructure scaling (3–6 months)',
  'advanced-optimisation': 'advanced optimisation (6–12 months)',
  'strategic-evolution': 'strategic evolution (12+ months)',
};

/** How the rule's findings show up on the scaling roadmap: the task, its estimate, risk and order. */
function renderRoadmapSection(roadmap: RuleRoadmap | undefined): string[] {
  if (!roadmap) return [];
  const hours = (h: number) => `${h} h`;
  const lines = [
    '## On the scaling roadmap',
    '',
    `Findings of this rule become one task, e.g. *${formatTaskTitle(roadmap.task, 3)}*.`,
    '',
    `- Effort (estimate): ${hours(roadmap.baseHours)} + ${hours(roadmap.hoursPerPlace)} per place`,
    `- Risk: ${roadmap.risk}. ${roadmap.mitigation}`,
    `- Skills: ${roadmap.skills.join(', ')}`,
  ];
  if (roadmap.after?.length)
    lines.push(`- After: ${roadmap.after.map((id) => `\`${id}\``).join(', ')} (when those rules have findings)`);
  if (roadmap.earliestPhase) lines.push(`- Not before: ${PHASE_TITLES[roadmap.earliestPhase]}`);
  lines.push('');
  return lines;
}
