import { strict as assert } from 'node:assert';
import { parseArgs, UsageError } from '../../../src/cli/args';

describe('cli args', () => {
  it('parses check with every option, in both --flag value and --flag=value spellings', () => {
    assert.deepEqual(
      parseArgs([
        'check',
        'a',
        '--format',
        'sarif',
        '--assistant=k8s,sql',
        '--fail-on=warning',
        '--ai',
        'b',
        '--verbose',
        '--budget-ms',
        '500',
        '--cluster-version',
        '1.33',
        '--helm-values',
        'deploy/values-prod.yaml',
        '--helm-values=ci/ha-values.yaml',
        '--query-functions',
        'rawQuery, db.run',
        '--query-functions=execSql',
        '--prices',
        'cpuHour=0.031, memoryGiBHour=0.0042,currency=EUR',
        '--react-compiler=off',
        '--lazy-min-kb',
        '12.5',
      ]),
      {
        kind: 'check',
        paths: ['a', 'b'],
        format: 'sarif',
        assistants: ['k8s', 'sql'],
        failOn: 'warning',
        ai: true,
        verbose: true,
        budgetMs: 500,
        clusterVersion: '1.33',
        helmValuesFiles: ['deploy/values-prod.yaml', 'ci/ha-values.yaml'],
        queryFunctions: ['rawQuery', 'db.run', 'execSql'],
        prices: { cpuHour: 0.031, memoryGiBHour: 0.0042, currency: 'EUR' },
        reactCompiler: 'off',
        lazyMinKb: 12.5,
      },
    );
  });

  it('defaults to text, --fail-on error, every assistant', () => {
    assert.deepEqual(parseArgs(['check', '.']), {
      kind: 'check',
      paths: ['.'],
      format: 'text',
      failOn: 'error',
      ai: false,
      verbose: false,
    });
  });

  it('merges repeated --assistant flags and treats everything after -- as paths', () => {
    const command = parseArgs(['check', '--assistant', 'k8s', '--assistant', 'react,k8s', '--', '--odd-name.yaml']);
    assert.equal(command.kind, 'check');
    if (command.kind !== 'check') return;
    assert.deepEqual(command.assistants, ['k8s', 'react']);
    assert.deepEqual(command.paths, ['--odd-name.yaml']);
  });

  it('answers --help, -h, help and --version wherever they appear', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['check', '--bogus', '-h']])
      assert.deepEqual(parseArgs(argv), { kind: 'help' });
    assert.deepEqual(parseArgs(['--version']), { kind: 'version' });
    assert.deepEqual(parseArgs(['check', '--', '--help']).kind, 'check');
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /missing command/],
    [['scan', '.'], /unknown command: scan/],
    [['--bogus'], /unknown option: --bogus/],
    [['check'], /at least one file or folder/],
    [['check', '.', '--bogus'], /unknown option: --bogus/],
    [['check', '.', '--format', 'xml'], /--format: unknown value "xml" \(expected text, json, sarif\)/],
    [['check', '.', '--format'], /--format needs a value/],
    [['check', '.', '--fail-on', 'info'], /--fail-on: unknown value "info"/],
    [
      ['check', '.', '--assistant', 'k9s'],
      /--assistant: unknown value "k9s" \(expected k8s, sql, react, decomposition\)/,
    ],
    [['check', '.', '--assistant='], /--assistant needs one or more of/],
    [['check', '.', '--budget-ms', '0'], /positive whole number/],
    [['check', '.', '--react-compiler', 'maybe'], /--react-compiler: unknown value "maybe" \(expected auto, on, off\)/],
    [['check', '.', '--budget-ms', '1e3'], /positive whole number/],
    [['check', '.', '--lazy-min-kb', '0'], /--lazy-min-kb needs a size in kB \(gzip\) from 1 to 10,000, not "0"/],
    [['check', '.', '--lazy-min-kb', '30kB'], /--lazy-min-kb needs a size in kB/],
    [['check', '.', '--lazy-min-kb', '20000'], /--lazy-min-kb needs a size in kB/],
    [['check', '.', '--ai=yes'], /--ai takes no value/],
    [['check', '.', '--cluster-version', '2.0'], /--cluster-version needs a Kubernetes version/],
    [['check', '.', '--helm-values', ' '], /--helm-values needs a values file/],
    [['check', '.', '--query-functions', 'db..run'], /--query-functions needs names or dotted names .*, not "db..run"/],
    [['check', '.', '--query-functions='], /--query-functions needs names or dotted names/],
    [['check', '.', '--prices', 'cpuHour=0.04'], /--prices needs cpuHour=.*: memoryGiBHour is missing/],
    [['check', '.', '--prices', 'cpuHour=-1,memoryGiBHour=0.004'], /cpuHour "-1" is not a price/],
    [['check', '.', '--prices', 'cpuHour=1,memoryGiBHour=1,vat=20'], /unknown field "vat"/],
    [['check', '.', '--prices', 'cpuHour=1,memoryGiBHour=1,currency=€'], /currency "€" is not a three-letter code/],
    [['roadmap', '.', '--prices', '0.04'], /--prices needs cpuHour=<price>,memoryGiBHour=<price>/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`rejects ${JSON.stringify(argv)}`, () => {
      assert.throws(
        () => parseArgs(argv),
        (error: unknown) => error instanceof UsageError && message.test(error.message),
      );
    });
  }
});
