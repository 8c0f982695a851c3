import { strict as assert } from 'node:assert';
import { projectFramework } from '../../../src/assistants/react/framework';
import { reactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

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
