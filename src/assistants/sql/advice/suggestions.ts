import type { IndexCandidate, PlanSummary } from '../plan-engine/types';
import type { MeasuredTimes, Suggestion } from './types';

/**
 * How a candidate becomes a suggestion a user reads: the threshold it must pass, its title, the DDL to run
 * on a live database, and the phrase for its measured speedup (the quick fixes and findings say the same).
 */

/** The DDL a user runs on a live database: concurrently, idempotent. */
export function concurrentDdl(candidate: IndexCandidate): string {
  return `${candidate.ddl.replace(/^CREATE (UNIQUE )?INDEX /i, (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX CONCURRENTLY IF NOT EXISTS `)};`;
}

/** One index, timed (`measured`) or compared by the planner's cost only. */
export function indexSuggestion(
  candidate: IndexCandidate,
  before: PlanSummary,
  after: PlanSummary,
  evidence: { measured: MeasuredTimes } | { reason: string },
): Suggestion & { candidate: IndexCandidate } {
  return {
    kind: 'index',
    title: `Create index ${candidate.name} on ${candidate.table.replace(/^public\./, '')}`,
    sql: concurrentDdl(candidate),
    reason: 'reason' in evidence ? evidence.reason : candidate.reason,
    costBefore: before.totalCost,
    costAfter: after.totalCost,
    ...('measured' in evidence ? { measured: evidence.measured } : {}),
    candidate,
  };
}

/** Several indexes measured together (the best combination across tables). */
export function indexSetSuggestion(
  indexes: IndexCandidate[],
  before: PlanSummary,
  after: PlanSummary,
  measured: MeasuredTimes,
): Suggestion & { candidate: IndexCandidate } {
  return {
    kind: 'index',
    title: `Create ${indexes.length} indexes: ${indexes.map((c) => c.name).join(' and ')}`,
    sql: indexes.map(concurrentDdl).join('\n'),
    reason: indexes.map((c) => c.reason).join('; '),
    costBefore: before.totalCost,
    costAfter: after.totalCost,
    measured,
    candidate: indexes[0],
    indexes,
  };
}
