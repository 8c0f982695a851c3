import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadDecompositionPlanner } from '../assistants/catalog';
import type { ExtractionStep } from '../assistants/decomposition/contract';
import { DEFAULT_CONFIG } from '../core/config';
import type { Workspace } from '../core/workspace';
import { parseAssessment } from '../roadmap/assessment';
import { planToMarkdown } from '../roadmap/markdown';
import { ASSESSMENT_PATH } from '../roadmap/model';
import type { PlanAssessment } from '../roadmap/plan';
import { buildPlan } from '../roadmap/plan';
import type { RoadmapArgs } from './args';
import { k8sSettingsOf } from './args';
import { check } from './check';
import { selectAssistants } from './check-command';
import { describeError } from './format-text';
import type { CliIo } from './io';
import { cliLocale } from './locale';
import { describeIoError, displayPath } from './walk';

/**
 * `scaling-assistant roadmap <folder>`: analyses the folder exactly as `check` does, reads the readiness
 * assessment, and prints the plan as Markdown (default; its headings in the language of --locale or LANG) or JSON
 * (the RoadmapPlan, pretty-printed).
 * A missing or broken assessment is reported on stderr and the plan is made without it.
 * Exit codes: 0 plan printed; 2 usage error, the folder does not exist, or an assistant failed internally
 * (the plan would be missing that assistant's tasks).
 */
export async function runRoadmap(args: RoadmapArgs, io: CliIo): Promise<number> {
  const folder = path.resolve(io.cwd, args.folder);
  let stats;
  try {
    stats = await fs.stat(folder);
  } catch (error) {
    io.stderr(`scaling-assistant: ${args.folder}: ${describeNotFound(error)}\n`);
    return 2;
  }
  if (!stats.isDirectory()) {
    io.stderr(`scaling-assistant: ${args.folder}: not a folder (roadmap plans for a workspace folder)\n`);
    return 2;
  }

  const report = await check({
    paths: [args.folder],
    cwd: io.cwd,
    assistants: selectAssistants(undefined, (note) => io.stderr(`note: ${note}\n`)),
    config: args.budgetMs ? { ...DEFAULT_CONFIG, budgetMs: args.budgetMs } : DEFAULT_CONFIG,
    settings: {
      k8s: k8sSettingsOf(args),
      sql: args.queryFunctions ? { queryFunctions: args.queryFunctions } : {},
    },
  });
  for (const error of report.errors) io.stderr(`${describeError(error)}\n`);

  const assessment = await loadAssessment(args, folder, io);
  const decompositionSteps =
    args.decompose && report.workspace ? await decompositionStepsOf(folder, report.workspace, io) : undefined;
  const plan = buildPlan({
    findings: report.findings,
    rules: report.rules,
    assessment,
    files: report.filesAnalysed,
    ...(decompositionSteps ? { decompositionSteps } : {}),
  });
  const locale = cliLocale(args.locale, io.env ?? process.env);
  io.stdout(args.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : planToMarkdown(plan, locale));
  return report.errors.some((e) => e.kind === 'internal') ? 2 : 0;
}

/**
 * --decompose: the strangler-fig steps of the folder's decomposition plan (static facts: the roadmap never reads
 * git history), paths as the findings name them.
 */
async function decompositionStepsOf(folder: string, workspace: Workspace, io: CliIo): Promise<ExtractionStep[]> {
  const display = displayPath(io.cwd, folder);
  const planner = await (await loadDecompositionPlanner()).createPlanner(workspace, display === '.' ? '' : display);
  return (await planner.plan()).steps;
}

/** The assessment named by --assessment, else the folder's own when it has one; problems go to stderr. */
async function loadAssessment(args: RoadmapArgs, folder: string, io: CliIo): Promise<PlanAssessment | undefined> {
  const absolute = args.assessment ? path.resolve(io.cwd, args.assessment) : path.join(folder, ASSESSMENT_PATH);
  const file = displayPath(io.cwd, absolute);
  let text: string;
  try {
    text = await fs.readFile(absolute, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    // No assessment in the folder is normal: the plan simply has no capacity limits or strategic tasks.
    if (missing && !args.assessment) return undefined;
    io.stderr(
      `${file}: ${missing ? 'no such file' : `cannot read: ${describeIoError(error)}`}; the roadmap is made without an assessment\n`,
    );
    return undefined;
  }
  const parsed = parseAssessment(file, text.replace(/^\uFEFF/, ''));
  for (const error of parsed.errors) io.stderr(`${describeError(error)}\n`);
  if (!parsed.assessment) {
    io.stderr(`${file}: the roadmap is made without an assessment\n`);
    return undefined;
  }
  return { value: parsed.assessment, file, rangeOf: parsed.rangeOf };
}

function describeNotFound(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
    ? 'no such folder'
    : `cannot read: ${describeIoError(error)}`;
}
