import { strict as assert } from 'node:assert';
import { skipQuotedOrComment } from '../../../src/assistants/sql/lexer';
import { roughSplit } from '../../../src/assistants/sql/parser';
import { statementShape } from '../../../src/assistants/sql/sandbox/statement';

/** What is skipped from the start of `text`, or undefined when nothing is. */
function skipped(text: string): string | undefined {
  const end = skipQuotedOrComment(text, 0);
  return end === undefined ? undefined : text.slice(0, end);
}

describe('sql lexer: what a scanner without the grammar skips', () => {
  it('comments, strings, quoted identifiers and dollar quotes, each to its end', () => {
    assert.equal(skipped('-- a ; b\nSELECT'), '-- a ; b\n');
    assert.equal(skipped('/* a /* ; */ b */ SELECT'), '/* a /* ; */ b */');
    assert.equal(skipped("'it''s;' x"), "'it''s;'");
    assert.equal(skipped('"se""mi;" x'), '"se""mi;"');
    assert.equal(skipped('$$ ; $$ x'), '$$ ; $$');
    assert.equal(skipped('$fn$ $$ ; $fn$ x'), '$fn$ $$ ; $fn$');
    assert.equal(skipped('$ñ$ ; $ñ$ x'), '$ñ$ ; $ñ$', 'dollar-quote tags may hold non-ASCII letters');
  });

  it("a backslash escapes only in E'…' strings, and not after an identifier ending in e", () => {
    const text = "E'\\';' x";
    assert.equal(skipQuotedOrComment(text, 1), text.length - 2);
    assert.equal(skipQuotedOrComment("type'\\';' x", 4), 7, "type'\\' is a plain string ending at its quote");
  });

  it('nothing at code, at $n parameters, or at a $ inside an identifier; an open one runs to the end', () => {
    assert.equal(skipped('SELECT 1'), undefined);
    assert.equal(skipped('$1 + $2'), undefined);
    assert.equal(skipQuotedOrComment('a$b$ ; $b$', 1), undefined);
    assert.equal(skipped("'open ; string"), "'open ; string");
    assert.equal(skipped('/* open ; comment'), '/* open ; comment');
    assert.equal(skipped('$q$ open ; body'), '$q$ open ; body');
  });

  it("parser.ts's fallback splitter and the sandbox's statement check draw the same boundaries", () => {
    const texts = [
      "SELECT 'a;b' FROM t",
      "SELECT E'x\\';y' FROM t",
      'SELECT 1 /* a /* ; */ b */',
      'SELECT $q$;$q$, "se;mi" FROM t -- ; trailing',
      'SELECT $ñ$ ; $ñ$',
      'SELECT 1; SELECT 2',
      "SELECT 'a'; DELETE FROM t",
      'SELECT a$b$ FROM t; SELECT $b$',
    ];
    for (const text of texts) {
      const pieces = roughSplit(text).length;
      let oneStatement: boolean;
      try {
        statementShape(text);
        oneStatement = true;
      } catch {
        oneStatement = false;
      }
      assert.equal(oneStatement, pieces === 1, `${text}: ${pieces} piece(s) for parser.ts`);
    }
  });
});
