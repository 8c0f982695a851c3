import { strict as assert } from 'node:assert';
import { analyzeWithContext, assertAtMarkers, contextFiles } from './context-fixtures';

const RULE = 'hpa-peak-over-budget';
const ASSESSMENT = 'test/fixtures/k8s/hpa-peak-over-budget/context/.scaling-assistant/assessment.json';

describe(`k8s ${RULE}`, () => {
  it("compares the workspace's peak with the assessment's budget and gives the HPA's share", async () => {
    const run = await analyzeWithContext(RULE, 'bad.yaml');
    assertAtMarkers(run, RULE);
    const [finding] = run.ofRule;
    assert.equal(finding.severity, 'info');
    assert.match(
      finding.message,
      /the requests of 2 workloads \(2 namespaces\) cost about \$757 a month, over the \$500 monthly infrastructure budget/,
    );
    assert.match(finding.message, /Deployment api at maxReplicas 20 is \$721 of it \(95%; \$72\.08 at minReplicas 2\)/);
    assert.match(finding.message, /Estimate from requests × example prices: AWS Fargate/);
    assert.deepEqual(
      finding.related?.map((r) => [r.file, r.range.start.line, r.message]),
      [
        [ASSESSMENT, 2, 'the monthly infrastructure budget'],
        ['test/fixtures/k8s/hpa-peak-over-budget/bad.yaml', 4, 'Deployment api: the pods whose requests are priced'],
      ],
    );
  });

  it('says nothing without a budget in the assessment', async () => {
    const context = contextFiles(RULE);
    context.delete(ASSESSMENT);
    const run = await analyzeWithContext(RULE, 'bad.yaml', { context });
    assert.equal(run.ofRule.length, 0);
  });

  it('prices with the setting, in its currency (the budget is read in it too)', async () => {
    const cheap = await analyzeWithContext(RULE, 'bad.yaml', {
      settings: { prices: { cpuHour: 0.02, memoryGiBHour: 0.002, currency: 'EUR' } },
    });
    assert.equal(cheap.ofRule.length, 0);
    const dear = await analyzeWithContext(RULE, 'bad.yaml', {
      settings: { prices: { cpuHour: 0.05, memoryGiBHour: 0.005, currency: 'EUR' } },
    });
    assert.match(dear.ofRule[0].message, /over the €500 monthly infrastructure budget/);
    assert.match(dear.ofRule[0].message, /prices from scalingAssistant\.k8s\.prices: 0\.05 EUR per vCPU-hour/);
  });
});
