import { strict as assert } from 'node:assert';
import { decompositionReviewFacts } from '../../../../src/ai/subjects/decomposition';
import { createDecompositionPlanner } from '../../../../src/assistants/decomposition/planner';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { shopTexts } from '../cluster/helpers';

describe('the deep review of a decomposition, grounded on the plan', () => {
  it('names the services, their data, the crossings of the reviewed file and the metrics', async () => {
    const planner = await createDecompositionPlanner(memoryWorkspace(await shopTexts()), 'shop');
    const plan = await planner.plan();
    const facts = decompositionReviewFacts(plan, 'shop/src/orders/place.ts');
    assert.match(facts.importGraph, /^Crossings between proposed services \(imports and calls\): 4$/m);
    assert.match(facts.importGraph, /^- orders → billing: 2$/m);
    assert.match(facts.importGraph, /^- line 10: orders uses invoice of billing$/m);
    assert.match(facts.importGraph, /^- line 1: orders uses invoice of billing$/m);
    assert.match(facts.importGraph, /^- crossServiceOperations: 2 \| \d+ \| \d+$/m);
    assert.match(facts.modules, /^Service orders \(named from folder src\/orders; 2 files\)$/m);
    assert.match(facts.modules, /^ {2}- shop\/src\/orders\/place\.ts belongs here$/m);
    assert.match(facts.modules, /^Shared library: shop\/src\/shared\/db\.ts, shop\/src\/shared\/log\.ts$/m);
    assert.match(facts.modules, /^1\. phase 3 orders: small; 0 data migrations$/m);
  });
});
