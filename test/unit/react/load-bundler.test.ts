import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBundler } from '../../../src/assistants/react/import-cost/load-bundler';
import { write } from './written-packages';

/**
 * Which esbuild measures: the workspace's own where it is installed and runs (the user's build's sizes), else the
 * extension's; a workspace esbuild whose binary fails (installed for another platform) is passed over.
 */
describe('react import cost: which esbuild measures', () => {
  let root: string;

  /** A stand-in esbuild package that says who it is, and whether its binary starts. */
  function workspaceEsbuild(folder: string, runs: boolean): void {
    write(root, `${folder}/node_modules/esbuild/package.json`, JSON.stringify({ name: 'esbuild', main: 'main.js' }));
    write(
      root,
      `${folder}/node_modules/esbuild/main.js`,
      [
        `exports.owner = ${JSON.stringify(folder)};`,
        'exports.build = async () => ({ outputFiles: [] });',
        runs
          ? 'exports.transform = async () => ({ code: "" });'
          : 'exports.transform = async () => { throw new Error("installed for another platform"); };',
      ].join('\n'),
    );
    fs.mkdirSync(path.join(root, folder, 'src'), { recursive: true });
  }

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-load-bundler-'));
    workspaceEsbuild('vite-app', true);
    workspaceEsbuild('other-platform', false);
    fs.mkdirSync(path.join(root, 'plain/src'), { recursive: true });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const owner = (bundler: object) => (bundler as { owner?: string }).owner;

  it("takes the workspace's esbuild first in a trusted workspace", async () => {
    assert.equal(owner(await loadBundler(path.join(root, 'vite-app/src'), true)), 'vite-app');
  });

  it("takes the extension's own in a restricted workspace, where the workspace has none, or when its binary fails", async () => {
    const extension = await loadBundler(path.join(root, 'plain/src'), true);
    assert.equal(owner(extension), undefined);
    assert.equal(typeof extension.build, 'function');
    assert.equal(await loadBundler(path.join(root, 'vite-app/src'), false), extension);
    assert.equal(await loadBundler(path.join(root, 'other-platform/src'), true), extension);
  });

  describe('without an esbuild of its own (the universal package)', () => {
    // A folder with no binary and no node_modules above it: what the universal package's chunk sees beside itself.
    let universal: string;
    before(() => {
      universal = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-universal-'));
    });
    after(() => fs.rmSync(universal, { recursive: true, force: true }));

    const why = (dir: string, trusted: boolean) =>
      loadBundler(path.join(root, dir), trusted, universal).then(
        (bundler) => `measured with ${owner(bundler) ?? 'another esbuild'}`,
        (error: Error) => error.message,
      );

    it("measures with the workspace's esbuild when the workspace is trusted", async () => {
      assert.equal(await why('vite-app/src', true), 'measured with vite-app');
    });

    it('says what to install, allow or rebuild when nothing can bundle', async () => {
      const own = 'no esbuild to bundle with: this installation of the extension carries none (the universal package)';
      const platform = `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
      const orPackage = `or install the extension's package for ${platform} where one is published`;
      const main = (dir: string) => path.join(root, dir, 'node_modules/esbuild/main.js');
      assert.equal(
        await why('plain/src', true),
        `${own}, and none is installed in a node_modules above ${path.join(root, 'plain/src')}. ` +
          `Install esbuild in the project (\`npm install --save-dev esbuild\`), ${orPackage}`,
      );
      assert.equal(
        await why('plain/src', false),
        `${own}, and none is installed in a node_modules above ${path.join(root, 'plain/src')}. ` +
          `Install esbuild in the project (\`npm install --save-dev esbuild\`) and trust the workspace, ${orPackage}`,
      );
      assert.equal(
        await why('vite-app/src', false),
        `${own}, and the project's esbuild (${main('vite-app')}) is not run in Restricted Mode. ` +
          `Trust the workspace to measure with it, ${orPackage}`,
      );
      assert.equal(
        await why('other-platform/src', true),
        `${own}, and the project's esbuild (${main('other-platform')}) did not start here ` +
          `(installed for another platform). Reinstall it on this machine (\`npm rebuild esbuild\`), ${orPackage}`,
      );
    });
  });
});
