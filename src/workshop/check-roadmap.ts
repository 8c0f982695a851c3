import { ROADMAP_TEXT } from '../roadmap/locale';
import type { CheckInput } from './check-input';
import { exactFile } from './engine-findings';
import { ROADMAP_EXPORT_PATH } from './exercises';
import type { Criterion } from './result';

/**
 * What the roadmap's Markdown export opens with (roadmap/markdown.ts) and the phase table it always writes, in
 * any of its languages: a participant working in German exports a German roadmap.
 */
const EXPORTS = Object.values(ROADMAP_TEXT).map((text) => ({
  title: `# ${text.title}`,
  table: `| ${text.columns.phase} | ${text.columns.horizon} | ${text.columns.tasks} |`,
}));

function isExport(text: string): boolean {
  const lines = text.split('\n');
  return EXPORTS.some(
    ({ title, table }) =>
      (lines[0] === title || lines[0].startsWith(`${title}:`)) && lines.some((line) => line.startsWith(table)),
  );
}

/** Exercise 6: the plan exported as Markdown to docs/roadmap.md. */
export async function checkRoadmap(input: CheckInput): Promise<Criterion[]> {
  const { t } = input;
  const summary = await roadmapSummary(input);
  return [
    {
      id: 'roadmap-exported',
      passed: summary !== undefined,
      label: t('The plan exported to {0}', ROADMAP_EXPORT_PATH),
      hint:
        summary !== undefined
          ? t('The roadmap is in {0}.', ROADMAP_EXPORT_PATH)
          : t(
              '{0} is missing or is not the roadmap export: use the walkthrough button (Export Scaling Roadmap as Markdown).',
              ROADMAP_EXPORT_PATH,
            ),
      place: { file: ROADMAP_EXPORT_PATH },
    },
  ];
}

/**
 * The exported roadmap's summary, as the export writes it: its opening paragraph (findings, tasks, hours) and the
 * phase table. Undefined when the file is missing or is not an export of the plan.
 */
export async function roadmapSummary(input: Pick<CheckInput, 'workspace'>): Promise<string | undefined> {
  const [file] = await input.workspace.files(exactFile(ROADMAP_EXPORT_PATH));
  const text = (await file?.read())?.replace(/\r\n/g, '\n');
  if (!text || !isExport(text)) return undefined;
  const head = text.split(/\n## /)[0];
  return head.split('\n').slice(1).join('\n').trim();
}
