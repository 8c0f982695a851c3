import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { check } from '../../../src/cli/check';
import type { JsonReport } from '../../../src/cli/format-json';
import { main } from '../../../src/cli/main';
import { selectAssistants } from '../../../src/cli/check-command';
import { MAX_FILE_BYTES } from '../../../src/cli/read-source';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { makeWorkspace, removeWorkspace, run, runJson } from './workspace';

const RULE = 'workload-replicas-with-hpa';

/** The proving rule's findings: other rules may flag the fixtures too as they land. */
const ofRule = <T extends { ruleId: string }>(findings: T[]) => findings.filter((f) => f.ruleId === RULE);

describe('cli check', () => {
  let root: string;
  before(async () => {
    root = await makeWorkspace();
  });
  after(() => removeWorkspace(root));

  describe('json', () => {
    it('prints exactly the contract: version 1, findings and errors, pretty-printed with 2 spaces', async () => {
      const { json, stdout, code } = await runJson(['check', '.'], root);
      assert.equal(code, 0);
      assert.deepEqual(Object.keys(json), ['version', 'findings', 'errors']);
      assert.equal(json.version, 1);
      assert.equal(stdout, `${JSON.stringify(json, null, 2)}\n`);
      for (const finding of json.findings) {
        assert.deepEqual(Object.keys(finding), [
          'file',
          'assistant',
          'ruleId',
          'severity',
          'message',
          'range',
          'related',
          'impact',
          'effort',
          // Evidence only where a finding has some (a measurement, a cost estimate).
          ...(finding.evidence ? ['evidence'] : []),
          'fixes',
        ]);
      }
    });

    it('finds the pinned replicas, skipping ignored files, node_modules, the good and the suppressed manifest', async () => {
      const { json } = await runJson(['check', '.'], root);
      // Other rules may flag these manifests as they land; this test is about routing and skipping.
      const ours = json.findings.filter((f) => f.ruleId === RULE);
      assert.deepEqual(
        ours.map((f) => [f.file, f.ruleId, f.severity, f.range.start.line]),
        [
          ['k8s/app.yaml', RULE, 'warning', 6],
          ['k8s/keep.local.yaml', RULE, 'warning', 6],
          ['k8s/sub/only-here.yaml', RULE, 'warning', 6],
        ],
      );
      const [finding] = ours;
      assert.deepEqual(finding.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 13 } });
      assert.equal(finding.assistant, 'k8s');
      assert.equal(finding.impact, 'high');
      assert.equal(finding.effort, 'small');
      assert.match(finding.message, /Deployment web sets spec\.replicas: 3 while HorizontalPodAutoscaler web/);
      assert.deepEqual(
        finding.related?.map((r) => [r.file, r.range.start.line, r.message]),
        [['k8s/app.yaml', 52, 'HorizontalPodAutoscaler web scales Deployment web here']],
      );
      assert.equal(finding.fixes?.length, 1);
      assert.deepEqual(finding.fixes?.[0].edits, [
        {
          file: 'k8s/app.yaml',
          range: { start: { line: 6, character: 0 }, end: { line: 7, character: 0 } },
          newText: '',
        },
      ]);
    });

    it('turns broken YAML and a binary .yaml into errors while the good files in the same run still yield findings', async () => {
      const { json } = await runJson(['check', '.'], root);
      assert.deepEqual(json.errors[0], { file: 'binary.yaml', kind: 'read', message: 'skipped: binary file' });
      const parse = json.errors[1];
      assert.deepEqual(Object.keys(parse), ['file', 'kind', 'message', 'range']);
      assert.equal(parse.file, 'broken/broken.yaml');
      assert.equal(parse.kind, 'parse');
      assert.match(parse.message, /^YAML syntax error: /);
      assert.ok(parse.range && parse.range.start.line >= 5, 'a parse error carries the range of the bad line');
      assert.equal(json.errors.length, 2);
      assert.ok(json.findings.some((f) => f.file === 'k8s/app.yaml'));
    });

    it('is silent about YAML that is not Kubernetes (a GitHub workflow)', async () => {
      const { json, code } = await runJson(['check', '.github'], root);
      assert.deepEqual(json, { version: 1, findings: [], errors: [] });
      assert.equal(code, 0);
    });

    it('honours a suppression comment above the replicas line', async () => {
      const { json } = await runJson(['check', 'k8s/suppressed.yaml'], root);
      assert.deepEqual(ofRule(json.findings), []);
      const text = await fs.readFile(path.join(root, 'k8s/suppressed.yaml'), 'utf8');
      await fs.writeFile(path.join(root, 'unsuppressed.yaml'), text.replace(/^.*disable-next-line.*\n/m, ''));
      try {
        assert.equal(ofRule((await runJson(['check', 'unsuppressed.yaml'], root)).json.findings).length, 1);
      } finally {
        await fs.rm(path.join(root, 'unsuppressed.yaml'));
      }
    });

    it('analyses files named explicitly even when ignored or in node_modules', async () => {
      const { json } = await runJson(['check', 'node_modules/chart/deploy.yaml', 'generated/app.yaml'], root);
      assert.deepEqual(
        ofRule(json.findings).map((f) => f.file),
        ['generated/app.yaml', 'node_modules/chart/deploy.yaml'],
      );
    });

    it('names files relative to the cwd with forward slashes', async () => {
      const { json } = await runJson(['check', '../k8s/app.yaml'], path.join(root, 'broken'));
      const [finding] = ofRule(json.findings);
      assert.equal(finding.file, '../k8s/app.yaml');
      assert.equal(finding.fixes?.[0].edits[0].file, '../k8s/app.yaml');
    });
  });

  describe('across files', () => {
    const split = async () => {
      const text = await fs.readFile(path.join(root, 'k8s/app.yaml'), 'utf8');
      const [deployment, pdb, hpa] = text.replace(/\bweb\b/g, 'split').split(/^---\n/m);
      await fs.mkdir(path.join(root, 'split'), { recursive: true });
      await fs.writeFile(path.join(root, 'split/deployment.yaml'), `${deployment}---\n${pdb}`);
      await fs.writeFile(path.join(root, 'split/hpa.yaml'), hpa);
    };
    afterEach(() => fs.rm(path.join(root, 'split'), { recursive: true, force: true }));

    it('relates an HPA and its Deployment in different files among the paths given', async () => {
      await split();
      const { json } = await runJson(['check', 'split'], root);
      assert.deepEqual(
        ofRule(json.findings).map((f) => [f.file, f.ruleId, f.related?.[0]?.file]),
        [['split/deployment.yaml', RULE, 'split/hpa.yaml']],
      );
    });

    it('sees only the paths given: the Deployment alone has no HPA to conflict with', async () => {
      await split();
      const { json } = await runJson(['check', 'split/deployment.yaml'], root);
      assert.deepEqual(ofRule(json.findings), []);
    });
  });

  describe('text', () => {
    it('prints file:line:col severity rule message with 1-based positions, then errors, and a summary on stderr', async () => {
      const { stdout, stderr, code } = await run(['check', '.'], root);
      assert.equal(code, 0);
      const lines = stdout.trimEnd().split('\n');
      assert.ok(
        lines.some((l) =>
          /^k8s\/app\.yaml:7:3 warning workload-replicas-with-hpa Deployment web sets spec\.replicas: 3 /.test(l),
        ),
      );
      for (const line of lines)
        assert.match(line, /^\S+:\d+:\d+ (error|warning|info|hint) \S+ \S.*$|^\S+: error \w+ \S.*$/);
      const [binary, broken] = lines.slice(-2);
      assert.equal(binary, 'binary.yaml: error read skipped: binary file');
      assert.match(broken, /^broken\/broken\.yaml:\d+:\d+ error parse YAML syntax error: /);
      assert.match(
        stderr,
        /^\d+ findings? \((\d+ (errors?|warnings?|infos?|hints?)(, )?)+\) in 7 files, 2 analysis errors\n$/,
      );
      assert.ok(!stdout.includes('fix:'), 'fix titles only with --verbose');
    });

    it('with --verbose, adds related locations and fix titles indented under the finding', async () => {
      const { stdout } = await run(['check', 'k8s/app.yaml', '--verbose'], root);
      const lines = stdout.trimEnd().split('\n');
      const start = lines.findIndex((l) => l.includes(` ${RULE} `));
      const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
      assert.deepEqual(lines.slice(start + 1, end < 0 ? undefined : end), [
        '  related: k8s/app.yaml:53:3 HorizontalPodAutoscaler web scales Deployment web here',
        '  fix: Remove spec.replicas (let HorizontalPodAutoscaler web own the replica count)',
      ]);
    });

    it('prints nothing on stdout for a clean run, and says so in the summary', async () => {
      const { stdout, stderr } = await run(['check', 'k8s/good.yaml'], root);
      assert.equal(stdout, '');
      assert.equal(stderr, '0 findings in 1 file, 0 analysis errors\n');
    });
  });

  describe('assistants and limits', () => {
    it('points to decompose when the folder planner is asked for, and carries on with the rest', async () => {
      const { json, stderr, code } = await runJson(['check', 'k8s/app.yaml', '--assistant', 'decomposition,k8s'], root);
      assert.equal(code, 0);
      assert.match(
        stderr,
        /the decomposition planner plans a folder, not files: run `scaling-assistant decompose <folder>`/,
      );
      assert.equal(ofRule(json.findings).length, 1);
    });

    it('runs nothing a filter leaves out', async () => {
      const { json, stderr } = await runJson(['check', '.', '--assistant', 'decomposition'], root);
      assert.match(stderr, /the decomposition planner plans a folder/);
      assert.deepEqual(json, { version: 1, findings: [], errors: [] });
    });

    it('analyses a component file with the frontend optimizer', async () => {
      await fs.writeFile(path.join(root, 'Widget.tsx'), 'export const Widget = () => <img src="/a.png" />;\n');
      try {
        const { json } = await runJson(['check', 'Widget.tsx', '--assistant', 'react'], root);
        assert.deepEqual(json.errors, []);
        assert.deepEqual(
          json.findings.map((f: { ruleId: string }) => f.ruleId),
          ['img-without-dimensions'],
        );
      } finally {
        await fs.rm(path.join(root, 'Widget.tsx'));
      }
    });

    it('--ai without a key says so on stderr and still prints the static findings (test/unit/ai/cli-ai.test.ts covers the rest)', async () => {
      let stdout = '';
      let stderr = '';
      // An empty environment: whatever key the machine has, this test never reaches the network.
      const code = await main(['check', 'k8s/app.yaml', '--ai', '--format', 'json'], {
        cwd: root,
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        env: {},
      });
      assert.match(stderr, /deep review failed \(no-key\): No Anthropic API key: set ANTHROPIC_API_KEY to use --ai/);
      assert.equal(ofRule((JSON.parse(stdout) as JsonReport).findings).length, 1);
      assert.equal(code, 3);
    });

    it('skips a file over the size limit with a read error (5 MB by default)', async () => {
      assert.equal(MAX_FILE_BYTES, 5 * 1024 * 1024);
      const report = await check({
        paths: ['k8s/app.yaml', 'k8s/good.yaml'],
        cwd: root,
        assistants: selectAssistants(undefined, () => undefined),
        config: DEFAULT_CONFIG,
        // Just large enough for good.yaml; app.yaml is a few lines longer.
        maxFileBytes: (await fs.stat(path.join(root, 'k8s/good.yaml'))).size,
      });
      assert.deepEqual(ofRule(report.findings), []);
      assert.deepEqual(
        report.errors.map((e) => [e.file, e.kind]),
        [['k8s/app.yaml', 'read']],
      );
      assert.match(report.errors[0].message, /^skipped: .* is over the .* limit$/);
      assert.equal(report.filesAnalysed, 1);
    });

    it('reports an over-budget analysis as a budget error, not a crash', async () => {
      const deployment = (i: number) =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  replicas: 2\n`;
      await fs.writeFile(
        path.join(root, 'huge.yaml'),
        Array.from({ length: 2000 }, (_, i) => deployment(i)).join('---\n'),
      );
      try {
        // The workspace is parsed up front (prepare, outside any document's budget); running every rule over
        // 2,000 objects still takes far longer than 1 ms.
        const { json, code } = await runJson(['check', 'huge.yaml', '--budget-ms', '1'], root);
        assert.equal(code, 0);
        assert.deepEqual(json.findings, []);
        assert.deepEqual(
          json.errors.map((e) => [e.file, e.kind]),
          [['huge.yaml', 'budget']],
        );
        assert.match(json.errors[0].message, /over budget/);
      } finally {
        await fs.rm(path.join(root, 'huge.yaml'));
      }
    });
  });
});
