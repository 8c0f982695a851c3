import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './source-imports';

/**
 * The static check's code makes no object literal with a getter or setter of its own. With one such literal per
 * document, V8 kept each getter, and whatever its closure reaches (a prepared document's getter reached the
 * document's whole parse), reachable from the old generation until a full collection: a cold run promoted about
 * 3.4 MB per young-generation collection instead of 0.3–0.6 MB (docs/sql-peer-comparison.md, session 11). A class
 * with the accessor on its prototype does not.
 * The advice, sandbox and server code runs per request, not per document of a run, and is left out.
 */
const ROOT = path.resolve(__dirname, '../../../src/assistants/sql');
const PER_REQUEST = ['advice', 'sandbox', 'server', 'plan-engine'].map((dir) => path.join(ROOT, dir) + path.sep);

function accessorsInLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isGetAccessor(node) || ts.isSetAccessor(node)) && ts.isObjectLiteralExpression(node.parent)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push(`${path.relative(ROOT, file)}:${line} ${node.name.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('sql engine: object shapes on the static path', () => {
  it('finds an accessor in an object literal (the check itself works)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sql-shapes-'));
    const file = path.join(dir, 'sample.ts');
    fs.writeFileSync(file, 'class A { get x() { return 1; } }\nexport const o = { get y() { return 2; } };\n');
    try {
      assert.deepEqual(
        accessorsInLiterals(file).map((f) => f.replace(/^.*:/, '')),
        ['2 y'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes no object literal with a getter or setter of its own', () => {
    const files = sourceFiles(ROOT).filter((f) => !PER_REQUEST.some((dir) => f.startsWith(dir)));
    assert.ok(files.length > 50, `read ${files.length} files`);
    assert.deepEqual(files.flatMap(accessorsInLiterals), []);
  });
});
