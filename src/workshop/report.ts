import type { ExerciseId } from './exercises';
import { EXERCISES, exerciseTitle } from './exercises';
import type { ExerciseResult, ExerciseStatus } from './result';
import { completion } from './result';
import type { Translate } from '../core/translate';

/** The workshop's certificate of completion: who, when, what each check found, checked by which version. */
export interface WorkshopReport {
  participant: string;
  /** ISO date-time of the export. */
  date: string;
  /** The extension's (or CLI's) version that ran the checks. */
  version: string;
  /** BCP 47 tag the dates are written in (`de`, `en`). */
  locale: string;
  results: ReadonlyArray<ExerciseResult>;
  /** The exported roadmap's summary (its opening paragraph and phase table), when it was exported. */
  roadmapSummary?: string;
}

/** The results in the walkthrough's order; an exercise never checked is listed as such. */
export function orderedResults(results: ReadonlyArray<ExerciseResult>): Array<ExerciseResult | ExerciseId> {
  return EXERCISES.map(({ id }) => results.find((r) => r.exercise === id) ?? id);
}

function statusText(status: ExerciseStatus | 'unchecked', t: Translate): string {
  switch (status) {
    case 'passed':
      return t('passed');
    case 'failed':
      return t('not yet passed');
    case 'unavailable':
      return t('not available yet');
    case 'incomplete':
      return t('not fully checked');
    case 'unchecked':
      return t('not checked');
  }
}

function formatDate(report: WorkshopReport): string {
  const date = new Date(report.date);
  return Number.isNaN(date.getTime())
    ? report.date
    : date.toLocaleDateString(report.locale, { year: 'numeric', month: 'long', day: 'numeric' });
}

/** The report as Markdown. Text from files (names, hints) is escaped so it cannot change the document's shape. */
export function reportMarkdown(report: WorkshopReport, t: Translate): string {
  const { passed, total } = completion(report.results);
  const out = [
    `# ${t('Scaling workshop: certificate of completion')}`,
    '',
    `**${t('Participant')}:** ${md(report.participant)}  `,
    `**${t('Date')}:** ${md(formatDate(report))}  `,
    `**${t('Checked by')}:** Scaling Assistant ${md(report.version)}  `,
    `**${t('Exercises passed')}:** ${t('{0} of {1}', passed, total)}`,
    '',
  ];
  for (const entry of orderedResults(report.results)) {
    const id = typeof entry === 'string' ? entry : entry.exercise;
    const status = typeof entry === 'string' ? 'unchecked' : entry.status;
    out.push(`## ${md(exerciseTitle(id, t))}: ${statusText(status, t)}`, '');
    if (typeof entry === 'string') continue;
    if (entry.note) out.push(md(entry.note), '');
    for (const c of entry.criteria) {
      out.push(`- ${c.passed ? '✅' : '❌'} ${md(c.label)} — ${md(c.hint)}`);
      for (const f of c.figures ?? []) out.push(`  - ${md(f.label)}: ${md(f.value)}`);
    }
    if (entry.criteria.length > 0) out.push('');
  }
  out.push(`## ${t('Roadmap summary')}`, '');
  out.push(report.roadmapSummary ?? t('The roadmap was not exported yet.'), '');
  return `${out.join('\n')}`;
}

/** The report as one self-contained HTML page: inline styles only, no script, nothing loaded from elsewhere. */
export function reportHtml(report: WorkshopReport, t: Translate): string {
  const { passed, total } = completion(report.results);
  const sections: string[] = [];
  for (const entry of orderedResults(report.results)) {
    const id = typeof entry === 'string' ? entry : entry.exercise;
    const status = typeof entry === 'string' ? 'unchecked' : entry.status;
    const body: string[] = [];
    if (typeof entry !== 'string') {
      if (entry.note) body.push(`<p>${html(entry.note)}</p>`);
      if (entry.criteria.length > 0) {
        body.push('<ul>');
        for (const c of entry.criteria) {
          const figures = (c.figures ?? []).map((f) => `<li>${html(f.label)}: <b>${html(f.value)}</b></li>`).join('');
          body.push(
            `<li class="${c.passed ? 'ok' : 'no'}"><span class="mark">${c.passed ? '✔' : '✘'}</span> ` +
              `<b>${html(c.label)}</b><br>${html(c.hint)}${figures ? `<ul>${figures}</ul>` : ''}</li>`,
          );
        }
        body.push('</ul>');
      }
    }
    sections.push(
      `<section><h2>${html(exerciseTitle(id, t))} <span class="status ${status}">${html(statusText(status, t))}</span></h2>${body.join('')}</section>`,
    );
  }
  const roadmap = report.roadmapSummary
    ? `<pre>${html(report.roadmapSummary)}</pre>`
    : `<p>${html(t('The roadmap was not exported yet.'))}</p>`;
  const title = t('Scaling workshop: certificate of completion');
  return `<!DOCTYPE html>
<html lang="${html(report.locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${html(title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; } ul { padding-left: 1.2rem; } li { margin: .4rem 0; }
.mark { font-weight: 700; } .ok .mark { color: #1a7f37; } .no .mark { color: #b3261e; }
.status { font-size: .85rem; font-weight: 500; padding: .05rem .5rem; border-radius: 1rem; background: #eee; }
.status.passed { background: #d7f5dd; } .status.failed { background: #fde2e0; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: .8rem; }
@media (prefers-color-scheme: dark) { body { color: #e6e6e6; background: #1e1e1e; } .status { background: #333; }
  .status.passed { background: #1f4d2a; } .status.failed { background: #5c1f1b; } pre { background: #2a2a2a; }
  .ok .mark { color: #6fdc8c; } .no .mark { color: #ff8a80; } }
</style>
</head>
<body>
<h1>${html(title)}</h1>
<dl>
<dt>${html(t('Participant'))}</dt><dd>${html(report.participant)}</dd>
<dt>${html(t('Date'))}</dt><dd>${html(formatDate(report))}</dd>
<dt>${html(t('Checked by'))}</dt><dd>Scaling Assistant ${html(report.version)}</dd>
<dt>${html(t('Exercises passed'))}</dt><dd>${html(t('{0} of {1}', passed, total))}</dd>
</dl>
${sections.join('\n')}
<section><h2>${html(t('Roadmap summary'))}</h2>${roadmap}</section>
</body>
</html>
`;
}

/** Escapes text for HTML element content and attribute values. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes Markdown's inline syntax and HTML so a name or message stays plain text on one line. */
export function md(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]|<>~])/g, '\\$1');
}
