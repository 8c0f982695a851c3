import { strict as assert } from 'node:assert';
import { createK8sAssistant } from '../../../src/assistants/k8s/index';
import { workspaceDependency } from '../../../src/assistants/k8s/helm/workspace-dependencies';
import { renderChart } from '../../../src/assistants/k8s/helm/chart';
import type { Finding, AnalysisError } from '../../../src/core/finding';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * A chart collection keeps its library chart beside the charts that use it and does not vendor it: the render
 * takes the workspace's chart for the dependency, as `helm dependency build` would fetch it.
 */

const LIBRARY = {
  'lib/base/Chart.yaml': 'apiVersion: v2\nname: base\ntype: library\nversion: 2.4.1\n',
  'lib/base/templates/_names.tpl':
    '{{- define "base.fullname" -}}\n{{ .Release.Name }}-{{ .Chart.Name }}\n{{- end }}\n',
};

function app(name: string, dependency: string): Record<string, string> {
  return {
    [`apps/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\ndependencies:\n${dependency}`,
    [`apps/${name}/values.yaml`]: 'replicaCount: 2\n',
    [`apps/${name}/templates/deployment.yaml`]: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "base.fullname" . }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: registry.example/web:1.0.0',
      '',
    ].join('\n'),
  };
}

async function analyse(
  texts: Record<string, string>,
  file: string,
): Promise<{ findings: Finding[]; errors: AnalysisError[] }> {
  return analyzeDocument(createK8sAssistant(), { file, text: texts[file] }, DEFAULT_CONFIG, undefined, {
    workspace: memoryWorkspace(texts),
  });
}

describe('Helm chart dependencies from the workspace', () => {
  it('by file:// path, or by name where the version admits it', async () => {
    const texts = {
      ...LIBRARY,
      ...app('byPath', '  - name: base\n    version: 9.x\n    repository: file://../../lib/base\n'),
      ...app('byName', '  - name: base\n    version: 2.x.x\n    repository: oci://charts.example/lib\n'),
    };
    for (const name of ['byPath', 'byName']) {
      const { findings, errors } = await analyse(texts, `apps/${name}/templates/deployment.yaml`);
      assert.deepEqual(errors, [], name);
      // Rendered and reviewed: the library's helper named the object, in the app chart's context.
      const missing = findings.find((f) => f.ruleId === 'pdb-missing');
      assert.match(missing?.message ?? '', new RegExp(`Deployment release-${name} runs at least 2 pods`), name);
    }
  });

  it('a version the constraint does not admit is not taken: the dependency is named as not vendored', async () => {
    const texts = {
      ...LIBRARY,
      ...app('newer', '  - name: base\n    version: 3.x.x\n    repository: oci://charts.example/lib\n'),
    };
    const { errors } = await analyse(texts, 'apps/newer/templates/deployment.yaml');
    assert.ok(
      errors.some((e) => /needs chart dependency `base` \(not vendored/.test(e.message)),
      JSON.stringify(errors),
    );
  });

  it("the parent reads a dependency's default values under its name, its own section winning", () => {
    const texts: Record<string, string> = {
      'p/Chart.yaml': 'apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n  - name: queue\n    version: 1.x\n',
      'p/values.yaml': 'queue:\n  broker:\n    heap: 2g\n',
      'p/templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  replicas: {{ .Values.queue.broker.replicaCount | quote }}\n  heap: {{ .Values.queue.broker.heap }}\n',
      'p/charts/queue/Chart.yaml': 'apiVersion: v2\nname: queue\nversion: 1.2.0\n',
      'p/charts/queue/values.yaml': 'broker:\n  replicaCount: 3\n  heap: 1g\n',
    };
    const render = renderChart('p/', { files: Object.keys(texts), text: (f) => texts[f], clusterVersion: '1.30' });
    const output = render.templates.find((t) => t.file === 'p/templates/cm.yaml')?.output?.toString() ?? '';
    assert.match(output, /replicas: "3"\n {2}heap: 2g/);
  });

  it('resolves file:// paths segment by segment, also on URIs', () => {
    const charts = [
      { folder: 'file:///w/lib/base/', name: 'base', version: '2.4.1' },
      { folder: 'file:///w/apps/base/', name: 'base', version: '1.0.0' },
    ];
    assert.equal(
      workspaceDependency(charts, 'file:///w/apps/web/', { name: 'base', repository: 'file://../../lib/base' }),
      'file:///w/lib/base/',
    );
    assert.equal(
      workspaceDependency(charts, 'file:///w/apps/web/', { name: 'base', version: '^1.0', repository: 'oci://x' }),
      'file:///w/apps/base/',
    );
    assert.equal(
      workspaceDependency(charts, 'file:///w/apps/web/', { name: 'other', repository: 'oci://x' }),
      undefined,
    );
  });
});
