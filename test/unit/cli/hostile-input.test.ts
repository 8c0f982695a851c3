import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonReport } from '../../../src/cli/format-json';
import type { RoadmapPlan } from '../../../src/roadmap/model';
import { FIXTURE, run, runJson } from './workspace';

/**
 * One hostile file beside ordinary ones, through every command: the run finishes, one clear error names the
 * file at fault, every other file's findings are exactly those of the same folder without it, and the exit
 * code is the one the ordinary files earn. The hostile files are generated here, not committed.
 */

const SCHEMA = 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric);\n';
const QUERY = 'SELECT id, total FROM orders ORDER BY random();\n';

interface Hostile {
  name: string;
  file: string;
  text: () => string;
  message: RegExp;
}

const HOSTILE: Hostile[] = [
  {
    name: 'a schema file with a view nested 1,000 deep',
    file: 'db/migrations/002_views.sql',
    text: () => `CREATE VIEW deep AS ${'SELECT * FROM ('.repeat(1_000)}SELECT 1 AS x${') s'.repeat(1_000)};\n`,
    message: /^not analysed: the statement is nested more than 1,000 levels deep/,
  },
  {
    name: 'a 50,000-deep TypeScript expression',
    file: 'src/deep.ts',
    text: () => `await pool.query('SELECT 1');\nexport const x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n`,
    message: /^not analysed: the code nests too deeply for the TypeScript parser/,
  },
  {
    name: 'a single 4.9 MB statement',
    file: 'seed.sql',
    text: () => {
      const rows: string[] = [];
      for (let i = 0, size = 0; size < 4_900_000; i++) size += rows[rows.push(`(${i}, 'row ${i}')`) - 1].length + 2;
      return `INSERT INTO orders (id, note) VALUES ${rows.join(', ')};\n`;
    },
    message: /^not analysed: a statement of [\d,]+ characters, over the 100,000 the analysis reads/,
  },
];

async function folder(extra: Record<string, string> = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-hostile-'));
  const files: Record<string, string> = {
    'k8s/app.yaml': await fs.readFile(path.join(FIXTURE, 'k8s/app.yaml'), 'utf8'),
    'db/migrations/001_init.sql': SCHEMA,
    'queries.sql': QUERY,
    ...extra,
  };
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
  return root;
}

const withoutSummaryFiles = (plan: RoadmapPlan) => ({ ...plan, summary: { ...plan.summary, files: 0 } });

describe('cli on hostile input', function () {
  this.timeout(300_000);
  let ordinary: string;
  let baseline: { json: JsonReport; text: string; sarif: SarifLog; plan: RoadmapPlan };

  before(async () => {
    ordinary = await folder();
    const json = (await runJson(['check', '.'], ordinary)).json;
    assert.ok(json.findings.length >= 2, 'the ordinary files have findings to keep');
    assert.deepEqual(json.errors, []);
    baseline = {
      json,
      text: (await run(['check', '.'], ordinary)).stdout,
      sarif: JSON.parse((await run(['check', '.', '--format', 'sarif'], ordinary)).stdout) as SarifLog,
      plan: JSON.parse((await run(['roadmap', '.', '--format', 'json'], ordinary)).stdout) as RoadmapPlan,
    };
  });
  after(() => fs.rm(ordinary, { recursive: true, force: true }));

  for (const hostile of HOSTILE) {
    describe(hostile.name, () => {
      let root: string;
      before(async () => {
        root = await folder({ [hostile.file]: hostile.text() });
      });
      after(() => fs.rm(root, { recursive: true, force: true }));

      it('check --format json: the same findings, one error naming the file', async () => {
        const { json, code } = await runJson(['check', '.'], root);
        assert.equal(code, 0);
        assert.deepEqual(json.findings, baseline.json.findings);
        assert.deepEqual(
          json.errors.map((e) => [e.file, e.kind]),
          [[hostile.file, 'unsupported']],
        );
        assert.match(json.errors[0].message, hostile.message);
      });

      it('check (text): the same lines plus one error line; the exit code the findings earn', async () => {
        const { stdout, stderr, code } = await run(['check', '.', '--fail-on', 'warning'], root);
        assert.equal(code, 1, stderr);
        const lines = stdout.trimEnd().split('\n');
        const errors = lines.filter((line) => !baseline.text.includes(line));
        assert.equal(errors.length, 1, stdout);
        assert.ok(errors[0].startsWith(`${hostile.file}:`) && errors[0].includes(' error unsupported '), errors[0]);
        assert.match(stderr, /, 1 analysis error$/m);
      });

      it('check --format sarif: the same results, one notification for the file, execution successful', async () => {
        const { stdout, code } = await run(['check', '.', '--format', 'sarif'], root);
        assert.equal(code, 0);
        const [sarif] = (JSON.parse(stdout) as SarifLog).runs;
        assert.deepEqual(sarif.results, baseline.sarif.runs[0].results);
        const [invocation] = sarif.invocations;
        assert.equal(invocation.executionSuccessful, true);
        assert.deepEqual(
          invocation.toolExecutionNotifications.map((n) => n.locations[0].physicalLocation.artifactLocation.uri),
          [hostile.file],
        );
      });

      it('roadmap: the same plan, the error on stderr', async () => {
        const { stdout, stderr, code } = await run(['roadmap', '.', '--format', 'json'], root);
        assert.equal(code, 0, stderr);
        assert.deepEqual(withoutSummaryFiles(JSON.parse(stdout) as RoadmapPlan), withoutSummaryFiles(baseline.plan));
        assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
        assert.ok(stderr.startsWith(`${hostile.file}:`), stderr);
      });
    });
  }

  it('advise: measures the query with a hostile schema file beside it, naming that file on stderr', async () => {
    const [deepView] = HOSTILE;
    const root = await folder({ [deepView.file]: deepView.text() });
    try {
      const { stdout, stderr, code } = await run(
        ['advise', 'queries.sql', '--schema', 'db', '--rows', '200', '--format', 'json', '--quiet'],
        root,
      );
      assert.equal(code, 0, stderr);
      assert.match(stderr, new RegExp(`^${deepView.file}:1:1: unsupported: not analysed: the statement is nested`));
      assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
      const report = JSON.parse(stdout) as { statements: { sql: string; plan?: { engine?: string } }[] };
      assert.deepEqual(
        report.statements.map((s) => [s.sql, s.plan?.engine]),
        [[QUERY.trim().replace(/;$/, ''), 'pglite']],
      );
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

/** The parts of a SARIF log these tests read. */
interface SarifLog {
  runs: {
    results: unknown[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    }[];
  }[];
}
