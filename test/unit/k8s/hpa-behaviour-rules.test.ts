import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { LATE_SECONDS, SLOW_SECONDS } from '../../../src/assistants/k8s/rules/hpa-scale-up-too-slow';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { applyEdits, applyPreferredFixes } from '../helpers/apply-edits';

/**
 * What the fixture markers cannot say about the replica and behaviour rules: messages and their numbers,
 * severities that depend on the manifest or on settings, thresholds at their edges, and the alternative fixes.
 */

const FIXTURES = path.resolve(__dirname, '../../fixtures/k8s');
const read = (rule: string, name: string) => fs.readFileSync(path.join(FIXTURES, rule, name), 'utf8');

async function findings(
  text: string,
  rule: string,
  settings?: Record<string, unknown>,
  file = 'k8s/hpa.yaml',
): Promise<Finding[]> {
  const result = await analyzeDocument(k8sAssistant, { file, text }, DEFAULT_CONFIG, undefined, { settings });
  assert.deepEqual(result.errors, []);
  return result.findings.filter((f) => f.ruleId === rule);
}

const comments = (text: string) =>
  text
    .split('\n')
    .map((l) => /(?:^|\s)(#.*)$/.exec(l)?.[1])
    .filter(Boolean);

function hpa(spec: string, name = 'web'): string {
  return `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n${spec}`;
}

describe('k8s replica and behaviour rules', () => {
  describe('hpa-min-replicas-below-two', () => {
    const RULE = 'hpa-min-replicas-below-two';

    it('names the default when minReplicas is absent, points at maxReplicas, relates scaleTargetRef', async () => {
      const text = read(RULE, 'bad.yaml');
      const [f] = await findings(text, RULE);
      assert.match(
        f.message,
        /^HorizontalPodAutoscaler storefront lets Deployment storefront shrink to 1 pod \(minReplicas not set: the default is 1\)/,
      );
      assert.match(f.message, /node drain, eviction or crash/);
      assert.equal(text.split('\n')[f.range.start.line], '  maxReplicas: 12');
      assert.equal(text.split('\n')[f.related![0].range.start.line], '  scaleTargetRef:');
      assert.equal(f.fixes?.[0].title, 'Add minReplicas: 2');
    });

    it('the fix keeps every comment; the JSON fix leaves valid JSON', async () => {
      for (const name of ['bad.yaml', 'bad-variants.yaml']) {
        const text = read(RULE, name);
        const fixed = applyPreferredFixes(text, 'k8s/hpa.yaml', await findings(text, RULE));
        assert.deepEqual(comments(fixed), comments(text), name);
      }
      const json = read(RULE, 'bad-json.json');
      const fixed = applyPreferredFixes(json, 'k8s/hpa.json', await findings(json, RULE, undefined, 'k8s/hpa.json'));
      assert.equal(JSON.parse(fixed).spec.minReplicas, 2);
    });

    it('maxReplicas 2: no fix, and the message says why', async () => {
      const [f] = await findings(hpa('  maxReplicas: 2\n'), RULE);
      assert.equal(f.fixes, undefined);
      assert.match(f.message, /Raise minReplicas to 2 together with maxReplicas/);
    });
  });

  describe('hpa-min-equals-max', () => {
    it('says what the HPA cannot do and the two ways out', async () => {
      const [f] = await findings(hpa('  minReplicas: 4\n  maxReplicas: 4\n'), 'hpa-min-equals-max');
      assert.match(f.message, /minReplicas = maxReplicas = 4: it can never scale, so Deployment web stays at 4 pods/);
      assert.match(f.message, /delete the HPA and set spec\.replicas/);
      assert.equal(f.fixes, undefined);
      assert.equal(f.related?.length, 1);
    });
  });

  describe('hpa-behavior-out-of-range', () => {
    const RULE = 'hpa-behavior-out-of-range';

    it('minReplicas 0 with an External metric is a warning naming the HPAScaleToZero alpha gate; without one, an error', async () => {
      const [warning] = await findings(read(RULE, 'bad-scale-to-zero.yaml'), RULE);
      assert.equal(warning.severity, 'warning');
      assert.match(warning.message, /HPAScaleToZero feature gate/);
      const [error] = await findings(hpa('  minReplicas: 0\n  maxReplicas: 3\n'), RULE);
      assert.equal(error.severity, 'error');
      assert.match(error.message, /Object or External metric/);
    });

    it('an empty minReplicas (null, as a chart prints a blank value) is the default 1, not invalid; an empty maxReplicas is', async () => {
      assert.deepEqual(await findings(hpa('  minReplicas:\n  maxReplicas: 3\n'), RULE), []);
      assert.deepEqual(await findings(hpa('  minReplicas: ~\n  maxReplicas: 3\n'), RULE), []);
      const [f] = await findings(hpa('  minReplicas: 2\n  maxReplicas:\n'), RULE);
      assert.match(f.message, /maxReplicas: {2}is invalid/);
    });

    it('min > max sits on maxReplicas (as the API server reports it) with minReplicas related', async () => {
      const text = hpa('  minReplicas: 5\n  maxReplicas: 3\n');
      const [f] = await findings(text, RULE);
      assert.equal(text.split('\n')[f.range.start.line], '  maxReplicas: 3');
      assert.equal(text.split('\n')[f.related![0].range.start.line], '  minReplicas: 5');
      assert.match(f.message, /rejects the whole HorizontalPodAutoscaler/);
    });

    it('a missing maxReplicas underlines the `spec` key only', async () => {
      const text = hpa('  minReplicas: 2\n');
      const [f] = await findings(text, RULE);
      assert.deepEqual(f.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 4 } });
    });

    it('behavior of autoscaling/v1 and v2beta1 is not validated (the field does not exist there)', async () => {
      const text = hpa(
        '  minReplicas: 2\n  maxReplicas: 4\n  behavior:\n    scaleUp:\n      stabilizationWindowSeconds: 99999\n',
      ).replace('autoscaling/v2', 'autoscaling/v1');
      assert.deepEqual(await findings(text, RULE), []);
    });
  });

  describe('hpa-select-policy-disabled', () => {
    it('scale-up and scale-down say different consequences; the fix keeps the comment', async () => {
      const text = read('hpa-select-policy-disabled', 'bad.yaml');
      const [up, down] = await findings(text, 'hpa-select-policy-disabled');
      assert.match(up.message, /never adds pods .*a traffic spike is never answered/);
      assert.match(down.message, /never removes pods .*costs its peak size \(up to 16 pods\)/);
      assert.match(up.message, /suppress this finding/);
      assert.equal(up.fixes?.[0].isPreferred, undefined, 'a deliberate setting: the fix is offered, not preferred');
    });
  });

  describe('hpa-scale-down-unstabilised', () => {
    const RULE = 'hpa-scale-down-unstabilised';

    it('names the window and the step: the default policy (100% every 15 s)', async () => {
      const [first] = await findings(read(RULE, 'bad.yaml'), RULE);
      assert.match(
        first.message,
        /stabilizationWindowSeconds: 0 and the default scale-down policy allow removing 100% of the pods every 15 s/,
      );
      assert.match(first.message, /flaps/);
    });

    it('a Pods policy is measured at maxReplicas', async () => {
      const all = await findings(read(RULE, 'bad.yaml'), RULE);
      assert.match(all[2].message, /5 of 8 pods \(63% at maxReplicas\) every 60 s/);
    });

    it('the second fix also sets a 10%-a-minute policy, in block and flow style, keeping comments', async () => {
      const block = hpa(
        '  minReplicas: 2\n  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 0 # fast\n      policies:\n        - type: Percent\n          value: 100\n          periodSeconds: 15\n',
      );
      const [f] = await findings(block, RULE);
      assert.equal(f.fixes?.length, 2);
      const gentle = applyEdits(block, f.fixes![1].edits);
      assert.ok(
        gentle.endsWith(
          '      stabilizationWindowSeconds: 300 # fast\n      policies:\n        - type: Percent\n          value: 10\n          periodSeconds: 60\n',
        ),
        gentle,
      );
      assert.deepEqual(await findings(gentle, RULE), []);

      const flow = hpa(
        '  minReplicas: 2\n  maxReplicas: 10\n  behavior:\n    scaleDown: {stabilizationWindowSeconds: 0, policies: [{type: Percent, value: 100, periodSeconds: 15}]}\n',
      );
      const [g] = await findings(flow, RULE);
      const gentleFlow = applyEdits(flow, g.fixes![1].edits);
      assert.ok(
        gentleFlow.includes(
          'scaleDown: {stabilizationWindowSeconds: 300, policies: [{type: Percent, value: 10, periodSeconds: 60}]}',
        ),
        gentleFlow,
      );

      const noPolicies = hpa(
        '  minReplicas: 2\n  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 0\n',
      );
      const [h] = await findings(noPolicies, RULE);
      assert.ok(
        applyEdits(noPolicies, h.fixes![1].edits).endsWith(
          '      stabilizationWindowSeconds: 300\n      policies:\n        - type: Percent\n          value: 10\n          periodSeconds: 60\n',
        ),
      );
    });

    it('no second fix when the policies hold comments a replacement would lose', async () => {
      const text = hpa(
        '  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 0\n      policies:\n        # why\n        - {type: Percent, value: 50, periodSeconds: 15}\n',
      );
      const [f] = await findings(text, RULE);
      assert.equal(f.fixes?.length, 1);
    });

    it('windows of one sync or more are stabilised; below 50% per period is not flapping', async () => {
      const window = (w: number, pct = 100) =>
        hpa(
          `  maxReplicas: 10\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: ${w}\n      policies: [{type: Percent, value: ${pct}, periodSeconds: 15}]\n`,
        );
      assert.equal((await findings(window(14), RULE)).length, 1);
      assert.equal((await findings(window(15), RULE)).length, 0);
      assert.equal((await findings(window(0, 50), RULE)).length, 1);
      assert.equal((await findings(window(0, 49), RULE)).length, 0);
    });
  });

  describe('hpa-scale-up-too-slow', () => {
    const RULE = 'hpa-scale-up-too-slow';
    const slowUp = (min: number, max: number, scaleUp: string) =>
      hpa(`  minReplicas: ${min}\n  maxReplicas: ${max}\n  behavior:\n    scaleUp:\n${scaleUp}`);

    it('quotes the simulated trajectory: 2 → 3 → 4 → 5 → … → 30 pods in 27.3 min', async () => {
      const [f] = await findings(read(RULE, 'bad.yaml'), RULE);
      assert.match(f.message, /2 → 3 → 4 → 5 → … → 30 pods in 27\.3 min \(simulated from the HPA controller's rules/);
      assert.match(f.message, /at most 1 pod per 60 s/);
      assert.equal(f.fixes, undefined);
    });

    it('a long window is blamed on the window, not on fast policies', async () => {
      const [, late] = await findings(read(RULE, 'bad.yaml'), RULE);
      assert.match(late.message, /the 300 s scaleUp stabilisation window delays the first new pod by 5 min\./);
      assert.doesNotMatch(late.message, /policies allow/);
      assert.match(late.message, /Shorten scaleUp\.stabilizationWindowSeconds/);
    });

    it(`thresholds: full size in ${SLOW_SECONDS} s is fine, one sync more is not; a first reaction at ${LATE_SECONDS} s is fine, at 135 s (2.3 min) not`, async () => {
      // Pods 1 per 15 s from 2: pod n+2 at 15·n s → 22 pods at 300 s, 23 at 315 s.
      const pods = '      policies: [{type: Pods, value: 1, periodSeconds: 15}]\n';
      assert.equal((await findings(slowUp(2, 22, pods), RULE)).length, 0);
      assert.equal((await findings(slowUp(2, 23, pods), RULE)).length, 1);
      assert.equal(
        (await findings(slowUp(2, 10, `      stabilizationWindowSeconds: ${LATE_SECONDS}\n`), RULE)).length,
        0,
      );
      const [late] = await findings(slowUp(2, 10, '      stabilizationWindowSeconds: 135\n'), RULE);
      assert.match(late.message, /delays the first new pod by 2\.3 min/);
    });

    it('selectPolicy Min: the finding sits on selectPolicy, which picks the slow policy', async () => {
      const text = read(RULE, 'bad.yaml');
      const [, , min] = await findings(text, RULE);
      assert.equal(text.split('\n')[min.range.start.line].trim(), 'selectPolicy: Min');
      assert.match(min.message, /selectPolicy Min: the smaller step wins/);
    });
  });

  describe('hpa-tolerance-unsupported', () => {
    const RULE = 'hpa-tolerance-unsupported';
    const text = read(RULE, 'bad.yaml');

    it('before 1.33 (the default 1.30): an error, the field is dropped and 10% applies', async () => {
      const all = await findings(text, RULE);
      assert.deepEqual(
        all.map((f) => f.severity),
        ['error', 'error'],
      );
      assert.match(
        all[0].message,
        /not supported on Kubernetes 1\.30 .*drops the field: the default 10% tolerance applies/,
      );
    });

    it('1.33 and 1.34: info, the alpha gate is needed; 1.35 and later: nothing (beta, on by default)', async () => {
      for (const version of ['1.33', 'v1.34.2']) {
        const all = await findings(text, RULE, { clusterVersion: version });
        assert.deepEqual(
          all.map((f) => f.severity),
          ['info', 'info'],
          version,
        );
        assert.match(all[0].message, /needs the HPAConfigurableTolerance feature gate/);
      }
      assert.deepEqual(await findings(text, RULE, { clusterVersion: '1.35' }), []);
      assert.deepEqual(await findings(text, RULE, { clusterVersion: '1.36' }), []);
    });

    it('a negative or malformed tolerance is an error on any version that knows the field', async () => {
      const bad = hpa(
        '  maxReplicas: 5\n  behavior:\n    scaleUp:\n      tolerance: -0.1\n    scaleDown:\n      tolerance: five percent\n',
      );
      const all = await findings(bad, RULE, { clusterVersion: '1.35' });
      assert.deepEqual(
        all.map((f) => f.severity),
        ['error', 'error'],
      );
      assert.match(all[0].message, /non-negative quantity/);
    });
  });
});
