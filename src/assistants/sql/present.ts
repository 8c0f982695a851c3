import { formatCount, formatMs, formatSpeedup } from '../../core/format';
import type { AdviceReport, ReportStatement } from './advice/document';
import { MIN_SPEEDUP } from './advice/types';
import type {
  EngineKind,
  MeasuredCase,
  MeasuredTimes,
  ParameterCase,
  ParameterValue,
  PlanFinding,
  PlanNode,
  PlanSummary,
  StatementAdvice,
  Suggestion,
} from './advice/types';

/**
 * The one presenter of the query optimizer's measured advice: the editor's hover, its *Show plan* document,
 * its messages and status, the quick fixes' titles and `scaling-assistant advise --format text|json` all render
 * through here, so a measurement reads the same everywhere. No vscode. A measured figure says "measured"; a
 * cost from a server without ANALYZE says "estimate".
 */

/** What the presenter reads of a suggestion: the report's and the advisor's both fit. */
export type PresentedSuggestion = Omit<Suggestion, 'candidate'>;

/** What the presenter reads of a statement: the report's and the advisor's both fit. */
export interface PresentedStatement extends Pick<StatementAdvice, 'sql' | 'plan' | 'notes' | 'parameters'> {
  planFindings: readonly Pick<PlanFinding, 'kind' | 'message'>[];
  suggestions: readonly PresentedSuggestion[];
}

/** Where the advice came from, as the user reads it ("PGlite sandbox, 100,000 synthetic rows"). */
export interface EngineDescription {
  kind: EngineKind;
  /** Synthetic rows per table in the sandbox (the setting), for the label when the plan does not say. */
  rows?: number;
  /** `host/db` of a server. */
  server?: string;
}

/** The engine line: "PGlite sandbox, 100,000 synthetic rows" or "server db.internal/shop, estimates". */
export function engineLabel(engine: EngineDescription, plan?: PlanSummary, rows?: number): string {
  if (engine.kind === 'pglite') {
    const count = rows ?? engine.rows;
    return count !== undefined
      ? `PGlite sandbox, ${formatCount(count)} synthetic rows`
      : 'PGlite sandbox, synthetic rows';
  }
  const measured = plan?.analyzed === true;
  return `server ${engine.server ?? 'PostgreSQL'}, ${measured ? 'measured (EXPLAIN ANALYZE)' : 'estimates'}`;
}

/** "≈38× faster on 100,000 synthetic rows (measured)", "≈4× faster on the server (… rows by its statistics) (measured)". */
export function measuredPhrase(measured: Pick<MeasuredTimes, 'speedup'> & { rows?: number; engine: string }): string {
  const rows = measured.rows !== undefined ? formatCount(measured.rows) : undefined;
  const where =
    measured.engine === 'pglite'
      ? `${rows ?? 'the'} synthetic rows`
      : `the server${rows ? ` (${rows} rows by its statistics)` : ''}`;
  if (measured.speedup < MIN_SPEEDUP) return `about as fast (${measured.speedup.toFixed(2)}×) on ${where} (measured)`;
  return `≈${formatSpeedup(measured.speedup)}× faster on ${where} (measured)`;
}

/** "41.2 ms → 1.08 ms". */
export function beforeAfter(measured: Pick<MeasuredTimes, 'beforeMs' | 'afterMs'>): string {
  return `${formatMs(measured.beforeMs)} → ${formatMs(measured.afterMs)}`;
}

/**
 * A finding's message with its measurement, so the Problems view shows the numbers: the advisor enriches static
 * findings with evidence but keeps their text, and adds this where it attaches the evidence.
 */
export function withMeasuredMessage<T extends { message: string; evidence?: { measured?: MeasuredLike } }>(
  finding: T,
): T {
  const measured = finding.evidence?.measured;
  if (!measured || /\(measured\)/.test(finding.message)) return finding;
  const text = finding.message.replace(/\s+$/, '');
  const stop = /[.!?]$/.test(text) ? '' : '.';
  return { ...finding, message: `${text}${stop} Fix measured: ${measuredPhrase(measured)}, ${beforeAfter(measured)}.` };
}

type MeasuredLike = Pick<MeasuredTimes, 'speedup' | 'beforeMs' | 'afterMs'> & { rows?: number; engine: string };

/** Cost change of a suggestion without a measurement: an estimate, and said to be one. */
export function estimatePhrase(suggestion: PresentedSuggestion): string | undefined {
  const { costBefore, costAfter } = suggestion;
  if (costBefore === undefined || costAfter === undefined || costAfter <= 0) return undefined;
  return `planner cost ${formatCount(costBefore)} → ${formatCount(costAfter)} (≈${formatSpeedup(costBefore / costAfter)}× by estimate)`;
}

/** What a suggestion gains, measured when it was measured, else the estimate. */
export function gainPhrase(suggestion: PresentedSuggestion): string | undefined {
  return suggestion.measured ? measuredPhrase(suggestion.measured) : estimatePhrase(suggestion);
}

/** A rewrite's proof in a few words; undefined for an index. */
function proofPhrase(suggestion: PresentedSuggestion): string | undefined {
  if (suggestion.kind !== 'rewrite') return undefined;
  if (suggestion.equivalent === true)
    return `proven equivalent on ${suggestion.measured ? formatCount(suggestion.measured.rows) : 'the'} synthetic rows`;
  return suggestion.equivalent === false ? 'NOT equivalent: returns different rows' : 'equivalence not proven';
}

/** One line per suggestion, as the summary, the status and the hover list it. */
export function suggestionLine(suggestion: PresentedSuggestion): string {
  const gain = gainPhrase(suggestion);
  const proof = proofPhrase(suggestion);
  const worst = worstCasePhrase(suggestion);
  return `${lowerFirst(suggestion.title)}${gain ? ` — ${gain}` : ''}${worst ? `; ${worst}` : ''}${proof ? ` (${proof})` : ''}`;
}

// --- parameterised statements: the values they were measured with, the typical and the worst case ------------

/** "$1 = 42 (orders.user_id, 3 rows)": one parameter's value and where it was drawn from. */
export function parameterText(value: ParameterValue): string {
  const shown = /^-?\d+(?:\.\d+)?$/.test(value.value) ? value.value : `'${value.value.replace(/'/g, "''")}'`;
  const rows = value.rows !== undefined ? `, ${formatCount(value.rows)} row${value.rows === 1 ? '' : 's'}` : '';
  return `$${value.number} = ${truncate(shown, 60)} (${value.source}${rows})`;
}

const CASE_NAMES: Readonly<Record<ParameterCase['case'], string>> = {
  typical: 'typical values',
  frequent: 'most frequent values',
  rare: 'rarest values',
};

/** "typical values: $1 = 42 (orders.user_id, 3 rows), $2 = 20 (LIMIT)": one line per case. */
export function parameterCaseLines(cases: readonly ParameterCase[]): string[] {
  return cases.map((c) => `${CASE_NAMES[c.case]}: ${c.values.map(parameterText).join(', ')}`);
}

/** The case a suggestion leaves slowest: what a user of the worst-placed value waits for. */
export function worstCase(suggestion: Pick<PresentedSuggestion, 'cases'>): MeasuredCase | undefined {
  const cases = suggestion.cases ?? [];
  return cases.reduce<MeasuredCase | undefined>(
    (worst, c) => (!worst || c.afterMs > worst.afterMs ? c : worst),
    undefined,
  );
}

/** "worst case (most frequent values) ≈3× faster, 40.2 ms → 13.1 ms": only when it is not the typical case. */
function worstCasePhrase(suggestion: PresentedSuggestion): string | undefined {
  const worst = worstCase(suggestion);
  if (!worst || worst.case === 'typical') return undefined;
  const gain =
    worst.speedup < MIN_SPEEDUP
      ? `about as fast (${worst.speedup.toFixed(2)}×)`
      : `≈${formatSpeedup(worst.speedup)}× faster`;
  return `worst case (${CASE_NAMES[worst.case]}) ${gain}, ${beforeAfter(worst)}`;
}

/** "typical values 41.2 ms → 1.08 ms (≈38×)": each case of a measured suggestion. */
function caseTimeLines(cases: readonly MeasuredCase[]): string[] {
  return cases.map((c) => `${CASE_NAMES[c.case]}: ${beforeAfter(c)} (≈${formatSpeedup(c.speedup)}×)`);
}

/** Suggestions of every statement, best measured gain first. */
export function rankedSuggestions<S extends PresentedSuggestion>(
  statements: readonly { suggestions: readonly S[] }[],
): S[] {
  const gain = (s: S) => s.measured?.speedup ?? (s.costBefore && s.costAfter ? s.costBefore / s.costAfter : 0);
  return statements.flatMap((s) => s.suggestions).sort((a, b) => gain(b) - gain(a));
}

/** "2 suggestions: create index … — ≈38× faster on 100,000 synthetic rows (measured)". */
export function summaryText(statements: readonly PresentedStatement[], engine: string): string {
  const suggestions = rankedSuggestions(statements);
  const planned = statements.filter((s) => s.plan).length;
  if (suggestions.length === 0) {
    const problems = statements.reduce((n, s) => n + s.planFindings.length, 0);
    const notes = statements.flatMap((s) => s.notes);
    if (planned === 0) {
      const timedOut = notes.some((n) => /longer than \d+ ms|statement timeout|timed out/i.test(n));
      const what = statements.length === 1 ? 'the statement' : `${statements.length} statements`;
      const limit = timedOut ? ' (the limit is scalingAssistant.sql.statementTimeoutMs)' : '';
      return `no plan for ${what}${notes.length ? `: ${notes[0]}` : ''}${limit}`;
    }
    const reported = problems ? `; ${problems} plan problem${problems === 1 ? '' : 's'} reported` : '';
    return `no faster index or rewrite found for ${planned} planned statement${planned === 1 ? '' : 's'} (${engine})${reported}${notes.length ? ` (${notes[0]})` : ''}`;
  }
  const [best] = suggestions;
  const more = suggestions.length > 1 ? ` (and ${suggestions.length - 1} more)` : '';
  return `${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'}: ${suggestionLine(best)}${more}`;
}

/** A node as one line: "Seq Scan on orders o · cost 0.00..1834.00 · 12 rows (est. 10) · 41.2 ms". */
export function nodeLine(node: PlanNode): string {
  const relation = node.relation
    ? ` on ${node.relation}${node.alias && node.alias !== node.relation ? ` ${node.alias}` : ''}`
    : '';
  const parts = [`${node.nodeType}${relation}${node.indexName ? ` using ${node.indexName}` : ''}`];
  parts.push(`cost ${node.startupCost.toFixed(2)}..${node.totalCost.toFixed(2)}`);
  if (node.actualRows !== undefined) {
    const loops = node.actualLoops ?? 1;
    parts.push(`${formatCount(node.actualRows * loops)} rows (est. ${formatCount(node.planRows * loops)})`);
    if (node.actualTotalMs !== undefined)
      parts.push(`${formatMs(node.actualTotalMs * loops)}${loops > 1 ? ` over ${formatCount(loops)} loops` : ''}`);
  } else {
    parts.push(`${formatCount(node.planRows)} rows (est.)`);
  }
  const condition = node.indexCond ?? node.joinCond ?? node.filter;
  if (condition)
    parts.push(`${node.indexCond ? 'Index Cond' : node.joinCond ? 'Cond' : 'Filter'}: ${truncate(condition, 120)}`);
  if (node.rowsRemovedByFilter) parts.push(`${formatCount(node.rowsRemovedByFilter)} rows removed by filter`);
  if (node.sortSpilled) parts.push('spilled to disk');
  return parts.join(' · ');
}

/** Deepest plan level drawn; a deeper plan says how many nodes it left out. */
const MAX_PLAN_DEPTH = 60;

/** The plan's first `limit` nodes, depth-first, indented by depth (an explicit stack: plans can be deep). */
export function planTree(root: PlanNode, limit = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  let omitted = 0;
  const stack: { node: PlanNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_PLAN_DEPTH || lines.length >= limit) omitted++;
    else lines.push(`${'  '.repeat(depth)}- ${nodeLine(node)}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], depth: depth + 1 });
  }
  if (omitted) lines.push(`- … ${omitted} more node${omitted === 1 ? '' : 's'} (Show plan for all)`);
  return lines;
}

/** "engine · total cost 1834.00 (estimate) · execution 41.2 ms (measured) · planning 0.12 ms". */
export function planHeadline(plan: PlanSummary, engine: string): string {
  const parts = [engine, `total cost ${plan.totalCost.toFixed(2)} (estimate)`];
  parts.push(plan.executionMs !== undefined ? `execution ${formatMs(plan.executionMs)} (measured)` : 'not executed');
  if (plan.planningMs !== undefined) parts.push(`planning ${formatMs(plan.planningMs)}`);
  return parts.join(' · ');
}

/** The hover on a statement with advice: plan summary, measured time, suggestions, plan problems, notes. */
export function hoverMarkdown(statement: PresentedStatement, engine: string): string {
  const out: string[] = ['**Query plan** (Scaling Assistant)', ''];
  if (statement.plan) {
    const headline = planHeadline(statement.plan, `**${escapeMarkdown(engine)}**`);
    out.push(headline, '', ...planTree(statement.plan.root, 6).map(escapeMarkdown));
  } else {
    out.push(`No plan (${escapeMarkdown(engine)}).`);
  }
  if (statement.suggestions.length) {
    const lines = rankedSuggestions([statement]).map((s) => `- ${escapeMarkdown(suggestionLine(s))}`);
    out.push('', '**Suggestions**', '', ...lines);
  }
  if (statement.planFindings.length) {
    out.push('', '**Plan problems**', '', ...statement.planFindings.map((f) => `- ${escapeMarkdown(f.message)}`));
  }
  if (statement.parameters?.length) {
    const lines = parameterCaseLines(statement.parameters).map((l) => `- ${escapeMarkdown(l)}`);
    out.push('', '**Measured with** (values from the synthetic rows)', '', ...lines);
  }
  if (statement.notes.length) out.push('', ...statement.notes.map((n) => `_${escapeMarkdown(n)}_`));
  return out.join('\n');
}

/** The read-only "Show plan" document: the whole tree, suggestions with their SQL, and the plan as JSON. */
export function planDocument(statement: PresentedStatement, engine: string, file: string): string {
  const out: string[] = [`# Query plan`, '', `File: ${file}`, '', '```sql', statement.sql.trim(), '```', ''];
  if (statement.plan) {
    out.push(planHeadline(statement.plan, `**${engine}**`), '', ...planTree(statement.plan.root), '');
  } else {
    out.push(`No plan (${engine}).`, '');
  }
  if (statement.parameters?.length) {
    out.push(
      '## Parameters',
      '',
      'Values drawn from the synthetic rows for what each parameter is compared with; the plan above is the typical case.',
      '',
      ...parameterCaseLines(statement.parameters).map((l) => `- ${l}`),
      '',
    );
  }
  if (statement.suggestions.length) {
    out.push('## Suggestions', '');
    for (const s of statement.suggestions) {
      out.push(`### ${s.title}`, '', s.reason, '');
      const gain = gainPhrase(s);
      if (s.measured) out.push(`Measured: ${beforeAfter(s.measured)}, ${gain}.`, '');
      else if (gain) out.push(`${gain[0].toUpperCase()}${gain.slice(1)}.`, '');
      if (s.cases?.length) out.push(...caseTimeLines(s.cases).map((l) => `- ${l}`), '');
      if (s.kind === 'rewrite') {
        const proof =
          s.equivalent === true
            ? 'Same rows as the original on the synthetic data, edge cases included.'
            : s.equivalent === false
              ? 'Returns different rows from the original.'
              : 'Equivalence not proven.';
        out.push(`${proof}${s.equivalenceNote ? ` ${s.equivalenceNote}` : ''}`, '');
      }
      out.push('```sql', s.sql.trim(), '```', '');
    }
  }
  if (statement.planFindings.length) {
    out.push('## Plan problems', '', ...statement.planFindings.map((f) => `- ${f.message}`), '');
  }
  if (statement.notes.length) out.push('## Notes', '', ...statement.notes.map((n) => `- ${n}`), '');
  if (statement.plan) out.push('## Plan (JSON)', '', '```json', JSON.stringify(statement.plan, null, 2), '```', '');
  return out.join('\n');
}

/** One line of a plan as a note on a finding: "measured in the sandbox (…): 41.2 ms, plan cost 1834". */
export function planNote(plan: PlanSummary | undefined, rows: number | undefined): string {
  if (!plan) return 'no plan';
  const where =
    plan.engine === 'pglite'
      ? `the sandbox${rows ? ` (${formatCount(rows)} synthetic rows in the tables read)` : ''}`
      : 'the database server';
  return plan.executionMs !== undefined
    ? `measured in ${where}: ${formatMs(plan.executionMs)}, plan cost ${Math.round(plan.totalCost)}`
    : `planned in ${where} (not executed): cost ${Math.round(plan.totalCost)}`;
}

// --- the CLI's `advise` ---------------------------------------------------------------------------------------

/** A report statement as `advise --format json` prints it: the plan without its node tree, candidates left out. */
export interface PrintedStatement {
  range: ReportStatement['range'];
  start: number;
  end: number;
  sql: string;
  plan?: Omit<PlanSummary, 'root'> & { nodeType: string };
  planFindings: { kind: string; message: string; start: number; end: number }[];
  suggestions: (Omit<PresentedSuggestion, 'equivalent'> & { equivalent?: boolean | null })[];
  notes: string[];
  /** The values `$n` were measured with, per case. */
  parameters?: ParameterCase[];
}

/** `advise --format json`: `{ version, file, engine, statements }`. */
export function adviceJson(file: string, report: AdviceReport): string {
  const statements = report.statements.map(printable);
  return `${JSON.stringify({ version: 1, file, engine: report.engine, privilegedRole: report.privilegedRole, statements }, null, 2)}\n`;
}

function printable(statement: ReportStatement): PrintedStatement {
  let plan: PrintedStatement['plan'];
  if (statement.plan) {
    const { root, ...rest } = statement.plan;
    plan = { ...rest, nodeType: root.nodeType };
  }
  return {
    range: statement.range,
    start: statement.start,
    end: statement.end,
    sql: statement.sql,
    plan,
    planFindings: statement.planFindings.map(({ kind, message, start, end }) => ({ kind, message, start, end })),
    suggestions: statement.suggestions.map((s) => {
      const { candidate: _candidate, ...rest } = s;
      return { ...rest, equivalent: s.kind === 'rewrite' ? (s.equivalent ?? null) : undefined };
    }),
    notes: statement.notes,
    ...(statement.parameters ? { parameters: statement.parameters } : {}),
  };
}

/** `advise --format text`: per statement its place, plan headline and tree, plan problems, suggestions, notes. */
export function adviceText(file: string, report: AdviceReport, engine: string): string {
  if (report.statements.length === 0) return `${file}: no statement to measure (queries and DML are measured)\n`;
  const out: string[] = [];
  for (const s of report.statements) {
    const oneLine = s.sql.replace(/\s+/g, ' ');
    const where = `${file}:${s.range.start.line + 1}:${s.range.start.character + 1}`;
    out.push(`${where}: ${oneLine.slice(0, 70)}${oneLine.length > 70 ? '…' : ''}`);
    if (s.plan)
      out.push(`  plan: ${planHeadline(s.plan, engine)}`, ...planTree(s.plan.root, 12).map((l) => `    ${l}`));
    else out.push(`  plan: none (${engine})`);
    for (const line of parameterCaseLines(s.parameters ?? [])) out.push(`  parameters, ${line}`);
    for (const f of s.planFindings) out.push(`  plan problem (${f.kind}): ${f.message}`);
    for (const suggestion of rankedSuggestions([s])) {
      out.push(`  ${suggestion.kind}: ${suggestionLine(suggestion)}`);
      if (suggestion.measured) out.push(`    measured: ${beforeAfter(suggestion.measured)}`);
      for (const line of caseTimeLines(suggestion.cases ?? [])) out.push(`    ${line}`);
      out.push(...suggestion.sql.split('\n').map((l) => `      ${l}`));
      if (suggestion.kind === 'rewrite' && suggestion.equivalenceNote) out.push(`    ${suggestion.equivalenceNote}`);
    }
    for (const note of s.notes) out.push(`  note: ${note}`);
    out.push('');
  }
  return out.join('\n');
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Plan text is data (relation names, filters), never Markdown: no links, no emphasis, no HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (ch) => `\\${ch}`);
}
