import type { Severity } from '../core/finding';
import { SEVERITIES } from '../core/finding';
import { describeMeasured, formatHours, plural } from './format';
import type { RoadmapPlan, Task } from './model';

/** Places listed per task; the rest are counted. */
const MAX_PLACES = 10;

const SEVERITY_NOUNS: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
  hint: ['hint', 'hints'],
};

/**
 * The plan as a Markdown document a tech lead can paste into a planning page: a summary, an overview table,
 * then a heading per phase with its tasks: effort (an estimate, with how it was worked out), impact (measured
 * gains shown as measured), risk and mitigation, skills, dependencies, why the phase, and every place as
 * `file:line` (1-based, as editors show lines).
 */
export function planToMarkdown(plan: RoadmapPlan): string {
  const out: string[] = [];
  const numbers = new Map<string, string>();
  plan.phases.forEach((phase, p) => phase.tasks.forEach((task, i) => numbers.set(task.id, `${p + 1}.${i + 1}`)));
  const titles = new Map(plan.phases.flatMap((phase) => phase.tasks.map((t) => [t.id, t.title] as const)));

  const { summary } = plan;
  out.push(`# Scaling roadmap${summary.application ? `: ${inline(summary.application)}` : ''}`, '');
  const severities = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map(
    (s) => `${summary.bySeverity[s]} ${SEVERITY_NOUNS[s][summary.bySeverity[s] === 1 ? 0 : 1]}`,
  );
  out.push(
    `${plural(summary.findings, 'finding')}${severities.length ? ` (${severities.join(', ')})` : ''} in ${plural(summary.files, 'file')} ` +
      `→ ${plural(summary.tasks, 'task')}, an estimated ${formatHours(summary.hours)} of work in four phases.` +
      (summary.assessment
        ? ` Readiness assessment: \`${summary.assessment}\`.`
        : ' No readiness assessment: phases have no capacity limit.'),
    '',
  );
  out.push(
    "> Hours are estimates (from each rule's metadata and the number of places, or typical sizes for the assessment's tasks), " +
      'not measurements; measured gains say so. Tasks are ordered by impact over effort within each phase.',
    '',
  );

  out.push('| Phase | Horizon | Tasks | Estimated hours | Capacity |', '| --- | --- | --- | --- | --- |');
  for (const phase of plan.phases) {
    const capacity = phase.capacityHours !== undefined ? formatHours(phase.capacityHours) : '—';
    out.push(
      `| ${cell(phase.title)} | ${phase.horizon} | ${phase.tasks.length} | ${formatHours(phase.hours)} | ${capacity} |`,
    );
  }
  out.push('');

  plan.phases.forEach((phase, p) => {
    out.push(`## ${p + 1}. ${phase.title} (${phase.horizon})`, '');
    const load = `${plural(phase.tasks.length, 'task')}, an estimated ${formatHours(phase.hours)}`;
    out.push(
      phase.capacityHours !== undefined
        ? `${load} of ${formatHours(phase.capacityHours)} capacity${phase.capacityBasis ? ` (${phase.capacityBasis})` : ''}.`
        : `${load}.`,
      '',
    );
    if (phase.tasks.length === 0) {
      out.push('No tasks in this phase.', '');
      return;
    }
    phase.tasks.forEach((task, i) => out.push(...renderTask(task, `${p + 1}.${i + 1}`, numbers, titles)));
  });

  if (plan.narrative) out.push('## Narrative (written by Claude)', '', plan.narrative.text.trim(), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderTask(
  task: Task,
  number: string,
  numbers: ReadonlyMap<string, string>,
  titles: ReadonlyMap<string, string>,
): string[] {
  const lines = [`### ${number} ${inline(task.title)}`, ''];
  if (task.description) lines.push(inline(task.description), '');
  lines.push(`- **Effort:** ${formatHours(task.effort.hours)} (${task.effort.basis})`);
  lines.push(`- **Impact:** ${task.impact.level}, score ${task.impact.score}/100 (${task.impact.basis})`);
  if (task.impact.measured) lines.push(`- **Measured gain:** ${describeMeasured(task.impact.measured)}`);
  lines.push(`- **Risk:** ${task.risk.level}. ${task.risk.mitigation}`);
  if (task.skills.length) lines.push(`- **Skills:** ${task.skills.join(', ')}`);
  if (task.dependsOn.length) {
    const deps = task.dependsOn.map((id) =>
      numbers.has(id) ? `${numbers.get(id)} ${inline(titles.get(id) ?? id)}` : id,
    );
    lines.push(`- **Depends on:** ${deps.join('; ')}`);
  }
  lines.push(`- **Why this phase:** ${task.placement}`);
  const source = task.assistant === 'assessment' ? 'assessment' : `${task.assistant}: ${task.ruleIds.join(', ')}`;
  lines.push(`- **Places** (${plural(task.findings.length, 'place')}, ${source}):`);
  for (const place of task.findings.slice(0, MAX_PLACES)) {
    const where = `\`${place.file}:${place.range.start.line + 1}\``;
    const about = task.assistant === 'assessment' ? [place.message] : (place.notes ?? []);
    lines.push(`  - ${where}${about.length > 0 ? ` — ${about.map(inline).join('; ')}` : ''}`);
  }
  if (task.findings.length > MAX_PLACES) lines.push(`  - and ${task.findings.length - MAX_PLACES} more`);
  lines.push('');
  return lines;
}

/** Text on one line (no Markdown line breaks inside a list item or heading). */
function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}
