import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { createK8sAssistant } from '../../../src/assistants/k8s/index';
import type { Finding, AnalysisError } from '../../../src/core/finding';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { fixtureTexts } from './fixture-texts';

/**
 * A Helm chart is rendered in memory and reviewed: each finding lands where its text was written (a literal of a
 * template, or the values.yaml line that set the value), and a fix is offered only where editing that text gives
 * the rendered object the fix means. The chart under test/fixtures/k8s-helm/webshop is our own.
 */

const ROOT = path.resolve(__dirname, '../../fixtures/k8s-helm/webshop');

const chartTexts = () => fixtureTexts(ROOT, 'webshop');

async function analyse(file: string, texts = chartTexts()): Promise<{ findings: Finding[]; errors: AnalysisError[] }> {
  const text = texts.get(file);
  assert.ok(text !== undefined, file);
  return analyzeDocument(createK8sAssistant(), { file, text }, DEFAULT_CONFIG, undefined, {
    workspace: memoryWorkspace(texts),
  });
}

const byRule = (findings: readonly Finding[], ruleId: string) => findings.find((f) => f.ruleId === ruleId);

describe('Helm charts reviewed as rendered', () => {
  it('a value printed as it is: the finding and its fix are on the values.yaml line', async () => {
    const { findings, errors } = await analyse('webshop/values.yaml');
    assert.deepEqual(errors, []);
    const min = byRule(findings, 'hpa-min-replicas-below-two');
    assert.ok(min);
    assert.equal(min.file, 'webshop/values.yaml');
    assert.deepEqual(min.range.start, { line: 15, character: 15 });
    assert.deepEqual(min.fixes?.[0].edits, [
      {
        file: 'webshop/values.yaml',
        range: { start: { line: 15, character: 15 }, end: { line: 15, character: 16 } },
        newText: '2',
      },
    ]);
  });

  it('a fix that would delete a template line holding a value is not offered (the key is the template, the value is values.yaml)', async () => {
    const { findings } = await analyse('webshop/values.yaml');
    const replicas = byRule(findings, 'workload-replicas-with-hpa');
    assert.ok(replicas);
    assert.deepEqual(replicas.range.start, { line: 1, character: 14 });
    assert.equal(replicas.fixes?.length ?? 0, 0);
  });

  it('a literal of the template: the finding and its fix are on the template', async () => {
    const { findings, errors } = await analyse('webshop/templates/pdb.yaml');
    assert.deepEqual(errors, []);
    const pdb = byRule(findings, 'pdb-blocks-disruption');
    assert.ok(pdb);
    assert.deepEqual(pdb.range.start, { line: 5, character: 2 });
    assert.deepEqual(pdb.fixes?.[0].edits, [
      {
        file: 'webshop/templates/pdb.yaml',
        range: { start: { line: 5, character: 18 }, end: { line: 5, character: 19 } },
        newText: '1',
      },
    ]);
  });

  it('objects relate across the chart: the Deployment is served by the Service and scaled by the HPA of other templates', async () => {
    const { findings, errors } = await analyse('webshop/templates/deployment.yaml');
    assert.deepEqual(errors, []);
    const probe = byRule(findings, 'readiness-probe-missing');
    assert.ok(probe);
    assert.match(
      probe.message,
      /Deployment release-webshop .*Service release-webshop .*HorizontalPodAutoscaler release-webshop/,
    );
    assert.deepEqual(
      probe.related?.map((r) => r.file),
      ['webshop/templates/service.yaml', 'webshop/templates/hpa.yaml'],
    );
    // A map a helper's include wrote into is not one text: no fix inserts into it.
    assert.equal(probe.fixes?.length ?? 0, 0);
  });

  it('a finding about a value only values.yaml wrote is not also reported on the template', async () => {
    const { findings } = await analyse('webshop/templates/hpa.yaml');
    assert.equal(byRule(findings, 'hpa-min-replicas-below-two'), undefined);
  });

  it('a template rendered with the default values to nothing has no findings and no notice', async () => {
    const texts = chartTexts();
    texts.set('webshop/values.yaml', texts.get('webshop/values.yaml')!.replace('enabled: true', 'enabled: false'));
    const { findings, errors } = await analyse('webshop/templates/hpa.yaml', texts);
    assert.deepEqual(findings, []);
    assert.deepEqual(errors, []);
  });

  it('an edit of values.yaml renders the chart again; the engine keeps the render while the chart is unchanged', async () => {
    const texts = chartTexts();
    const engine = createK8sAssistant();
    const workspace = memoryWorkspace(texts);
    const run = (file: string, text: string) =>
      analyzeDocument(engine, { file, text }, DEFAULT_CONFIG, undefined, { workspace });
    const values = texts.get('webshop/values.yaml')!;
    assert.ok(byRule((await run('webshop/values.yaml', values)).findings, 'hpa-min-replicas-below-two'));
    assert.ok(
      byRule(
        (await run('webshop/templates/pdb.yaml', texts.get('webshop/templates/pdb.yaml')!)).findings,
        'pdb-blocks-disruption',
      ),
    );
    const edited = values.replace('minReplicas: 1', 'minReplicas: 2');
    assert.equal(byRule((await run('webshop/values.yaml', edited)).findings, 'hpa-min-replicas-below-two'), undefined);
  });

  it('a template that fails keeps the notice with its reason; the others are analysed', async () => {
    const texts = chartTexts();
    texts.set(
      'webshop/templates/secret.yaml',
      'kind: Secret\npassword: {{ required "set auth.password" .Values.auth.password }}\n',
    );
    texts.set('webshop/values.yaml', `${texts.get('webshop/values.yaml')}\nauth: {}\n`);
    const broken = await analyse('webshop/templates/secret.yaml', texts);
    assert.deepEqual(broken.findings, []);
    assert.equal(broken.errors.length, 1);
    assert.match(broken.errors[0].message, /not analysed: Helm chart template .*the chart fails: set auth.password/);
    assert.deepEqual(broken.errors[0].range?.start, { line: 1, character: 10 });
    const values = await analyse('webshop/values.yaml', texts);
    assert.ok(byRule(values.findings, 'hpa-min-replicas-below-two'));
  });

  it('an enabled dependency that is not vendored: the render says it is partial and absence checks hold back', async () => {
    const texts = chartTexts();
    texts.set(
      'webshop/Chart.yaml',
      `${texts.get('webshop/Chart.yaml')}dependencies:\n  - name: cache\n    version: 1.x\n    repository: oci://example/charts\n`,
    );
    const { errors } = await analyse('webshop/Chart.yaml', texts);
    assert.ok(errors.some((e) => e.kind === 'partial' && /chart dependency `cache` is not vendored/.test(e.message)));
  });

  it('hostile templates end in a notice, never a crash or a hang', async () => {
    const texts = chartTexts();
    texts.set('webshop/templates/loop.yaml', '{{ define "x" }}{{ include "x" . }}{{ end }}{{ include "x" . }}');
    texts.set('webshop/templates/bad.yaml', 'a: {{ .Values.x\n');
    for (const file of ['webshop/templates/loop.yaml', 'webshop/templates/bad.yaml']) {
      const { errors } = await analyse(file, texts);
      assert.equal(errors.length, 1, file);
      assert.match(errors[0].message, /not analysed: Helm chart template/);
    }
  });
});
