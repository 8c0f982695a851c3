import { SEVERITIES } from '../core/finding';
import type { Locale } from '../core/translate';
import { fillArgs } from '../core/translate';
import { counted, describeMeasured, formatHours } from './format';
import type { RoadmapText } from './locale';
import { roadmapText } from './locale';
import type { RoadmapPlan, Task } from './model';

/** Places listed per task; the rest are counted. */
const MAX_PLACES = 10;

/**
 * The plan as a Markdown document a tech lead can paste into a planning page: a summary, an overview table,
 * then a heading per phase with its tasks: effort (an estimate, with how it was worked out), impact (measured
 * gains shown as measured), risk and mitigation, skills, dependencies, why the phase, and every place as
 * `file:line` (1-based, as editors show lines). Headings and labels in `locale`; what the rules and the
 * assessment say of a task (titles, bases, mitigations) stays as they wrote it.
 */
export function planToMarkdown(plan: RoadmapPlan, locale: Locale = 'en'): string {
  const text = roadmapText(locale);
  const out: string[] = [];
  const numbers = new Map<string, string>();
  plan.phases.forEach((phase, p) => phase.tasks.forEach((task, i) => numbers.set(task.id, `${p + 1}.${i + 1}`)));
  const titles = new Map(plan.phases.flatMap((phase) => phase.tasks.map((t) => [t.id, t.title] as const)));

  const { summary } = plan;
  out.push(`# ${summary.application ? fillArgs(text.titleOf, [inline(summary.application)]) : text.title}`, '');
  const severities = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) =>
    counted(text.severities[s], summary.bySeverity[s]),
  );
  const findings = `${counted(text.findings, summary.findings)}${severities.length ? ` (${severities.join(', ')})` : ''}`;
  out.push(
    `${fillArgs(text.summary, [findings, counted(text.files, summary.files), counted(text.tasks, summary.tasks), formatHours(summary.hours)])} ` +
      (summary.assessment ? fillArgs(text.assessment, [summary.assessment]) : text.noAssessment),
    '',
  );
  out.push(`> ${text.estimatesNote}`, '');

  const c = text.columns;
  out.push(
    `| ${c.phase} | ${c.horizon} | ${c.tasks} | ${c.hours} | ${c.capacity} |`,
    '| --- | --- | --- | --- | --- |',
  );
  for (const phase of plan.phases) {
    const { title, horizon } = text.phases[phase.id];
    const capacity = phase.capacityHours !== undefined ? formatHours(phase.capacityHours) : '—';
    out.push(`| ${cell(title)} | ${horizon} | ${phase.tasks.length} | ${formatHours(phase.hours)} | ${capacity} |`);
  }
  out.push('');

  plan.phases.forEach((phase, p) => {
    const { title, horizon } = text.phases[phase.id];
    out.push(`## ${p + 1}. ${title} (${horizon})`, '');
    const tasks = counted(text.tasks, phase.tasks.length);
    out.push(
      phase.capacityHours !== undefined
        ? fillArgs(text.phaseLoadOfCapacity, [
            tasks,
            formatHours(phase.hours),
            formatHours(phase.capacityHours),
            phase.capacityBasis ? ` (${phase.capacityBasis})` : '',
          ])
        : fillArgs(text.phaseLoad, [tasks, formatHours(phase.hours)]),
      '',
    );
    if (phase.tasks.length === 0) {
      out.push(text.noTasksInPhase, '');
      return;
    }
    phase.tasks.forEach((task, i) => out.push(...renderTask(task, `${p + 1}.${i + 1}`, numbers, titles, text)));
  });

  if (plan.narrative) out.push(`## ${text.narrative}`, '', plan.narrative.text.trim(), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderTask(
  task: Task,
  number: string,
  numbers: ReadonlyMap<string, string>,
  titles: ReadonlyMap<string, string>,
  text: RoadmapText,
): string[] {
  const lines = [`### ${number} ${inline(task.title)}`, ''];
  if (task.description) lines.push(inline(task.description), '');
  lines.push(`- **${text.effort}:** ${formatHours(task.effort.hours)} (${task.effort.basis})`);
  const impact = fillArgs(text.impactValue, [text.impact[task.impact.level], task.impact.score, task.impact.basis]);
  lines.push(`- **${text.impactLabel}:** ${impact}`);
  if (task.impact.measured) lines.push(`- **${text.measuredGain}:** ${describeMeasured(task.impact.measured, text)}`);
  lines.push(`- **${text.riskLabel}:** ${text.risk[task.risk.level]}. ${task.risk.mitigation}`);
  if (task.skills.length) lines.push(`- **${text.skills}:** ${task.skills.join(', ')}`);
  if (task.dependsOn.length) {
    const deps = task.dependsOn.map((id) =>
      numbers.has(id) ? `${numbers.get(id)} ${inline(titles.get(id) ?? id)}` : id,
    );
    lines.push(`- **${text.dependsOn}:** ${deps.join('; ')}`);
  }
  lines.push(`- **${text.whyThisPhase}:** ${task.placement}`);
  const source =
    task.assistant === 'assessment' ? text.assessmentSource : `${task.assistant}: ${task.ruleIds.join(', ')}`;
  lines.push(`- **${text.placesLabel}** (${counted(text.places, task.findings.length)}, ${source}):`);
  for (const place of task.findings.slice(0, MAX_PLACES)) {
    const where = `\`${place.file}:${place.range.start.line + 1}\``;
    const about = task.assistant === 'assessment' ? [place.message] : (place.notes ?? []);
    lines.push(`  - ${where}${about.length > 0 ? ` — ${about.map(inline).join('; ')}` : ''}`);
  }
  if (task.findings.length > MAX_PLACES) lines.push(`  - ${fillArgs(text.more, [task.findings.length - MAX_PLACES])}`);
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
