import { strict as assert } from 'node:assert';
import { reactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/** Bad input loses nothing: the file at fault gets one clear error, every other file is analysed as usual. */
describe('frontend optimizer on hostile input', () => {
  before(() => loadTypeScript());
  const config = { ...DEFAULT_CONFIG, budgetMs: 60_000 };

  for (const [what, text] of [
    ['parentheses 20,000 deep', `export const A = () => <div>{${'('.repeat(20000)}1${')'.repeat(20000)}}</div>;\n`],
    ['elements 2,000 deep', `export const B = () => ${'<div>'.repeat(2000)}${'</div>'.repeat(2000)};\n`],
  ]) {
    it(`${what}: not analysed, said once, and a neighbour importing it is analysed`, async () => {
      const neighbour =
        "import { A } from './deep';\nexport const C = () => <ul>{[1].map((n) => <li>{n}</li>)}</ul>;\n";
      const workspace = memoryWorkspace({ 'deep.tsx': text, 'ok.tsx': neighbour });
      const deep = await analyzeDocument(reactAssistant, { file: 'deep.tsx', text }, config, undefined, { workspace });
      assert.deepEqual(
        deep.errors.map((e) => [e.kind, /^not analysed: /.test(e.message)]),
        [['unsupported', true]],
      );
      const ok = await analyzeDocument(reactAssistant, { file: 'ok.tsx', text: neighbour }, config, undefined, {
        workspace,
      });
      assert.deepEqual(ok.errors, []);
      assert.deepEqual(
        ok.findings.map((f) => f.ruleId),
        ['missing-key'],
      );
    });
  }

  it('a syntax error is a parse error for that file, with its place', async () => {
    const result = await analyzeDocument(
      reactAssistant,
      { file: 'broken.tsx', text: 'export const A = () => <div>;\n' },
      config,
    );
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].kind, 'parse');
    assert.ok(result.errors[0].range);
  });

  it('a script without React or JSX is skipped: no findings, no errors', async () => {
    const result = await analyzeDocument(reactAssistant, { file: 'util.ts', text: 'export const a = 1 <' }, config);
    assert.deepEqual(result, { ...result, findings: [], errors: [] });
  });
});
