import { strict as assert } from 'node:assert';
import { summarizePlan } from '../../../../src/assistants/sql/plan-engine/plan';
import { planFindings } from '../../../../src/assistants/sql/advice/plan-findings';
import { PLAN_RULES } from '../../../../src/assistants/sql/advice/plan-rules';
import type { PlanRule } from '../../../../src/assistants/sql/advice/plan-rules/plan-rule';
import { range } from '../../../../src/core/finding';
import { parseSql } from '../../../../src/assistants/sql/parser';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import { extractFragments, loadTypeScript } from '../../../../src/assistants/sql/sources';
import { catalogOf, SHOP } from './helpers';

/** EXPLAIN (ANALYZE, FORMAT JSON) output as PostgreSQL prints it (trimmed to the fields that matter). */
function explain(plan: Record<string, unknown>, executionMs = 120): unknown {
  return [{ Plan: plan, 'Planning Time': 0.4, 'Execution Time': executionMs }];
}

function scan(
  relation: string,
  alias: string,
  filter: string,
  rows: number,
  removed: number,
  extra: Record<string, unknown> = {},
) {
  return {
    'Node Type': 'Seq Scan',
    'Relation Name': relation,
    Alias: alias,
    'Startup Cost': 0,
    'Total Cost': 2000,
    'Plan Rows': rows,
    'Actual Rows': rows,
    'Actual Loops': 1,
    'Actual Total Time': 30,
    Filter: filter,
    'Rows Removed by Filter': removed,
    ...extra,
  };
}

const RUN = { file: 'db/queries.sql' };

describe('sql advice: plan findings on the SQL', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await catalogOf(SHOP);
    await loadTypeScript();
  });

  const sql = [
    'SELECT p.id, c.name',
    'FROM products p',
    'JOIN categories c ON p.category_id = c.id',
    "WHERE p.active AND p.price > 10 AND c.name <> 'x'",
    'ORDER BY p.created_at DESC',
  ].join('\n');

  const plan = summarizePlan(
    explain({
      'Node Type': 'Sort',
      'Startup Cost': 9000,
      'Total Cost': 9100,
      'Plan Rows': 900,
      'Actual Rows': 48000,
      'Actual Loops': 1,
      'Sort Key': ['p.created_at DESC'],
      'Sort Method': 'external merge',
      'Sort Space Used': 4120,
      'Sort Space Type': 'Disk',
      Plans: [
        {
          'Node Type': 'Hash Join',
          'Parent Relationship': 'Outer',
          'Join Type': 'Inner',
          'Startup Cost': 20,
          'Total Cost': 8000,
          'Plan Rows': 900,
          'Actual Rows': 48000,
          'Actual Loops': 1,
          'Hash Cond': '(p.category_id = c.id)',
          Plans: [
            scan('products', 'p', '(p.active AND (p.price > 10::numeric))', 5000, 95000, {
              'Parent Relationship': 'Outer',
            }),
            {
              'Node Type': 'Hash',
              'Parent Relationship': 'Inner',
              'Startup Cost': 10,
              'Total Cost': 10,
              'Plan Rows': 200,
              'Actual Rows': 200,
              'Actual Loops': 1,
              'Hash Batches': 1,
              Plans: [scan('categories', 'c', "(c.name <> 'x'::text)", 200, 0, { 'Parent Relationship': 'Outer' })],
            },
          ],
        },
      ],
    }),
    'pglite',
    true,
  );

  it("a scan that throws most rows away → its table's predicates; a disk sort → the ORDER BY; a 10× misestimate → the ON clause", () => {
    const statement = parseSql(sql).statements[0];
    const findings = planFindings(plan, statement, catalog, RUN).findings;
    const byKind = Object.fromEntries(findings.map((f) => [f.kind, sql.slice(f.start, f.end)]));
    assert.deepEqual(byKind, {
      'seq-scan-filter': 'p.active AND p.price > 10',
      'sort-spill': 'ORDER BY p.created_at DESC',
      'row-misestimate': 'ON p.category_id = c.id',
    });
    assert.match(
      findings.find((f) => f.kind === 'seq-scan-filter')!.message,
      /removed 95,000 of the 100,000 rows it read \(95%\) to keep 5,000/,
    );
  });

  it('reports nothing for a plan that was not executed', () => {
    const statement = parseSql(sql).statements[0];
    assert.deepEqual(planFindings({ ...plan, analyzed: false }, statement, catalog, RUN).findings, []);
  });

  it('maps onto the host span of SQL embedded in TypeScript', () => {
    const host = `const rows = await pool.query(\`\n${sql}\`);\n`;
    const [fragment] = extractFragments('src/catalog.ts', host);
    const statement = parseSql(fragment.sql).statements[0];
    const scanFinding = planFindings(plan, statement, catalog, RUN).findings.find((f) => f.kind === 'seq-scan-filter')!;
    const span = fragment.map.spanToHost(scanFinding.start, scanFinding.end);
    assert.equal(host.slice(span.start, span.end), 'p.active AND p.price > 10');
  });

  it('a NOT IN subplan re-run per row → the NOT IN; a hashed one is fine', () => {
    const notIn = 'SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM order_items)';
    const statement = parseSql(notIn).statements[0];
    const subplan = (hashed: boolean) =>
      summarizePlan(
        explain({
          ...scan(
            'products',
            'products',
            hashed ? '(NOT (ANY (id = (hashed SubPlan 1).col1)))' : '(NOT (ANY (id = (SubPlan 1).col1)))',
            10,
            0,
          ),
          Plans: [
            {
              ...scan('order_items', 'order_items', '', 5000, 0),
              Filter: undefined,
              'Parent Relationship': 'SubPlan',
              'Subplan Name': 'SubPlan 1',
              'Actual Loops': hashed ? 1 : 50000,
            },
          ],
        }),
        'pglite',
        true,
      );
    const perRow = planFindings(subplan(false), statement, catalog, RUN).findings;
    assert.deepEqual(
      perRow.map((f) => [f.kind, notIn.slice(f.start, f.end)]),
      [['subplan-per-row', 'id NOT IN (SELECT product_id FROM order_items)']],
    );
    assert.deepEqual(planFindings(subplan(true), statement, catalog, RUN).findings, []);
  });

  it('a plan rule that throws leaves one error naming it; the other plan rules still report', () => {
    const statement = parseSql(sql).statements[0];
    const broken: PlanRule = {
      ...PLAN_RULES[1],
      check() {
        throw new TypeError('node.sortKey is undefined');
      },
    };
    const rules = PLAN_RULES.map((rule) => (rule.id === broken.id ? broken : rule));
    const where = range(0, 0, 4, 26);
    const result = planFindings(plan, statement, catalog, { ...RUN, rules, errorRange: () => where });
    assert.deepEqual(result.findings.map((f) => f.kind).sort(), ['row-misestimate', 'seq-scan-filter']);
    assert.deepEqual(result.errors, [
      {
        file: RUN.file,
        kind: 'internal',
        message: `rule ${broken.id} failed: node.sortKey is undefined`,
        range: where,
      },
    ]);
    assert.deepEqual(planFindings(plan, statement, catalog, RUN).errors, []);
  });
});
