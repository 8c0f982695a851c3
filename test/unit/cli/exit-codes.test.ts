import { strict as assert } from 'node:assert';
import { exitCode } from '../../../src/cli/check-command';
import type { AnalysisError, Finding } from '../../../src/core/finding';
import { range } from '../../../src/core/finding';
import { makeWorkspace, removeWorkspace, run } from './workspace';

describe('cli exit codes', () => {
  let root: string;
  before(async () => {
    root = await makeWorkspace();
  });
  after(() => removeWorkspace(root));

  // k8s/app.yaml has one warning; k8s/good.yaml none.
  const cases: Array<[string, string[], number]> = [
    ['a warning under the default --fail-on error', ['check', 'k8s/app.yaml'], 0],
    ['a warning with --fail-on warning', ['check', 'k8s/app.yaml', '--fail-on', 'warning'], 1],
    ['a warning with --fail-on error', ['check', 'k8s/app.yaml', '--fail-on=error'], 0],
    ['a warning with --fail-on never', ['check', 'k8s/app.yaml', '--fail-on', 'never'], 0],
    ['a clean file with --fail-on warning', ['check', 'k8s/good.yaml', '--fail-on', 'warning'], 0],
    ['parse and read errors alone', ['check', 'broken', 'binary.yaml', '--fail-on', 'warning'], 0],
    ['some paths missing, the rest analysed', ['check', 'nope.yaml', 'k8s/app.yaml', '--fail-on', 'warning'], 1],
  ];
  for (const [name, argv, expected] of cases) {
    it(`${expected} for ${name}`, async () => {
      const { code, stderr } = await run(argv, root);
      assert.equal(code, expected, stderr);
    });
  }

  it('2 when every given path is missing, saying so, with the read errors still printed', async () => {
    const { code, stdout, stderr } = await run(['check', 'nope.yaml', 'gone/'], root);
    assert.equal(code, 2);
    assert.match(stderr, /none of the given paths exist: nope\.yaml, gone\//);
    assert.equal(stdout, 'gone: error read no such file or folder\nnope.yaml: error read no such file or folder\n');
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['check', '.', '--frobnicate'], /unknown option: --frobnicate/],
    ['no paths', ['check'], /needs at least one file or folder/],
    ['a bad --format', ['check', '.', '--format', 'html'], /--format: unknown value "html"/],
    ['an unknown assistant', ['check', '.', '--assistant', 'terraform'], /--assistant: unknown value "terraform"/],
    ['an unknown command', ['lint', '.'], /unknown command: lint/],
    ['no command', [], /missing command/],
  ];
  for (const [name, argv, message] of usage) {
    it(`2 for ${name}, with a pointer to --help on stderr and nothing on stdout`, async () => {
      const { code, stdout, stderr } = await run(argv, root);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /Run "scaling-assistant --help" for usage\./);
    });
  }

  it('0 for --help, printing the usage on stdout', async () => {
    const { code, stdout } = await run(['--help'], root);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: scaling-assistant <command> \[options\]/);
    for (const flag of [
      'check <paths...>',
      '--format',
      '--assistant',
      '--fail-on',
      '--ai',
      '--verbose',
      '--budget-ms',
      '--version',
    ]) {
      assert.ok(stdout.includes(flag), flag);
    }
  });

  it('0 for --version', async () => {
    assert.deepEqual(await run(['--version'], root), { code: 0, stdout: '9.8.7\n', stderr: '' });
  });

  describe('exitCode()', () => {
    const finding = (severity: Finding['severity']): Finding => ({
      file: 'a.yaml',
      assistant: 'k8s',
      ruleId: 'r',
      severity,
      message: 'm',
      range: range(0, 0, 0, 1),
      impact: 'low',
      effort: 'small',
    });
    const internal: AnalysisError = { file: 'a.yaml', kind: 'internal', message: 'k8s assistant failed: boom' };

    it('compares findings against --fail-on by severity', () => {
      assert.equal(exitCode({ findings: [finding('error')], errors: [] }, 'error'), 1);
      assert.equal(exitCode({ findings: [finding('error')], errors: [] }, 'warning'), 1);
      assert.equal(exitCode({ findings: [finding('warning')], errors: [] }, 'error'), 0);
      assert.equal(exitCode({ findings: [finding('info'), finding('hint')], errors: [] }, 'warning'), 0);
      assert.equal(exitCode({ findings: [finding('error')], errors: [] }, 'never'), 0);
    });

    it('is 2 when an assistant failed internally, whatever --fail-on says', () => {
      assert.equal(exitCode({ findings: [], errors: [internal] }, 'never'), 2);
      assert.equal(exitCode({ findings: [finding('error')], errors: [internal] }, 'error'), 2);
    });
  });
});
