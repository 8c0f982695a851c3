import { strict as assert } from 'node:assert';
import { fuseSignals } from '../../../../src/assistants/decomposition/cluster/fused-graph';
import type { FusedGraph } from '../../../../src/assistants/decomposition/cluster/fused-graph';
import {
  communitiesToCount,
  louvainCommunities,
  seededRandom,
} from '../../../../src/assistants/decomposition/cluster/louvain';
import { nameServices, slug } from '../../../../src/assistants/decomposition/cluster/naming';
import { propose } from '../../../../src/assistants/decomposition/cluster/propose';
import {
  DEFAULT_WEIGHTS,
  parseWeights,
  resolveWeights,
} from '../../../../src/assistants/decomposition/cluster/weights';
import { partitionFacts } from '../../../../src/assistants/decomposition/metrics/partition';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { ZERO, shopFacts } from './helpers';

/** Three groups of four files, each a clique of weight 1, joined in a ring by single edges of weight 0.1. */
function threeCliques(): FusedGraph {
  const files = ['a', 'b', 'c'].flatMap((g) => [1, 2, 3, 4].map((i) => `${g}${i}`));
  const edges: FusedGraph['edges'] = [];
  for (const g of ['a', 'b', 'c'])
    for (let i = 1; i <= 4; i++)
      for (let j = i + 1; j <= 4; j++) edges.push({ a: `${g}${i}`, b: `${g}${j}`, weight: 1, signals: {} });
  edges.push({ a: 'a1', b: 'b1', weight: 0.1, signals: {} }, { a: 'b2', b: 'c1', weight: 0.1, signals: {} });
  edges.push({ a: 'c2', b: 'a2', weight: 0.1, signals: {} });
  return { files, edges, mass: { imports: 0, calls: 0, data: 0, useCases: 0, coupling: 0 } };
}

describe('decomposition clustering', () => {
  describe('weights', () => {
    it('parses signal=weight pairs and refuses unknown signals or bad numbers', () => {
      assert.deepEqual(parseWeights('imports=2, data=0.5'), { imports: 2, data: 0.5 });
      assert.throws(() => parseWeights('tables=1'), /unknown signal "tables"/);
      assert.throws(() => parseWeights('data=-1'), /data needs a number of 0 or more, not "-1"/);
      assert.throws(() => parseWeights('data'), /data needs a number/);
      assert.deepEqual(resolveWeights({ coupling: 2 }), { ...DEFAULT_WEIGHTS, coupling: 2 });
    });
  });

  describe('the fused graph', () => {
    it('normalises each signal so that its mean tie weighs its weight', async () => {
      const { facts } = await shopFacts();
      // Two files share table t (one pair, raw 1), and a use case reaches three files (three pairs of 1/2).
      facts.data = [
        { file: 'shop/src/orders/place.ts', table: 't', mode: 'write', source: 'sql', range: ZERO },
        { file: 'shop/src/billing/invoices.ts', table: 't', mode: 'read', source: 'sql', range: ZERO },
      ];
      facts.useCases = [
        {
          id: 'r',
          kind: 'http-route',
          name: 'POST /orders',
          file: 'shop/src/orders/routes.ts',
          range: ZERO,
          reaches: ['shop/src/orders/routes.ts', 'shop/src/orders/place.ts', 'shop/src/catalog/products.ts'],
        },
      ];
      const graph = fuseSignals(facts, facts.files, { ...DEFAULT_WEIGHTS, data: 2 });
      const ties = (signal: 'imports' | 'data' | 'useCases') =>
        graph.edges.filter((e) => e.signals[signal] !== undefined).map((e) => e.signals[signal]!);
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      // Imports: mean tie 1. Data: its one pair, raw 1, is worth 2. Use case: pairs of 1/2 each, mean 1/2 → 1 each.
      assert.ok(Math.abs(mean(ties('imports')) - 1) < 1e-9);
      assert.deepEqual(ties('data'), [2]);
      assert.deepEqual(ties('useCases'), [1, 1, 1]);
      assert.equal(graph.mass.data, 1);
      assert.equal(graph.mass.useCases, 1.5);
      assert.equal(graph.mass.coupling, 0);
    });

    it('counts co-change from two commits: one commit that changed two files together is chance', async () => {
      const { facts } = await shopFacts();
      facts.history = {
        commits: 3,
        pairs: [
          { a: 'shop/src/orders/place.ts', b: 'shop/src/orders/routes.ts', commits: 2 },
          { a: 'shop/src/billing/invoices.ts', b: 'shop/src/catalog/products.ts', commits: 1 },
        ],
      };
      const graph = fuseSignals(facts, facts.files, DEFAULT_WEIGHTS);
      const coupled = graph.edges.filter((e) => e.signals.coupling !== undefined).map((e) => [e.a, e.b]);
      assert.deepEqual(coupled, [['shop/src/orders/place.ts', 'shop/src/orders/routes.ts']]);
      assert.equal(graph.mass.coupling, 2);
    });
  });

  describe('Louvain', () => {
    it('is seeded: the same graph gives the same communities', () => {
      const first = seededRandom(7);
      const second = seededRandom(7);
      assert.deepEqual([first(), first()], [second(), second()]);
      assert.deepEqual(louvainCommunities(threeCliques()), louvainCommunities(threeCliques()));
      assert.deepEqual(
        louvainCommunities(threeCliques()).map((c) => c[0][0]),
        ['a', 'b', 'c'],
      );
    });

    it('reaches a number of services by resolution, or by merging the most strongly tied pair', () => {
      assert.equal(communitiesToCount(threeCliques(), 3).communities.length, 3);
      const two = communitiesToCount(threeCliques(), 2);
      assert.equal(two.communities.length, 2);
      assert.match(two.how, /resolution/);
      const many = communitiesToCount(threeCliques(), 40);
      assert.match(many.how, /40 services asked for, but the graph splits into at most \d+/);
    });
  });

  describe('the proposal on a small shop', () => {
    it('finds the folders as services, shared/ as the shared library and main.ts as the composition root', async () => {
      const { facts } = await shopFacts();
      const proposal = propose(facts, partitionFacts(facts));
      assert.deepEqual(
        proposal.services.map((s) => [s.name, s.nameFrom, s.files.length]),
        [
          ['billing', 'folder src/billing', 2],
          ['catalog', 'folder src/catalog', 2],
          ['orders', 'folder src/orders', 2],
        ],
      );
      assert.deepEqual(proposal.shared, ['shop/src/shared/db.ts', 'shop/src/shared/log.ts']);
      const root = proposal.outliers.find((o) => o.file === 'shop/src/main.ts');
      assert.match(root?.why ?? '', /composition root: it wires 3 services/);
      // The same facts, the same proposal.
      assert.deepEqual(propose(facts, partitionFacts(facts)).assignment, proposal.assignment);
    });

    it('applies moves on top as a what-if, and asks for a number of services', async () => {
      const { facts } = await shopFacts();
      const pf = partitionFacts(facts);
      const moved = propose(facts, pf, { moves: [{ path: 'shop/src/catalog', service: 'orders' }] });
      assert.deepEqual(moved.services.find((s) => s.name === 'orders')?.files, [
        'shop/src/catalog/products.ts',
        'shop/src/catalog/routes.ts',
        'shop/src/orders/place.ts',
        'shop/src/orders/routes.ts',
      ]);
      assert.ok(moved.notes.some((n) => /moved by the user: shop\/src\/catalog \(2 files\) to orders/.test(n)));
      assert.equal(propose(facts, pf, { services: 2 }).services.length, 2);
    });

    it('leaves out a router used only by the entry, the entry itself, and configuration scripts', async () => {
      const feature = (name: string) => ({
        [`src/${name}/controller.ts`]: `import { ${name}Service } from './service';\nexport const ${name}Controller = () => ${name}Service();\n`,
        [`src/${name}/service.ts`]: `export const ${name}Service = () => '${name}';\n`,
      });
      const workspace = memoryWorkspace({
        ...feature('articles'),
        ...feature('profiles'),
        ...feature('tags'),
        'src/routes.ts':
          "import { articlesController } from './articles/controller';\nimport { profilesController } from './profiles/controller';\nimport { tagsController } from './tags/controller';\nexport const routes = [articlesController, profilesController, tagsController];\n",
        'src/main.ts': "import { routes } from './routes';\nexport const app = routes;\n",
        'jest.config.ts': 'export default {};\n',
        // Migrations import nothing; left in, they would join the largest group and name it.
        'src/migrations/20200101-create-articles.js':
          "module.exports = { up: (q) => q.createTable('articles', {}) };\n",
        'src/migrations/20200102-create-tags.js': "module.exports = { up: (q) => q.createTable('tags', {}) };\n",
        'src/seeders/20200103-demo.js': "module.exports = { up: (q) => q.bulkInsert('tags', []) };\n",
      });
      const facts = await gatherFacts(workspace, '');
      const proposal = propose(facts, partitionFacts(facts));
      assert.deepEqual(proposal.services.map((s) => s.name).sort(), ['articles', 'profiles', 'tags']);
      assert.deepEqual(
        proposal.outliers.map((o) => [o.file, o.why.split(':')[0]]),
        [
          ['jest.config.ts', 'a configuration or set-up script'],
          ['src/main.ts', 'entry point'],
          ['src/migrations/20200101-create-articles.js', 'a database migration or seed'],
          ['src/migrations/20200102-create-tags.js', 'a database migration or seed'],
          ['src/routes.ts', 'composition root'],
          ['src/seeders/20200103-demo.js', 'a database migration or seed'],
        ],
      );
      for (const file of facts.files.filter((f) => /migrations|seeders/.test(f)))
        assert.equal(proposal.assignment.get(file), '(entry)');
    });

    it('names from routes and tables when folders do not tell', () => {
      const facts = {
        root: '',
        files: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'],
        useCases: [
          {
            id: '1',
            kind: 'http-route' as const,
            name: 'GET /api/v1/orders/:id',
            file: 'src/a.ts',
            range: ZERO,
            reaches: [],
          },
        ],
        data: [
          { file: 'src/c.ts', table: 'public.invoices', mode: 'write' as const, source: 'sql' as const, range: ZERO },
        ],
      } as unknown as Parameters<typeof nameServices>[1];
      assert.deepEqual(
        nameServices(
          [
            ['src/a.ts', 'src/b.ts'],
            ['src/c.ts', 'src/d.ts'],
          ],
          facts,
          '',
        ),
        [
          { name: 'orders', nameFrom: 'routes /orders' },
          { name: 'invoices', nameFrom: 'table public.invoices' },
        ],
      );
      assert.equal(slug('OrderItems_v2'), 'order-items-v2');
    });

    it('names no group after a word of one file, names a plumbing group by its layout folder, and RPC routes by resource', () => {
      // One validation schema per resource, each in its own folder: no folder holds a quarter of them.
      const schemas = ['users', 'teams', 'pins', 'stars', 'views'].map((r) => `src/api/${r}/schema.ts`);
      const facts = {
        root: '',
        files: [
          'src/util/add-tags.ts',
          'src/util/clone.ts',
          'src/util/omit.ts',
          'src/util/escape.ts',
          'src/api/documents.ts',
          'src/api/x.ts',
          ...schemas,
        ],
        useCases: ['documents.list', 'documents.info', 'users.info'].map((name, i) => ({
          id: String(i),
          kind: 'http-route' as const,
          name: `POST /${name}`,
          file: 'src/api/x.ts',
          range: ZERO,
          reaches: [],
        })),
        data: [],
      } as unknown as Parameters<typeof nameServices>[1];
      assert.deepEqual(
        nameServices(
          [
            ['src/util/add-tags.ts', 'src/util/clone.ts', 'src/util/omit.ts', 'src/util/escape.ts'],
            ['src/api/documents.ts', 'src/api/x.ts'],
            schemas,
          ],
          facts,
          '',
        ),
        [
          {
            name: 'util',
            nameFrom: 'folder src/util (4 of 4 files; a layout name, so more a library than a domain)',
          },
          { name: 'documents', nameFrom: 'routes /documents' },
          {
            name: 'schema',
            nameFrom: 'file name schema (5 of 5 files; a layout name, so more a library than a domain)',
          },
        ],
      );
    });

    it('names the API core for what it is, passes over system tables and generic words of file names', () => {
      const resources = ['documents', 'users', 'teams', 'pins', 'stars', 'views'];
      const facts = {
        root: '',
        files: [
          'src/api/router.ts',
          'src/api/handlers.ts',
          'src/db/stats.ts',
          'src/db/roles.ts',
          'src/x/last-check.ts',
          'src/y/check-last.ts',
        ],
        useCases: resources.flatMap((r, i) =>
          ['list', 'info'].map((verb) => ({
            id: `${i}${verb}`,
            kind: 'http-route' as const,
            name: `POST /${r}.${verb}`,
            file: 'src/api/router.ts',
            range: ZERO,
            reaches: [],
          })),
        ),
        data: [
          {
            file: 'src/api/handlers.ts',
            table: 'notifications',
            mode: 'write' as const,
            source: 'sql' as const,
            range: ZERO,
          },
          {
            file: 'src/db/stats.ts',
            table: 'pg_stat_activity',
            mode: 'read' as const,
            source: 'sql' as const,
            range: ZERO,
          },
          { file: 'src/db/roles.ts', table: 'c', mode: 'read' as const, source: 'knex' as const, range: ZERO },
        ],
      } as unknown as Parameters<typeof nameServices>[1];
      const names = nameServices(
        [
          ['src/api/router.ts', 'src/api/handlers.ts'],
          ['src/db/stats.ts', 'src/db/roles.ts'],
          ['src/x/last-check.ts', 'src/y/check-last.ts'],
        ],
        facts,
        '',
      );
      // 12 routes over 6 resources, none with half: the API core, not the table it writes most.
      assert.deepEqual(names[0], {
        name: 'api',
        nameFrom: 'the API core: it serves 12 of the 12 routes, over 6 resources',
      });
      // Neither PostgreSQL's catalog nor a two-letter name read as a table names a group.
      assert.equal(names[1].name, 'db');
      // `check` and `last`, words of what code does, name nothing: the group is numbered.
      assert.ok(!['check', 'last'].includes(names[2].name), names[2].name);
    });
  });
});
