import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { REPO_ROOT, run } from './workspace';

const SHOP = path.join(REPO_ROOT, 'test/fixtures/react-render/shop');

/** The fixture shop as a project of its own (a package.json, this repository's react and react-dom linked in). */
async function shopProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-render-'));
  await fs.cp(SHOP, path.join(root, 'src'), { recursive: true });
  await fs.writeFile(path.join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
  await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

describe('cli render', function () {
  this.timeout(300_000);

  describe('arguments', () => {
    it('parses the file, --component, --items, --updates, --format and --quiet', () => {
      assert.deepEqual(
        parseArgs([
          'render',
          'src/List.tsx',
          '--component',
          'List',
          '--items=200',
          '--updates',
          '3',
          '--format',
          'json',
          '--quiet',
        ]),
        {
          kind: 'render',
          file: 'src/List.tsx',
          component: 'List',
          items: 200,
          updates: 3,
          format: 'json',
          quiet: true,
        },
      );
      assert.deepEqual(parseArgs(['render', 'List.tsx']), {
        kind: 'render',
        file: 'List.tsx',
        format: 'markdown',
        quiet: false,
      });
    });

    for (const [argv, message] of [
      [['render'], /needs the React file/],
      [['render', 'a.tsx', 'b.tsx'], /one file, not 2/],
      [['render', 'a.tsx', '--items', '0'], /--items needs a whole number from 1 to 100,000/],
      [['render', 'a.tsx', '--updates', 'many'], /--updates needs a whole number/],
      [['render', 'a.tsx', '--component', 'not a name'], /--component needs a component's name/],
      [['render', 'a.tsx', '--format', 'sarif'], /--format/],
      [['render', 'a.tsx', '--rows', '5'], /unknown option: --rows/],
    ] as const)
      it(`rejects ${JSON.stringify(argv)}`, () => {
        assert.throws(
          () => parseArgs(argv),
          (error: unknown) => error instanceof UsageError && message.test(error.message),
        );
      });
  });

  describe('running', () => {
    let root: string;
    before(async () => {
      root = await shopProject();
    });
    after(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    it('renders the component under its call site and prints the measurement and candidates as JSON', async () => {
      const result = await run(
        ['render', 'src/List.tsx', '--items', '50', '--updates', '2', '--format', 'json', '--quiet'],
        root,
      );
      assert.equal(result.stderr, '');
      assert.equal(result.code, 0, result.stdout);
      const json = JSON.parse(result.stdout);
      assert.equal(json.version, 1);
      assert.equal(json.file, path.join('src', 'List.tsx'));
      assert.equal(json.component, 'List');
      assert.equal(json.notRendered, undefined);
      assert.equal(json.callSite, 'Page.tsx:10');
      assert.deepEqual(json.providers, ['ThemeProvider']);
      assert.equal(json.itemCount, 50);
      assert.equal(json.baseline.rendersPerUpdate.Row, 50);
      assert.ok('Row' in json.baseline.renderMsPerUpdate);
      assert.equal(json.candidates[0].ruleId, 'unstable-prop-to-memo-child');
      assert.equal(json.candidates[0].measurement.rendersPerUpdate.Row, 0);
      const finding = json.findings.find((f: { ruleId: string }) => f.ruleId === 'unstable-prop-to-memo-child');
      assert.ok(finding.measured, 'the finding carries the measured figures');
      assert.match(finding.message, /Row renders per parent update 50 → 0/);
    });

    it('prints Markdown with the per-component table and progress on stderr', async () => {
      const result = await run(['render', 'src/List.tsx', '--items', '20', '--updates', '1'], root);
      assert.equal(result.code, 0, result.stdout);
      assert.match(result.stdout, /^# Measured renders: List$/m);
      assert.match(result.stdout, /^\| Row \| 20 renders, .* ms \| 0 renders, 0\.00 ms \|/m);
      assert.match(result.stdout, /^## Static findings$/m);
      assert.match(result.stderr, /^rendering List \(2 variants\)$/m);
    });

    it('exits 1 and says why when the component cannot be rendered, with the static findings', async () => {
      const server = await run(['render', 'src/Server.tsx', '--quiet'], root);
      assert.equal(server.code, 1);
      assert.match(server.stdout, /Not rendered: Report is an async server component/);
      const unknown = await run(['render', 'src/List.tsx', '--component', 'Grid', '--quiet'], root);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stdout, /Not rendered: the file declares no component named Grid \(it declares List\)/);
      assert.match(unknown.stdout, /src\/List\.tsx:\d+:\d+ unstable-prop-to-memo-child: /);
    });

    it('exits 2 on a file that cannot be read', async () => {
      const missing = await run(['render', 'src/Nope.tsx', '--quiet'], root);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /src\/Nope\.tsx: cannot read/);
    });
  });
});
