import { strict as assert } from 'node:assert';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import type { TransactionFact } from '../../../../src/assistants/decomposition/model';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { fixtureFacts, withSql } from './fixture-workspace';

const summary = (transactions: TransactionFact[]) =>
  transactions.map((t) => `${t.file}:${t.range.start.line + 1} ${t.tables.join(',')} [${t.files.join(' ')}]`);

describe('decomposition facts: transactions', () => {
  it('follows a BEGIN/COMMIT wrapper to the block it is given, into the function another file runs inside it', async () => {
    const { transactions } = await fixtureFacts('express-sql');
    assert.deepEqual(summary(transactions), [
      'db/close-month.sql:4 invoices,ledger_closings [db/close-month.sql]',
      'src/orders/service.ts:11 orders,stock_levels [src/orders/service.ts src/inventory/stock.ts]',
    ]);
  });

  it('spans the services a TypeORM transaction calls through injected classes', async () => {
    const { transactions } = await fixtureFacts('nest-typeorm');
    assert.deepEqual(summary(transactions), [
      'src/orders/orders.service.ts:25 payment_record,purchase_orders [src/orders/orders.service.ts src/payments/payments.service.ts]',
    ]);
  });

  it('reads prisma.$transaction, sequelize.transaction and knex transactions', async () => {
    assert.deepEqual(summary((await fixtureFacts('prisma-next')).transactions), [
      'lib/orders.ts:8 Customer,order_items [lib/orders.ts]',
    ]);
    assert.deepEqual(summary((await fixtureFacts('orms-and-queues')).transactions), [
      'src/catalog.ts:11 labels,reviews [src/catalog.ts]',
      'src/catalog.ts:28 stock [src/catalog.ts]',
    ]);
  });

  it('stops two files deep', async () => {
    const chain = (n: number) =>
      `import { step${n + 1} } from './s${n + 1}';\nexport async function step${n}() { await step${n + 1}(); }\n`;
    const facts = await gatherFacts(
      memoryWorkspace({
        'src/s0.ts':
          "import { step1 } from './s1';\ndeclare const prisma: any;\nexport const run = () => prisma.$transaction(async () => step1());\n",
        'src/s1.ts': chain(1),
        'src/s2.ts':
          "declare const db: any;\nexport async function step2() { await db.query('UPDATE near SET x = 1'); }\nexport async function step3() {}\n",
        'src/s3.ts':
          "declare const db: any;\nexport async function step3() { await db.query('UPDATE far SET x = 1'); }\n",
      }),
      '',
      withSql,
    );
    assert.deepEqual(summary(facts.transactions), ['src/s0.ts:3 near [src/s0.ts src/s2.ts]']);
  });
});
