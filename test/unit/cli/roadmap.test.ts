import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, UsageError } from '../../../src/cli/args';
import type { RoadmapPlan, Task } from '../../../src/roadmap/model';
import { REPO_ROOT, run } from './workspace';

const SAMPLE = 'samples/workshop-ecommerce';
const tasks = (plan: RoadmapPlan): Task[] => plan.phases.flatMap((p) => p.tasks);

describe('cli roadmap', () => {
  describe('arguments', () => {
    it('parses the folder, --assessment, --format, --budget-ms and --cluster-version; markdown by default', () => {
      assert.deepEqual(parseArgs(['roadmap', '.']), { kind: 'roadmap', folder: '.', format: 'markdown' });
      assert.deepEqual(
        parseArgs([
          'roadmap',
          'shop',
          '--assessment=a.json',
          '--format',
          'json',
          '--budget-ms',
          '500',
          '--cluster-version',
          '1.33',
        ]),
        {
          kind: 'roadmap',
          folder: 'shop',
          assessment: 'a.json',
          format: 'json',
          budgetMs: 500,
          clusterVersion: '1.33',
        },
      );
    });

    const usageErrors: Array<[string[], RegExp]> = [
      [['roadmap'], /roadmap needs the workspace folder/],
      [['roadmap', 'a', 'b'], /roadmap plans for one folder, not 2: a, b/],
      [['roadmap', '.', '--format', 'sarif'], /--format: unknown value "sarif" \(expected markdown, json\)/],
      [['roadmap', '.', '--fail-on', 'error'], /unknown option: --fail-on/],
      [['roadmap', '.', '--assessment'], /--assessment needs a value/],
      [['roadmap', '.', '--assessment='], /--assessment needs a file/],
      [['roadmap', '.', '--cluster-version', '2'], /--cluster-version needs a Kubernetes version/],
    ];
    for (const [argv, message] of usageErrors) {
      it(`rejects ${JSON.stringify(argv)}`, () => {
        assert.throws(
          () => parseArgs(argv),
          (error: unknown) => error instanceof UsageError && message.test(error.message),
        );
      });
    }

    it('exits 2 with a pointer to --help on bad flags, and 2 for a folder that does not exist', async () => {
      const bad = await run(['roadmap', SAMPLE, '--format', 'yaml'], REPO_ROOT);
      assert.equal(bad.code, 2);
      assert.equal(bad.stdout, '');
      assert.match(bad.stderr, /--format: unknown value "yaml"[\s\S]*Run "scaling-assistant --help" for usage\./);
      const missing = await run(['roadmap', 'no/such/folder'], REPO_ROOT);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no\/such\/folder: no such folder/);
      const file = await run(['roadmap', `${SAMPLE}/k8s/api.yaml`], REPO_ROOT);
      assert.equal(file.code, 2);
      assert.match(file.stderr, /not a folder/);
    });

    it('is in the usage text', async () => {
      const help = await run(['--help'], REPO_ROOT);
      assert.match(help.stdout, /roadmap <folder>/);
      assert.match(help.stdout, /--assessment <file>/);
      assert.match(help.stdout, /--format <markdown\|json>/);
    });
  });

  describe('on the workshop sample', () => {
    let json: RoadmapPlan;
    let stdout: string;
    before(async () => {
      const result = await run(['roadmap', SAMPLE, '--format', 'json'], REPO_ROOT);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      stdout = result.stdout;
      json = JSON.parse(stdout) as RoadmapPlan;
    });

    it('prints the RoadmapPlan as pretty JSON (2 spaces) with the four phases', () => {
      assert.equal(stdout, `${JSON.stringify(json, null, 2)}\n`);
      assert.deepEqual(Object.keys(json), ['version', 'phases', 'summary']);
      assert.deepEqual(
        json.phases.map((p) => [p.id, p.title, p.horizon]),
        [
          ['quick-wins', 'Quick wins and foundation', '0–3 months'],
          ['core-infrastructure', 'Core infrastructure scaling', '3–6 months'],
          ['advanced-optimisation', 'Advanced optimisation', '6–12 months'],
          ['strategic-evolution', 'Strategic evolution', '12+ months'],
        ],
      );
    });

    it("matches the issue's sketch: tasks with title, assistant, effort, impact, risk and findings [{file, range}]", () => {
      for (const task of tasks(json)) {
        for (const key of ['title', 'assistant', 'effort', 'impact', 'risk', 'findings'])
          assert.ok(key in task, `${task.id} lacks ${key}`);
        assert.ok(task.findings.length > 0);
        for (const f of task.findings) assert.ok(typeof f.file === 'string' && typeof f.range.start.line === 'number');
      }
    });

    it('has the replicas task with its finding at k8s/api.yaml line 13 (0-based)', () => {
      const replicas = tasks(json).find((t) => t.id === 'k8s:workload-replicas-with-hpa');
      assert.ok(replicas);
      assert.equal(replicas.title, 'Let the HPA own replicas in 1 workload');
      assert.equal(json.phases[0].tasks.includes(replicas), true);
      assert.deepEqual(
        replicas.findings.map((f) => [f.file, f.range.start.line, f.ruleId]),
        [[`${SAMPLE}/k8s/api.yaml`, 13, 'workload-replicas-with-hpa']],
      );
      assert.equal(replicas.risk.level, 'medium');
      assert.match(replicas.risk.mitigation, /last-applied/);
    });

    it("has the assessment's tasks, linked to the assessment file, and its capacity", () => {
      const ids = tasks(json)
        .filter((t) => t.assistant === 'assessment')
        .map((t) => t.id)
        .sort();
      assert.deepEqual(ids, [
        'assessment:availability',
        'assessment:caching',
        'assessment:connection-pooling',
        'assessment:decomposition',
        'assessment:read-replicas',
        'assessment:response-time',
      ]);
      const caching = tasks(json).find((t) => t.id === 'assessment:caching');
      assert.equal(caching?.findings[0].file, `${SAMPLE}/.scaling-assistant/assessment.json`);
      assert.equal(caching?.findings[0].range.start.line, 8);
      assert.equal(json.summary.assessment, `${SAMPLE}/.scaling-assistant/assessment.json`);
      assert.deepEqual(
        json.phases.map((p) => p.capacityHours),
        [265, 265, 530, undefined],
      );
      assert.equal(json.phases[3].tasks[0].id, 'assessment:decomposition');
    });

    it('counts what it analysed', () => {
      // Other assistants add their findings as they land; the HPA reviewer's eleven are fixed by the sample.
      assert.equal(json.summary.byAssistant.k8s, 11);
      assert.equal(
        json.summary.findings,
        Object.values(json.summary.byAssistant).reduce((a, b) => a + (b ?? 0), 0),
      );
      assert.equal(
        json.summary.findings,
        tasks(json)
          .filter((t) => t.assistant !== 'assessment')
          .reduce((n, t) => n + t.findings.length, 0),
      );
      assert.ok(json.summary.files > 0);
      assert.equal(json.summary.tasks, tasks(json).length);
    });

    it('names files relative to the cwd, like check: from inside the folder, k8s/api.yaml', async () => {
      const inside = await run(['roadmap', '.', '--format', 'json'], path.join(REPO_ROOT, SAMPLE));
      assert.equal(inside.code, 0);
      const plan = JSON.parse(inside.stdout) as RoadmapPlan;
      const replicas = tasks(plan).find((t) => t.id === 'k8s:workload-replicas-with-hpa');
      assert.deepEqual(
        replicas?.findings.map((f) => [f.file, f.range.start.line]),
        [['k8s/api.yaml', 13]],
      );
      assert.equal(plan.summary.assessment, '.scaling-assistant/assessment.json');
    });

    it('prints the same plan twice', async () => {
      assert.equal((await run(['roadmap', SAMPLE, '--format', 'json'], REPO_ROOT)).stdout, stdout);
    });

    it('prints Markdown by default: a heading per phase, the tasks and their places', async () => {
      const result = await run(['roadmap', SAMPLE], REPO_ROOT);
      assert.equal(result.code, 0);
      const explicit = await run(['roadmap', SAMPLE, '--format=markdown'], REPO_ROOT);
      assert.equal(explicit.stdout, result.stdout);
      const md = result.stdout;
      assert.ok(md.startsWith('# Scaling roadmap: Workshop Shop'));
      assert.equal(md.match(/^## \d\. /gm)?.length, 4);
      assert.match(md, /^## 1\. Quick wins and foundation \(0–3 months\)$/m);
      assert.match(md, /^### 1\.\d+ Let the HPA own replicas in 1 workload$/m);
      assert.ok(md.includes(`  - \`${SAMPLE}/k8s/api.yaml:14\``));
      assert.match(md, /^### 4\.1 Plan the monolith's decomposition$/m);
    });

    it('prints the Markdown in German with --locale de or a German LANG; the tasks as the rules name them', async () => {
      const flagged = await run(['roadmap', SAMPLE, '--locale', 'de'], REPO_ROOT, { LANG: 'en_US.UTF-8' });
      assert.equal(flagged.code, 0, flagged.stderr);
      const md = flagged.stdout;
      assert.ok(md.startsWith('# Skalierungs-Roadmap: Workshop Shop'));
      assert.ok(md.includes('| Phase | Zeithorizont | Aufgaben | Geschätzte Stunden | Kapazität |'));
      assert.match(md, /^## 1\. Quick Wins und Fundament \(0–3 Monate\)$/m);
      assert.match(md, /^- \*\*Aufwand:\*\* /m);
      assert.match(md, /^### 1\.\d+ Let the HPA own replicas in 1 workload$/m);
      const fromLang = await run(['roadmap', SAMPLE], REPO_ROOT, { LANG: 'de_DE.UTF-8' });
      assert.equal(fromLang.stdout, md);
      const english = await run(['roadmap', SAMPLE, '--locale', 'en'], REPO_ROOT, { LANG: 'de_DE.UTF-8' });
      assert.ok(english.stdout.startsWith('# Scaling roadmap: Workshop Shop'));
      assert.equal((await run(['roadmap', SAMPLE, '--locale', 'fr'], REPO_ROOT)).code, 2);
    });
  });

  describe('assessments', () => {
    let root: string;
    beforeEach(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-roadmap-'));
      await fs.cp(path.join(REPO_ROOT, SAMPLE, 'k8s'), path.join(root, 'k8s'), { recursive: true });
    });
    afterEach(() => fs.rm(root, { recursive: true, force: true }));
    const planIn = async (argv: string[]) => {
      const result = await run(['roadmap', '.', '--format', 'json', ...argv], root);
      return { ...result, plan: JSON.parse(result.stdout || 'null') as RoadmapPlan };
    };
    const writeAssessment = async (file: string, text: string) => {
      await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await fs.writeFile(path.join(root, file), text);
    };

    it('makes a plan without capacity or assessment tasks when the folder has no assessment, silently', async () => {
      const { code, stderr, plan } = await planIn([]);
      assert.equal(code, 0);
      assert.equal(stderr, '');
      assert.equal(plan.summary.assessment, undefined);
      assert.ok(tasks(plan).every((t) => t.assistant !== 'assessment'));
      assert.ok(plan.phases.every((p) => p.capacityHours === undefined));
    });

    it('reports a broken assessment on stderr and plans without it (exit 0)', async () => {
      await writeAssessment('.scaling-assistant/assessment.json', '{ "constraints": { "teamSize": 4, } }');
      const { code, stderr, plan } = await planIn([]);
      assert.equal(code, 0);
      assert.match(
        stderr,
        /^\.scaling-assistant\/assessment\.json:1:35: the assessment is not valid JSON: expected a quoted key/m,
      );
      assert.match(stderr, /the roadmap is made without an assessment/);
      assert.equal(plan.summary.assessment, undefined);
    });

    it('reports wrong fields and uses the rest', async () => {
      await writeAssessment(
        '.scaling-assistant/assessment.json',
        '{\n  "constraints": { "teamSize": "two", "technicalDebt": "critical" },\n  "currentArchitecture": { "cachingStrategy": "none" },\n  "currentScale": { "activeUsers": 100 },\n  "scaleTarget": { "targetUsers": 5000 }\n}\n',
      );
      const { code, stderr, plan } = await planIn([]);
      assert.equal(code, 0);
      assert.match(
        stderr,
        /assessment\.json:2:32: constraints\.teamSize: expected a whole number from 1 to 100000, found "two"; ignored/,
      );
      assert.ok(tasks(plan).some((t) => t.id === 'assessment:caching'));
      assert.ok(plan.phases.every((p) => p.capacityHours === undefined));
    });

    it("takes --assessment over the folder's own, and says so when that file is missing", async () => {
      await writeAssessment('plans/small-team.json', JSON.stringify({ constraints: { teamSize: 2 } }));
      const named = await planIn(['--assessment', 'plans/small-team.json']);
      assert.equal(named.code, 0);
      assert.equal(named.plan.summary.assessment, 'plans/small-team.json');
      assert.equal(named.plan.phases[0].capacityHours, 104);
      const missing = await planIn(['--assessment', 'plans/nope.json']);
      assert.equal(missing.code, 0);
      assert.match(missing.stderr, /plans\/nope\.json: no such file; the roadmap is made without an assessment/);
      assert.equal(missing.plan.summary.assessment, undefined);
    });
  });
});
