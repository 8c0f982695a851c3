import { strict as assert } from 'node:assert';
import type { UseCase } from '../../../../src/assistants/decomposition/model';
import { fixtureFacts } from './fixture-workspace';

const names = (useCases: UseCase[]) => useCases.map((u) => `${u.kind} ${u.name}`).sort();
const find = (useCases: UseCase[], name: string) => {
  const found = useCases.find((u) => u.name === name);
  assert.ok(found, `no use case ${name} in ${useCases.map((u) => u.name).join(', ')}`);
  return found;
};

describe('decomposition facts: use cases', () => {
  it('joins Express prefixes mounted through routers in routers, and reads route() chains', async () => {
    const { useCases } = await fixtureFacts('express-sql');
    assert.deepEqual(names(useCases), [
      'event-handler event order.placed',
      'http-route DELETE /api/v1/orders/:id',
      'http-route GET /api/v1/billing/invoices/:orderId',
      'http-route GET /api/v1/orders/:id',
      'http-route GET /ping',
      'http-route POST /api/v1/orders',
      'scheduled-job cron */5 * * * *',
      'scheduled-job interval 60000',
    ]);
  });

  it('reaches what the handler function calls, not everything its file imports', async () => {
    const { useCases } = await fixtureFacts('express-sql');
    const read = find(useCases, 'GET /api/v1/orders/:id');
    assert.deepEqual(read.reaches, ['src/orders/routes.ts', 'src/orders/service.ts', 'src/shared/db.ts']);
    const checkout = find(useCases, 'POST /api/v1/orders');
    assert.deepEqual(checkout.reaches, [
      'src/orders/routes.ts',
      'src/orders/service.ts',
      'src/shared/db.ts',
      'src/inventory/stock.ts',
      'src/shared/events.ts',
    ]);
    assert.equal(find(useCases, 'cron */5 * * * *').reaches.includes('src/inventory/stock.ts'), true);
  });

  it('reads a NestJS controller under the global prefix, and its message, event, queue and cron handlers', async () => {
    const { useCases } = await fixtureFacts('nest-typeorm');
    assert.deepEqual(names(useCases), [
      'event-handler event payment.failed',
      'http-route GET /api/orders/:id',
      'http-route POST /api/orders',
      'queue-consumer message orders.count',
      'queue-consumer queue mail:welcome',
      'scheduled-job cron 0 3 * * *',
    ]);
    const place = find(useCases, 'POST /api/orders');
    assert.deepEqual(place.reaches, [
      'src/orders/orders.controller.ts',
      'src/orders/orders.service.ts',
      'src/payments/payments.service.ts',
    ]);
    // From its decorator: `@Post()` is on line 14.
    assert.equal(place.range.start.line, 13);
  });

  it('names Next.js routes from their place: app route handlers by method, pages/api by file', async () => {
    const { useCases } = await fixtureFacts('prisma-next');
    assert.deepEqual(names(useCases), [
      'http-route ALL /api/users',
      'http-route DELETE /cart',
      'http-route GET /api/orders/:id',
      'http-route POST /api/orders/:id',
    ]);
    assert.deepEqual(find(useCases, 'GET /api/orders/:id').reaches, [
      'app/api/orders/[id]/route.ts',
      'lib/orders.ts',
      // The Prisma client `prisma.orderItem.findMany()` is called on.
      'lib/db.ts',
    ]);
  });

  it('reads Fastify plugins under their prefix, Koa router prefixes and relative paths, queue consumers (BullMQ, Bull, bee-queue, Agenda, pg-boss, Kafka, AMQP) controllers declaring routes on themselves, and jobs folders', async () => {
    const { useCases } = await fixtureFacts('orms-and-queues');
    assert.deepEqual(names(useCases), [
      'http-route GET /:sku/stock',
      'http-route GET /catalog/categories',
      'http-route GET /cron.:period',
      'http-route GET /koa/categories',
      'http-route GET /status',
      'http-route HEAD /status',
      'http-route POST /${STOCK_PATH}/recount',
      'http-route POST /catalog/tags',
      'http-route POST /categories.refresh',
      'http-route POST /cron.:period',
      'queue-consumer job rename people',
      'queue-consumer queue mailQueue',
      'queue-consumer queue reports:csv',
      'queue-consumer queue resize',
      'queue-consumer queue stock-sync',
      'queue-consumer queue stock.checks',
      'queue-consumer queue thumbnails',
      'queue-consumer topic people.renamed',
      'scheduled-job job nightly-report',
    ]);
    // Files that run nothing (a barrel, request schemas) are the declarations; a database client is not one.
    assert.deepEqual((await fixtureFacts('orms-and-queues')).declarations, [
      'src/http/schemas.ts',
      'src/models/index.ts',
    ]);
    const ids = useCases.map((u) => u.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.includes('http-route:GET /status:src/http/server.ts'));
  });
});
