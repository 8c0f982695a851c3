import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { ReactCompilerCheck } from '../../../src/assistants/react/compiler';
import type { CompilerSetup } from '../../../src/assistants/react/compiler/detect';
import { COMPILER_CONFIG, decideCompiler, readCompilerConfig } from '../../../src/assistants/react/compiler/detect';
import { buildFileModel } from '../../../src/assistants/react/model';
import { parseScript } from '../../../src/assistants/react/parse';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { PROJECT } from './fixtures';

/**
 * React Compiler awareness: the compiler detected from each config form, the manual-memo advice dropped for the
 * components it compiles and kept (with the reason) for those it bails out on, and the real plugin run on the
 * compiler thread.
 */

async function setupOf(files: Record<string, string>, file = 'src/App.tsx'): Promise<CompilerSetup> {
  const ts = await loadTypeScript();
  const verdicts = new Map();
  for (const [name, text] of Object.entries(files)) {
    assert.match(name, COMPILER_CONFIG, `${name} is a config the detection lists`);
    const verdict = readCompilerConfig(ts, name, text);
    if (verdict) verdicts.set(name, verdict);
  }
  return decideCompiler(file, verdicts);
}

const VITE = `import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react({ babel: { plugins: [['babel-plugin-react-compiler', { compilationMode: 'annotation' }]] } })],
});
`;

describe('React Compiler detection', () => {
  it('a Vite config passing the plugin to @vitejs/plugin-react, with its compilationMode', async () => {
    const setup = await setupOf({ 'vite.config.ts': VITE });
    assert.deepEqual(setup, {
      enabled: true,
      mode: 'annotation',
      source: 'vite.config.ts',
      reason: 'vite.config.ts passes babel-plugin-react-compiler to @vitejs/plugin-react',
    });
  });

  it('options given through a top-level const, and the plugin imported under a name of its own', async () => {
    const setup = await setupOf({
      'vite.config.mts': `import react from '@vitejs/plugin-react';
import compiler from 'babel-plugin-react-compiler';
const ReactCompilerConfig = { compilationMode: 'all' } as const;
export default { plugins: [react({ babel: { plugins: [[compiler, ReactCompilerConfig]] } })] };`,
    });
    assert.equal(setup.enabled, true);
    assert.equal(setup.mode, 'all');
  });

  it('babel.config.js, .babelrc (JSON, the short `react-compiler` name) and a package.json `babel` field', async () => {
    const babel = await setupOf({
      'babel.config.js': `module.exports = { presets: ['next/babel'], plugins: [process.env.CI && 'babel-plugin-react-compiler'] };`,
    });
    assert.deepEqual([babel.enabled, babel.mode, babel.source], [true, 'infer', 'babel.config.js']);
    const rc = await setupOf({
      '.babelrc': `{ "plugins": [["react-compiler", { "compilationMode": "annotation" }]] }`,
    });
    assert.deepEqual([rc.enabled, rc.mode], [true, 'annotation']);
    const pkg = await setupOf({
      'package.json': JSON.stringify({ babel: { plugins: ['babel-plugin-react-compiler'] } }),
    });
    assert.equal(pkg.reason, 'package.json lists babel-plugin-react-compiler in its `babel` field');
  });

  it('a commented-out plugin or a plugin of another name is not the compiler', async () => {
    const setup = await setupOf({
      'babel.config.js': `module.exports = { plugins: [/* 'babel-plugin-react-compiler', */ 'babel-plugin-macros'] };`,
    });
    assert.equal(setup.enabled, false);
    assert.equal(setup.source, undefined);
  });

  it("Next's reactCompiler: top level, under experimental with options, and turned off", async () => {
    const top = await setupOf({ 'next.config.ts': `const config = { reactCompiler: true };\nexport default config;` });
    assert.deepEqual([top.enabled, top.mode, top.reason], [true, 'infer', 'next.config.ts sets `reactCompiler`']);
    const experimental = await setupOf({
      'next.config.mjs': `export default { experimental: { reactCompiler: { compilationMode: 'annotation' } } };`,
    });
    assert.deepEqual([experimental.enabled, experimental.mode], [true, 'annotation']);
    const off = await setupOf({
      'next.config.js': `module.exports = { experimental: { reactCompiler: false } };`,
      'package.json': JSON.stringify({ devDependencies: { 'babel-plugin-react-compiler': '^1.0.0' } }),
    });
    assert.deepEqual([off.enabled, off.reason], [false, 'next.config.js sets `reactCompiler` to false']);
  });

  it("Expo's experiments.reactCompiler in app.json", async () => {
    const setup = await setupOf({ 'app.json': JSON.stringify({ expo: { experiments: { reactCompiler: true } } }) });
    assert.equal(setup.enabled, true);
  });

  it('a package.json that only declares the plugin or its runtime: assumed on, and said so', async () => {
    const setup = await setupOf({
      'package.json': JSON.stringify({ dependencies: { react: '^19.0.0', 'react-compiler-runtime': '^1.0.0' } }),
    });
    assert.equal(setup.enabled, true);
    assert.match(setup.reason, /declares react-compiler-runtime in `dependencies` .*assumed to be on/);
  });

  it('the nearest config decides: one app of a monorepo compiles, its neighbour does not', async () => {
    const files = {
      'apps/web/next.config.js': `module.exports = { reactCompiler: true };`,
      'apps/admin/next.config.js': `module.exports = { reactStrictMode: true };`,
      'apps/legacy/babel.config.json': `{ "plugins": ["babel-plugin-react-compiler"] }`,
      'apps/legacy/next.config.js': `module.exports = { reactCompiler: false };`,
    };
    assert.equal((await setupOf(files, 'apps/web/app/page.tsx')).enabled, true);
    assert.equal((await setupOf(files, 'apps/admin/app/page.tsx')).enabled, false);
    // In one folder the build tool's own config speaks before Babel's.
    assert.equal((await setupOf(files, 'apps/legacy/src/a.tsx')).source, 'apps/legacy/next.config.js');
  });

  it('a config that does not parse names nothing rather than failing the file', async () => {
    const setup = await setupOf({ 'vite.config.js': 'export default {{{ plugins: [' });
    assert.equal(setup.enabled, false);
  });
});

// A parent that passes a new function to a memoised child: what unstable-prop-to-memo-child reports.
const PARENT = (directive = '', body = '') => `import { memo, useState } from 'react';

const Row = memo(function Row({ onPick }: { onPick: () => void }) {
  return <button onClick={onPick}>pick</button>;
});

export function List({ items }: { items: { seen: boolean }[] }) {
  ${directive}
  const [picked, setPicked] = useState(0);
  ${body}
  return <Row onPick={() => setPicked(picked + 1)} />;
}
`;

const ENABLING = {
  'web/package.json': JSON.stringify({ devDependencies: { 'babel-plugin-react-compiler': '^1.0.0' } }),
  'web/vite.config.ts': `import react from '@vitejs/plugin-react';
export default { plugins: [react({ babel: { plugins: ['babel-plugin-react-compiler'] } })] };`,
};

async function analyse(
  text: string,
  configs: Record<string, string>,
  settings: Record<string, unknown> = {},
  file = 'web/src/List.tsx',
): Promise<Finding[]> {
  const assistant = createReactAssistant({ importCost: false, compiler: new ReactCompilerCheck() });
  const workspace = memoryWorkspace({ ...configs, [file]: text });
  const result = await analyzeDocument(assistant, { file, text }, DEFAULT_CONFIG, undefined, { workspace, settings });
  assert.deepEqual(result.errors, []);
  return result.findings;
}

const ids = (findings: Finding[]) => findings.map((f) => f.ruleId);

describe('React Compiler and manual-memo advice', () => {
  it('without the compiler the unstable prop is reported', async () => {
    assert.deepEqual(ids(await analyse(PARENT(), {})), ['unstable-prop-to-memo-child']);
  });

  it('a component the compiler is assumed to compile (file not on disk) gets no manual-memo advice', async () => {
    assert.deepEqual(ids(await analyse(PARENT(), ENABLING)), []);
  });

  it('"use no memo" and annotation mode without "use memo" keep the advice; "use memo" drops it', async () => {
    assert.deepEqual(ids(await analyse(PARENT("'use no memo';"), ENABLING)), ['unstable-prop-to-memo-child']);
    const annotation = { ...ENABLING, 'web/vite.config.ts': VITE };
    assert.deepEqual(ids(await analyse(PARENT(), annotation)), ['unstable-prop-to-memo-child']);
    assert.deepEqual(ids(await analyse(PARENT("'use memo';"), annotation)), []);
  });

  it('the setting: off ignores the configs, on needs none', async () => {
    assert.deepEqual(ids(await analyse(PARENT(), ENABLING, { compiler: 'off' })), ['unstable-prop-to-memo-child']);
    assert.deepEqual(ids(await analyse(PARENT(), {}, { compiler: 'on' })), []);
  });

  it('rules that advise no memoisation are reported as before in compiled components', async () => {
    const text = PARENT('', 'const [copy] = useState(items.map((i) => i.seen));').replace(
      '<Row onPick={() => setPicked(picked + 1)} />',
      '<div>{copy.length}</div>',
    );
    assert.deepEqual(ids(await analyse(text, ENABLING)), ['use-state-without-lazy-init']);
  });

  it('the real plugin: a component it bails out on keeps the advice with the reason, and compiler-bailout names it', async function () {
    this.timeout(60_000);
    const findings = await analyse(PARENT('', 'items[0].seen = true;'), ENABLING, { importCostRoot: PROJECT });
    assert.deepEqual(ids(findings).sort(), ['compiler-bailout', 'unstable-prop-to-memo-child']);
    const advice = findings.find((f) => f.ruleId === 'unstable-prop-to-memo-child')!;
    assert.match(advice.message, /The React Compiler does not compile List \(This value cannot be modified: .*\)/);
    const bailout = findings.find((f) => f.ruleId === 'compiler-bailout')!;
    assert.equal(bailout.severity, 'info');
    assert.deepEqual(bailout.range.start, { line: 6, character: 16 });
    // Related: the mutation, where the compiler stopped.
    assert.equal(bailout.related?.[0].range.start.line, 9);
    // The same component without the mutation compiles: no advice, no bail-out.
    assert.deepEqual(ids(await analyse(PARENT(), ENABLING, { importCostRoot: PROJECT })), []);
  });
});

describe('React Compiler thread', () => {
  const check = new ReactCompilerCheck();
  after(() => check.dispose());

  async function compilation(text: string, root: string) {
    const ts = await loadTypeScript();
    const file = 'web/src/List.tsx';
    const model = buildFileModel(ts, file, text, parseScript(ts, file, text));
    const workspace = memoryWorkspace({ ...ENABLING, [file]: text });
    return { model, result: await check.compilationOf(model, { workspace, settings: { importCostRoot: root } }) };
  }

  it('reports per component what the plugin logged; the same text again gives the same answer', async function () {
    this.timeout(60_000);
    const { model, result } = await compilation(PARENT('', 'items[0].seen = true;'), PROJECT);
    assert.equal(result?.assumed, undefined);
    const byName = new Map([...result!.components].map(([def, state]) => [def.name, state.state]));
    assert.deepEqual(Object.fromEntries(byName), { Row: 'compiled', List: 'bailed' });
    assert.ok(model.components.length >= 2);
    const again = await compilation(PARENT('', 'items[0].seen = true;'), PROJECT);
    assert.deepEqual(
      [...again.result!.components.values()].map((s) => s.state),
      [...result!.components.values()].map((s) => s.state),
    );
  });

  it('where the plugin is not installed the components are assumed compiled, and the result says so', async () => {
    const { result } = await compilation(PARENT(), path.parse(PROJECT).root);
    assert.match(
      result!.assumed ?? '',
      /^assumed: the compiler is not installed here \(no babel-plugin-react-compiler\)$/,
    );
    assert.deepEqual(
      [...result!.components.values()].map((s) => s.state),
      ['compiled', 'compiled'],
    );
  });

  it('in an untrusted workspace the plugin is not run', async () => {
    const untrusted = new ReactCompilerCheck();
    const ts = await loadTypeScript();
    const text = PARENT('', 'items[0].seen = true;');
    const model = buildFileModel(ts, 'web/src/List.tsx', text, parseScript(ts, 'web/src/List.tsx', text));
    const result = await untrusted.compilationOf(model, {
      workspace: memoryWorkspace({ ...ENABLING, 'web/src/List.tsx': text }),
      settings: { importCostRoot: PROJECT, workspaceTrusted: false },
    });
    assert.equal(result?.assumed, 'assumed: the compiler is not run in an untrusted workspace');
    untrusted.dispose();
  });
});
