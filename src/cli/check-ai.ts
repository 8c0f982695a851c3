import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AiFailure, AiFinding, DeepReviewRequest, OutgoingRequest, ReviewSubject } from '../ai/contract';
import { loadAi } from '../ai/loader';
import { DEFAULT_MODEL } from '../ai/model';
import { loadAssistant } from '../assistants/catalog';
import { TimeBudget } from '../core/budget';
import type { AnalysisConfig } from '../core/config';
import type { AssistantId, Finding, Fix } from '../core/finding';
import type { Workspace } from '../core/workspace';
import type { AnalysedFile } from './check';

/**
 * `check --ai`: a deep review with Claude of the analysed files, by the same rules as the editor. The key
 * and endpoint come from the environment (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL); giving --ai is the
 * consent, and each file sent is named on stderr with its size, estimated tokens and redactions. A failure
 * never hides the static findings: it is reported on stderr and the run carries on.
 */
export interface AiCheckOptions {
  analysed: readonly AnalysedFile[];
  /** Static findings (they rank files and are the facts Claude is given). */
  findings: readonly Finding[];
  subjects?: readonly AssistantId[];
  maxFiles: number;
  model?: string;
  env: Readonly<Record<string, string | undefined>>;
  config: AnalysisConfig;
  /** The run's workspace: the query optimizer reads the schema from it when it checks a rewrite. */
  workspace?: Workspace;
  clusterVersion?: string;
  verbose: boolean;
  stderr(text: string): void;
  /** Tests: where the prompt templates are (default: resolved beside the CLI). */
  promptsDir?: string;
  timeoutMs?: number;
}

export interface AiCheckOutcome {
  /** Claude's findings as the CLI prints them (rule `claude/<category>`, marked as AI in their evidence). */
  findings: Finding[];
  failures: Array<{ file: string; failure: AiFailure }>;
  /** Files a review was asked for (failed or not). */
  attempted: number;
}

/** Which files get a deep review: those with static findings first (most findings first), then the rest that are clearly of the assistant's kind. */
export function pickFiles(
  options: Pick<AiCheckOptions, 'analysed' | 'findings' | 'subjects' | 'maxFiles'>,
): Array<{ file: AnalysedFile; subject: AssistantId }> {
  const counts = new Map<string, number>();
  for (const f of options.findings)
    counts.set(`${f.assistant}\0${f.file}`, (counts.get(`${f.assistant}\0${f.file}`) ?? 0) + 1);
  const candidates: Array<{ file: AnalysedFile; subject: AssistantId; count: number }> = [];
  for (const file of options.analysed) {
    for (const subject of file.assistants) {
      if (options.subjects && !options.subjects.includes(subject)) continue;
      const count = counts.get(`${subject}\0${file.file}`) ?? 0;
      if (count > 0 || ofKind(subject, file)) candidates.push({ file, subject, count });
    }
  }
  candidates.sort((a, b) => b.count - a.count || (a.file.file < b.file.file ? -1 : a.file.file > b.file.file ? 1 : 0));
  return candidates.slice(0, options.maxFiles).map(({ file, subject }) => ({ file, subject }));
}

/** Without a static finding, only files that are plainly the assistant's (not every .ts for the SQL reviewer). */
function ofKind(subject: AssistantId, file: AnalysedFile): boolean {
  switch (subject) {
    case 'sql':
      return /\.(?:sql|psql|pgsql)$/i.test(file.file);
    case 'k8s':
      return /\.ya?ml$/i.test(file.file) || /"apiVersion"\s*:/.test(file.text ?? '');
    case 'react':
      return /\.(?:tsx|jsx)$/i.test(file.file);
    default:
      return false;
  }
}

/** prompts/ beside the package: ../prompts from dist/cli.js, ../../prompts from src/cli when run from source. */
export function cliPromptsDir(from = __dirname): string {
  const candidates = [path.resolve(from, '../prompts'), path.resolve(from, '../../prompts')];
  return candidates.find((dir) => existsSync(path.join(dir, 'sql.md'))) ?? candidates[0];
}

export async function runAiReviews(options: AiCheckOptions): Promise<AiCheckOutcome> {
  const picked = pickFiles(options);
  const outcome: AiCheckOutcome = { findings: [], failures: [], attempted: 0 };
  const eligible = pickFiles({ ...options, maxFiles: Number.MAX_SAFE_INTEGER }).length;
  if (picked.length === 0) {
    options.stderr('--ai: no analysed file to send for a deep review\n');
    return outcome;
  }
  if (eligible > picked.length)
    options.stderr(`--ai: reviewing ${picked.length} of ${eligible} files (raise --ai-max-files to send more)\n`);

  const ai = await loadAi();
  const apiKey = options.env.ANTHROPIC_API_KEY?.trim() ?? '';
  const baseURL = options.env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const model = options.model ?? DEFAULT_MODEL;
  const promptsDir = options.promptsDir ?? cliPromptsDir();
  const sql = picked.some((p) => p.subject === 'sql') ? await loadAssistant('sql').catch(() => undefined) : undefined;

  for (const { file, subject } of picked) {
    if (file.text === undefined) continue;
    outcome.attempted++;
    const document = { file: file.file, text: file.text };
    const request: DeepReviewRequest = {
      subject,
      document,
      findings: options.findings.filter((f) => f.file === file.file && f.assistant === subject),
      facts:
        subject === 'k8s'
          ? { clusterVersion: options.clusterVersion ?? '1.30 (the default; --cluster-version sets it)' }
          : undefined,
      apiKey,
      model,
      baseURL,
      host: 'cli',
      promptsDir,
      timeoutMs: options.timeoutMs,
      // --ai is the consent; say exactly what goes out, as the editor's modal would.
      consent: async (outgoing) => {
        options.stderr(`--ai: sending ${describe(outgoing, model)}\n`);
        return true;
      },
      log: (line) => {
        if (options.verbose) options.stderr(`${line}\n`);
      },
      verifyRewrite:
        sql?.verifyRewrite &&
        ((range, newText) =>
          sql.verifyRewrite!(document, range, newText, {
            config: options.config,
            budget: new TimeBudget(Math.max(options.config.budgetMs, 10_000)),
            workspace: options.workspace,
            onProgress: options.verbose ? (message) => options.stderr(`--ai: ${file.file}: ${message}\n`) : undefined,
          })),
    };
    const result = await ai.runDeepReview(request);
    if (!result.ok) {
      outcome.failures.push({ file: file.file, failure: result.failure });
      options.stderr(
        `scaling-assistant: --ai: ${file.file}: deep review failed (${result.failure.kind}): ${result.failure.message}\n`,
      );
      // Without a usable key or with the user's interrupt, every further file would fail the same way.
      if (result.failure.kind === 'no-key' || result.failure.kind === 'auth' || result.failure.kind === 'cancelled')
        break;
      continue;
    }
    outcome.findings.push(...result.findings.map((f) => asFinding(f, result.model)));
    for (const item of result.unplaced)
      options.stderr(
        `--ai: ${file.file}: ${item.refused ? '' : 'not placed: '}${oneLine(item.title)} (${item.reason})\n`,
      );
    if (options.verbose && result.summary)
      options.stderr(`--ai: ${file.file}: Claude's summary: ${oneLine(result.summary)}\n`);
  }
  return outcome;
}

function describe(outgoing: OutgoingRequest, model: string): string {
  const redacted = outgoing.redactions.map((r) => `${r.kind} ×${r.count}`).join(', ') || 'nothing';
  return (
    `${outgoing.files.join(', ')} to Claude (${model}) for a ${subjectName(outgoing.subject)} deep review: ` +
    `${(outgoing.bytes / 1024).toFixed(1)} KiB, about ${outgoing.estimatedTokens.toLocaleString('en-US')} tokens (an estimate); redacted: ${redacted}`
  );
}

function subjectName(subject: ReviewSubject): string {
  return subject === 'k8s' ? 'HPA' : subject === 'sql' ? 'SQL' : subject;
}

/** An AI finding as the CLI's formats print it: marked as Claude's in its evidence, its edits as fixes. */
export function asFinding(f: AiFinding, model: string): Finding {
  const fixes: Fix[] = f.edits.map((edit) => ({
    title: edit.title,
    edits: [{ file: edit.file, range: edit.range, newText: edit.newText }],
    ...(edit.verified
      ? {
          detail: `Query optimizer: ${edit.verified.equivalent === true ? 'equivalent on the sandbox data' : 'equivalence not proven'}${edit.verified.note ? ` (${edit.verified.note})` : ''}`,
        }
      : {}),
  }));
  // The formats keep only the contract's fields (format-json.ts), so the AI layer's extras need no copying out.
  const { explanation, edits: _edits, fixes: _fixes, ...finding } = f;
  return {
    ...finding,
    evidence: { notes: [`AI: reported by Claude (${model}); not established by a rule`, explanation] },
    ...(fixes.length > 0 ? { fixes } : {}),
  };
}

export function isAiFinding(f: Finding): boolean {
  return f.ruleId.startsWith('claude/');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
