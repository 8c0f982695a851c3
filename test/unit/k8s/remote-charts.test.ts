import { strict as assert } from 'node:assert';
import { createK8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';

/** GitOps objects that install a chart from a repository say that what they deploy is not reviewed. */

async function errorsOf(text: string) {
  const { errors } = await analyzeDocument(createK8sAssistant(), { file: 'gitops/app.yaml', text }, DEFAULT_CONFIG);
  return errors;
}

describe('charts installed from a repository', () => {
  it('a Flux HelmRelease from a HelmRepository: one notice on its chart line', async () => {
    const errors = await errorsOf(
      'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: shop\nspec:\n  chart:\n    spec:\n      chart: shop\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n',
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0].kind, 'partial');
    assert.match(errors[0].message, /HelmRelease shop installs Helm chart shop from a chart repository/);
    assert.equal(errors[0].range?.start.line, 7);
  });

  it('an Argo CD Application with a chart, and not one with a path; a HelmRelease from a GitRepository is silent', async () => {
    const argo = (source: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\nspec:\n  source:\n${source}`;
    assert.equal((await errorsOf(argo('    repoURL: https://charts.example\n    chart: web\n'))).length, 1);
    assert.deepEqual(await errorsOf(argo('    repoURL: https://git.example/web\n    path: deploy\n')), []);
    assert.deepEqual(
      await errorsOf(
        'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: shop\nspec:\n  chart:\n    spec:\n      chart: ./charts/shop\n      sourceRef:\n        kind: GitRepository\n        name: repo\n',
      ),
      [],
    );
  });
});
