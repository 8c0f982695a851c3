import type { AdviseContext, SourceDocument } from '../../../core/assistant';
import type { AnalysisError, Finding, Fix, Range } from '../../../core/finding';
import { completeFinding } from '../../../core/rule';
import type { RuleMeta } from '../../../core/rule';
import { LineIndex } from '../../../core/text';
import type { ParsedSql, SqlStatement } from '../parser';
import { tablesRead } from '../query';
import type { Catalog } from '../schema';
import type { SqlSettings } from '../settings';
import type { SqlFragment } from '../sources';
import { SQL_FILE } from '../sources';
import { embeddedSuppressionFix } from '../suppress';
import { adviseStatement, isMeasurable } from './advisor';
import type { FixContext } from './fixes';
import { indexFix, rewriteFix } from './fixes';
import type { SplicedRewrite } from './rewrites';
import { PLAN_RULE_OF } from './plan-rules';
import { measuredAdvice } from './plan-rules/measured-advice';
import { startRunCap } from './run-cap';
import type { StatementAdviceLocal } from './statement-run';
import { beforeAfter, measuredPhrase, planNote, withMeasuredMessage } from '../present';
import { formatCount } from '../../../core/format';
import type { IndexCandidate, PlanEngine, PrivilegedRole } from '../plan-engine/types';
import type { PlanFinding, StatementAdvice, Suggestion } from './types';
import { MIN_SPEEDUP } from './types';
import { planFindings } from './plan-findings';

/**
 * A document's measured advice: every measurable statement (overlapping the selection, if any) is timed
 * by the advisor; the results become the CLI's report (statements with host offsets and ranges), and
 * findings for the editor: the static findings of those statements enriched with measured evidence and
 * fixes, plan findings on the SQL they concern, and `measured-advice` where no finding carried the gain.
 */

/** Static rules whose finding an index suggestion answers, and rewrites that answer a rule. */
const INDEX_RULES = new Set([
  'function-on-indexed-column',
  'leading-wildcard-like',
  'unindexed-foreign-key',
  'filter-on-unindexed-column',
]);
const REWRITE_RULES: Readonly<Record<string, readonly string[]>> = {
  'not-exists': ['not-in-subquery'],
  exists: ['count-instead-of-exists'],
  'pre-aggregate': ['aggregate-after-join'],
  'pre-aggregate-lateral': ['aggregate-after-join'],
  'predicate-move': ['having-without-aggregate'],
  keyset: ['deep-offset-pagination'],
};

export interface ReportStatement extends Omit<StatementAdvice, 'suggestions'> {
  range: Range;
  suggestions: ReportSuggestion[];
}

export type ReportSuggestion = Omit<Suggestion, 'candidate'> & {
  candidate: IndexCandidate | Omit<SplicedRewrite, 'splices'>;
};

export interface AdviceReport {
  engine?: string;
  statements: ReportStatement[];
  /** The server role has rights beyond any transaction; `needsConfirmation`: ANALYZE waits for the user's yes. */
  privilegedRole?: PrivilegedRole;
}

export interface DocumentInput {
  doc: SourceDocument;
  fragments: readonly { fragment: SqlFragment; parsed: ParsedSql }[];
  catalog: Catalog;
  settings: SqlSettings;
  /** Static findings of the document (the same analysis as `analyze`). */
  staticFindings: readonly Finding[];
  /** Opens (or reuses) the plan engine for these tables; `signal` stops a load in progress. */
  engine: (tables: readonly string[], signal?: AbortSignal) => Promise<PlanEngine>;
  /** Workspace file texts by path (the last migration's header). */
  readFile?: (file: string) => string | undefined;
  /** Execute statements on the engine (always in the sandbox; on a server when opted in). */
  analyze: boolean;
}

export interface DocumentAdvice {
  findings: Finding[];
  errors: AnalysisError[];
  report: AdviceReport;
  /** Per statement, host offsets: what the hover shows. */
  statements: ReportStatement[];
}

export async function adviseDocument(input: DocumentInput, context: AdviseContext): Promise<DocumentAdvice> {
  const { doc, catalog } = input;
  const lines = new LineIndex(doc.text);
  const errors: AnalysisError[] = [];
  const findings: Finding[] = [];
  const statements: ReportStatement[] = [];
  const selection = context.selection
    ? { start: lines.offsetAt(context.selection.start), end: lines.offsetAt(context.selection.end) }
    : undefined;

  const targets: { fragment: SqlFragment; statement: SqlStatement; host: { start: number; end: number } }[] = [];
  for (const { fragment, parsed } of input.fragments) {
    for (const statement of parsed.statements) {
      if (!isMeasurable(statement)) continue;
      const host = fragment.map.spanToHost(statement.start, statement.end);
      if (selection && !(host.start <= selection.end && selection.start <= host.end)) continue;
      targets.push({ fragment, statement, host });
    }
  }
  if (targets.length === 0) {
    return { findings, errors, report: { statements }, statements };
  }
  const tables = new Set(targets.flatMap(({ statement }) => tablesRead(statement.node, catalog)));
  context.onProgress?.(`preparing the ${input.settings.databaseUrl ? 'database connection' : 'sandbox'}`);
  const cap = startRunCap(input.settings.runTimeoutMs, context.signal);
  const notReached = (target: (typeof targets)[number]) =>
    statements.push(toReport(notMeasured(target, cap.reason), [], target.fragment, target.host, lines));
  let engine: PlanEngine;
  try {
    engine = await input.engine([...tables], cap.signal);
  } catch (error) {
    cap.dispose();
    if (!cap.expired) throw error;
    for (const target of targets) notReached(target);
    return { findings, errors, report: { statements }, statements };
  }
  for (const [i, target] of targets.entries()) {
    const { fragment, statement, host } = target;
    if (context.signal?.aborted) break;
    if (cap.expired) {
      notReached(target);
      continue;
    }
    context.onProgress?.(`statement ${i + 1} of ${targets.length}`);
    let local: StatementAdviceLocal;
    try {
      local = await adviseStatement(engine, statement, fragment.sql, catalog, {
        signal: cap.signal,
        onProgress: context.onProgress,
        analyze: input.analyze,
        spliced: splicedParameters(fragment, doc.text),
      });
    } catch (error) {
      if (context.signal?.aborted) break;
      if (cap.expired) {
        notReached(target);
        continue;
      }
      errors.push({
        file: doc.file,
        kind: 'internal',
        message: `advice failed: ${error instanceof Error ? error.message : String(error)}`,
        range: lines.rangeOf(host.start, host.end),
      });
      continue;
    }
    // Not measured, and the code splices names or clauses into the text: say which code, the likely cause.
    if (!local.plan?.analyzed) local.notes.push(...splicedCodeNotes(fragment, doc.text, host));
    // The plan rules read the measured plan here, where a rule that fails can be reported on the statement.
    const plan = local.plan
      ? planFindings(local.plan, statement, catalog, {
          file: doc.file,
          errorRange: () => lines.rangeOf(host.start, host.end),
        })
      : { findings: [], errors: [] };
    errors.push(...plan.errors);
    const reportStatement = toReport(local, plan.findings, fragment, host, lines);
    statements.push(reportStatement);
    const fixContext: FixContext = {
      file: doc.file,
      text: doc.text,
      lines,
      fragment,
      sqlDocument: SQL_FILE.test(doc.file) || doc.languageId === 'sql',
      schemaFiles: catalog.files,
      readFile: input.readFile,
    };
    findings.push(...statementFindings(input, local, reportStatement, fixContext, host));
  }
  cap.dispose();
  const report: AdviceReport = { engine: engine.kind, statements };
  if (engine.privilegedRole) report.privilegedRole = engine.privilegedRole;
  return { findings, errors, report, statements };
}

/**
 * The fragment's `$n` that the extraction wrote for host code spliced into the text (string building, a template's
 * `${…}` no driver binds), each with that code: a driver's own placeholders (a tagged template's values, `?`) are
 * real parameters and are not among them.
 */
function splicedParameters(fragment: SqlFragment, text: string): Map<number, string> {
  const out = new Map<number, string>();
  const slots = fragment.recipe?.slots ?? [];
  for (const placeholder of fragment.placeholders) {
    const slot = slots.find((s) => s.hostStart === placeholder.hostStart && s.hostEnd === placeholder.hostEnd);
    if (slot && !slot.bound) out.set(placeholder.number, text.slice(placeholder.hostStart, placeholder.hostEnd));
  }
  return out;
}

/** Names and clauses the host code splices into the statement (not values, which have `$n`): one note each. */
function splicedCodeNotes(fragment: SqlFragment, text: string, host: { start: number; end: number }): string[] {
  const slots = fragment.recipe?.slots ?? [];
  return slots.flatMap((slot, i) => {
    const kind = fragment.kinds?.[i];
    if (slot.bound || kind === 'value' || kind === undefined || slot.identifierText !== undefined) return [];
    if (slot.hostStart < host.start || slot.hostEnd > host.end) return [];
    const code = text.slice(slot.hostStart, slot.hostEnd).replace(/\s+/g, ' ').trim();
    if (!code) return [];
    const shown = code.length > 60 ? `${code.slice(0, 59)}…` : code;
    return [
      `\`${shown}\` is ${kind === 'identifier' ? 'a name' : 'SQL'} the code splices in at run time: a stand-in takes its place here`,
    ];
  });
}

/** A statement the run did not get to measure, with the reason as its note. */
function notMeasured(target: { fragment: SqlFragment; statement: SqlStatement }, note: string): StatementAdviceLocal {
  const { start, end } = target.statement;
  return { start, end, sql: target.fragment.sql.slice(start, end), suggestions: [], notes: [note] };
}

function toReport(
  local: StatementAdviceLocal,
  planFindings: readonly PlanFinding[],
  fragment: SqlFragment,
  host: { start: number; end: number },
  lines: LineIndex,
): ReportStatement {
  return {
    start: host.start,
    end: host.end,
    range: lines.rangeOf(host.start, host.end),
    sql: local.sql,
    plan: local.plan,
    planFindings: planFindings.map((f) => ({ ...f, ...fragment.map.spanToHost(f.start, f.end) })),
    suggestions: local.suggestions.map((s) => {
      if (s.candidate.kind !== 'rewrite') return s as ReportSuggestion;
      const { splices: _splices, ...candidate } = s.candidate;
      return { ...s, candidate };
    }),
    notes: local.notes,
    ...(local.parameters ? { parameters: local.parameters } : {}),
  };
}

function statementFindings(
  input: DocumentInput,
  local: StatementAdviceLocal,
  report: ReportStatement,
  fix: FixContext,
  host: { start: number; end: number },
): Finding[] {
  const out: Finding[] = [];
  const file = input.doc.file;
  const measuredSuggestions = local.suggestions.filter((s) =>
    s.measured ? s.measured.speedup >= MIN_SPEEDUP : s.kind === 'index',
  );
  // What can be applied: indexes, and rewrites proven to return the same rows.
  const offeredSuggestions = measuredSuggestions.filter((s) => s.kind === 'index' || s.equivalent === true);
  const indexFor = (finding: Finding) => {
    const words = new Set(
      input.doc.text
        .slice(fix.lines.offsetAt(finding.range.start), fix.lines.offsetAt(finding.range.end))
        .toLowerCase()
        .match(/[a-z_][a-z0-9_$]*/g) ?? [],
    );
    return measuredSuggestions.find((s) => s.kind === 'index' && indexColumns(s).some((c) => words.has(c)));
  };
  const fixesFor = (suggestion: (typeof local.suggestions)[number]): Fix[] => {
    if (suggestion.kind === 'index') {
      const f = indexFix(fix, suggestion, host.start);
      return f ? [f] : [];
    }
    if (suggestion.equivalent !== true || suggestion.candidate.kind !== 'rewrite') return [];
    const f = rewriteFix(fix, suggestion, suggestion.candidate as SplicedRewrite, host.start);
    return f ? [f] : [];
  };
  const used = new Set<unknown>();
  const lines = fix.lines;
  const inStatement = (finding: Finding) => {
    const start = lines.offsetAt(finding.range.start);
    return finding.file === file && start >= host.start && start <= host.end;
  };

  // Static findings of this statement: evidence and fixes from the suggestion that answers them.
  for (const finding of input.staticFindings.filter(inStatement)) {
    const rewrite = measuredSuggestions.find(
      (s) =>
        s.candidate.kind === 'rewrite' &&
        REWRITE_RULES[(s.candidate as SplicedRewrite).rewrite]?.includes(finding.ruleId),
    );
    const offered = local.suggestions.find(
      (s) =>
        s.candidate.kind === 'rewrite' &&
        REWRITE_RULES[(s.candidate as SplicedRewrite).rewrite]?.includes(finding.ruleId),
    );
    const answer = INDEX_RULES.has(finding.ruleId) ? indexFor(finding) : rewrite;
    if (!answer && !offered) continue;
    const chosen = answer ?? offered!;
    used.add(chosen);
    // A rewrite that is not faster is still the fix where the original is wrong (NOT IN and NULLs), not elsewhere.
    const slower = chosen.kind === 'rewrite' && !answer && finding.ruleId !== 'not-in-subquery';
    const fixes = slower ? [] : fixesFor(chosen);
    const notes = [...(finding.evidence?.notes ?? [])];
    if (slower && chosen.measured)
      notes.push(
        `${chosen.title}: not offered as a fix, it was not faster here (${beforeAfter(chosen.measured)} on ${formatCount(chosen.measured.rows)} synthetic rows)`,
      );
    if (chosen.kind === 'rewrite' && chosen.equivalent !== true) {
      notes.push(
        `Rewrite not offered as a fix: ${chosen.equivalent === false ? 'it returns different rows' : 'equivalence not proven'} — ${chosen.equivalenceNote ?? ''}`.trim(),
      );
    }
    if (!chosen.measured && chosen.kind === 'index' && chosen.costAfter !== undefined) notes.push(chosen.reason);
    out.push(
      withMeasuredMessage({
        ...finding,
        evidence: {
          ...finding.evidence,
          measured: chosen.measured && !slower ? { ...chosen.measured } : finding.evidence?.measured,
          notes: notes.length ? notes : undefined,
        },
        fixes: [
          ...fixes.map((f, i) => ({ ...f, isPreferred: i === 0 })),
          ...(finding.fixes ?? []).map((f) => ({ ...f, isPreferred: false })),
        ],
      }),
    );
  }

  // Plan findings on the SQL they concern.
  for (const planFinding of report.planFindings) {
    const rule = PLAN_RULE_OF[planFinding.kind];
    // The plan confirms a static finding on the same predicate: one diagnostic, with the plan as evidence.
    const confirmed = out.find(
      (f) =>
        INDEX_RULES.has(f.ruleId) &&
        planFinding.kind === 'seq-scan-filter' &&
        overlaps(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end), planFinding.start, planFinding.end),
    );
    if (confirmed) {
      confirmed.evidence = {
        ...confirmed.evidence,
        notes: [...(confirmed.evidence?.notes ?? []), planFinding.message],
      };
      continue;
    }
    const answer =
      planFinding.kind === 'subplan-per-row'
        ? offeredSuggestions.find(
            (s) => s.candidate.kind === 'rewrite' && (s.candidate as SplicedRewrite).rewrite === 'not-exists',
          )
        : offeredSuggestions[0];
    if (answer) used.add(answer);
    const fixes = answer ? fixesFor(answer) : [];
    out.push(
      complete(rule, file, {
        message:
          planFinding.message +
          (answer?.measured ? ` Best measured fix: ${answer.title}, ${measuredPhrase(answer.measured)}.` : ''),
        range: lines.rangeOf(planFinding.start, planFinding.end),
        evidence: {
          measured: answer?.measured ? { ...answer.measured } : undefined,
          notes: [planNote(local.plan, local.rows)],
        },
        fixes: [
          ...fixes.map((f, i) => ({ ...f, isPreferred: i === 0 })),
          ...suppressionFor(fix, rule.id, planFinding.start),
        ],
      }),
    );
  }

  // The best measured gain, when nothing above carried it.
  const best = offeredSuggestions.find((s) => s.measured);
  if (best?.measured && !used.has(best)) {
    const head = headSpan(local, report);
    out.push(
      complete(measuredAdvice, file, {
        message: `${best.title}: ${measuredPhrase(best.measured)} (${beforeAfter(best.measured)}). ${best.reason}.`,
        range: lines.rangeOf(head.start, head.end),
        evidence: { measured: { ...best.measured }, notes: [planNote(local.plan, local.rows)] },
        fixes: [
          ...fixesFor(best).map((f, i) => ({ ...f, isPreferred: i === 0 })),
          ...suppressionFor(fix, measuredAdvice.id, head.start),
        ],
      }),
    );
  }
  return out;
}

/** SQL's own suppression comment where the finding sits inside an embedded multi-line SQL string. */
function suppressionFor(context: FixContext, ruleId: string, hostOffset: number): Fix[] {
  if (context.sqlDocument) return [];
  const fix = embeddedSuppressionFix(context.file, context.text, context.lines, context.fragment, ruleId, hostOffset);
  return fix ? [fix] : [];
}

function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** Column names an index suggestion keys on (`lower(email)` → email; opclasses and directions dropped). */
function indexColumns(suggestion: Suggestion): string[] {
  const indexes = suggestion.indexes ?? (suggestion.candidate.kind === 'index' ? [suggestion.candidate] : []);
  const out: string[] = [];
  for (const index of indexes) {
    const keys = /\((.*)\)(?:\s+WHERE\b.*)?$/i.exec(index.ddl)?.[1] ?? '';
    for (const word of keys.toLowerCase().match(/[a-z_][a-z0-9_$]*/g) ?? []) {
      if (
        !/^(desc|asc|nulls|first|last|lower|upper|date_trunc|gin_trgm_ops|gist_trgm_ops|text_pattern_ops)$/.test(word)
      )
        out.push(word);
    }
  }
  return out;
}

function complete(
  rule: RuleMeta,
  file: string,
  partial: Omit<Finding, 'file' | 'assistant' | 'ruleId' | 'impact' | 'effort' | 'severity'>,
): Finding {
  return completeFinding(rule, file, partial);
}

/** The statement's first line (its first keyword up to the line end), where statement-level advice goes. */
function headSpan(local: StatementAdviceLocal, report: ReportStatement): { start: number; end: number } {
  const firstLine = local.sql.split(/\r?\n/)[0].trimEnd();
  return {
    start: report.start,
    end: report.start + Math.max(1, Math.min(firstLine.length, report.end - report.start)),
  };
}
