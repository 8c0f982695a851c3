import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, UsageError } from '../../../../src/cli/args';
import { configsAbove } from '../../../../src/cli/configs-above';
import { run } from '../../cli/workspace';
import { SHOP } from '../cluster/helpers';

interface PlanJson {
  version: number;
  services: { name: string; files: string[]; tables: string[]; routes: string[]; operations: { name: string }[] }[];
  shared: string[];
  metrics: Record<'ours' | 'folders' | 'louvain', Record<string, number | null>>;
  steps: { order: number; service: string; phase: number }[];
}

describe('cli decompose', () => {
  describe('arguments', () => {
    it('parses the folder, --services, --format, --weights, --no-history and --guardrails', () => {
      assert.deepEqual(parseArgs(['decompose', '.']), {
        kind: 'decompose',
        folder: '.',
        format: 'markdown',
        history: true,
      });
      assert.deepEqual(
        parseArgs([
          'decompose',
          'shop',
          '--services',
          '4',
          '--format=json',
          '--weights',
          'data=2',
          '--no-history',
          '--guardrails',
          'out',
        ]),
        {
          kind: 'decompose',
          folder: 'shop',
          services: 4,
          format: 'json',
          weights: 'data=2',
          history: false,
          guardrails: 'out',
        },
      );
    });

    const usageErrors: Array<[string[], RegExp]> = [
      [['decompose'], /decompose needs the folder of the monolith/],
      [['decompose', 'a', 'b'], /decompose plans one folder, not 2: a, b/],
      [['decompose', '.', '--services', '0'], /--services needs a whole number from 1 to 200, not "0"/],
      [['decompose', '.', '--services', 'many'], /--services needs a whole number/],
      [['decompose', '.', '--format', 'sarif'], /--format: unknown value "sarif" \(expected json, markdown\)/],
      [['decompose', '.', '--weights='], /--weights needs signal=weight pairs/],
      [['decompose', '.', '--no-history=yes'], /--no-history takes no value/],
    ];
    for (const [argv, message] of usageErrors) {
      it(`rejects ${JSON.stringify(argv)}`, () => {
        assert.throws(
          () => parseArgs(argv),
          (error: Error) => error instanceof UsageError && message.test(error.message),
        );
      });
    }
  });

  it('prints the JSON of the issue for a folder, paths relative to it', async () => {
    const result = await run(['decompose', 'shop', '--format', 'json', '--no-history'], path.dirname(SHOP));
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as PlanJson;
    assert.equal(json.version, 1);
    assert.deepEqual(Object.keys(json), ['version', 'services', 'shared', 'metrics', 'steps']);
    assert.deepEqual(
      json.services.map((s) => [s.name, s.files]),
      [
        ['billing', ['src/billing/invoices.ts', 'src/billing/routes.ts']],
        ['catalog', ['src/catalog/products.ts', 'src/catalog/routes.ts']],
        ['orders', ['src/orders/place.ts', 'src/orders/routes.ts']],
      ],
    );
    assert.deepEqual(json.shared, ['src/shared/db.ts', 'src/shared/log.ts']);
    assert.deepEqual(Object.keys(json.metrics), ['ours', 'folders', 'louvain']);
    assert.equal(json.metrics.ours.services, 3);
    // POST /orders reaches catalog and billing; the two other routes stay in their service.
    assert.equal(json.metrics.ours.routePurity, 0.6667);
    // Each of products, orders and invoices is touched by its own service only.
    assert.equal(json.metrics.ours.tableOwnershipPurity, 1);
    assert.deepEqual(
      json.steps.map((s) => `${s.phase} ${s.service}`),
      ['3 orders', '3 billing', '3 catalog', '4 orders', '4 billing', '4 catalog'],
    );
  });

  it('prints Markdown by default, with the metrics beside the baselines', async () => {
    const result = await run(['decompose', '.', '--no-history', '--services', '2'], SHOP);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# Decomposition plan for the workspace$/m);
    assert.match(result.stdout, /^\| Metric \| Better \| Ours \| Folders \| Louvain \|$/m);
    assert.match(result.stdout, /^\| Services \| {2}\| 2 \| 4 \| \d+ \|$/m);
    assert.match(result.stdout, /2 services asked for/);
  });

  it('writes the guardrails into a folder, never over an existing file', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-decompose-'));
    try {
      const first = await run(['decompose', '.', '--no-history', '--guardrails', out], SHOP);
      assert.equal(first.code, 0, first.stderr);
      assert.match(await fs.readFile(path.join(out, 'dependency-cruiser.boundaries.cjs'), 'utf8'), /forbidden/);
      assert.match(await fs.readFile(path.join(out, 'eslint.boundaries.mjs'), 'utf8'), /no-restricted-imports/);
      const again = await run(['decompose', '.', '--no-history', '--guardrails', out], SHOP);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /dependency-cruiser\.boundaries\.cjs already exists there; not overwritten/);
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
  });

  it("resolves the folder's imports through the repository's configs above it (tsconfig paths)", async () => {
    const repo = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-decompose-repo-'));
    try {
      const write = async (file: string, text: string) => {
        await fs.mkdir(path.dirname(path.join(repo, file)), { recursive: true });
        await fs.writeFile(path.join(repo, file), text);
      };
      await fs.mkdir(path.join(repo, '.git'));
      await write(
        'tsconfig.json',
        '{ "compilerOptions": { "baseUrl": ".", "paths": { "@server/*": ["./server/*"] } } }\n',
      );
      await write('package.json', '{ "name": "repo", "private": true }\n');
      for (const feature of ['orders', 'billing']) {
        await write(
          `server/${feature}/routes.ts`,
          `import { ${feature} } from '@server/${feature}/service';\nexport const routes = () => ${feature}();\n`,
        );
        await write(`server/${feature}/service.ts`, `export function ${feature}() { return '${feature}'; }\n`);
      }
      const above = await configsAbove(path.join(repo, 'server'), repo, repo);
      assert.deepEqual(
        above.map((f) => f.display),
        ['package.json', 'tsconfig.json'],
      );
      // Outside a repository the folder is its own workspace: nothing above it is read.
      assert.deepEqual(await configsAbove(path.join(repo, 'server'), path.join(repo, 'server'), repo), []);
      for (const [argv, cwd] of [
        [['decompose', 'server', '--no-history'], repo],
        [['decompose', '.', '--no-history'], path.join(repo, 'server')],
      ] as const) {
        const result = await run([...argv], cwd);
        assert.equal(result.code, 0, result.stderr);
        assert.doesNotMatch(result.stdout, /nothing ties it/);
        assert.match(result.stdout, /### billing[\s\S]*### orders|### orders[\s\S]*### billing/);
      }
    } finally {
      await fs.rm(repo, { recursive: true, force: true });
    }
  });

  it('says what is wrong with the folder or the weights', async () => {
    const missing = await run(['decompose', 'nowhere'], SHOP);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /scaling-assistant: nowhere: no such folder/);
    const file = await run(['decompose', 'tsconfig.json'], SHOP);
    assert.match(file.stderr, /tsconfig\.json: not a folder/);
    const weights = await run(['decompose', '.', '--weights', 'tables=1'], SHOP);
    assert.equal(weights.code, 2);
    assert.match(weights.stderr, /--weights: unknown signal "tables"/);
  });
});
