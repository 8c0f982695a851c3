/**
 * SQL sandbox benchmark: worker cold start, schema load, synthetic data, EXPLAIN ANALYZE cold and warm,
 * candidate indexes, restart after a cancel — on the workshop sample's schema (its migrations through the
 * same SchemaCache/Catalog the extension uses).
 *
 *   npx tsx bench/sql/sandbox.ts [rows per table, default 100000]
 *
 * Set SA_SANDBOX_WORKER=dist/assistants/sql-sandbox.js (after `npm run build`) to measure the built worker.
 * Figures are measured on this machine in this run; nothing here is an estimate.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadSqlParser } from '../../src/assistants/sql/parser';
import { SchemaCache } from '../../src/assistants/sql/schema-cache';
import { DEFAULT_SQL_SETTINGS } from '../../src/assistants/sql/settings';
import type { IndexCandidate } from '../../src/assistants/sql/advice/types';
import { disposeSandbox, openSandbox, sandboxStats } from '../../src/assistants/sql/sandbox/index';
import { memoryWorkspace } from '../../src/core/workspace';

const rows = Number(process.argv[2] ?? 100_000);
const WARM_RUNS = 5;

const QUERIES: { name: string; sql: string; index?: IndexCandidate }[] = [
  {
    name: 'orders by user, newest first',
    sql: 'SELECT id, total FROM orders WHERE user_id = 42 ORDER BY created_at DESC LIMIT 20',
  },
  {
    name: 'order_items by product (no index)',
    sql: 'SELECT count(*) FROM order_items WHERE product_id = 7',
    index: {
      kind: 'index',
      ddl: 'CREATE INDEX bench_oi_product ON order_items (product_id)',
      table: 'public.order_items',
      name: 'bench_oi_product',
      method: 'btree',
      reason: 'FK without index',
    },
  },
  {
    name: 'users by lower(email)',
    sql: "SELECT id FROM users WHERE lower(email) = 'user777@example.com'",
    index: {
      kind: 'index',
      ddl: 'CREATE INDEX bench_users_lower_email ON users (lower(email))',
      table: 'public.users',
      name: 'bench_users_lower_email',
      method: 'btree',
      reason: 'expression',
    },
  },
  {
    name: "products name LIKE '%…%'",
    sql: "SELECT id FROM products WHERE name LIKE '%Lamp 12%'",
    index: {
      kind: 'index',
      ddl: 'CREATE INDEX bench_products_trgm ON products USING gin (name gin_trgm_ops)',
      table: 'public.products',
      name: 'bench_products_trgm',
      method: 'gin',
      reason: 'trigram',
      extensions: ['pg_trgm'],
    },
  },
  {
    name: 'revenue per category (joins + aggregate)',
    sql: 'SELECT c.name, sum(i.quantity * i.unit_price) FROM order_items i JOIN products p ON p.id = i.product_id JOIN categories c ON c.id = p.category_id GROUP BY c.name ORDER BY 2 DESC LIMIT 10',
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (value: number | undefined) =>
  value === undefined ? '—' : value < 10 ? value.toFixed(2) : value.toFixed(0);

async function main(): Promise<void> {
  await loadSqlParser();
  const dir = path.resolve(__dirname, '../../samples/workshop-ecommerce/db/migrations');
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir))
    if (file.endsWith('.sql')) files[`db/migrations/${file}`] = readFileSync(path.join(dir, file), 'utf8');
  const catalog = await new SchemaCache().catalog(await memoryWorkspace(files).files(/\.sql$/), DEFAULT_SQL_SETTINGS);
  console.log(
    `SQL sandbox benchmark — workshop schema (${catalog.tables.size} tables), ${rows.toLocaleString('en-US')} rows per table, worker ${process.env.SA_SANDBOX_WORKER ?? '(from source via tsx)'}`,
  );

  const table: [string, string][] = [];
  let t = performance.now();
  const engine = await openSandbox({ catalog, rows });
  const openMs = performance.now() - t;
  const report = engine.loadReport;
  const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
  table.push(['worker thread spawn → running', ms(report.workerMs)]);
  table.push(['PGlite start (cold, in the worker, extensions loaded)', ms(report.startMs)]);
  table.push(['schema DDL (CREATE TABLE ×' + Object.keys(report.rows).length + ')', ms(report.schemaMs)]);
  table.push([
    `synthetic data: ${total.toLocaleString('en-US')} rows + keys/FKs/indexes + edge copy`,
    ms(report.dataMs),
  ]);
  table.push([`  → rows per second`, Math.round(total / (report.dataMs / 1000)).toLocaleString('en-US')]);
  table.push(['ANALYZE', ms(report.analyzeMs)]);
  table.push(['openSandbox total (cold)', ms(openMs)]);
  t = performance.now();
  const again = await openSandbox({ catalog, rows });
  table.push([`openSandbox again (warm, reused=${again.loadReport.reused})`, ms(performance.now() - t)]);

  for (const query of QUERIES) {
    const wall: number[] = [];
    const exec: number[] = [];
    for (let i = 0; i <= WARM_RUNS; i++) {
      t = performance.now();
      const plan = await engine.explain(query.sql, { analyze: true });
      wall.push(performance.now() - t);
      exec.push(plan.executionMs ?? NaN);
    }
    table.push([`EXPLAIN ANALYZE ${query.name}: cold (round trip / execution)`, `${ms(wall[0])} / ${ms(exec[0])}`]);
    table.push([
      `  warm, median of ${WARM_RUNS} (round trip / execution)`,
      `${ms(median(wall.slice(1)))} / ${ms(median(exec.slice(1)))}`,
    ]);
    if (query.index) {
      t = performance.now();
      const withIndex = await engine.explainWithIndex!(query.index, query.sql, { analyze: true });
      const roundTrip = performance.now() - t;
      const speedup = median(exec.slice(1)) / (withIndex.executionMs ?? NaN);
      table.push([
        `  with ${query.index.name} (build + EXPLAIN + rollback / execution, ×speedup)`,
        `${ms(roundTrip)} / ${ms(withIndex.executionMs)} ×${speedup.toFixed(0)}`,
      ]);
    }
  }

  const controller = new AbortController();
  const long = engine.rows!('SELECT count(*) FROM generate_series(1, 3000000000)', { signal: controller.signal }).catch(
    (error: Error) => error.name,
  );
  setTimeout(() => controller.abort(), 200);
  await long;
  t = performance.now();
  await engine.explain(QUERIES[0].sql, { analyze: true });
  table.push([
    `restart after cancel: next EXPLAIN answered (new worker + reload), workers started: ${sandboxStats().starts}`,
    ms(performance.now() - t),
  ]);

  const width = Math.max(...table.map(([k]) => k.length));
  console.log(`\n${'measure'.padEnd(width)}  ms`);
  for (const [key, value] of table) console.log(`${key.padEnd(width)}  ${value}`);
  console.log(`\nrows: ${JSON.stringify(report.rows)}`);
  if (report.skipped.length) console.log(`skipped: ${JSON.stringify(report.skipped)}`);
  await disposeSandbox();
}

main().catch(async (error) => {
  console.error(error);
  await disposeSandbox();
  process.exit(1);
});
