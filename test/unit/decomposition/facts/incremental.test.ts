import { strict as assert } from 'node:assert';
import { gatherFacts, refreshFacts } from '../../../../src/assistants/decomposition/facts/gather';
import type { DecompositionFacts } from '../../../../src/assistants/decomposition/model';
import type { Workspace } from '../../../../src/core/workspace';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { fixtureTexts, withSql } from './fixture-workspace';

/** A workspace over `texts` that counts the reads of each file. */
function countingWorkspace(texts: Map<string, string>, reads: Map<string, number>): Workspace {
  const inner = memoryWorkspace(texts);
  return {
    async files(pattern) {
      return (await inner.files(pattern)).map((entry) => ({
        ...entry,
        read: () => {
          reads.set(entry.file, (reads.get(entry.file) ?? 0) + 1);
          return entry.read();
        },
      }));
    },
  };
}

const comparable = (facts: DecompositionFacts) => ({
  files: facts.files,
  data: facts.data,
  transactions: facts.transactions,
  useCases: facts.useCases,
  calls: facts.calls,
  errors: facts.errors,
});

describe('decomposition facts: refresh after an edit', () => {
  it('reads only the edited file again, and ends where a fresh gather does', async () => {
    const texts = fixtureTexts('express-sql');
    const reads = new Map<string, number>();
    const facts = await gatherFacts(countingWorkspace(texts, reads), '', withSql);

    const edited = 'src/billing/invoices.ts';
    texts.set(
      edited,
      texts
        .get(edited)!
        .replace("'INSERT INTO invoices", "'INSERT INTO invoice_lines")
        .concat("\nexport async function voidAll() {\n  await sql('DELETE FROM invoices');\n}\n"),
    );
    reads.clear();
    const refreshed = await refreshFacts(facts, countingWorkspace(texts, reads), {});
    assert.deepEqual([...reads.keys()], [edited]);

    const fresh = await gatherFacts(memoryWorkspace(texts), '', withSql);
    assert.deepEqual(comparable(refreshed), comparable(fresh));
    assert.ok(refreshed.data.some((d) => d.file === edited && d.table === 'invoice_lines' && d.mode === 'write'));
    assert.ok(refreshed.data.some((d) => d.file === edited && d.table === 'invoices' && d.mode === 'write'));
  });

  it('sees a route appear in another file: resolution is redone, scans are not', async () => {
    const texts = fixtureTexts('express-sql');
    const facts = await gatherFacts(memoryWorkspace(texts), '', withSql);
    texts.set(
      'src/orders/routes.ts',
      `${texts.get('src/orders/routes.ts')!}\nordersRouter.get('/recent', (_req, res) => res.json([]));\n`,
    );
    const refreshed = await refreshFacts(facts, memoryWorkspace(texts));
    assert.ok(refreshed.useCases.some((u) => u.name === 'GET /api/v1/orders/recent'));
    const fresh = await gatherFacts(memoryWorkspace(texts), '', withSql);
    assert.deepEqual(comparable(refreshed), comparable(fresh));
  });

  it('relinks a function whose body changed, keeping its exports, and the reaches through it', async () => {
    const texts = fixtureTexts('express-sql');
    const facts = await gatherFacts(memoryWorkspace(texts), '', withSql);
    const remove = facts.useCases.find((u) => u.name === 'DELETE /api/v1/orders/:id')!;
    assert.equal(remove.reaches.includes('src/inventory/stock.ts'), false);

    const service = texts.get('src/orders/service.ts')!;
    texts.set(
      'src/orders/service.ts',
      service
        .replace(
          "import { reserveStock } from '../inventory';",
          "import { reserveStock, restock } from '../inventory';",
        )
        .replace(
          "  await sql(\"UPDATE orders SET status = 'cancelled'",
          "  await restock();\n  await sql(\"UPDATE orders SET status = 'cancelled'",
        ),
    );
    texts.set('src/inventory/stock.ts', texts.get('src/inventory/stock.ts')!.replace('quantity < 5', 'quantity < 10'));
    const refreshed = await refreshFacts(facts, memoryWorkspace(texts));
    const after = refreshed.useCases.find((u) => u.name === 'DELETE /api/v1/orders/:id')!;
    assert.ok(after.reaches.includes('src/inventory/stock.ts'));
    const fresh = await gatherFacts(memoryWorkspace(texts), '', withSql);
    assert.deepEqual(comparable(refreshed), comparable(fresh));
  });

  it('resolves again what an export added elsewhere makes resolvable', async () => {
    const texts = new Map([
      ['src/a.ts', "import { later } from './b';\nexport function run() {\n  later();\n}\n"],
      ['src/b.ts', 'export function now() {}\n'],
    ]);
    const facts = await gatherFacts(memoryWorkspace(texts), '');
    assert.deepEqual(facts.calls, []);
    texts.set('src/b.ts', 'export function now() {}\nexport function later() {}\n');
    const refreshed = await refreshFacts(facts, memoryWorkspace(texts));
    assert.deepEqual(
      refreshed.calls.map((c) => `${c.from} → ${c.to} ${c.symbol}`),
      ['src/a.ts → src/b.ts later'],
    );
  });

  it('drops what a deleted file said', async () => {
    const texts = fixtureTexts('express-sql');
    const facts = await gatherFacts(memoryWorkspace(texts), '', withSql);
    texts.delete('db/close-month.sql');
    texts.delete('src/billing/invoices.ts');
    const refreshed = await refreshFacts(facts, memoryWorkspace(texts));
    assert.equal(
      refreshed.data.some((d) => d.file === 'db/close-month.sql' || d.file === 'src/billing/invoices.ts'),
      false,
    );
    assert.equal(
      refreshed.transactions.some((t) => t.file === 'db/close-month.sql'),
      false,
    );
  });
});
