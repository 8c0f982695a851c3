import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { FIXTURE, REPO_ROOT } from './workspace';

describe('cli entry point', () => {
  it('runs as a real process: `npx tsx src/cli/main.ts check …` prints JSON and exits with the code', function () {
    this.timeout(60_000);
    const result = spawnSync(
      'npx',
      ['tsx', 'src/cli/main.ts', 'check', FIXTURE, '--format', 'json', '--fail-on', 'warning'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    assert.equal(result.error, undefined);
    assert.equal(result.status, 1, result.stderr);
    const json = JSON.parse(result.stdout) as {
      version: number;
      findings: Array<{ file: string; ruleId: string }>;
      errors: Array<{ kind: string }>;
    };
    assert.equal(json.version, 1);
    assert.deepEqual(
      json.findings.filter((f) => f.ruleId === 'workload-replicas-with-hpa').map((f) => [f.file, f.ruleId]),
      [['test/fixtures/cli/workspace/k8s/app.yaml', 'workload-replicas-with-hpa']],
    );
    assert.deepEqual(
      json.errors.map((e) => e.kind),
      ['parse'],
    );
  });
});
