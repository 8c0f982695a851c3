import { promises as fs } from 'node:fs';
import path from 'node:path';
import { disposeLoadedAssistants } from '../assistants/catalog';
import type { Workspace } from '../core/workspace';
import { memoryWorkspace } from '../core/workspace';
import { checkExercise } from '../workshop/check';
import { roadmapSummary } from '../workshop/check-roadmap';
import { EXERCISES, EXERCISE_FOLDERS, exerciseTitle } from '../workshop/exercises';
import { reportHtml, reportMarkdown } from '../workshop/report';
import { completion } from '../workshop/result';
import type { ExerciseResult } from '../workshop/result';
import type { WorkshopArgs } from './args';
import type { CliIo } from './io';
import { cliLocale, shippedPath, translation } from './locale';
import { packageVersion } from './version';

/** More files than a workshop sample has: past it the folder is not the sample, and reading stops. */
const MAX_FILES = 2000;

/** The exercise folders of `root` in memory, paths relative to it, as the editor's Check My Work reads them. */
async function readExerciseFiles(root: string): Promise<Workspace> {
  const texts = new Map<string, string>();
  const visit = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (texts.size >= MAX_FILES) return;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile()) texts.set(child, await fs.readFile(path.join(root, child), 'utf8'));
    }
  };
  for (const folder of EXERCISE_FOLDERS) await visit(folder);
  return memoryWorkspace(texts);
}

/**
 * `scaling-assistant workshop <folder>`: runs every exercise's checks on a copy of the workshop sample, with the
 * same engines and measurement as the editor's Check My Work, and prints the workshop report (Markdown or
 * self-contained HTML) in the language of `--locale` or LANG. Exit 0 when every exercise that can be checked passed,
 * 1 when one did not, 2 on a usage error.
 */
export async function runWorkshop(args: WorkshopArgs, io: CliIo): Promise<number> {
  const folder = path.resolve(io.cwd, args.folder);
  if (!(await fs.stat(folder).catch(() => undefined))?.isDirectory()) {
    io.stderr(`scaling-assistant: ${args.folder}: not a folder (workshop checks a copy of the workshop sample)\n`);
    return 2;
  }
  const sample = shippedPath(path.join('samples', 'workshop-ecommerce'));
  if (!sample || !(await fs.stat(sample).catch(() => undefined))) {
    io.stderr('scaling-assistant: the workshop sample is missing from this installation\n');
    return 2;
  }
  const locale = cliLocale(args.locale, io.env ?? process.env);
  const t = translation(locale);
  const progress = (message: string) => (args.quiet ? undefined : io.stderr(`  ${message}\n`));
  const workspace = await readExerciseFiles(folder);
  const original = await readExerciseFiles(sample);
  const results: ExerciseResult[] = [];
  try {
    for (const { id } of EXERCISES) {
      progress(exerciseTitle(id, t));
      results.push(
        await checkExercise(id, {
          workspace,
          original,
          t,
          measure: args.measure,
          // Run on a folder the user named: its code is theirs to run, as their own npm scripts would.
          folder,
          trusted: true,
          settings: { sql: args.rows ? { rows: args.rows } : {} },
          onProgress: progress,
        }),
      );
    }
  } finally {
    await disposeLoadedAssistants();
  }
  const report = {
    participant: args.name ?? '',
    date: new Date().toISOString(),
    version: io.version ?? packageVersion(),
    locale,
    results,
    roadmapSummary: await roadmapSummary({ workspace }),
  };
  io.stdout(args.format === 'html' ? reportHtml(report, t) : reportMarkdown(report, t));
  const { passed, total } = completion(results);
  return passed === total && total > 0 ? 0 : 1;
}
