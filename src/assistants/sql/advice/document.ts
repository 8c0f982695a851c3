import type { AdviseContext, SourceDocument } from '../../../core/assistant';
import type { AnalysisError, Finding, Fix, Range } from '../../../core/finding';
import { completeFinding } from '../../../core/rule';
import type { RuleMeta } from '../../../core/rule';
import { LineIndex } from '../../../core/text';
import type { ParsedSql, SqlStatement } from '../parser';
import { queryLevels } from '../query';
import type { Catalog } from '../schema';
import type { SqlSettings } from '../settings';
import type { SqlFragment } from '../sources';
import { SQL_FILE } from '../sources';
import { embeddedSuppressionFix } from '../suppress';
import type { StatementAdviceLocal } from './advisor';
import { adviseStatement, isMeasurable, measuredPhrase, MIN_SPEEDUP } from './advisor';
import type { FixContext } from './fixes';
import { indexFix, rewriteFix } from './fixes';
import { formatMs } from './measure';
import { planFindings } from './plan-findings';
import type { SplicedRewrite } from './rewrites';
import { measuredAdvice, PLAN_RULE_OF } from './rules';
import type { IndexCandidate, PlanEngine, PlanFinding, PlanSummary, StatementAdvice, Suggestion } from './types';

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
}

export interface DocumentInput {
  doc: SourceDocument;
  fragments: readonly { fragment: SqlFragment; parsed: ParsedSql }[];
  catalog: Catalog;
  settings: SqlSettings;
  /** Static findings of the document (the same analysis as `analyze`). */
  staticFindings: readonly Finding[];
  /** Opens (or reuses) the plan engine for these tables. */
  engine: (tables: readonly string[]) => Promise<PlanEngine>;
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
  const tables = new Set<string>();
  for (const { statement } of targets) {
    try {
      for (const level of queryLevels(statement.node, catalog))
        for (const entry of level.scope.baseTables) if (entry.table) tables.add(entry.table.key);
    } catch {
      // Tables of a statement we cannot resolve are simply not loaded.
    }
  }
  context.onProgress?.(`preparing the ${input.settings.databaseUrl ? 'database connection' : 'sandbox'}`);
  const engine = await input.engine([...tables]);
  for (const [i, { fragment, statement, host }] of targets.entries()) {
    if (context.signal?.aborted) break;
    context.onProgress?.(`statement ${i + 1} of ${targets.length}`);
    let local: StatementAdviceLocal;
    try {
      local = await adviseStatement(engine, statement, fragment.sql, catalog, {
        signal: context.signal,
        onProgress: context.onProgress,
        analyze: input.analyze,
      });
    } catch (error) {
      if (context.signal?.aborted) break;
      errors.push({
        file: doc.file,
        kind: 'internal',
        message: `advice failed: ${error instanceof Error ? error.message : String(error)}`,
        range: lines.rangeOf(host.start, host.end),
      });
      continue;
    }
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
  return { findings, errors, report: { engine: engine.kind, statements }, statements };
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
        `${chosen.title}: not offered as a fix, it was not faster here (${formatMs(chosen.measured.beforeMs)} → ${formatMs(chosen.measured.afterMs)} on ${chosen.measured.rows.toLocaleString('en-US')} synthetic rows)`,
      );
    if (chosen.kind === 'rewrite' && chosen.equivalent !== true) {
      notes.push(
        `Rewrite not offered as a fix: ${chosen.equivalent === false ? 'it returns different rows' : 'equivalence not proven'} — ${chosen.equivalenceNote ?? ''}`.trim(),
      );
    }
    if (!chosen.measured && chosen.kind === 'index' && chosen.costAfter !== undefined) notes.push(chosen.reason);
    out.push({
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
    });
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
        message: `${best.title}: ${measuredPhrase(best.measured)} (${formatMs(best.measured.beforeMs)} → ${formatMs(best.measured.afterMs)}). ${best.reason}.`,
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

export function planNote(plan: PlanSummary | undefined, rows: number | undefined): string {
  if (!plan) return 'no plan';
  const where =
    plan.engine === 'pglite'
      ? `the sandbox${rows ? ` (${rows.toLocaleString('en-US')} synthetic rows in the tables read)` : ''}`
      : 'the database server';
  return plan.executionMs !== undefined
    ? `measured in ${where}: ${formatMs(plan.executionMs)}, plan cost ${Math.round(plan.totalCost)}`
    : `planned in ${where} (not executed): cost ${Math.round(plan.totalCost)}`;
}

/** Markdown for the hover: the plan's shape, its measured time, and the best suggestion. */
export function hoverMarkdown(statement: ReportStatement): string {
  const lines: string[] = ['**Scaling Assistant — query plan**', ''];
  const plan = statement.plan;
  if (plan) {
    lines.push(planNote(plan, undefined), '');
    lines.push('```text', ...planOutline(plan.root).slice(0, 15), '```');
  }
  const best = statement.suggestions[0];
  if (best) {
    lines.push(
      '',
      `**Best suggestion:** ${best.title}${best.measured ? ` — ${measuredPhrase(best.measured)}, ${formatMs(best.measured.beforeMs)} → ${formatMs(best.measured.afterMs)}` : ''}`,
    );
    if (best.kind === 'rewrite')
      lines.push(
        '',
        `Equivalence: ${best.equivalent === true ? 'proven on the synthetic data' : best.equivalent === false ? 'differs' : 'not proven'}${best.equivalenceNote ? ` (${best.equivalenceNote})` : ''}`,
      );
  }
  for (const note of statement.notes) lines.push('', `_${note}_`);
  return lines.join('\n');
}

function planOutline(root: PlanSummary['root']): string[] {
  const out: string[] = [];
  const visit = (node: PlanSummary['root'], depth: number) => {
    const what = [
      node.nodeType,
      node.relation ? `on ${node.relation}${node.alias && node.alias !== node.relation ? ` ${node.alias}` : ''}` : '',
      node.indexName ? `using ${node.indexName}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const rows =
      node.actualRows !== undefined
        ? `rows=${Math.round(node.actualRows * (node.actualLoops ?? 1))}`
        : `est. rows=${Math.round(node.planRows)}`;
    const time = node.actualTotalMs !== undefined ? ` ${formatMs(node.actualTotalMs * (node.actualLoops ?? 1))}` : '';
    out.push(`${'  '.repeat(depth)}${depth > 0 ? '-> ' : ''}${what} (${rows}${time})`);
    node.children.forEach((c) => visit(c, depth + 1));
  };
  visit(root, 0);
  return out;
}
