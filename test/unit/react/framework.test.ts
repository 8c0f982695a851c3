import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectFramework } from '../../../src/assistants/react/framework';
import { reactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { FIXTURES, analyzeFixture, contextFiles, rel } from './fixtures';

/**
 * Next.js recognised from the project, not only from a file's own `next/…` imports: the nearest package.json
 * declaring `next`, or a `next.config.*` in a folder above the file.
 */
const CONFIG = { ...DEFAULT_CONFIG, budgetMs: 60000 };

describe('the project framework', () => {
  const NEXT_PACKAGE = JSON.stringify({ name: 'shop', dependencies: { next: '15.0.0', react: '19.0.0' } });
  const PLAIN_PACKAGE = JSON.stringify({ name: 'ui', dependencies: { react: '19.0.0' } });

  it('is Next.js when the nearest package.json declares next, in any dependency field', async () => {
    const workspace = memoryWorkspace({ 'web/package.json': NEXT_PACKAGE, 'web/src/Chart.tsx': '' });
    assert.deepEqual(await projectFramework('web/src/Chart.tsx', workspace), { next: 'web/package.json' });
    const dev = memoryWorkspace({ 'package.json': JSON.stringify({ devDependencies: { next: '14' } }) });
    assert.deepEqual(await projectFramework('src/a.tsx', dev), { next: 'package.json' });
  });

  it('reads only the nearest package.json: a package of a monorepo without next is not a Next project', async () => {
    const workspace = memoryWorkspace({ 'package.json': NEXT_PACKAGE, 'packages/ui/package.json': PLAIN_PACKAGE });
    assert.deepEqual(await projectFramework('packages/ui/src/Button.tsx', workspace), {});
    assert.deepEqual(await projectFramework('apps/web/Page.tsx', workspace), { next: 'package.json' });
  });

  it('is Next.js with a next.config in a folder above the file, whatever the package.json says', async () => {
    const workspace = memoryWorkspace({ 'app/next.config.mjs': 'export default {};', 'app/package.json': '{' });
    assert.deepEqual(await projectFramework('app/components/Chart.tsx', workspace), { next: 'app/next.config.mjs' });
    assert.deepEqual(await projectFramework('other/Chart.tsx', workspace), {});
  });

  it('ignores node_modules, unreadable package.json files and a run without a workspace', async () => {
    const workspace = memoryWorkspace({
      'node_modules/next/package.json': NEXT_PACKAGE,
      'node_modules/next/next.config.js': '',
      'package.json': 'not json',
    });
    assert.deepEqual(await projectFramework('src/a.tsx', workspace), {});
    assert.deepEqual(await projectFramework('src/a.tsx', undefined), {});
  });

  it('lets the image rules name next/image in a Next.js project file that imports nothing from next', async () => {
    const text = ['export function Hero() {', '  return <img src="/hero.jpg" alt="" loading="lazy" />;', '}', ''].join(
      '\n',
    );
    const analyse = async (files: Record<string, string>) =>
      // The first analysis of the process may load TypeScript: time is not what this test is about.
      (
        await analyzeDocument(reactAssistant, { file: 'src/Hero.tsx', text }, CONFIG, undefined, {
          workspace: memoryWorkspace({ ...files, 'src/Hero.tsx': text }),
        })
      ).findings;
    const inNext = await analyse({ 'package.json': NEXT_PACKAGE });
    const plain = await analyse({ 'package.json': PLAIN_PACKAGE });
    const message = (findings: typeof plain, rule: string) => findings.find((f) => f.ruleId === rule)?.message ?? '';
    assert.match(message(inNext, 'img-without-dimensions'), /`next\/image` also requires them \(or `fill`\)/);
    assert.match(message(inNext, 'lcp-image-lazy'), /with `next\/image`, as this Next\.js project may: `priority`/);
    assert.doesNotMatch(message(plain, 'img-without-dimensions'), /next/);
    assert.doesNotMatch(message(plain, 'lcp-image-lazy'), /next/);
    assert.ok(message(plain, 'lcp-image-lazy'), 'the plain project still has the LCP finding');
  });
});

describe('a React Native app', () => {
  const folder = path.join(FIXTURES, 'lazy-load-heavy-component');
  const file = rel(path.join(folder, 'bad.tsx'));
  const text = fs.readFileSync(path.join(folder, 'bad.tsx'), 'utf8');
  const withPackage = (dependencies: Record<string, string>) =>
    new Map([
      ...contextFiles('lazy-load-heavy-component'),
      ['package.json', JSON.stringify({ name: 'app', dependencies })],
    ]);

  it('is recognised from react-native or expo in the nearest package.json, unless it also builds for the web', async () => {
    const native = memoryWorkspace({ 'package.json': JSON.stringify({ dependencies: { 'react-native': '0.81.5' } }) });
    assert.deepEqual(await projectFramework('app/views/Room.tsx', native), { native: 'package.json' });
    const expo = memoryWorkspace({ 'package.json': JSON.stringify({ dependencies: { expo: '54.0.0' } }) });
    assert.deepEqual(await projectFramework('app/index.tsx', expo), { native: 'package.json' });
    const web = memoryWorkspace({
      'package.json': JSON.stringify({ dependencies: { 'react-native': '0.81.5', 'react-native-web': '0.21.0' } }),
    });
    assert.deepEqual(await projectFramework('app/index.tsx', web), {});
  });

  // Rocket.Chat's app: markdown's Bold and Italic, "rendered only when block.type is 'BOLD'", told to load lazily
  // "so its code downloads the first time it renders"; a native app downloads nothing then.
  it('gets no lazy-load finding: its JavaScript ships as one bundle with the app', async () => {
    const lazy = (findings: { ruleId: string }[]) => findings.filter((f) => f.ruleId === 'lazy-load-heavy-component');
    const web = await analyzeFixture(file, text, withPackage({ react: '19.0.0', 'react-native-web': '0.21.0' }));
    assert.equal(lazy(web.findings).length, 1, 'a project that also builds for the web keeps the finding');
    const native = await analyzeFixture(file, text, withPackage({ react: '19.0.0', 'react-native': '0.81.5' }));
    assert.deepEqual(native.errors, []);
    assert.deepEqual(lazy(native.findings), []);
  });
});
