import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import type { Finding } from '../../../src/core/finding';
import { applyEdits } from '../helpers/apply-edits';
import { FIXTURES, PROJECT, REACT_STUB, analyzeFixture, contextFiles, fixtureFiles, rel } from './fixtures';

/**
 * A property every frontend optimizer fix must have, checked for every fix (not only the preferred one) of
 * every finding in every bad fixture: applied on its own, the file still type-checks with the TypeScript
 * compiler (strict, against the fixtures' React stub), the fix's finding is gone (one fewer of its rule), and
 * no finding of any rule appears that was not there before. Fixtures type-check before any fix, so a fix is
 * judged on a clean file.
 */

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  jsx: ts.JsxEmit.Preserve,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  allowJs: true,
  checkJs: false,
  skipLibCheck: true,
  types: [],
  lib: ['lib.es2022.d.ts'],
};

/** One compiler host for the whole run: files on disk, the analysed file's text replaced, sources reused. */
class Checker {
  private program: ts.Program | undefined;
  private readonly cache = new Map<string, ts.SourceFile>();

  diagnostics(file: string, text: string, context: readonly string[]): string[] {
    const abs = path.join(PROJECT, file);
    const host = ts.createCompilerHost(OPTIONS, true);
    const read = (name: string) => (path.resolve(name) === abs ? text : ts.sys.readFile(name));
    host.readFile = read;
    host.fileExists = (name) => path.resolve(name) === abs || ts.sys.fileExists(name);
    host.getSourceFile = (name, languageVersion) => {
      const content = read(name);
      if (content === undefined) return undefined;
      const key = `${name}\0${content}`;
      let source = this.cache.get(key);
      if (!source) this.cache.set(key, (source = ts.createSourceFile(name, content, languageVersion, true)));
      return source;
    };
    const roots = [abs, REACT_STUB, ...context.map((c) => path.join(PROJECT, c))];
    this.program = ts.createProgram(roots, OPTIONS, host, this.program);
    const source = this.program.getSourceFile(abs)!;
    return [...this.program.getSyntacticDiagnostics(source), ...this.program.getSemanticDiagnostics(source)].map(
      (d) => {
        const at = d.start === undefined ? '' : `:${source.getLineAndCharacterOfPosition(d.start).line + 1}`;
        return `${at} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      },
    );
  }
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(f.ruleId, (out.get(f.ruleId) ?? 0) + 1);
  return out;
}

describe('every frontend optimizer fix', function () {
  this.timeout(60000);
  const checker = new Checker();
  let checked = 0;
  before(() => loadTypeScript());
  after(() => {
    // Guards the harness itself: if fixtures or fixes disappeared, this property would pass vacuously.
    assert.ok(checked >= 10, `only ${checked} fixes were checked`);
  });

  for (const rule of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, rule);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fixtureFiles(dir).filter((n) => n.startsWith('bad'))) {
      const file = rel(path.join(dir, name));
      it(`${file}: each fix type-checks, removes its finding and adds none`, async () => {
        const text = fs.readFileSync(path.join(PROJECT, file), 'utf8');
        const context = [...contextFiles(rule).keys()];
        assert.deepEqual(checker.diagnostics(file, text, context), [], `${file} does not type-check before any fix`);
        const before = await analyzeFixture(file, text);
        const beforeCounts = counts(before.findings);
        for (const finding of before.findings) {
          for (const fix of finding.fixes ?? []) {
            const label = `${file}:${finding.range.start.line + 1} ${finding.ruleId} — "${fix.title}"`;
            const after = applyEdits(text, fix.edits);
            assert.deepEqual(checker.diagnostics(file, after, context), [], `${label}: no longer type-checks`);
            const again = counts((await analyzeFixture(file, after)).findings);
            assert.ok(
              (again.get(finding.ruleId) ?? 0) < (beforeCounts.get(finding.ruleId) ?? 0),
              `${label}: the finding is still there`,
            );
            for (const [id, n] of again)
              assert.ok(n <= (beforeCounts.get(id) ?? 0), `${label}: a new ${id} finding appeared`);
            checked++;
          }
        }
      });
    }
  }
});
