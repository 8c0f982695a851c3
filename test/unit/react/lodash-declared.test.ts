import { strict as assert } from 'node:assert';
import * as ts from 'typescript';
import { parseScript } from '../../../src/assistants/react/parse';
import { mayBeDeclared } from '../../../src/assistants/react/rules/whole-library-import';
import { declaredWithin } from '../../../src/assistants/react/scopes';

/** Each way a name can be declared or only mentioned, so random files mix them. */
const PIECES = [
  'const uniq = 1;',
  'let { uniq } = o;',
  'const { a: uniq } = o;',
  'const [, uniq] = xs;',
  'function f(...uniq) { return uniq; }',
  'const [...uniq] = xs;',
  'function uniq() {}',
  'class uniq {}',
  'const g = function uniq() {};',
  'try { run(); } catch (uniq) {}',
  'const n = (uniq) => uniq;',
  'const u = _.uniq(xs);',
  'const v = _?.uniq(xs);',
  'const w = lodash.uniq;',
  'const s = "uniq";',
  '// uniq here',
  'const myuniq = 2;',
  'const uniqBy = 3;',
  'const \\u0075niq = 4;',
  'const x = _.\n  uniq(xs);',
  'const t = <div>{_.uniq(xs)}</div>;',
];

describe('whole-library-import: a method name that may be declared', () => {
  it('says no only where the file declares no such name (against a walk of every declaration)', () => {
    let seed = 17;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let skipped = 0;
    for (let round = 0; round < 1500; round++) {
      const count = 1 + (next() % 4);
      const text = Array.from({ length: count }, () => PIECES[next() % PIECES.length]).join('\n');
      const declared = declaredWithin(ts, parseScript(ts, 'f.tsx', text)).has('uniq');
      const maybe = mayBeDeclared(text, 'uniq');
      if (declared) assert.ok(maybe, text);
      if (!maybe) skipped++;
    }
    assert.ok(skipped > 100, `the walk is saved often enough to matter (${skipped})`);
  });

  it('answers no for a file that names the method only as a property', () => {
    assert.equal(mayBeDeclared('import _ from "lodash";\nconst a = _.uniq(xs), b = _?.uniq;', 'uniq'), false);
    assert.equal(mayBeDeclared('const f = (...uniq) => uniq;', 'uniq'), true);
    assert.equal(mayBeDeclared('const \\u0075niq = 1;', 'uniq'), true);
  });
});
