import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { applyPreferredFixes, preferredFix } from '../helpers/apply-edits';
import { FIXTURES } from './context-fixtures';

const RULE = 'removed-api-version';
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, RULE, name), 'utf8');

async function analyze(text: string, settings?: Record<string, unknown>) {
  const result = await analyzeDocument(k8sAssistant, { file: 'k8s/app.yaml', text }, DEFAULT_CONFIG, undefined, {
    settings,
  });
  assert.deepEqual(result.errors, []);
  return result.findings;
}
const ofRule = async (text: string, settings?: Record<string, unknown>) =>
  (await analyze(text, settings)).filter((f) => f.ruleId === RULE);

const v2beta1 = (metrics: string) =>
  'apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: w\nspec:\n' +
  '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}\n  maxReplicas: 4\n  metrics:\n' +
  metrics;

describe(`k8s ${RULE}`, () => {
  describe('severity follows scalingAssistant.k8s.clusterVersion', () => {
    const text = read('bad.yaml');

    it('at or past the removal: error; before it: warning naming the release that removes it', async () => {
      const at125 = await ofRule(text, { clusterVersion: '1.25' });
      const bySeverity = Object.fromEntries(at125.map((f) => [f.message.split(' uses ')[0], f.severity]));
      assert.deepEqual(bySeverity, {
        'HorizontalPodAutoscaler checkout': 'warning', // v2beta2: removed in 1.26
        'HorizontalPodAutoscaler orders-worker': 'error', // v2beta1: removed in 1.25
        'PodDisruptionBudget checkout': 'error',
        'Deployment mailer': 'error',
        'StatefulSet ledger': 'error',
      });
      const checkout = at125.find((f) => f.message.startsWith('HorizontalPodAutoscaler checkout'))!;
      assert.match(checkout.message, /uses autoscaling\/v2beta2, deprecated, removed in 1\.26/);
      assert.match(checkout.message, /Use autoscaling\/v2\./);
    });

    it('on a cluster that cannot serve the replacement yet, no fix and a note to migrate with the upgrade', async () => {
      const at122 = await ofRule(text, { clusterVersion: 'v1.22.4' });
      const hpa = at122.find((f) => f.message.startsWith('HorizontalPodAutoscaler checkout'))!;
      assert.equal(hpa.severity, 'warning');
      assert.equal(hpa.fixes, undefined);
      assert.match(hpa.message, /does not serve autoscaling\/v2 yet \(1\.23\+\)/);
      const pdb = at122.find((f) => f.message.startsWith('PodDisruptionBudget'))!;
      assert.ok(preferredFix(pdb), 'policy/v1 is served from 1.21');
    });
  });

  describe('the finding', () => {
    it('sits on the apiVersion field (key to value)', async () => {
      const text = read('bad.yaml');
      const [first] = await ofRule(text);
      assert.deepEqual(first.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 31 } });
      assert.equal(first.impact, 'high');
    });
  });

  describe('autoscaling/v2beta1 → v2 conversion', () => {
    it('moves a selector written before metricName under metric:, keeping its comments', async () => {
      const text = v2beta1(
        '    - type: Pods\n      pods:\n        selector: # only the workers\n          matchLabels: {app: w}\n' +
          '        targetAverageValue: "4"\n        metricName: jobs_in_flight\n',
      );
      const fixed = applyPreferredFixes(text, 'k8s/app.yaml', await ofRule(text));
      assert.equal(
        fixed,
        v2beta1(
          '    - type: Pods\n      pods:\n        target:\n          type: AverageValue\n          averageValue: "4"\n' +
            '        metric:\n          name: jobs_in_flight\n          selector: # only the workers\n            matchLabels: {app: w}\n',
        ).replace('autoscaling/v2beta1', 'autoscaling/v2'),
      );
      assert.deepEqual(await ofRule(fixed), []);
    });

    it('keeps CRLF line endings in the lines it writes', async () => {
      const text = v2beta1(
        '    - type: Resource\n      resource:\n        name: cpu\n        targetAverageUtilization: 70\n',
      ).replace(/\n/g, '\r\n');
      const fixed = applyPreferredFixes(text, 'k8s/app.yaml', await ofRule(text));
      assert.ok(
        fixed.includes('        target:\r\n          type: Utilization\r\n          averageUtilization: 70\r\n'),
        JSON.stringify(fixed),
      );
      assert.ok(!/[^\r]\n/.test(fixed));
    });

    it('offers no fix for a selector in a flow map, or a metric type it does not know', async () => {
      for (const metrics of [
        '    - type: Pods\n      pods: {metricName: q, selector: {matchLabels: {a: b}}, targetAverageValue: "4"}\n',
        '    - type: Exotic\n      exotic: {metricName: q}\n',
      ]) {
        const [finding] = await ofRule(v2beta1(metrics));
        assert.equal(finding.fixes, undefined, metrics);
        assert.match(finding.message, /by hand/);
      }
    });

    it('a v2beta1 HPA without metrics only changes its apiVersion', async () => {
      const text = v2beta1('').replace('  metrics:\n', '');
      const [finding] = await ofRule(text);
      assert.equal(preferredFix(finding)?.title, 'Migrate to autoscaling/v2');
      assert.equal(applyPreferredFixes(text, 'k8s/app.yaml', [finding]), text.replace('v2beta1', 'v2'));
    });
  });

  it('policy/v1beta1 with an absent selector migrates (absent selects nothing in both versions)', async () => {
    const text =
      'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  minAvailable: 1\n';
    const [finding] = await ofRule(text);
    assert.ok(preferredFix(finding));
  });

  it('a JSON Deployment without selector gets no fix (inserted YAML would break the JSON); with one, the apiVersion is replaced in its quotes', async () => {
    const make = (spec: object) =>
      JSON.stringify({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'd' }, spec }, null, 2);
    const template = { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'd', image: 'x' }] } };
    const run = async (text: string) =>
      (await analyzeDocument(k8sAssistant, { file: 'k8s/d.json', text }, DEFAULT_CONFIG)).findings.filter(
        (f) => f.ruleId === RULE,
      );
    const [without] = await run(make({ template }));
    assert.equal(without.fixes, undefined);
    const withSelector = make({ selector: { matchLabels: { app: 'd' } }, template });
    const [withIt] = await run(withSelector);
    const fixed = applyPreferredFixes(withSelector, 'k8s/d.json', [withIt]);
    assert.equal(JSON.parse(fixed).apiVersion, 'apps/v1');
  });
});
