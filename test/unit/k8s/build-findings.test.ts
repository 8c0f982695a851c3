import { strict as assert } from 'node:assert';
import { mergeBuildFindings } from '../../../src/assistants/k8s/kustomize/build-findings';
import type { Finding } from '../../../src/core/finding';

/** One finding per rule and field of a file several builds read, naming the builds it holds in. */

const finding = (message: string, line = 3): Finding => ({
  file: 'k/base/app.yaml',
  assistant: 'k8s',
  ruleId: 'pdb-missing',
  severity: 'warning',
  impact: 'high',
  effort: 'small',
  message,
  range: { start: { line, character: 2 }, end: { line, character: 10 } },
});

describe('k8s findings of several kustomize builds', () => {
  it('a plain manifest or a file one build reads keeps its messages', () => {
    const only = [finding('Deployment web runs 3 pods.')];
    assert.deepEqual(mergeBuildFindings('k/base/app.yaml', [{ folder: 'k/prod/', findings: only }]), only);
  });

  it('the same finding in two builds is one, naming both by their folders below the shared one', () => {
    const merged = mergeBuildFindings('k/base/app.yaml', [
      { folder: 'k/overlays/prod/', findings: [finding('Same words.')] },
      { folder: 'k/overlays/dev/', findings: [finding('Same words.')] },
    ]);
    assert.deepEqual(
      merged.map((f) => f.message),
      ['Same words. (in the kustomize builds of overlays/prod, overlays/dev)'],
    );
  });

  it("other words per build (another prefix): one finding, in the first build's words, saying so", () => {
    const merged = mergeBuildFindings('k/base/app.yaml', [
      { folder: 'k/', findings: [finding('Deployment web runs 3 pods.')] },
      { folder: 'k/tests/all/', findings: [finding('Deployment test-web runs 3 pods.')] },
      { folder: 'k/tests/none/', findings: [finding('Elsewhere.', 9)] },
    ]);
    assert.deepEqual(
      merged.map((f) => f.message),
      [
        // The build rooted at the shared folder is named by that folder.
        'Deployment web runs 3 pods. (in the kustomize builds of k, k/tests/all; as built by k)',
        'Elsewhere. (in the kustomize build of k/tests/none)',
      ],
    );
  });
});
