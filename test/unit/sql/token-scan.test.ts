import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as pg from 'libpg-query';
import type { PlainKind } from '../../../src/assistants/sql/token-scan';
import { plainTokens } from '../../../src/assistants/sql/token-scan';
import { loadSqlParser, parseSql } from '../../../src/assistants/sql/parser';

/** The real scanner's kind of a token, as parser.ts names it. */
function kindOf(name: string, keywordKind: number): PlainKind {
  if (keywordKind > 0) return 'keyword';
  if (name === 'IDENT' || name === 'UIDENT') return 'ident';
  if (/^(?:SCONST|USCONST|BCONST|XCONST)$/.test(name)) return 'string';
  if (name === 'ICONST' || name === 'FCONST') return 'number';
  if (name === 'PARAM') return 'param';
  if (name === 'SQL_COMMENT' || name === 'C_COMMENT') return 'comment';
  if (/^(?:Op|TYPECAST|DOT_DOT|COLON_EQUALS|EQUALS_GREATER|LESS_EQUALS|GREATER_EQUALS|NOT_EQUALS)$/.test(name))
    return 'operator';
  return /^ASCII_(60|61|62|43|45|42|47|37|94)$/.test(name) ? 'operator' : 'punct';
}

function classify(text: string): PlainKind | undefined {
  try {
    const tokens = pg.scanSync(text).tokens;
    return tokens.length === 1 && tokens[0].end === text.length
      ? kindOf(tokens[0].tokenName, tokens[0].keywordKind)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The real scanner's tokens of an ASCII text as `start-end-kind`. */
function real(text: string): string[] {
  return pg.scanSync(text).tokens.map((t) => `${t.start}-${t.end}-${kindOf(t.tokenName, t.keywordKind)}`);
}

function mine(text: string): string[] | undefined {
  return plainTokens(text, classify)?.map((t) => `${t.start}-${t.end}-${t.kind}`);
}

function sqlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sqlFiles(full) : e.name.endsWith('.sql') ? [full] : [];
  });
}

describe('sql token scan: plain SQL cut in JavaScript, as the real scanner cuts it', () => {
  before(async () => {
    await loadSqlParser();
    await pg.loadModule();
  });

  it('cuts words, literals, operators and comments where the real scanner does, with its kinds', () => {
    const texts = [
      'SELECT a.b, "X""y" FROM t WHERE x >= 1.5e3 AND y <> $1 -- c\n /* a /* b */ */ ::int',
      'a+-b a*-1 a||b a!=b a=>b x := 1 a @- b a-- c\n+b a/*c*/-b a<=-1 .5 5. 1e-3 $$x$$ $q$ y $q$',
      "SELECT 'it''s', count(*) FILTER (WHERE z[1] = 'a') FROM public.t AS u ORDER BY 1 DESC NULLS LAST;",
      "CREATE INDEX CONCURRENTLY i ON t USING gin ((data ->> 'k')) WHERE deleted_at IS NULL;",
      "SELECT x::numeric(10,2), b#>>'{a,b}', c ~* '^a', d !~~ '%x', e @> f, g ?| h, $2::text[]",
    ];
    for (const text of texts) assert.deepEqual(mine(text), real(text), text);
  });

  it('leaves to the real scanner what it does not cut itself', () => {
    for (const text of [
      "SELECT E'a\\'b'",
      "SELECT B'101', X'ff', N'x'",
      'SELECT U&"d\\0061t" FROM t',
      "SELECT 'a'\n'b'",
      'SELECT 1..2',
      'SELECT 0x1F, 1_000',
      'SELECT 12abc',
      "SELECT 'open",
      'SELECT /* open',
      'SELECT $1a',
      'SELECT $q$ open',
      "SELECT 'ñ'",
      'SELECT {',
    ])
      assert.equal(mine(text), undefined, text);
  });

  it('agrees with the real scanner on every statement of the SQL fixtures', () => {
    const root = path.resolve(__dirname, '../../fixtures');
    let compared = 0;
    for (const file of sqlFiles(root)) {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseSql(text);
      for (const piece of [text, ...parsed.statements.map((s) => text.slice(s.start, s.end))]) {
        const cut = mine(piece);
        if (!cut) continue;
        assert.deepEqual(cut, real(piece), `${path.relative(root, file)}: ${piece.slice(0, 80)}`);
        compared++;
      }
    }
    assert.ok(compared > 100, `only ${compared} texts compared`);
  });
});
