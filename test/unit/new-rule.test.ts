import { strict as assert } from 'node:assert';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import ts from 'typescript';
import { createK8sAssistant } from '../../src/assistants/k8s/index';
import type { K8sRule } from '../../src/assistants/k8s/rule';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { analyzeDocument } from '../../src/core/pipeline';
import { renderRuleDoc } from '../../src/core/rule';
import { NewRuleError, regenerateDocs, SCAFFOLD_MARK, scaffoldRule } from '../../scripts/new-rule';
import { assertMarkedFindings, parseMarkers } from './helpers/fixture-checks';
import { scaffoldLeftovers } from './helpers/rule-catalogue';

const REPO = path.resolve(__dirname, '../..');
/** Ids nothing in the repository uses; the scaffolds live in a copy of the tree that is deleted afterwards. */
const K8S_ID = 'pod-anti-affinity-required';
const SQL_ID = 'lock-wait-unbounded';

/** A copy of what the script reads and writes (sources, scripts, fixtures, docs), with the real node_modules. */
function copyTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'new-rule-'));
  for (const part of ['src', 'scripts', 'docs/rules', 'test/fixtures', 'package.json', 'tsconfig.json']) {
    mkdirSync(path.dirname(path.join(root, part)), { recursive: true });
    cpSync(path.join(REPO, part), path.join(root, part), { recursive: true });
  }
  symlinkSync(realpathSync(path.join(REPO, 'node_modules')), path.join(root, 'node_modules'), 'dir');
  return root;
}

describe('npm run new-rule', function () {
  this.timeout(120_000);
  let root: string;
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  /** Every rule file with its text, and every fixture folder, of both assistants. */
  const listing = () =>
    ['k8s', 'sql'].flatMap((assistant) => [
      ...readdirSync(path.join(root, 'src/assistants', assistant, 'rules')).map(
        (name) => `${name}: ${read(`src/assistants/${assistant}/rules/${name}`)}`,
      ),
      ...readdirSync(path.join(root, 'test/fixtures', assistant)),
    ]);

  before(() => {
    root = copyTree();
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('refuses a bad id, an unknown assistant and an id any assistant uses, writing nothing', () => {
    const before = listing();
    const refusals: [string, string, RegExp][] = [
      ['k8s', 'Pod_Too_Big', /not a rule id: use kebab-case/],
      ['k8s', 'pod--big', /not a rule id/],
      ['k8s', '-pod', /not a rule id/],
      ['decomposition', 'memo-missing', /unknown assistant "decomposition": one of k8s, react, sql/],
      [
        'k8s',
        'image-tag-latest',
        /"image-tag-latest" exists already: defined in src\/assistants\/k8s\/rules\/image-tag-latest\.ts/,
      ],
      ['k8s', 'select-star', /"select-star" exists already: defined in src\/assistants\/sql\/rules\/select-star\.ts/],
      ['sql', 'measured-advice', /"measured-advice" exists already/],
    ];
    for (const [assistant, id, message] of refusals) {
      assert.throws(
        () => scaffoldRule(root, assistant, id),
        (error: Error) => {
          assert.ok(error instanceof NewRuleError, String(error));
          assert.match(error.message, message);
          return true;
        },
      );
    }
    assert.deepEqual(listing(), before);
  });

  describe('a scaffolded rule', () => {
    before(() => {
      scaffoldRule(root, 'k8s', K8S_ID);
      scaffoldRule(root, 'sql', SQL_ID);
      regenerateDocs(root);
    });

    it('is a rule file, registered in its list, with bad and good fixtures in the harness format', () => {
      const k8sRule = read(`src/assistants/k8s/rules/${K8S_ID}.ts`);
      assert.match(k8sRule, /^import type \{ K8sRule \} from '\.\.\/rule';$/m);
      assert.match(k8sRule, /^export const podAntiAffinityRequired: K8sRule = \{$/m);
      assert.match(k8sRule, new RegExp(`id: '${K8S_ID}',\\n  assistant: 'k8s',`));
      assert.match(k8sRule, /skills: \['Kubernetes'/);
      const k8sIndex = read('src/assistants/k8s/rules/index.ts');
      assert.match(k8sIndex, new RegExp(`^import \\{ podAntiAffinityRequired \\} from './${K8S_ID}';$`, 'm'));
      assert.match(k8sIndex, /^ {2}podAntiAffinityRequired,\n\];$/m);

      const sqlIndex = read('src/assistants/sql/rules/index.ts');
      assert.match(sqlIndex, /^ {2}lockWaitUnbounded,\n\];$/m);
      assert.match(read(`src/assistants/sql/rules/${SQL_ID}.ts`), /skills: \['PostgreSQL'/);

      const bad = read(`test/fixtures/k8s/${K8S_ID}/bad.yaml`);
      assert.match(bad, new RegExp(`^# Markers: put \`# expect-next-line ${K8S_ID}\` on the line before`, 'm'));
      assert.match(read(`test/fixtures/k8s/${K8S_ID}/good.yaml`), /^# /);
      assert.match(
        read(`test/fixtures/sql/${SQL_ID}/bad.sql`),
        new RegExp(`^-- Markers: put \`-- expect-next-line ${SQL_ID}\``, 'm'),
      );
      assert.match(read(`test/fixtures/sql/${SQL_ID}/good.sql`), /^-- /);
    });

    it('typechecks, lints and is formatted as the project wants', async () => {
      const config = ts.getParsedCommandLineOfConfigFile(
        path.join(root, 'tsconfig.json'),
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
        },
      );
      assert.ok(config);
      // The k8s list: the same template and registration as every assistant's, over the smaller tree of types.
      const program = ts.createProgram([path.join(root, 'src/assistants/k8s/rules/index.ts')], {
        ...config.options,
        noEmit: true,
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      assert.deepEqual(diagnostics, []);

      const eslint = new ESLint({ cwd: REPO });
      const options = await prettier.resolveConfig(path.join(REPO, 'src/core/rule.ts'));
      for (const file of [
        `src/assistants/k8s/rules/${K8S_ID}.ts`,
        'src/assistants/k8s/rules/index.ts',
        `src/assistants/sql/rules/${SQL_ID}.ts`,
        'src/assistants/sql/rules/index.ts',
      ]) {
        // Linted and formatted as if it were in the repository, where the project's configuration applies.
        const [lint] = await eslint.lintText(read(file), { filePath: path.join(REPO, file) });
        assert.deepEqual(
          lint.messages.map((m) => `${file}:${m.line}: ${m.message}`),
          [],
        );
        assert.ok(
          await prettier.check(read(file), { ...options, filepath: path.join(REPO, file) }),
          `${file} formatting`,
        );
      }
    });

    it('has its docs page generated and listed in the index', () => {
      const load = createRequire(__filename);
      const rule = load(path.join(root, `src/assistants/k8s/rules/${K8S_ID}.ts`)).podAntiAffinityRequired as K8sRule;
      assert.equal(read(`docs/rules/k8s/${K8S_ID}.md`), renderRuleDoc(rule));
      assert.ok(existsSync(path.join(root, `docs/rules/sql/${SQL_ID}.md`)));
      assert.match(read('docs/rules/README.md'), new RegExp(`\\[${K8S_ID}\\]\\(k8s/${K8S_ID}\\.md\\)`));
    });

    it('fails the fixture harness, saying what is left, until the check and the markers are written', async () => {
      const ruleFile = path.join(root, `src/assistants/k8s/rules/${K8S_ID}.ts`);
      const fixtures = path.join(root, 'test/fixtures/k8s', K8S_ID);
      const leftovers = scaffoldLeftovers(
        [ruleFile, path.join(fixtures, 'bad.yaml'), path.join(fixtures, 'good.yaml')],
        root,
      );
      assert.ok(leftovers.every((line) => line.includes(SCAFFOLD_MARK)));
      for (const what of [
        `rules/${K8S_ID}.ts:7: title:`,
        `rules/${K8S_ID}.ts:33: // ${SCAFFOLD_MARK}`,
        'bad.yaml:1:',
        'good.yaml:1:',
      ])
        assert.ok(
          leftovers.some((line) => line.includes(what)),
          `${what} in ${leftovers.join('\n')}`,
        );

      const rule = createRequire(__filename)(ruleFile).podAntiAffinityRequired as K8sRule;
      const engine = createK8sAssistant({ rules: [rule] });
      const harness = async (text: string) => {
        const result = await analyzeDocument(engine, { file: 'bad.yaml', text }, DEFAULT_CONFIG);
        assert.deepEqual(result.errors, []);
        assertMarkedFindings(
          result.findings,
          parseMarkers(text, 'bad.yaml', ['#']).findings,
          K8S_ID,
          'bad.yaml',
          '# expect-next-line',
        );
      };
      const bad = readFileSync(path.join(fixtures, 'bad.yaml'), 'utf8');
      await assert.rejects(
        harness(bad),
        new RegExp(`bad\\.yaml: a bad fixture needs at least one "# expect-next-line ${K8S_ID}" marker`),
      );
      const marked = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  # expect-next-line ${K8S_ID}\n  containers: []\n`;
      await assert.rejects(harness(marked), new RegExp(`bad\\.yaml:7: expected exactly one ${K8S_ID} finding, got 0`));
    });

    it('refuses the same id a second time', () => {
      assert.throws(
        () => scaffoldRule(root, 'k8s', K8S_ID),
        /exists already: defined in src\/assistants\/k8s\/rules\/pod-anti-affinity-required\.ts/,
      );
      assert.throws(() => scaffoldRule(root, 'sql', K8S_ID), /exists already/);
    });

    it('leaves the repository itself untouched', () => {
      for (const [assistant, id] of [
        ['k8s', K8S_ID],
        ['sql', SQL_ID],
      ]) {
        assert.ok(!existsSync(path.join(REPO, `src/assistants/${assistant}/rules/${id}.ts`)));
        assert.ok(!existsSync(path.join(REPO, 'test/fixtures', assistant, id)));
        assert.ok(!existsSync(path.join(REPO, `docs/rules/${assistant}/${id}.md`)));
      }
    });
  });
});
