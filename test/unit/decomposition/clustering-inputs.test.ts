import { strict as assert } from 'node:assert';
import { clusteringInputsKey } from '../../../src/assistants/decomposition/clustering-inputs';
import { gatherFacts, refreshFacts } from '../../../src/assistants/decomposition/facts/gather';
import { partitionFacts } from '../../../src/assistants/decomposition/metrics/partition';
import type { DecompositionFacts } from '../../../src/assistants/decomposition/model';
import { createDecompositionPlanner } from '../../../src/assistants/decomposition/planner';
import type { Workspace } from '../../../src/core/workspace';
import { hashText, memoryWorkspace } from '../../../src/core/workspace';

const keyOf = (facts: DecompositionFacts) => clusteringInputsKey(facts, partitionFacts(facts));

function shop(): Map<string, string> {
  return new Map([
    [
      'src/orders/place.ts',
      "import { price } from '../billing/price';\nexport const place = (n: number) => price(n);\n",
    ],
    ['src/orders/list.ts', "import { place } from './place';\nexport const list = () => [place(1)];\n"],
    ['src/billing/price.ts', 'export const price = (n: number) => n * 2;\n'],
    ['src/billing/invoice.ts', "import { price } from './price';\nexport const invoice = () => price(3);\n"],
  ]);
}

/** A workspace that sees later edits to `texts` (memoryWorkspace lists them once). */
function liveWorkspace(texts: Map<string, string>): Workspace {
  return {
    files: async (pattern) =>
      [...texts]
        .filter(([file]) => pattern.test(file))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([file, text]) => ({ file, stamp: hashText(text), read: async () => texts.get(file) })),
  };
}

describe('decomposition planner: what the clustering reads, to keep it across a save', () => {
  it('is the same after an edit that moves places and adds an export nobody imports', async () => {
    const texts = shop();
    const facts = await gatherFacts(memoryWorkspace(texts), '');
    const before = keyOf(facts);
    texts.set(
      'src/orders/place.ts',
      `// pricing first\n\n${texts.get('src/orders/place.ts')!}export const spare = 1;\n`,
    );
    const after = await refreshFacts(facts, memoryWorkspace(texts));
    assert.equal(keyOf(after), before);
  });

  it('changes when an import comes or goes', async () => {
    const texts = shop();
    const facts = await gatherFacts(memoryWorkspace(texts), '');
    const before = keyOf(facts);
    texts.set('src/orders/place.ts', 'export const place = (n: number) => n;\n');
    const after = await refreshFacts(facts, memoryWorkspace(texts));
    assert.notEqual(keyOf(after), before);
    assert.doesNotMatch(keyOf(after), /^i src\/orders\/place\.ts src\/billing\/price\.ts/m);
  });

  it('lets the planner keep its baselines over a tie-neutral save and measure them again after a tie changes', async () => {
    const texts = shop();
    const planner = await createDecompositionPlanner(liveWorkspace(texts), '');
    const first = await planner.plan();
    texts.set('src/orders/place.ts', `${texts.get('src/orders/place.ts')!}export const spare = 1;\n`);
    await planner.refresh();
    const neutral = await planner.plan();
    assert.equal(neutral.metrics.louvain, first.metrics.louvain);
    assert.deepEqual(neutral.services, first.services);

    texts.set('src/billing/invoice.ts', 'export const invoice = () => 6;\n');
    await planner.refresh();
    const changed = await planner.plan();
    assert.notEqual(changed.metrics.louvain, first.metrics.louvain);
    assert.deepEqual(planner.facts.graph.importsOf('src/billing/invoice.ts'), []);
  });
});
