import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { planNodes, summarizePlan } from '../../../src/assistants/sql/plan-engine/plan';

/** Real EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) output captured from PGlite (PostgreSQL 18). */
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, 'sandbox', 'explain', `${name}.json`), 'utf8'));

describe('sql plan summary (EXPLAIN JSON → PlanSummary)', () => {
  it('hash join: join condition, join type, children with their relationship, timings', () => {
    const plan = summarizePlan(fixture('hash-join'), 'pglite', true);
    assert.equal(plan.engine, 'pglite');
    assert.equal(plan.analyzed, true);
    assert.equal(plan.root.nodeType, 'Hash Join');
    assert.equal(plan.root.joinType, 'Inner');
    assert.match(plan.root.joinCond!, /user_id = u\.id/);
    assert.equal(plan.rows, 54000);
    assert.ok(plan.executionMs! > 0 && plan.planningMs! >= 0);
    assert.equal(plan.totalCost, plan.root.totalCost);
    const [outer, hash] = plan.root.children;
    assert.equal(outer.nodeType, 'Seq Scan');
    assert.equal(outer.relation, 'orders');
    assert.equal(outer.parentRelationship, 'Outer');
    assert.equal(hash.nodeType, 'Hash');
    assert.equal(hash.hashBatches, 1);
    const users = hash.children[0];
    assert.equal(users.relation, 'users');
    assert.equal(users.alias, 'u');
    assert.equal(users.filter, 'active');
    assert.equal(users.rowsRemovedByFilter, 2000);
    assert.equal(typeof users.sharedHitBlocks, 'number', 'BUFFERS figures are kept');
  });

  it('sort that spilled: external merge on disk with its space', () => {
    const plan = summarizePlan(fixture('external-sort'), 'pglite', true);
    assert.equal(plan.root.nodeType, 'Sort');
    assert.deepEqual(plan.root.sortKey, ['note', 'total']);
    assert.equal(plan.root.sortMethod, 'external merge');
    assert.equal(plan.root.sortSpilled, true);
    assert.equal(plan.root.sortSpaceKb, 13560);
  });

  it('nested loop with an index scan on the inner side', () => {
    const plan = summarizePlan(fixture('nested-loop'), 'pglite', true);
    assert.equal(plan.root.nodeType, 'Nested Loop');
    const inner = plan.root.children.find((c) => c.parentRelationship === 'Inner')!;
    assert.equal(inner.nodeType, 'Index Only Scan');
    assert.equal(inner.indexName, 'orders_pkey');
    assert.match(inner.indexCond!, /id = u\.id/);
    assert.equal(inner.actualLoops, 49, 'per-loop figures with their loop count');
    const sort = planNodes(plan.root).find((n) => n.sortMethod);
    assert.equal(sort, undefined, 'no sort node: sortSpilled is absent, not false');
  });

  it('correlated subquery: a SubPlan child with its name', () => {
    const plan = summarizePlan(fixture('subplan'), 'pglite', true);
    const sub = planNodes(plan.root).find((n) => n.parentRelationship === 'SubPlan')!;
    assert.ok(sub, 'the SubPlan node is among the children');
    assert.equal(sub.subplanName, 'SubPlan 1');
    assert.equal(sub.nodeType, 'Aggregate');
    assert.equal(sub.strategy, 'Plain');
    assert.equal(sub.children[0].relation, 'orders');
    assert.equal(sub.actualLoops, 19);
  });

  it('hashed NOT IN subplan under an aggregate', () => {
    const plan = summarizePlan(fixture('not-in-hashed'), 'pglite', true);
    assert.equal(plan.root.nodeType, 'Aggregate');
    assert.equal(plan.rows, 1);
    assert.ok(planNodes(plan.root).some((n) => n.parentRelationship === 'SubPlan'));
  });

  it('estimates only: no actual figures, rows are the planner estimate', () => {
    const plan = summarizePlan(fixture('estimate-only'), 'postgresql', false);
    assert.equal(plan.analyzed, false);
    assert.equal(plan.executionMs, undefined);
    assert.equal(plan.root.actualRows, undefined);
    assert.equal(plan.rows, 1);
    assert.match(plan.root.filter!, /email = 'u5@x\.io'/);
  });

  it('accepts the shapes drivers return: text, [{"QUERY PLAN": …}] rows, the bare object', () => {
    const raw = fixture('estimate-only');
    const text = JSON.stringify(raw);
    for (const input of [text, [{ 'QUERY PLAN': raw }], { 'QUERY PLAN': text }, (raw as unknown[])[0]]) {
      assert.equal(summarizePlan(input, 'postgresql', false).root.relation, 'users');
    }
  });

  it('rejects what is not EXPLAIN JSON with a clear message', () => {
    assert.throws(() => summarizePlan('Seq Scan on users', 'pglite', false), /not JSON/);
    assert.throws(() => summarizePlan([{ nothing: 1 }], 'pglite', false), /no "Plan"/);
    assert.throws(() => summarizePlan(42, 'pglite', false), /not an object/);
    let deep: Record<string, unknown> = { 'Node Type': 'Result' };
    for (let i = 0; i < 500; i++) deep = { 'Node Type': 'Result', Plans: [deep] };
    assert.throws(() => summarizePlan({ Plan: deep }, 'pglite', false), /deeper than/);
  });
});
