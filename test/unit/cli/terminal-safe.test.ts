import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { terminalSafe } from '../../../src/cli/terminal-safe';
import { run } from './workspace';

const ESC = '\u001b';
const BEL = '\u0007';
/** Retitles the terminal window (OSC 0 … BEL), clears the screen (CSI 2J), and the one-character C1 CSI. */
const HOSTILE = `${ESC}]0;pwned${BEL}${ESC}[2J\u009b31m`;
const ESCAPED = '\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m';

/** Anything a terminal would act on (tab, line feed and CR LF aside). */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

const MANIFEST = (name: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${JSON.stringify(name)}`,
    'spec:',
    '  replicas: 3',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '---',
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    '  name: web',
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${JSON.stringify(name)}`,
    '  minReplicas: 2',
    '  maxReplicas: 5',
    '',
  ].join('\n');

describe('cli: control characters from names and files never reach the terminal raw', function () {
  this.timeout(60_000);

  it('escapes C0 and C1 controls, DEL, a lone CR and bidi overrides; keeps text, tabs and line breaks', () => {
    assert.equal(terminalSafe(HOSTILE), ESCAPED);
    assert.equal(terminalSafe('a\u007fb\rc\u202ed'), 'a\\u007fb\\u000dc\\u202ed');
    const plain = 'Größe — 最大\tline\nnext\r\nend 🙂\n';
    assert.equal(terminalSafe(plain), plain);
  });

  describe('on a workspace', () => {
    let root: string;
    const yamlName = `app${HOSTILE}.yaml`;
    const sqlName = `q${ESC}[31m${BEL}.sql`;
    before(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-controls-'));
      await fs.writeFile(path.join(root, yamlName), MANIFEST(`web${HOSTILE}`));
      await fs.writeFile(path.join(root, sqlName), 'SELECT * FROM orders WHERE\n');
    });
    after(() => fs.rm(root, { recursive: true, force: true }));

    const clean = (label: string, text: string) =>
      assert.ok(!RAW_CONTROL.test(text), `${label} holds a raw control character:\n${JSON.stringify(text)}`);

    it('check (text): the file name and the YAML name are escaped on stdout, the parse error on stdout too', async () => {
      const result = await run(['check', '.'], root);
      clean('stdout', result.stdout);
      clean('stderr', result.stderr);
      assert.ok(
        result.stdout.includes(
          `app${ESCAPED}.yaml:6:3 warning workload-replicas-with-hpa Deployment web${ESCAPED} sets`,
        ),
      );
      assert.match(result.stdout, /^q\\u001b\[31m\\u0007\.sql:1:\d+ error parse /m);
    });

    it('check --format json and sarif stay valid and carry the real names', async () => {
      for (const format of ['json', 'sarif']) {
        const result = await run(['check', '.', '--format', format], root);
        clean(format, result.stdout);
        const text = JSON.stringify(JSON.parse(result.stdout));
        assert.ok(text.includes(JSON.stringify(`web${HOSTILE}`).slice(1, -1)), `${format}: the name survives parsing`);
      }
    });

    it('errors on stderr: a file named on the command line that does not exist', async () => {
      const result = await run(['check', `missing${HOSTILE}.yaml`], root);
      clean('stderr', result.stderr);
      clean('stdout', result.stdout);
      assert.match(result.stdout, new RegExp(`^missing${ESCAPED.replace(/[\\[\]]/g, '\\$&')}\\.yaml: error read`, 'm'));
    });

    it('advise: the file name in its messages', async () => {
      const result = await run(['advise', sqlName, '--quiet'], root);
      clean('stdout', result.stdout);
      clean('stderr', result.stderr);
      assert.ok(`${result.stdout}${result.stderr}`.includes('q\\u001b[31m\\u0007.sql'), result.stderr);
    });

    it('roadmap: the places of its tasks', async () => {
      const result = await run(['roadmap', '.'], root);
      assert.equal(result.code, 0, result.stderr);
      clean('stdout', result.stdout);
      clean('stderr', result.stderr);
      assert.ok(result.stdout.includes(`app${ESCAPED}.yaml`), result.stdout);
    });
  });
});
