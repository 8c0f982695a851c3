import { strict as assert } from 'node:assert';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { accessLines, fixtureFacts, withSql } from './fixture-workspace';

describe('decomposition facts: tables each file reads and writes', () => {
  it('reads SQL in code and in .sql files through the query optimizer, leaving table definitions out', async () => {
    const lines = accessLines(await fixtureFacts('express-sql'));
    assert.deepEqual(lines, [
      'db/close-month.sql invoices write sql',
      'db/close-month.sql ledger_closings write sql',
      'src/billing/invoices.ts invoices write sql',
      'src/billing/invoices.ts orders read sql',
      'src/inventory/stock.ts stock_levels read sql',
      'src/inventory/stock.ts stock_levels write sql',
      'src/orders/service.ts orders read sql',
      'src/orders/service.ts orders write sql',
      'src/orders/service.ts orders write sql',
    ]);
  });

  it('follows TypeORM repositories: injected, from getRepository, and the entity a manager is given', async () => {
    const lines = accessLines(await fixtureFacts('nest-typeorm'));
    assert.deepEqual(lines, [
      'src/orders/orders.service.ts purchase_orders read typeorm',
      'src/orders/orders.service.ts purchase_orders read typeorm',
      'src/orders/orders.service.ts purchase_orders write typeorm',
      'src/orders/orders.service.ts purchase_orders write typeorm',
      // `@Entity()` without a name: TypeORM's default naming, snake case of the class.
      'src/payments/payments.service.ts payment_record read typeorm',
      'src/payments/payments.service.ts payment_record write typeorm',
    ]);
  });

  it('follows TypeORM custom repositories: their own calls, and getCustomRepository of the class or a member typed by it', async () => {
    const lines = accessLines(await fixtureFacts('typeorm-custom-repository'));
    assert.deepEqual(lines, [
      'src/repositories/gift-card.ts gift_card read typeorm',
      // A repository known by its base class alone, its entity imported through a barrel.
      'src/repositories/loyalty-tier.ts loyalty_tiers write typeorm',
      'src/services/gift-card.ts gift_card read typeorm',
      'src/services/gift-card.ts gift_card write typeorm',
      'src/services/gift-card.ts gift_card write typeorm',
    ]);
  });

  it('reads Drizzle tables, Kysely queries, the TypeORM query builder and Medusa data models', async () => {
    const lines = accessLines(await fixtureFacts('query-builders'));
    assert.deepEqual(lines, [
      'src/catalog/variants.ts product_variant read mikro-orm',
      'src/orders/store.ts order_lines write drizzle',
      'src/orders/store.ts orders read drizzle',
      'src/orders/store.ts orders write drizzle',
      'src/reports/invoices.ts audit_events write kysely',
      'src/reports/invoices.ts invoices read kysely',
      'src/reports/invoices.ts invoices write kysely',
      'src/users/directory.ts app_users read typeorm',
      // `.delete().from(User)`: the chain deletes.
      'src/users/directory.ts app_users write typeorm',
    ]);
  });

  it('maps Prisma delegates to their @@map table, and tells reads from writes', async () => {
    const lines = accessLines(await fixtureFacts('prisma-next'));
    assert.deepEqual(lines, [
      'lib/orders.ts Customer write prisma',
      'lib/orders.ts order_items read prisma',
      'lib/orders.ts order_items write prisma',
      'pages/api/users/index.ts Customer read prisma',
    ]);
  });

  it('follows Sequelize, Mongoose, Knex and MikroORM models imported through a barrel; a Knex CTE is no table', async () => {
    const lines = accessLines(await fixtureFacts('orms-and-queues'));
    assert.deepEqual(lines, [
      'src/catalog.ts Categories read sequelize',
      'src/catalog.ts audit_log write mongoose',
      'src/catalog.ts book_loan write mikro-orm',
      'src/catalog.ts labels write sequelize',
      'src/catalog.ts library_books read mikro-orm',
      'src/catalog.ts people write mongoose',
      'src/catalog.ts reviews write sequelize',
      'src/catalog.ts stock read knex',
      'src/catalog.ts stock write knex',
      'src/catalog.ts stock_events read knex',
      'src/catalog.ts stock_events write knex',
      'src/catalog.ts warehouses read knex',
    ]);
  });

  it('leaves migrations out: their backfills are the schema’s history, not a use of the table', async () => {
    const facts = await gatherFacts(
      memoryWorkspace({
        'db/migrations/0042_backfill.sql': "UPDATE accounts SET plan = 'free' WHERE plan IS NULL;\n",
        'db/reports/monthly.sql': 'SELECT count(*) FROM accounts;\n',
      }),
      '',
      withSql,
    );
    assert.deepEqual(accessLines(facts), ['db/reports/monthly.sql accounts read sql']);
  });

  it('gives each access the range of its call', async () => {
    const facts = await fixtureFacts('prisma-next');
    const read = facts.data.find((d) => d.file === 'lib/orders.ts' && d.mode === 'read')!;
    assert.deepEqual(read.range.start, { line: 3, character: 9 });
  });

  it('takes no table from a call that only looks like an ORM call', async () => {
    const facts = await gatherFacts(
      memoryWorkspace({
        'src/cache.ts': 'export class Order {}\nconst cache = new Map();\ncache.delete(Order);\nOrder.find?.();\n',
        'src/i18n.ts': "declare function t(key: string): { from(x: string): void };\nt('orders').from('users');\n",
      }),
      '',
      withSql,
    );
    assert.deepEqual(facts.data, []);
  });

  it('reads no SQL when no table-access facts are handed in, and says nothing is wrong', async () => {
    const facts = await gatherFacts(
      memoryWorkspace({ 'src/a.ts': "declare const db: any;\ndb.query('SELECT id FROM orders');\n" }),
      '',
    );
    assert.deepEqual(facts.data, []);
    assert.deepEqual(facts.errors, []);
  });
});
