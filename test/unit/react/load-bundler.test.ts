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
});
