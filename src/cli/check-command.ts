import { ASSISTANTS } from '../assistants/catalog';
import type { AssistantDescriptor } from '../assistants/catalog';
import { DEFAULT_CONFIG } from '../core/config';
import { compareFindings } from '../core/finding';
import type { AssistantId } from '../core/finding';
import { severityRank } from '../core/finding';
import type { CheckArgs, FailOn } from './args';
import { AI_MAX_FILES, k8sSettingsOf } from './args';
import { check } from './check';
import { isAiFinding, runAiReviews } from './check-ai';
import type { CheckReport } from './check';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatSummary, formatText } from './format-text';
import type { CliIo } from './io';
import { packageVersion } from './version';

/** How long one import-cost measurement may take in `check` (the editor's budget is 10 s). */
const CLI_IMPORT_COST_TIMEOUT_MS = 60_000;

/** `scaling-assistant check`: runs the analysis, prints it in the chosen format, returns the exit code. */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const config = args.budgetMs ? { ...DEFAULT_CONFIG, budgetMs: args.budgetMs } : DEFAULT_CONFIG;
  const report = await check({
    paths: args.paths,
    cwd: io.cwd,
    assistants: selectAssistants(args.assistants, (note) => io.stderr(`note: ${note}\n`)),
    config,
    loadAllRules: args.format === 'sarif',
    settings: {
      k8s: k8sSettingsOf(args),
      sql: args.queryFunctions ? { queryFunctions: args.queryFunctions } : {},
      react: {
        // A batch run waits for a first measurement the editor would give up on: a CI report must not lose a
        // size (and the finding built on it) because the machine was busy.
        importCostTimeoutMs: CLI_IMPORT_COST_TIMEOUT_MS,
        ...(args.reactCompiler ? { compiler: args.reactCompiler } : {}),
        ...(args.lazyMinKb !== undefined ? { lazyLoadMinKb: args.lazyMinKb } : {}),
      },
    },
    keepTexts: args.ai,
  });
  // The gate (--fail-on) is the static analysis: Claude's findings are advice, printed but not counted.
  const staticFindings = report.findings;
  let aiFailed = false;
  if (args.ai) {
    const ai = await runAiReviews({
      analysed: report.analysed ?? [],
      findings: staticFindings,
      subjects: args.aiSubjects,
      maxFiles: args.aiMaxFiles ?? AI_MAX_FILES,
      model: args.aiModel,
      env: io.env ?? process.env,
      config,
      workspace: report.workspace,
      clusterVersion: args.clusterVersion,
      verbose: args.verbose,
      stderr: io.stderr,
    });
    aiFailed = ai.failures.length > 0;
    if (ai.findings.length > 0) {
      report.findings = [...staticFindings, ...ai.findings].sort(compareFindings);
      // SARIF fingerprints hash each finding's line, so the texts of files only Claude commented on are needed too.
      const sources = new Map(report.sources);
      for (const file of report.analysed ?? [])
        if (file.text !== undefined && !sources.has(file.file)) sources.set(file.file, file.text);
      report.sources = sources;
    }
  }

  switch (args.format) {
    case 'json':
      io.stdout(formatJson(report));
      break;
    case 'sarif':
      io.stdout(formatSarif(report, { cwd: io.cwd, version: io.version ?? packageVersion() }));
      break;
    case 'text':
      io.stdout(formatText(report, { verbose: args.verbose }));
      io.stderr(`${formatSummary(report)}\n`);
      break;
  }

  if (report.allPathsMissing) {
    io.stderr(`scaling-assistant: none of the given paths exist: ${args.paths.join(', ')}\n`);
    return 2;
  }
  const code = exitCode(
    { findings: report.findings.filter((f) => !isAiFinding(f)), errors: report.errors },
    args.failOn,
  );
  // 3 only when the static result was clean: a CI job can tell "clean, but the deep review did not run".
  return code === 0 && aiFailed ? 3 : code;
}

/**
 * The built assistants the run uses. Asking for one that is not built yet is not a usage error (the id is
 * right, the engine is coming): say so and carry on with the rest.
 */
export function selectAssistants(
  ids: readonly AssistantId[] | undefined,
  note: (text: string) => void,
): AssistantDescriptor[] {
  const wanted = ids ? ASSISTANTS.filter((a) => ids.includes(a.id)) : ASSISTANTS;
  for (const descriptor of wanted) {
    if (ids && !descriptor.available)
      note(`the ${descriptor.displayName} is not built yet; --assistant ${descriptor.id} skipped`);
    else if (ids && descriptor.folderCommand)
      note(
        `the ${descriptor.displayName} plans a folder, not files: run \`scaling-assistant ${descriptor.folderCommand} <folder>\`; --assistant ${descriptor.id} skipped`,
      );
  }
  return wanted.filter((a) => a.available && !a.folderCommand);
}

/**
 * 2 when an assistant failed internally (the run is incomplete, so a green build would be a lie), else 1
 * when a finding reaches --fail-on, else 0.
 */
export function exitCode(report: Pick<CheckReport, 'findings' | 'errors'>, failOn: FailOn): number {
  if (report.errors.some((e) => e.kind === 'internal')) return 2;
  if (failOn === 'never') return 0;
  const threshold = severityRank(failOn);
  return report.findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}
