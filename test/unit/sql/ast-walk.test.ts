import { strict as assert } from 'node:assert';
import type { NodeRef, ParentLink, Payload, Visitor } from '../../../src/assistants/sql/ast';
import { unwrap, walk } from '../../../src/assistants/sql/ast';
import { loadSqlParser, parseSql } from '../../../src/assistants/sql/parser';

/**
 * `walk` shares each payload's children between walks (for speed). This reference is the plain recursive
 * walk it replaced, kept here as the specification: both must visit the same nodes, in the same order,
 * with the same parent chains, and honour 'skip' the same way.
 */
const BARE_FIELDS: Readonly<Record<string, string>> = {
  larg: 'SelectStmt',
  rarg: 'SelectStmt',
  relation: 'RangeVar',
  pktable: 'RangeVar',
  withClause: 'WithClause',
  intoClause: 'IntoClause',
  onConflictClause: 'OnConflictClause',
  typeName: 'TypeName',
  returnType: 'TypeName',
  alias: 'Alias',
  infer: 'InferClause',
};

function referenceWalk(root: NodeRef, visitor: Visitor): void {
  const parents: ParentLink[] = [];
  const visitRef = (ref: NodeRef) => {
    if (visitor(ref, parents) === 'skip') return;
    for (const key of Object.keys(ref.node)) {
      const value = ref.node[key];
      if (value === null || typeof value !== 'object') continue;
      descend(ref, key, value);
    }
  };
  const descend = (parent: NodeRef, key: string, value: unknown, index?: number) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => descend(parent, key, item, i));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const wrapped = unwrap(value);
    const ref = wrapped ?? (BARE_FIELDS[key] ? { type: BARE_FIELDS[key], node: value as Payload } : undefined);
    parents.push({ type: parent.type, node: parent.node, key, index });
    if (ref) visitRef(ref);
    else for (const k of Object.keys(value)) descend({ type: '?', node: value as Payload }, k, (value as Payload)[k]);
    parents.pop();
  };
  visitRef(root);
}

/** One line per visit: the node (by identity), its type and its parent chain. */
function trace(run: (visitor: Visitor) => void, skip?: (ref: NodeRef) => boolean): unknown[] {
  const ids = new Map<object, number>();
  const id = (o: object) => {
    if (!ids.has(o)) ids.set(o, ids.size);
    return ids.get(o)!;
  };
  const out: unknown[] = [];
  run((ref, parents) => {
    out.push([ref.type, id(ref.node), parents.map((p) => [p.type, id(p.node), p.key, p.index])]);
    return skip?.(ref) ? 'skip' : undefined;
  });
  return out;
}

const STATEMENTS = [
  `WITH recent AS (SELECT id, user_id FROM orders WHERE created_at > now() - interval '1 day')
   SELECT u.id, count(*) FILTER (WHERE r.id IS NOT NULL), (SELECT max(total) FROM orders o WHERE o.user_id = u.id)
   FROM users u LEFT JOIN recent r ON r.user_id = u.id
   WHERE u.email ILIKE '%x' AND u.id NOT IN (SELECT user_id FROM bans) OR u.id IN (1, 2, 3)
   GROUP BY u.id HAVING count(*) > 1 ORDER BY 2 DESC NULLS LAST LIMIT 10 OFFSET 20`,
  `SELECT a FROM t UNION ALL SELECT b FROM s EXCEPT SELECT c FROM r`,
  `INSERT INTO t (a, b) SELECT x, y FROM s ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING *`,
  `UPDATE accounts a SET balance = balance - 1 FROM ledger l WHERE l.account_id = a.id AND l.amount::numeric > 10.5`,
  `ALTER TABLE payments ADD COLUMN ref uuid DEFAULT gen_random_uuid(), ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id), ALTER COLUMN amount TYPE numeric(12, 2)`,
  `CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING btree (lower(email), (a + b)) INCLUDE (c) WHERE deleted_at IS NULL`,
  `CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n text NOT NULL CHECK (n <> ''), j jsonb DEFAULT '{}'::jsonb) WITH (fillfactor = 70)`,
  `SELECT CASE WHEN a THEN 1 ELSE 2 END, (ARRAY[1, 2])[1], row_number() OVER (PARTITION BY x ORDER BY y) FROM f(1) AS g(a, x, y), LATERAL (VALUES (1)) v`,
];

describe('sql ast walk', () => {
  before(async function () {
    this.timeout(30_000);
    await loadSqlParser();
  });

  it('visits what the plain recursive walk visits, with the same parent chains, every time', () => {
    for (const sql of STATEMENTS) {
      const parsed = parseSql(sql);
      assert.deepEqual(parsed.errors, [], sql);
      const node = parsed.statements[0].node;
      const expected = trace((v) => referenceWalk(unwrap(node)!, v));
      assert.ok(expected.length > 5, sql);
      assert.deepEqual(
        trace((v) => walk(node, v)),
        expected,
        sql,
      );
      // Again: the second walk reads the shared children.
      assert.deepEqual(
        trace((v) => walk(node, v)),
        expected,
        sql,
      );
    }
  });

  it("honours 'skip' and walks a subtree reached by an earlier walk like a fresh one", () => {
    const node = parseSql(STATEMENTS[0]).statements[0].node;
    const skipQueries = (ref: NodeRef) => ref.type === 'SubLink' || ref.type === 'CommonTableExpr';
    assert.deepEqual(
      trace((v) => walk(node, v), skipQueries),
      trace((v) => referenceWalk(unwrap(node)!, v), skipQueries),
    );
    const subLinks: NodeRef[] = [];
    walk(node, (ref) => void (ref.type === 'SubLink' && subLinks.push(ref)));
    assert.equal(subLinks.length, 2);
    for (const sub of subLinks)
      assert.deepEqual(
        trace((v) => walk(sub, v)),
        trace((v) => referenceWalk(sub, v)),
      );
  });

  it('gives a payload handed in under another type its own children', () => {
    const node = parseSql('SELECT 1 FROM t AS x').statements[0].node;
    walk(node, () => undefined);
    const rangeVar = (unwrap(node)!.node.fromClause[0] as { RangeVar: Payload }).RangeVar;
    const seen: string[] = [];
    walk(
      { type: 'Custom', node: rangeVar },
      (ref, parents) => void seen.push(`${ref.type}<${parents.map((p) => `${p.type}.${p.key}`).join('/')}`),
    );
    assert.deepEqual(seen, ['Custom<', 'Alias<Custom.alias']);
  });

  it('walks a copy of a walked payload (a spread with another field) by its own fields', () => {
    const node = parseSql('SELECT id FROM t WHERE a = 1').statements[0].node;
    const select: NodeRef = unwrap(node)!;
    walk(node, () => undefined);
    const where = unwrap(parseSql('SELECT 1 WHERE b IS NULL').statements[0].node)!.node.whereClause;
    const copy: NodeRef = { type: 'SelectStmt', node: { ...select.node, whereClause: where } };
    const expected = trace((v) => referenceWalk(copy, v));
    assert.ok(expected.some((visit) => (visit as unknown[])[0] === 'NullTest'));
    assert.deepEqual(
      trace((v) => walk(copy, v)),
      expected,
    );
    assert.deepEqual(
      trace((v) => walk(select, v)),
      trace((v) => referenceWalk(select, v)),
    );
  });
});
