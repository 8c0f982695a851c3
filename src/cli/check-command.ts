import { ASSISTANTS } from '../assistants/catalog';
import type { AssistantDescriptor } from '../assistants/catalog';
import { DEFAULT_CONFIG } from '../core/config';
import type { AssistantId } from '../core/finding';
import { severityRank } from '../core/finding';
import type { CheckArgs, FailOn } from './args';
import { check } from './check';
import type { CheckReport } from './check';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatSummary, formatText } from './format-text';
import type { CliIo } from './io';
import { packageVersion } from './version';

const AI_NOT_AVAILABLE = '--ai: Claude deep review is not available in this version; static findings only';

/** `scaling-assistant check`: runs the analysis, prints it in the chosen format, returns the exit code. */
export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  if (args.ai) io.stderr(`${AI_NOT_AVAILABLE}\n`);
  const report = await check({
    paths: args.paths,
    cwd: io.cwd,
    assistants: selectAssistants(args.assistants, (note) => io.stderr(`note: ${note}\n`)),
    config: args.budgetMs ? { ...DEFAULT_CONFIG, budgetMs: args.budgetMs } : DEFAULT_CONFIG,
    loadAllRules: args.format === 'sarif',
    settings: { k8s: args.clusterVersion ? { clusterVersion: args.clusterVersion } : {} },
  });

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
  return exitCode(report, args.failOn);
}

/**
 * The built assistants the run uses. Asking for one that is not built yet is not a usage error (the id is
 * right, the engine is coming): say so and carry on with the rest.
 */
export function selectAssistants(ids: readonly AssistantId[] | undefined, note: (text: string) => void): AssistantDescriptor[] {
  const wanted = ids ? ASSISTANTS.filter((a) => ids.includes(a.id)) : ASSISTANTS;
  for (const descriptor of wanted) {
    if (ids && !descriptor.available) note(`the ${descriptor.displayName} is not built yet; --assistant ${descriptor.id} skipped`);
  }
  return wanted.filter((a) => a.available);
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
