import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import type { AnalysisConfig } from '../../../src/core/config';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { suppressionEdit } from '../../../src/core/suppression';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyEdits, applyPreferredFixes, preferredFix } from '../helpers/apply-edits';

/**
 * What the fixture harness (rule-fixtures.test.ts) cannot say with markers: the finding's content, the fix's
 * respect for comments and line endings, and how non-Kubernetes, templated and broken files are treated.
 */

const RULE = 'workload-replicas-with-hpa';
const DIR = path.resolve(__dirname, '../../fixtures/k8s', RULE);
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

async function analyze(text: string, file = 'k8s/app.yaml', config: AnalysisConfig = DEFAULT_CONFIG) {
  return analyzeDocument(k8sAssistant, { file, text }, config);
}

const ofRule = (findings: Finding[]) => findings.filter((f) => f.ruleId === RULE);

/** Every `#` comment's text, in order, whether on its own line or after a value (fixtures quote no '#'). */
function comments(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => /(?:^|\s)(#.*)$/.exec(line)?.[1].trim())
    .filter((c): c is string => c !== undefined);
}
const commentLines = (text: string) => text.split(/\r\n|\r|\n/).filter((l) => /^\s*#/.test(l)).length;

const badFixtures = fs.readdirSync(DIR).filter((n) => /^bad.*\.ya?ml$/.test(n) && !n.includes('.fixed.'));

describe(`k8s ${RULE}`, () => {
  describe('the finding on bad.yaml', () => {
    let finding: Finding;
    const text = read('bad.yaml');

    before(async () => {
      const result = await analyze(text);
      assert.deepEqual(result.errors, []);
      assert.equal(ofRule(result.findings).length, 1);
      finding = ofRule(result.findings)[0];
    });

    it('covers exactly `replicas: 3` (key to end of value, no trailing comment)', () => {
      const line = text.split('\n')[finding.range.start.line];
      assert.equal(line, '  replicas: 3 # three pods survived the last load test');
      assert.deepEqual(finding.range, { start: { line: 11, character: 2 }, end: { line: 11, character: 13 } });
    });

    it('carries the rule’s metadata', () => {
      assert.equal(finding.assistant, 'k8s');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.impact, 'high');
      assert.equal(finding.effort, 'small');
      assert.equal(finding.file, 'k8s/app.yaml');
    });

    it('names the workload, the pinned count and the HPA', () => {
      assert.match(
        finding.message,
        /^Deployment catalog-api sets spec\.replicas: 3 while HorizontalPodAutoscaler catalog-api scales it/,
      );
      assert.match(finding.message, /minReplicas/);
    });

    it('points related information at the HPA’s scaleTargetRef', () => {
      assert.equal(finding.related?.length, 1);
      const related = finding.related![0];
      assert.equal(related.file, 'k8s/app.yaml');
      assert.equal(text.split('\n')[related.range.start.line], '  scaleTargetRef:');
      assert.match(related.message, /HorizontalPodAutoscaler catalog-api scales Deployment catalog-api/);
    });

    it('offers one preferred fix that warns about the kubectl apply migration', () => {
      assert.equal(finding.fixes?.length, 1);
      const fix = preferredFix(finding)!;
      assert.equal(fix.isPreferred, true);
      assert.match(fix.title, /^Remove spec\.replicas/);
      assert.match(fix.detail ?? '', /kubectl apply edit-last-applied deployment\/catalog-api/);
      assert.equal(fix.edits.length, 1);
      assert.equal(fix.edits[0].file, 'k8s/app.yaml');
    });
  });

  describe('the fix keeps every comment', () => {
    for (const name of badFixtures) {
      it(name, async () => {
        const text = read(name);
        const fixed = applyPreferredFixes(text, 'k8s/app.yaml', ofRule((await analyze(text)).findings));
        assert.notEqual(fixed, text, 'nothing was fixed');
        assert.deepEqual(comments(fixed), comments(text), 'comment texts and order');
        // Trailing comments of removed lines move onto lines of their own; none is lost.
        const moved = comments(text).length - commentLines(text);
        assert.ok(commentLines(fixed) >= commentLines(text), 'no comment line removed');
        assert.ok(commentLines(fixed) <= commentLines(text) + moved);
      });
    }

    it('bad.yaml: the trailing comment stays, on its own line, indented like the field', async () => {
      const text = read('bad.yaml');
      const fixed = applyPreferredFixes(text, 'k8s/app.yaml', ofRule((await analyze(text)).findings));
      assert.equal(commentLines(fixed), commentLines(text) + 1);
      assert.ok(
        fixed.includes(
          '\n  # expect-next-line workload-replicas-with-hpa\n  # three pods survived the last load test\n  selector:\n',
        ),
      );
    });
  });

  describe('line endings', () => {
    it('CRLF: same finding lines, and the fix writes CRLF only', async () => {
      const lf = read('bad.yaml');
      const crlf = lf.replace(/\n/g, '\r\n');
      const a = ofRule((await analyze(lf)).findings);
      const b = ofRule((await analyze(crlf)).findings);
      assert.deepEqual(
        b.map((f) => f.range),
        a.map((f) => f.range),
      );
      const edit = preferredFix(b[0])!.edits[0];
      assert.equal(edit.newText, '  # three pods survived the last load test\r\n');
      const fixed = applyEdits(crlf, [edit]);
      assert.equal(fixed, read('bad.fixed.yaml').replace(/\n/g, '\r\n'));
      assert.ok(!/[^\r]\n/.test(fixed), 'no bare LF introduced');
    });

    it('a replicas line at the very end of a file without a final newline', async () => {
      const text =
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n' +
        '  scaleTargetRef: {kind: Deployment, name: web}\n---\napiVersion: apps/v1\nkind: Deployment\n' +
        'metadata:\n  name: web\nspec:\n  selector: {}\n  replicas: 3';
      const fixed = applyPreferredFixes(text, 'k8s/app.yaml', ofRule((await analyze(text)).findings));
      assert.ok(fixed.endsWith('spec:\n  selector: {}\n'), JSON.stringify(fixed.slice(-40)));
    });
  });

  describe('files that are not plain Kubernetes YAML', () => {
    it('a Helm template yields no finding and one "unsupported" error', async () => {
      const result = await analyze(read('good-helm-template.yaml'), 'chart/templates/deployment.yaml');
      assert.deepEqual(result.findings, []);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0].kind, 'unsupported');
      assert.equal(result.errors[0].file, 'chart/templates/deployment.yaml');
      assert.match(result.errors[0].message, /template/);
      assert.match(result.errors[0].message, /helm template/);
    });

    it('a GitHub Actions workflow (with ${{ }} expressions) yields no finding and no error', async () => {
      const result = await analyze(read('good-github-workflow.yaml'), '.github/workflows/deploy.yaml');
      assert.deepEqual(result.findings, []);
      assert.deepEqual(result.errors, []);
    });

    it('a template expression inside a plain string is data: the file is analysed', async () => {
      const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: ${{ github.sha }} {{ .Values.x }}\n';
      const result = await analyze(text);
      assert.deepEqual(result.errors, []);
    });

    it('`{{` inside a comment does not make a file a template', async () => {
      const text = read('bad.yaml').replace('# Owned by team storefront.', '# Rendered from {{ .Values.chart }} once.');
      const result = await analyze(text);
      assert.deepEqual(result.errors, []);
      assert.equal(ofRule(result.findings).length, 1);
    });

    it('broken YAML: one "parse" error with a range in the broken document; the valid documents are still analysed', async () => {
      const text = read('bad-broken-yaml.yaml');
      const result = await analyze(text);
      assert.equal(result.errors.length, 1);
      const [error] = result.errors;
      assert.equal(error.kind, 'parse');
      assert.match(error.message, /^YAML syntax error: /);
      assert.ok(error.range, 'a parse error has a range');
      const lines = text.split('\n');
      const brokenDocStart = lines.indexOf('kind: ConfigMap');
      const brokenDocEnd = lines.lastIndexOf('---');
      assert.ok(
        error.range.start.line >= brokenDocStart - 1 && error.range.start.line < brokenDocEnd,
        `error at line ${error.range.start.line + 1}, broken document is lines ${brokenDocStart}–${brokenDocEnd}`,
      );
      const findings = ofRule(result.findings);
      assert.equal(findings.length, 1);
      assert.equal(lines[findings[0].range.start.line], '  replicas: 3');
    });

    it('an empty file and a comment-only file yield nothing', async () => {
      for (const text of ['', '# just a comment\n', '---\n']) {
        const result = await analyze(text);
        assert.deepEqual([result.findings, result.errors], [[], []], JSON.stringify(text));
      }
    });
  });

  describe('JSON', () => {
    // A JSON file holds one object, so the Deployment and its HPA cannot share a file (a `List` is not
    // expanded); the HPA comes from the workspace instead.
    const hpa =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: catalog-api-hpa\nspec:\n' +
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: catalog-api}\n  maxReplicas: 5\n';

    it('a JSON Deployment alone parses cleanly and has no finding', async () => {
      const result = await analyze(read('good-deployment.json'), 'k8s/deploy.json');
      // Other rules may speak about a lone 3-replica Deployment (no PDB, no spread); this rule must not.
      assert.deepEqual([ofRule(result.findings), result.errors], [[], []]);
    });

    it('a JSON Deployment scaled by an HPA in another file: finding, and the fix leaves valid JSON without a blank line', async () => {
      const json = read('good-deployment.json');
      const workspace = memoryWorkspace({ 'k8s/deploy.json': json, 'k8s/hpa.yaml': hpa });
      const result = await analyzeDocument(
        k8sAssistant,
        { file: 'k8s/deploy.json', text: json },
        DEFAULT_CONFIG,
        undefined,
        { workspace },
      );
      const [finding] = ofRule(result.findings);
      assert.ok(finding, 'finding');
      assert.equal(json.split('\n')[finding.range.start.line], '    "replicas": 3,');
      assert.equal(finding.related?.[0].file, 'k8s/hpa.yaml');
      const fixed = applyPreferredFixes(json, 'k8s/deploy.json', [finding]);
      assert.equal(fixed, json.replace('    "replicas": 3,\n', ''));
      assert.equal(JSON.parse(fixed).spec.replicas, undefined);
    });
  });

  describe('with the rest of the pipeline', () => {
    it('"Disable for this line" (suppressionEdit) silences the finding and keeps the other comments', async () => {
      const text = read('bad.yaml');
      const [finding] = ofRule((await analyze(text)).findings);
      const edit = suppressionEdit(text, 'k8s/app.yaml', finding.range.start.line, RULE)!;
      const suppressed = applyEdits(text, [edit]);
      assert.deepEqual(ofRule((await analyze(suppressed)).findings), []);
      assert.equal(comments(suppressed).length, comments(text).length + 1);
    });

    it('extending an existing directive above the line works too', async () => {
      const text = read('bad.yaml').replace(
        '  # expect-next-line workload-replicas-with-hpa\n',
        '  # expect-next-line workload-replicas-with-hpa\n  # scaling-assistant-disable-next-line some-other-rule\n',
      );
      const [finding] = ofRule((await analyze(text)).findings);
      const suppressed = applyEdits(text, [suppressionEdit(text, 'k8s/app.yaml', finding.range.start.line, RULE)!]);
      assert.ok(
        suppressed.includes('# scaling-assistant-disable-next-line some-other-rule, workload-replicas-with-hpa\n'),
      );
      assert.deepEqual(ofRule((await analyze(suppressed)).findings), []);
    });

    it('the rule can be disabled or re-graded in settings', async () => {
      const text = read('bad.yaml');
      assert.deepEqual(
        ofRule((await analyze(text, 'a.yaml', { ...DEFAULT_CONFIG, disabledRules: [RULE] })).findings),
        [],
      );
      assert.deepEqual(
        ofRule((await analyze(text, 'a.yaml', { ...DEFAULT_CONFIG, severityOverrides: { [RULE]: 'off' } })).findings),
        [],
      );
      const regraded = await analyze(text, 'a.yaml', { ...DEFAULT_CONFIG, severityOverrides: { [RULE]: 'error' } });
      assert.deepEqual(
        ofRule(regraded.findings).map((f) => f.severity),
        ['error'],
      );
    });

    it('over budget: "skipped: over budget" instead of findings', async () => {
      const result = await analyze(read('bad.yaml'), 'a.yaml', { ...DEFAULT_CONFIG, budgetMs: -1 });
      assert.deepEqual(result.findings, []);
      assert.deepEqual(
        result.errors.map((e) => e.kind),
        ['budget'],
      );
      assert.ok(result.errors[0].message.startsWith('skipped: over budget'));
    });

    it('cancelled: nothing reported', async () => {
      const controller = new AbortController();
      controller.abort();
      const result = await analyzeDocument(
        k8sAssistant,
        { file: 'a.yaml', text: read('bad.yaml') },
        DEFAULT_CONFIG,
        controller.signal,
      );
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.findings, []);
    });

    it('findings come back sorted by position', async () => {
      const result = await analyze(read('bad-variants.yaml'));
      const lines = result.findings.map((f) => f.range.start.line);
      assert.deepEqual(
        lines,
        [...lines].sort((a, b) => a - b),
      );
      assert.equal(ofRule(result.findings).length, 3);
    });
  });

  it('two HPAs on one workload: one finding and one fix, not two overlapping ones', async () => {
    const text = read('bad-variants.yaml');
    const findings = ofRule((await analyze(text)).findings);
    const orders = findings.filter((f) => f.message.startsWith('Deployment orders '));
    assert.equal(orders.length, 1);
    assert.match(orders[0].message, /HorizontalPodAutoscaler orders-(cpu|memory) scales it/);
  });
});
