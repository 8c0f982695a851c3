import type { SqlFragment } from './fragment';
import { reassembled } from './fragment';
import type { ParseOptions, ParsedSql, SqlSyntaxError } from './parser';
import { parseSql, roughSplit } from './parser';
import type { StandInKind } from './stand-ins';
import { alternativesTo } from './stand-ins';

/**
 * Parses a fragment; where a statement with stand-ins does not parse, tries the other kinds for the
 * stand-ins before the error (nearest first: `FROM (${query}) q` wants a query where `${x}` after `(` first
 * read as a value) until the statement parses or the kinds run out. Only the failing statement is parsed
 * again for each try, so a large file with one bad template costs one statement's parses, not the file's.
 */

/** Tries per failing statement; each is one parse of that statement alone. */
const MAX_TRIES_PER_STATEMENT = 12;
/** Failing statements whose stand-ins are tried again, per fragment. */
const MAX_STATEMENTS_RETRIED = 64;

export interface ParsedFragment {
  fragment: SqlFragment;
  parsed: ParsedSql;
}

export function parseFragment(fragment: SqlFragment, options: ParseOptions = {}): ParsedFragment {
  const parsed = parseSql(fragment.sql, options);
  const kinds = fragment.kinds;
  if (!fragment.recipe || !kinds || parsed.errors.every((e) => e.refused)) return { fragment, parsed };

  let current = fragment;
  let chosen = [...kinds];
  let changed = false;
  const failing = parsed.errors.filter((e) => !e.refused).slice(0, MAX_STATEMENTS_RETRIED);
  // Later statements first: a change of length in one leaves the offsets of those before it as they were.
  for (const error of [...failing].reverse()) {
    options.check?.();
    const fixed = retryStatement(current, chosen, error.start);
    if (fixed) {
      current = fixed.fragment;
      chosen = fixed.kinds;
      changed = true;
    }
  }
  return changed ? { fragment: current, parsed: parseSql(current.sql, options) } : { fragment, parsed };
}

/** The slots of a fragment whose stand-ins lie in [start, end) of its SQL, with where they are. */
function slotsIn(fragment: SqlFragment, start: number, end: number): { slot: number; at: number }[] {
  const slots: { slot: number; at: number }[] = [];
  let index = 0;
  for (const piece of fragment.map.pieces) {
    if (piece.verbatim) continue;
    const slot = slotAt(fragment, piece.hostStart, piece.hostEnd, index);
    if (slot === undefined) continue;
    index = slot + 1;
    if (piece.sqlStart >= start && piece.sqlStart < end) slots.push({ slot, at: piece.sqlStart });
  }
  return slots;
}

/** The slot whose host span is [hostStart, hostEnd), searching from `from` (slots appear in order). */
function slotAt(fragment: SqlFragment, hostStart: number, hostEnd: number, from: number): number | undefined {
  const slots = fragment.recipe!.slots;
  for (let i = from; i < slots.length; i++)
    if (slots[i].hostStart === hostStart && slots[i].hostEnd === hostEnd) return i;
  return undefined;
}

/** The statement of `sql` holding `offset`, by the cuts at `;` outside literals and comments. */
function statementAround(sql: string, offset: number): { start: number; end: number } | undefined {
  return roughSplit(sql).find((s) => offset >= s.start && offset <= s.terminatorEnd);
}

function statementErrors(sql: string, span: { start: number; end: number }): SqlSyntaxError[] {
  return parseSql(sql.slice(span.start, span.end)).errors.filter((e) => !e.refused);
}

/**
 * New kinds for the stand-ins of the statement failing at `errorAt`, when some choice parses; otherwise
 * undefined (the first guess stands, and the error with it). Stand-ins at or before the error are tried
 * first, nearest first (the error is where the grammar noticed, not always where it began); a choice that
 * moves the error further on is kept, and the search goes on from the new error.
 */
function retryStatement(
  fragment: SqlFragment,
  kinds: StandInKind[],
  errorAt: number,
): { fragment: SqlFragment; kinds: StandInKind[] } | undefined {
  const span = statementAround(fragment.sql, errorAt);
  if (!span) return undefined;
  const inStatement = slotsIn(fragment, span.start, span.end).filter(({ slot }) => kinds[slot] !== 'text');
  if (inStatement.length === 0) return undefined;
  const tried = new Map<number, Set<StandInKind>>(inStatement.map(({ slot }) => [slot, new Set([kinds[slot]])]));
  let best = { fragment, kinds };
  let bestError = errorAt - span.start;
  let progressed = false;
  const budget = Math.min(MAX_TRIES_PER_STATEMENT + 2 * inStatement.length, 64);
  for (let tries = 0; tries < budget; tries++) {
    const order = [
      ...inStatement.filter((s) => s.at - span.start <= bestError).reverse(),
      ...inStatement.filter((s) => s.at - span.start > bestError),
    ];
    const next = order
      .map(({ slot }) => ({ slot, kind: alternativesTo(kinds[slot]).find((k) => !tried.get(slot)!.has(k)) }))
      .find((c) => c.kind !== undefined);
    if (!next?.kind) break;
    tried.get(next.slot)!.add(next.kind);
    const trial = [...best.kinds];
    trial[next.slot] = next.kind;
    const candidate = reassembled(fragment, trial);
    const around = statementAround(candidate.sql, candidatePosition(candidate, next.slot));
    if (!around) continue;
    const errors = statementErrors(candidate.sql, around);
    if (errors.length === 0) return { fragment: candidate, kinds: trial };
    if (errors[0].start > bestError) {
      best = { fragment: candidate, kinds: trial };
      bestError = errors[0].start;
      progressed = true;
    }
  }
  return progressed ? best : undefined;
}

/** Where a slot's stand-in is in a fragment's SQL. */
function candidatePosition(fragment: SqlFragment, slot: number): number {
  const target = fragment.recipe!.slots[slot];
  const piece = fragment.map.pieces.find(
    (p) => !p.verbatim && p.hostStart === target.hostStart && p.hostEnd === target.hostEnd,
  );
  return piece?.sqlStart ?? 0;
}
