import { strict as assert } from 'node:assert';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import { memoryWorkspace } from '../../../../src/core/workspace';

describe('decomposition facts: routers and handlers declared by convention', () => {
  it('joins prefixes of routers made and mounted in one chain', async () => {
    const facts = await gatherFacts(
      memoryWorkspace({
        'src/server.ts': "import express from 'express';\nimport routes from './routes';\nexpress().use(routes);\n",
        'src/routes.ts': [
          "import { Router } from 'express';",
          "import tags from './tags';",
          'const api = Router().use(tags);',
          "export default Router().use('/api', api);",
        ].join('\n'),
        'src/tags.ts': [
          "import { Router } from 'express';",
          'const router = Router();',
          "router.get('/tags', (_req, res) => res.json([]));",
          'export default router;',
        ].join('\n'),
      }),
      '',
    );
    assert.deepEqual(
      facts.useCases.map((u) => u.name),
      ['GET /api/tags'],
    );
  });

  it('reads route.ts handlers under an api/ folder, and subscribers and jobs that export their config', async () => {
    const facts = await gatherFacts(
      memoryWorkspace({
        'src/api/admin/orders/[id]/route.ts': 'export const GET = async () => 1;\nexport async function POST() {}\n',
        'src/subscribers/order-placed.ts':
          "export default async function handler() {}\nexport const config = { event: ['order.placed', 'order.updated'] };\n",
        'src/jobs/sync.ts':
          "export default async function sync() {}\nexport const config = { name: 'sync', schedule: '0 * * * *' };\n",
      }),
      'src',
    );
    assert.deepEqual(facts.useCases.map((u) => `${u.kind} ${u.name}`).sort(), [
      'event-handler event order.placed',
      'event-handler event order.updated',
      'http-route GET /admin/orders/:id',
      'http-route POST /admin/orders/:id',
      'scheduled-job cron 0 * * * *',
    ]);
  });

  it('reads tRPC procedures, named after their router, reaching what their resolver calls', async () => {
    const facts = await gatherFacts(
      memoryWorkspace({
        'src/trpc/documents.ts': [
          "import { authedProcedure, router } from './trpc';",
          "import { archive } from '../documents/archive';",
          'export const documentRouter = router({',
          '  list: authedProcedure.query(async () => []),',
          '  archive: authedProcedure.input(String).mutation(async ({ input }) => archive(input)),',
          '});',
        ].join('\n'),
        'src/trpc/share.ts':
          "import { authedProcedure } from './trpc';\nexport const shareRoute = authedProcedure.mutation(async () => 1);\n",
        'src/trpc/trpc.ts': 'export const router = (x: object) => x;\nexport const authedProcedure: any = {};\n',
        'src/documents/archive.ts': 'export async function archive(id: string) { return id; }\n',
      }),
      'src',
    );
    assert.deepEqual(
      facts.useCases.map((u) => `${u.name} → ${u.reaches.join(' ')}`),
      [
        'trpc documentRouter.list → src/trpc/documents.ts',
        'trpc documentRouter.archive → src/trpc/documents.ts src/documents/archive.ts',
        'trpc shareRoute → src/trpc/share.ts',
      ],
    );
  });
});
