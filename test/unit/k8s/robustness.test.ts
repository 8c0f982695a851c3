import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createK8sAssistant, k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

const FIXTURES = path.resolve(__dirname, '../../fixtures/cli/workspace/k8s');

/** Hostile and oversized input: a clear result within the budget, never a crash or a hang. */
describe('k8s robustness', () => {
  it('an alias bomb ("billion laughs") is analysed without expanding it', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: bomb}',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: &labels',
      ...levels.map((l) => `        ${l}`),
      '    spec:',
      '      containers: *l',
    ].join('\n');
    const started = performance.now();
    const result = await analyzeDocument(k8sAssistant, { file: 'bomb.yaml', text }, DEFAULT_CONFIG);
    assert.ok(performance.now() - started < DEFAULT_CONFIG.budgetMs, 'finished within the budget');
    assert.deepEqual(
      result.errors.filter((e) => e.kind === 'internal'),
      [],
    );
  });

  it('a huge manifest ends with findings or "skipped: over budget", never an exception', async () => {
    const one = (i: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: app\n          image: app:latest\n`;
    const text = Array.from({ length: 3000 }, (_, i) => one(i)).join('---\n');
    const result = await analyzeDocument(
      k8sAssistant,
      { file: 'huge.yaml', text },
      { ...DEFAULT_CONFIG, budgetMs: 50 },
    );
    assert.deepEqual(
      result.errors.filter((e) => e.kind === 'internal'),
      [],
    );
    assert.ok(
      result.findings.length > 0 || result.errors.some((e) => e.kind === 'budget' && /over budget/.test(e.message)),
      'either analysed or reported as over budget',
    );
  });

  it('binary-looking and non-Kubernetes text yields nothing and no error', async () => {
    for (const text of [
      '\u0000\u0001\u0002binary',
      'just: a\nmap: of\nthings: 1\n',
      '- a\n- b\n',
      '',
      '# only a comment\n',
    ]) {
      const result = await analyzeDocument(k8sAssistant, { file: 'x.yaml', text }, DEFAULT_CONFIG);
      assert.deepEqual(result.findings, [], JSON.stringify(text));
      assert.deepEqual(
        result.errors.filter((e) => e.kind === 'internal'),
        [],
        JSON.stringify(text),
      );
    }
  });

  it('YAML nested deeper than the parser can follow is one clear error for the file; other files still count', async () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: ${'['.repeat(20_000)}1${']'.repeat(20_000)}\n`;
    const result = await analyzeDocument(k8sAssistant, { file: 'deep.yaml', text: deep }, DEFAULT_CONFIG);
    assert.deepEqual(
      result.errors.map((e) => [e.kind, e.message]),
      [['unsupported', 'not analysed: the YAML is nested too deeply to read (the parser ran out of stack here)']],
    );
    const app = await readFile(path.join(FIXTURES, 'app.yaml'), 'utf8');
    const workspace = memoryWorkspace({ 'deep.yaml': deep, 'app.yaml': app });
    const engine = createK8sAssistant();
    const prepared = await engine.prepare!(workspace);
    assert.deepEqual(
      prepared?.errors.map((e) => [e.file, e.kind]),
      [['deep.yaml', 'unsupported']],
    );
    const ordinary = await analyzeDocument(engine, { file: 'app.yaml', text: app }, DEFAULT_CONFIG, undefined, {
      workspace,
    });
    assert.deepEqual(ordinary.errors, []);
    assert.ok(ordinary.findings.some((f) => f.ruleId === 'workload-replicas-with-hpa'));
  });

  describe('hostile kustomize trees', () => {
    /** Twelve levels of nine aliases each: 9^11 strings if expanded. */
    const levelsOfBomb = () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 12; i++) {
        const prev = String.fromCharCode(96 + i);
        levels.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`,
        );
      }
      return levels;
    };
    const app = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  replicas: 2',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: shop/web',
    ].join('\n');

    it('a chain of 300 kustomizations is refused past the nesting limit, with no internal error', async () => {
      const texts: Record<string, string> = { 'k0/app.yaml': app, 'k0/kustomization.yaml': 'resources: [app.yaml]\n' };
      for (let i = 1; i <= 300; i++) texts[`k${i}/kustomization.yaml`] = `resources: [../k${i - 1}]\n`;
      const result = await analyzeDocument(
        k8sAssistant,
        { file: 'k0/app.yaml', text: app },
        DEFAULT_CONFIG,
        undefined,
        {
          workspace: memoryWorkspace(texts),
        },
      );
      assert.deepEqual(
        result.errors.filter((e) => e.kind === 'internal'),
        [],
      );
      const top = await analyzeDocument(
        k8sAssistant,
        { file: 'k300/kustomization.yaml', text: texts['k300/kustomization.yaml'] },
        DEFAULT_CONFIG,
        undefined,
        { workspace: memoryWorkspace(texts) },
      );
      assert.deepEqual(
        top.errors.filter((e) => e.kind === 'internal'),
        [],
      );
    });

    it('an alias bomb in a resource a kustomization transforms is walked once per node', async () => {
      const bombed = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata:',
        '      labels: {app: web}',
        '      annotations:',
        ...levelsOfBomb().map((l) => `        ${l}`),
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: shop/web',
        '          args: *l',
        '        - name: more',
        '          image: shop/web',
        '          args: *l',
      ].join('\n');
      const texts = {
        'k/app.yaml': bombed,
        'k/kustomization.yaml':
          'resources: [app.yaml]\nimages: [{name: shop/web, newTag: "2"}]\ncommonLabels: {tier: web}\n',
      };
      const started = performance.now();
      const result = await analyzeDocument(
        k8sAssistant,
        { file: 'k/app.yaml', text: bombed },
        DEFAULT_CONFIG,
        undefined,
        {
          workspace: memoryWorkspace(texts),
        },
      );
      assert.ok(performance.now() - started < DEFAULT_CONFIG.budgetMs, 'finished within the budget');
      assert.deepEqual(result.errors, []);
      // The build read it: the image the kustomization pins leaves nothing to say about latest.
      assert.deepEqual(
        result.findings.filter((f) => f.ruleId === 'image-tag-latest'),
        [],
      );
    });

    it('an alias bomb in a patch is grafted as a shared graph, never expanded', async () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 12; i++) {
        const prev = String.fromCharCode(96 + i);
        levels.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`,
        );
      }
      const patch = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  template:',
        '    metadata:',
        '      annotations:',
        ...levels.map((l) => `        ${l}`),
        '    spec:',
        '      containers:',
        '        - name: web',
        '          args: *l',
      ].join('\n');
      const texts = {
        'k/app.yaml': app,
        'k/patch.yaml': patch,
        'k/kustomization.yaml':
          'resources: [app.yaml]\npatches: [{path: patch.yaml}]\nimages: [{name: shop/web, newTag: "2"}]\ncommonLabels: {tier: web}\n',
      };
      const started = performance.now();
      const result = await analyzeDocument(k8sAssistant, { file: 'k/app.yaml', text: app }, DEFAULT_CONFIG, undefined, {
        workspace: memoryWorkspace(texts),
      });
      assert.ok(performance.now() - started < DEFAULT_CONFIG.budgetMs, 'finished within the budget');
      assert.deepEqual(
        result.errors.filter((e) => e.kind === 'internal' || e.kind === 'budget'),
        [],
      );
    });
  });
});
