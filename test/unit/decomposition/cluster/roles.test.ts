import { strict as assert } from 'node:assert';
import { clusterFacts } from '../../../../src/assistants/decomposition/cluster/propose';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import { runtimeRoles } from '../../../../src/assistants/decomposition/facts/runtime-entries';
import { partitionFacts } from '../../../../src/assistants/decomposition/metrics/partition';
import type { DecompositionFacts } from '../../../../src/assistants/decomposition/model';
import { memoryWorkspace } from '../../../../src/core/workspace';

function facts(texts: Record<string, string>): Promise<DecompositionFacts> {
  return gatherFacts(memoryWorkspace(new Map(Object.entries(texts))), '');
}

/** The server's routes and its domain code, shared by both monoliths below. */
const SERVER = {
  'src/main.ts': [
    "import express from 'express';",
    "import { placeOrder, listOrders } from './orders/orders.service';",
    "import { chargeCard } from './billing/billing.service';",
    'const app = express();',
    "app.post('/orders', async (req, res) => res.json(await placeOrder(req.body)));",
    "app.get('/orders', async (_req, res) => res.json(await listOrders()));",
    "app.post('/payments', async (req, res) => res.json(await chargeCard(req.body)));",
    'app.listen(3000);',
  ].join('\n'),
  'src/orders/orders.service.ts': [
    "import { db } from '../db/client';",
    "import { priceOf } from './pricing';",
    "import { Order } from './order';",
    'export async function placeOrder(order: Order) { return db.insert(priceOf(order)); }',
    'export async function listOrders() { return db.all(); }',
  ].join('\n'),
  'src/orders/pricing.ts': "import { Order } from './order';\nexport function priceOf(order: Order) { return order; }",
  'src/orders/order.ts': 'export interface Order { id: string; total: number }',
  'src/billing/billing.service.ts': [
    "import { db } from '../db/client';",
    "import { gateway } from './gateway';",
    'export async function chargeCard(card: unknown) { return db.insert(gateway(card)); }',
  ].join('\n'),
  'src/billing/gateway.ts': 'export function gateway(card: unknown) { return card; }',
  'src/db/client.ts': 'export const db = { insert: async (x: unknown) => x, all: async () => [] };',
};

/** A BullMQ worker the server's process also starts: its queue named by a constant, its processor made by a method. */
const WORKER = {
  'src/mail/mail.queue.service.ts': [
    "import { Worker } from 'bullmq';",
    "import { sendMail } from './send';",
    "export const MAIL_QUEUE = 'mail';",
    'export class MailQueueService {',
    '  readonly worker = new Worker(MAIL_QUEUE, this.processor(), { concurrency: 5 });',
    '  private processor() { return async (job: { data: string }) => sendMail(job.data); }',
    '}',
  ].join('\n'),
  'src/mail/send.ts': [
    "import { render } from './templates';",
    "import { db } from '../db/client';",
    'export async function sendMail(to: string) { return db.insert(render(to)); }',
  ].join('\n'),
  'src/mail/templates.ts':
    "import { layout } from './layout';\nexport function render(to: string) { return layout(to); }",
  'src/mail/layout.ts': 'export function layout(body: string) { return `<p>${body}</p>`; }',
};

describe('decomposition runtime roles (free mode)', () => {
  it('reads a BullMQ worker whose queue is a constant and whose processor a method makes', async () => {
    const f = await facts({ ...SERVER, ...WORKER });
    const consumers = f.useCases.filter((u) => u.kind === 'queue-consumer').map((u) => `${u.name} ${u.file}`);
    assert.deepEqual(consumers, ['queue MAIL_QUEUE src/mail/mail.queue.service.ts']);
    // A worker_threads thread in a class is handed options, not a processor: no queue.
    const threads = await facts({
      'src/pool.ts': [
        "import { Worker } from 'node:worker_threads';",
        'export class Pool {',
        '  start(workerPath: string) { return new Worker(workerPath, { workerData: {} }); }',
        '}',
      ].join('\n'),
    });
    assert.deepEqual(threads.useCases, []);
    const roles = runtimeRoles(f.useCases);
    assert.deepEqual(
      roles.map((r) => [r.name, r.kind, r.useCases]),
      [
        ['server', 'server', 3],
        ['worker MAIL_QUEUE', 'worker', 1],
      ],
    );
    // The worker's reach follows the processor into the mail code and the database client.
    assert.ok(['src/mail/send.ts', 'src/mail/templates.ts', 'src/db/client.ts'].every((x) => roles[1].reaches.has(x)));
  });

  it('splits a monolith running a server and a worker by role: each its own code, the code both reach shared', async () => {
    const f = await facts({ ...SERVER, ...WORKER });
    const clustering = clusterFacts(f, partitionFacts(f), {});
    const service = (file: string) => clustering.assignment.get(file);
    assert.equal(service('src/db/client.ts'), 'shared');
    for (const file of ['src/mail/send.ts', 'src/mail/templates.ts', 'src/mail/mail.queue.service.ts'])
      assert.equal(service(file), 'mail-queue-worker', file);
    for (const file of ['src/orders/orders.service.ts', 'src/billing/billing.service.ts', 'src/billing/gateway.ts'])
      assert.equal(service(file), 'server', file);
    // Reached by no use case, placed by its ties: the layout only the worker's templates use.
    assert.equal(service('src/mail/layout.ts'), 'mail-queue-worker');
    assert.equal(service('src/orders/order.ts'), 'server');
    const note = clustering.notes.find((n) => n.startsWith('runtime roles found'));
    assert.match(note ?? '', /server \(3 use cases\), worker MAIL_QUEUE \(1 use case\); split by runtime role/);
    assert.match(note ?? '', /surprise \d+/);
    assert.deepEqual(
      clustering.names.map((n) => n.name),
      ['server', 'mail-queue-worker'],
    );
  });

  it('cuts by role first when the number of services asked for holds the roles, spending the rest on domains', async () => {
    const f = await facts({ ...SERVER, ...WORKER });
    const pf = partitionFacts(f);
    const two = clusterFacts(f, pf, { services: 2 });
    assert.deepEqual(
      two.names.map((n) => n.name),
      ['server', 'mail-queue-worker'],
    );
    const three = clusterFacts(f, pf, { services: 3 });
    const service = (file: string) => three.assignment.get(file);
    assert.equal(three.names.length, 3);
    assert.equal(service('src/mail/send.ts'), 'mail-queue-worker');
    // The server's two domains apart.
    assert.notEqual(service('src/orders/pricing.ts'), service('src/billing/gateway.ts'));
    assert.ok(three.notes.some((n) => /3 services asked for: the server role split by domain into 2/.test(n)));
    // Fewer than the roles: by domain, and the note says why.
    const one = clusterFacts(f, pf, { services: 1 });
    assert.ok(!one.names.some((n) => n.name === 'server'));
    assert.ok(one.notes.some((n) => /1 services asked for, fewer than the 2 roles: split by domain/.test(n)));
  });

  it('keeps the domain services of a monolith with one runtime role', async () => {
    const f = await facts(SERVER);
    assert.deepEqual(
      runtimeRoles(f.useCases).map((r) => r.name),
      ['server'],
    );
    const clustering = clusterFacts(f, partitionFacts(f), {});
    assert.ok(!clustering.notes.some((n) => n.startsWith('runtime roles')));
    assert.ok(!clustering.names.some((n) => n.name === 'server'));
    assert.notEqual(
      clustering.assignment.get('src/orders/pricing.ts'),
      clustering.assignment.get('src/billing/gateway.ts'),
    );
  });

  it('keeps the domain services when the worker has no code of its own, and says so', async () => {
    const f = await facts({
      ...SERVER,
      'src/jobs/reprice.queue.ts': [
        "import { Worker } from 'bullmq';",
        "import { listOrders } from '../orders/orders.service';",
        "export const worker = new Worker('reprice', async () => listOrders());",
      ].join('\n'),
    });
    assert.equal(runtimeRoles(f.useCases).length, 2);
    const clustering = clusterFacts(f, partitionFacts(f), {});
    const note = clustering.notes.find((n) => n.startsWith('runtime roles found')) ?? '';
    assert.match(note, /kept the domain services: no background role has code of its own/);
    assert.ok(!clustering.names.some((n) => n.name === 'server'));
  });

  it('takes a worker process the package declares as a role, its health route its own', async () => {
    const f = await facts({
      ...SERVER,
      'package.json': JSON.stringify({
        scripts: { start: 'node dist/main.js', 'start-worker': 'node dist/worker.js' },
      }),
      'src/worker.ts': [
        "import express from 'express';",
        "import { sendMail } from './mail/send';",
        'const health = express();',
        "health.get('/health', (_req, res) => res.send('ok'));",
        "setInterval(() => sendMail('queued'), 1000);",
      ].join('\n'),
      'src/mail/send.ts': WORKER['src/mail/send.ts'],
      'src/mail/templates.ts': WORKER['src/mail/templates.ts'],
      'src/mail/layout.ts': WORKER['src/mail/layout.ts'],
    });
    assert.deepEqual(
      f.processes?.map((p) => [p.name, p.entry]),
      [
        ['start', 'src/main.ts'],
        ['start-worker', 'src/worker.ts'],
      ],
    );
    const roles = runtimeRoles(f.useCases, f.processes);
    assert.deepEqual(
      roles.map((r) => [r.name, r.kind, r.useCases]),
      [
        ['server', 'server', 3],
        // Its health route and its interval both run in the worker's process.
        ['process start-worker', 'worker', 2],
      ],
    );
    const clustering = clusterFacts(f, partitionFacts(f), {});
    const service = (file: string) => clustering.assignment.get(file);
    for (const file of ['src/worker.ts', 'src/mail/send.ts', 'src/mail/templates.ts'])
      assert.equal(service(file), 'worker', file);
    assert.equal(service('src/orders/orders.service.ts'), 'server');
    assert.equal(service('src/db/client.ts'), 'shared');
  });

  it('keeps the domain services when the declared processes run most of the same code', async () => {
    const f = await facts({
      ...SERVER,
      Procfile: 'web: node dist/main.js\nworker: node dist/worker.js',
      'src/worker.ts': [
        "import { placeOrder, listOrders } from './orders/orders.service';",
        "import { chargeCard } from './billing/billing.service';",
        "import { audit } from './audit';",
        'setInterval(async () => { await placeOrder(await listOrders()); await chargeCard(audit()); }, 1000);',
      ].join('\n'),
      'src/audit.ts': 'export function audit() { return 1; }',
    });
    const clustering = clusterFacts(f, partitionFacts(f), {});
    const note = clustering.notes.find((n) => n.startsWith('runtime roles found')) ?? '';
    assert.match(note, /process worker/);
    assert.match(note, /kept the domain services: most of the code runs in several processes/);
    assert.ok(!clustering.names.some((n) => n.name === 'server'));
  });
});
