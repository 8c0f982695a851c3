import type { MeasuredTimes, PlanNode, PlanSummary, StatementAdvice, Suggestion } from '../assistants/sql/advice/types';
import type { DatabaseUrl } from './database-url';
import { redactPassword } from './database-url';

/**
 * Text of the query optimizer's measured advice in the editor: the hover, the "Show plan" document, the
 * command's summary and quick-fix titles. No vscode here, so it is unit-tested in Node. A measured figure
 * says "measured"; a cost from a server without ANALYZE says "estimate".
 */

/** Where the advice came from, as the user reads it ("PGlite sandbox, 100,000 synthetic rows"). */
export interface EngineDescription {
  kind: 'pglite' | 'postgresql';
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

/**
 * A finding with a measurement says so in its message, so the Problems view shows the numbers: the engine
 * enriches static findings with evidence but keeps their text.
 */
export function withMeasuredMessage<
  T extends {
    message: string;
    evidence?: { measured?: { speedup: number; beforeMs: number; afterMs: number; rows?: number; engine: string } };
  },
>(finding: T): T {
  const measured = finding.evidence?.measured;
  if (!measured || /\(measured\)/.test(finding.message)) return finding;
  const message = `${finding.message.replace(/\s+$/, '')}${/[.!?]$/.test(finding.message.trim()) ? '' : '.'} Fix measured: ${measuredPhrase(measured)}, ${formatMs(measured.beforeMs)} → ${formatMs(measured.afterMs)}.`;
  return { ...finding, message };
}

/** Validates the assistant's report (`{ statements: StatementAdvice[] }`) enough to render it safely. */
export function statementsOf(report: unknown): StatementAdvice[] {
  if (typeof report !== 'object' || report === null) return [];
  const list = (report as { statements?: unknown }).statements;
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (s): s is StatementAdvice =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as StatementAdvice).start === 'number' &&
        typeof (s as StatementAdvice).end === 'number' &&
        Array.isArray((s as StatementAdvice).suggestions ?? []) &&
        Array.isArray((s as StatementAdvice).planFindings ?? []),
    )
    .map((s) => ({ ...s, suggestions: s.suggestions ?? [], planFindings: s.planFindings ?? [], notes: s.notes ?? [] }));
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** As the engine's quick-fix titles print it (sql/advice/measure.ts), so the summary and the fixes agree. */
export function formatSpeedup(speedup: number): string {
  if (!Number.isFinite(speedup)) return '∞';
  return speedup >= 10 ? `${Math.round(speedup)}` : speedup.toFixed(1);
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

/** "≈38× faster on 100,000 synthetic rows (measured)", "≈4× faster on the server (measured)". */
export function measuredPhrase(measured: Pick<MeasuredTimes, 'speedup'> & { rows?: number; engine: string }): string {
  const rows = measured.rows !== undefined ? formatCount(measured.rows) : undefined;
  const where =
    measured.engine === 'pglite'
      ? `${rows ?? 'the'} synthetic rows`
      : `the server${rows ? ` (${rows} rows by its statistics)` : ''}`;
  return `≈${formatSpeedup(measured.speedup)}× faster on ${where} (measured)`;
}

/** Cost change of a suggestion without a measurement: an estimate, and said to be one. */
export function estimatePhrase(suggestion: Suggestion): string | undefined {
  const { costBefore, costAfter } = suggestion;
  if (costBefore === undefined || costAfter === undefined || costAfter <= 0) return undefined;
  return `planner cost ${formatCount(costBefore)} → ${formatCount(costAfter)} (≈${formatSpeedup(costBefore / costAfter)}× by estimate)`;
}

/** What a suggestion gains, measured when it was measured, else the estimate. */
export function gainPhrase(suggestion: Suggestion): string | undefined {
  return suggestion.measured ? measuredPhrase(suggestion.measured) : estimatePhrase(suggestion);
}

/** One line per suggestion, as the summary and the hover list it. */
export function suggestionLine(suggestion: Suggestion): string {
  const gain = gainPhrase(suggestion);
  const proof =
    suggestion.kind === 'rewrite'
      ? suggestion.equivalent === true
        ? ` (proven equivalent on ${suggestion.measured ? formatCount(suggestion.measured.rows) : 'the'} synthetic rows)`
        : suggestion.equivalent === false
          ? ' (NOT equivalent: returns different rows)'
          : ' (equivalence not proven)'
      : '';
  return `${lowerFirst(suggestion.title)}${gain ? ` — ${gain}` : ''}${proof}`;
}

/** Suggestions of every statement, best measured gain first. */
export function rankedSuggestions(statements: readonly StatementAdvice[]): Suggestion[] {
  const gain = (s: Suggestion) => s.measured?.speedup ?? (s.costBefore && s.costAfter ? s.costBefore / s.costAfter : 0);
  return statements.flatMap((s) => s.suggestions).sort((a, b) => gain(b) - gain(a));
}

/** "2 suggestions: create index … — ≈38× faster on 100,000 synthetic rows (measured)". */
export function summaryText(statements: readonly StatementAdvice[], engine: string): string {
  const suggestions = rankedSuggestions(statements);
  const planned = statements.filter((s) => s.plan).length;
  if (suggestions.length === 0) {
    const problems = statements.reduce((n, s) => n + s.planFindings.length, 0);
    const notes = statements.flatMap((s) => s.notes);
    if (planned === 0) {
      const timedOut = notes.some((n) => /longer than \d+ ms|statement timeout|timed out/i.test(n));
      return `no plan for ${statements.length === 1 ? 'the statement' : `${statements.length} statements`}${notes.length ? `: ${notes[0]}` : ''}${timedOut ? ' (the limit is scalingAssistant.sql.statementTimeoutMs)' : ''}`;
    }
    return `no faster index or rewrite found for ${planned} planned statement${planned === 1 ? '' : 's'} (${engine})${problems ? `; ${problems} plan problem${problems === 1 ? '' : 's'} reported` : ''}${notes.length ? ` (${notes[0]})` : ''}`;
  }
  const [best] = suggestions;
  const more = suggestions.length > 1 ? ` (and ${suggestions.length - 1} more)` : '';
  return `${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'}: ${suggestionLine(best)}${more}`;
}

/** A node as one line: "Seq Scan on orders o · cost 0.00..1834.00 · 12 rows (est. 10) · 41.2 ms". */
export function nodeLine(node: PlanNode): string {
  const parts = [
    `${node.nodeType}${node.relation ? ` on ${node.relation}${node.alias && node.alias !== node.relation ? ` ${node.alias}` : ''}` : ''}${node.indexName ? ` using ${node.indexName}` : ''}`,
  ];
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

/** The plan's first `limit` nodes, depth-first, indented by depth. */
export function planTree(root: PlanNode, limit = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  let omitted = 0;
  const visit = (node: PlanNode, depth: number): void => {
    if (depth > 60) return;
    if (lines.length >= limit) {
      omitted++;
    } else {
      lines.push(`${'  '.repeat(depth)}- ${nodeLine(node)}`);
    }
    for (const child of node.children) visit(child, depth + 1);
  };
  visit(root, 0);
  if (omitted) lines.push(`- … ${omitted} more node${omitted === 1 ? '' : 's'} (Show plan for all)`);
  return lines;
}

function planHeadline(plan: PlanSummary, engine: string): string {
  const parts = [`**${engine}**`, `total cost ${plan.totalCost.toFixed(2)} (estimate)`];
  if (plan.executionMs !== undefined) parts.push(`execution ${formatMs(plan.executionMs)} (measured)`);
  else parts.push('not executed');
  if (plan.planningMs !== undefined) parts.push(`planning ${formatMs(plan.planningMs)}`);
  return parts.join(' · ');
}

/** The hover on a statement with advice: plan summary, measured time, suggestions, plan problems, notes. */
export function hoverMarkdown(statement: StatementAdvice, engine: string): string {
  const out: string[] = ['**Query plan** (Scaling Assistant)', ''];
  if (statement.plan) {
    out.push(planHeadline(statement.plan, engine), '', ...planTree(statement.plan.root, 6).map(escapeMarkdown));
  } else {
    out.push(`No plan (${engine}).`);
  }
  if (statement.suggestions.length) {
    out.push(
      '',
      '**Suggestions**',
      '',
      ...rankedSuggestions([statement]).map((s) => `- ${escapeMarkdown(suggestionLine(s))}`),
    );
  }
  if (statement.planFindings.length) {
    out.push('', '**Plan problems**', '', ...statement.planFindings.map((f) => `- ${escapeMarkdown(f.message)}`));
  }
  if (statement.notes.length) out.push('', ...statement.notes.map((n) => `_${escapeMarkdown(n)}_`));
  return out.join('\n');
}

/** The read-only "Show plan" document: the whole tree, suggestions with their SQL, and the plan as JSON. */
export function planDocument(statement: StatementAdvice, engine: string, file: string): string {
  const out: string[] = [`# Query plan`, '', `File: ${file}`, '', '```sql', statement.sql.trim(), '```', ''];
  if (statement.plan) {
    out.push(planHeadline(statement.plan, engine), '', ...planTree(statement.plan.root), '');
  } else {
    out.push(`No plan (${engine}).`, '');
  }
  if (statement.suggestions.length) {
    out.push('## Suggestions', '');
    for (const s of statement.suggestions) {
      out.push(`### ${s.title}`, '', s.reason, '');
      const gain = gainPhrase(s);
      if (s.measured)
        out.push(`Measured: ${formatMs(s.measured.beforeMs)} → ${formatMs(s.measured.afterMs)}, ${gain}.`, '');
      else if (gain) out.push(`${gain[0].toUpperCase()}${gain.slice(1)}.`, '');
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

/**
 * A failure in words a user can act on, never with the password: the sandbox did not start, the server
 * refused the connection or the login, a statement ran past the timeout.
 */
export function failureMessage(
  error: unknown,
  settings: { database?: DatabaseUrl; statementTimeoutMs: number },
  password?: string,
): string {
  const raw = redactPassword(error instanceof Error ? error.message : String(error), password);
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  if (
    /statement timeout|canceling statement due to|timed? ?out/i.test(raw) ||
    code === '57014' ||
    code === 'ETIMEDOUT'
  ) {
    return `Measurement timed out (scalingAssistant.sql.statementTimeoutMs is ${settings.statementTimeoutMs} ms): ${raw}`;
  }
  if (settings.database) {
    if (
      /password authentication failed|no password supplied|SASL|authentication/i.test(raw) ||
      code === '28P01' ||
      code === '28000'
    ) {
      return `Could not log in to ${settings.database.key}: ${raw}. Run "Scaling Assistant: Set Database Password".`;
    }
    if (
      /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|getaddrinfo|connect|does not exist/i.test(raw) ||
      /^E[A-Z]+$/.test(code)
    ) {
      return `Could not connect to ${settings.database.safe}: ${raw}`;
    }
    return `The server ${settings.database.label} failed: ${raw}`;
  }
  // No server configured: the sandbox was the engine, whatever the error says.
  return `The PGlite sandbox could not run: ${raw}`;
}
