import type { EngineKind, PlanNode, PlanSummary } from './types';

/**
 * EXPLAIN (FORMAT JSON) output → PlanSummary. Pure, engine-free: the sandbox (PGlite) and the real-server
 * engine both feed it what PostgreSQL printed.
 *
 * Node types are kept exactly as the JSON names them ("Hash Join", "Aggregate", "Seq Scan"); the variants
 * the text format folds into the name (Left/Anti/Semi joins, HashAggregate) are in `joinType` and `strategy`,
 * so a check for `nodeType === 'Hash Join'` holds for every hash join. Actual figures are per loop, as
 * PostgreSQL reports them: a node's total time is `actualTotalMs × actualLoops`.
 */

/** Accepts what a driver returns: the JSON text, the parsed array `[{ Plan, … }]`, or its first element. */
export function summarizePlan(explainJson: unknown, engine: EngineKind, analyzed: boolean): PlanSummary {
  const top = topObject(explainJson);
  const plan = top.Plan;
  if (!isRecord(plan)) throw new Error('EXPLAIN output has no "Plan" object: not EXPLAIN (FORMAT JSON) output');
  const root = toNode(plan, 0);
  const summary: PlanSummary = {
    engine,
    analyzed,
    totalCost: root.totalCost,
    rows: analyzed && root.actualRows !== undefined ? root.actualRows * (root.actualLoops ?? 1) : root.planRows,
    root,
  };
  const planning = num(top['Planning Time']);
  const execution = num(top['Execution Time']);
  if (planning !== undefined) summary.planningMs = planning;
  if (analyzed && execution !== undefined) summary.executionMs = execution;
  return summary;
}

/** Depth-first list of a plan's nodes (root first), for rules that look for a node anywhere. */
export function planNodes(root: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const visit = (node: PlanNode): void => {
    out.push(node);
    node.children.forEach(visit);
  };
  visit(root);
  return out;
}

/** Deep plans are legal but a hostile or broken input must not blow the stack. */
const MAX_DEPTH = 200;

function topObject(input: unknown): Record<string, unknown> {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new Error(`EXPLAIN output is not JSON: ${(error as Error).message}`);
    }
  }
  // pg returns [{ "QUERY PLAN": [...] }] rows; PGlite the same shape through `query`.
  if (Array.isArray(value) && value.length === 1 && isRecord(value[0]) && 'QUERY PLAN' in value[0])
    return topObject(value[0]['QUERY PLAN']);
  if (isRecord(value) && 'QUERY PLAN' in value) return topObject(value['QUERY PLAN']);
  if (Array.isArray(value)) value = value[0];
  if (!isRecord(value)) throw new Error('EXPLAIN output is not an object or a one-element array');
  return value;
}

function toNode(raw: Record<string, unknown>, depth: number): PlanNode {
  if (depth > MAX_DEPTH) throw new Error(`EXPLAIN plan nested deeper than ${MAX_DEPTH} levels`);
  const node: PlanNode = {
    nodeType: str(raw['Node Type']) ?? 'Unknown',
    startupCost: num(raw['Startup Cost']) ?? 0,
    totalCost: num(raw['Total Cost']) ?? 0,
    planRows: num(raw['Plan Rows']) ?? 0,
    children: [],
  };
  const set = <K extends keyof PlanNode>(key: K, value: PlanNode[K] | undefined): void => {
    if (value !== undefined) node[key] = value;
  };
  set('relation', str(raw['Relation Name']) ?? str(raw['CTE Name']) ?? str(raw['Function Name']));
  set('schema', str(raw['Schema']));
  set('alias', str(raw['Alias']));
  set('indexName', str(raw['Index Name']));
  set('joinType', str(raw['Join Type']));
  set('strategy', str(raw['Strategy']));
  set('actualRows', num(raw['Actual Rows']));
  set('actualLoops', num(raw['Actual Loops']));
  set('actualStartupMs', num(raw['Actual Startup Time']));
  set('actualTotalMs', num(raw['Actual Total Time']));
  set('filter', str(raw['Filter']));
  set('indexCond', str(raw['Index Cond']) ?? str(raw['Recheck Cond']));
  set('joinCond', str(raw['Hash Cond']) ?? str(raw['Merge Cond']) ?? str(raw['Join Filter']));
  set('rowsRemovedByFilter', num(raw['Rows Removed by Filter']) ?? num(raw['Rows Removed by Join Filter']));
  set('rowsRemovedByRecheck', num(raw['Rows Removed by Index Recheck']));
  const sortKey = raw['Sort Key'] ?? raw['Group Key'];
  if (Array.isArray(sortKey)) node.sortKey = sortKey.map(String);
  const sortMethod = str(raw['Sort Method']);
  set('sortMethod', sortMethod);
  const spaceType = str(raw['Sort Space Type']);
  if (sortMethod !== undefined || spaceType !== undefined) {
    node.sortSpilled = spaceType === 'Disk' || /external/i.test(sortMethod ?? '');
    set('sortSpaceKb', num(raw['Sort Space Used']));
  }
  set('hashBatches', num(raw['Hash Batches']));
  set('peakMemoryKb', num(raw['Peak Memory Usage']));
  set('subplanName', str(raw['Subplan Name']));
  set('parentRelationship', str(raw['Parent Relationship']));
  set('sharedHitBlocks', num(raw['Shared Hit Blocks']));
  set('sharedReadBlocks', num(raw['Shared Read Blocks']));
  const tempWritten = num(raw['Temp Written Blocks']);
  if (tempWritten) node.tempWrittenBlocks = tempWritten;
  const children = raw.Plans;
  if (Array.isArray(children))
    for (const child of children) if (isRecord(child)) node.children.push(toNode(child, depth + 1));
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
