import { strict as assert } from 'node:assert';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import { templateExpressionOffsets } from '../../../src/assistants/k8s/template-expressions';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * A manifest is a template only where its `{{ … }}` is YAML structure; `{{` inside strings, block scalars,
 * plain scalars and comments is data. Decided per document; a Helm chart's templates stay one notice per file.
 */

const deployment = (name: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: shop/app:1.0',
  ].join('\n');

const kinds = (text: string, file = 'k8s/all.yaml') => parseManifest(file, text).objects.map((o) => o.kind);

describe('k8s templates by parsing', () => {
  it('a Grafana legendFormat "{{state}}" in a dashboard ConfigMap is data: the file is read whole', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: dashboards}',
      'data:',
      '  board.json: |',
      '    {"targets": [{"legendFormat": "{{state}}"}]}',
      '  inline: "{{ $labels.pod }}"',
      '---',
      deployment('web'),
    ].join('\n');
    const parsed = parseManifest('k8s/all.yaml', text);
    assert.deepEqual(
      parsed.objects.map((o) => o.kind),
      ['ConfigMap', 'Deployment'],
    );
    assert.deepEqual(parsed.errors, []);
  });

  it("a PrometheusRule description '{{ $labels.x }}' and a sed placeholder in a shell line are data", () => {
    const rule = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: {name: rules}',
      'spec:',
      '  groups:',
      '    - name: g',
      '      rules:',
      '        - alert: Down',
      "          annotations: {description: '{{ $labels.instance }} is down'}",
    ].join('\n');
    const job = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: render}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: sed',
      '          image: busybox:1.36',
      '          command: [sh, -c]',
      '          args:',
      '            - sed -i s/{{HOST}}/example.org/ /etc/app.conf',
    ].join('\n');
    assert.deepEqual(kinds(`${rule}\n---\n${job}\n`), ['PrometheusRule', 'Job']);
  });

  it('`{{` where YAML expects a value is a template even when the document happens to parse', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  replicas: {{ .Values.n }}\n';
    const parsed = parseManifest('k8s/cm.yaml', text);
    assert.deepEqual(parsed.objects, []);
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0].kind, 'unsupported');
    assert.deepEqual(parsed.errors[0].range?.start, { line: 4, character: 12 });
  });

  it('per document: a templated document is skipped, the others in the file are analysed, one notice says which', () => {
    const text = [
      deployment('web'),
      '---',
      '{{- if .Values.autoscaling.enabled }}',
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata: {name: web}',
      '{{- end }}',
      '---',
      deployment('api'),
    ].join('\n');
    const parsed = parseManifest('k8s/all.yaml', text);
    assert.deepEqual(
      parsed.objects.map((o) => o.name),
      ['web', 'api'],
    );
    assert.equal(parsed.errors.length, 1);
    assert.equal(parsed.errors[0].kind, 'unsupported');
    assert.match(parsed.errors[0].message, /1 of 3 documents are templates \(documents 2;/);
    assert.equal(parsed.errors[0].range?.start.line, 15);
    assert.equal(parsed.template, false);
  });

  it('{{ in a comment, a quoted string, a block scalar or a plain scalar is not structure; in a flow list it is', () => {
    assert.deepEqual(templateExpressionOffsets('a: b # {{ c }}\n'), []);
    assert.deepEqual(templateExpressionOffsets('a: "{{ c }}"\nb: |\n  {{ d }}\nc: x {{ e }}\n'), []);
    assert.deepEqual(templateExpressionOffsets('args: [echo {{x}}]\n'), [12]);
    assert.equal(templateExpressionOffsets('{{- if .Values.on }}\na: 1\n{{- end }}\n')[0], 0);
  });

  it('a flow map nested right away ({ {a: 1} }) is not mistaken for a template when written with a space', () => {
    assert.deepEqual(templateExpressionOffsets('a: { {b: 1}: c }\n'), []);
  });

  describe('Helm charts stay reported once per template file', () => {
    const quotedOnly = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: "{{ .Release.Name }}-config"',
      'data:',
      '  mode: "{{ .Values.mode }}"',
    ].join('\n');

    it('a file under templates/ of a chart (Chart.yaml beside it) is rendered, not read as written', async () => {
      const workspace = memoryWorkspace({
        'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
        'charts/shop/templates/config.yaml': quotedOnly,
      });
      const result = await analyzeDocument(
        k8sAssistant,
        { file: 'charts/shop/templates/config.yaml', text: quotedOnly },
        DEFAULT_CONFIG,
        undefined,
        { workspace },
      );
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.errors, []);
    });

    it('a template that does not render keeps the one notice, with the reason, at the action at fault', async () => {
      const failing = quotedOnly.replace('.Values.mode', 'required "mode is required" .Values.mode');
      const workspace = memoryWorkspace({
        'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
        'charts/shop/templates/config.yaml': failing,
      });
      const result = await analyzeDocument(
        k8sAssistant,
        { file: 'charts/shop/templates/config.yaml', text: failing },
        DEFAULT_CONFIG,
        undefined,
        { workspace },
      );
      assert.deepEqual(result.findings, []);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0].kind, 'unsupported');
      assert.match(result.errors[0].message, /Helm chart template .*the chart fails: mode is required/);
      assert.deepEqual(result.errors[0].range?.start, { line: 5, character: 9 });
    });

    it('the same text outside a chart is read: its {{ are inside strings', () => {
      assert.deepEqual(kinds(quotedOnly, 'k8s/config.yaml'), ['ConfigMap']);
    });

    it('a chart template without any {{ (a static CRD, say) is read as YAML', () => {
      const parsed = parseManifest('charts/shop/templates/static.yaml', deployment('static'), { chartTemplate: true });
      assert.deepEqual(
        parsed.objects.map((o) => o.name),
        ['static'],
      );
    });
  });
});
