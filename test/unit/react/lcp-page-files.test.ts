import { strict as assert } from 'node:assert';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';

/**
 * lcp-image-lazy by file: in a page, layout or route file the first large image of the file is the likely
 * LCP whatever its component's name; elsewhere only a hero-named component's is (the fixtures cover those).
 */

const TEXT = [
  'export default function Listing({ cover }: { cover: string }) {',
  '  return (',
  '    <main>',
  '      <img src="/logo.svg" alt="" width={80} height={24} />',
  '      <img src={cover} alt="" width={1200} height={500} loading="lazy" />',
  '      <img src="/footer.jpg" alt="" width={1200} height={500} loading="lazy" />',
  '    </main>',
  '  );',
  '}',
  '',
].join('\n');

async function lines(file: string): Promise<number[]> {
  const engine = createReactAssistant({ importCost: false, readFile: false });
  const result = await analyzeDocument(engine, { file, text: TEXT }, DEFAULT_CONFIG);
  return result.findings.filter((f) => f.ruleId === 'lcp-image-lazy').map((f) => f.range.start.line + 1);
}

describe('lcp-image-lazy in page, layout and route files', () => {
  before(() => loadTypeScript());

  for (const file of [
    'app/page.tsx',
    'src/app/shop/[id]/page.tsx',
    'app/layout.jsx',
    'src/pages/index.tsx',
    'src/routes/listing.tsx',
  ])
    it(`${file}: the first large image, only`, async () => {
      assert.deepEqual(await lines(file), [5]);
    });

  for (const file of ['src/components/Listing.tsx', 'src/pages/api/listing.tsx', 'app/components/card.tsx'])
    it(`${file}: not a page, so no finding for a component not named like a hero`, async () => {
      assert.deepEqual(await lines(file), []);
    });
});
