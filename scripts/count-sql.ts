/**
 * How much of a code base's SQL the query optimizer sees: the statements present, counted here by our own
 * heuristics that share no code with the engine's extraction (a `;` splitter for SQL files, the TypeScript
 * AST for query calls and SQL tags in scripts), against what the engine extracted and parsed, with its parse
 * errors and the files it skipped and why.
 *
 *   npx tsx scripts/count-sql.ts <folder> [--json] [--list missed|errors|skipped]
 *
 * "present" in a script is a call site: a call of a query-running method (query, execute, raw, addSql…) or
 * a function named like one, whose first argument is a literal starting with a SQL command word, or a name
 * declared in the file with such a literal; or a SQL tag (`sql`…``, `$queryRaw`…``) whose text starts with
 * one. A site is extracted when a fragment of the engine starts inside it, and parsed when that fragment's
 * statements all parse. In a SQL file, statements are counted by the `;`s outside quotes, comments and
 * dollar quotes, after psql meta-commands and COPY data, and a named-query file (yesql, sqlc) also at each
 * `-- name:` line; PL/pgSQL statements inside `$$` bodies of functions and DO blocks are counted apart, as the
 * `;`-ended SQL commands in them. Go's query calls are counted by a pattern, apart; so are schema builder calls (by method name and a literal table name).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { parseFragment } from '../src/assistants/sql/fragment-parse';
import { loadSqlParser } from '../src/assistants/sql/parser';
import { routineStatements } from '../src/assistants/sql/plpgsql';
import { documentSql, loadTypeScript } from '../src/assistants/sql/sources';
import { readSourceSync } from '../src/cli/read-source';

const COMMAND =
  /^\s*(?:select|with|insert|update|delete|create|alter|drop|truncate|merge|do|comment|grant|revoke|vacuum|analyze|reindex|cluster|refresh|set|begin|commit|rollback|lock|copy|call|explain|values|table|perform)\b/i;
const SCRIPT = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const SQL = /\.(?:sql|psql|pgsql)$/i;
/** Go's query calls, counted apart from scripts' by a pattern of their own. */
const GO = /\.go$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.next', 'out', 'vendor']);
/** Methods and functions that run SQL in the drivers and ORMs we know of, and names that say so. */
const RUNS_SQL = new Set([
  'query',
  'execute',
  'exec',
  'raw',
  'addSql',
  'unsafe',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
  'none',
  'one',
  'many',
  'any',
  'oneOrNone',
  'manyOrNone',
  'result',
  'multi',
]);
const SAYS_SQL = /query|sql/i;
const TAG = /^(?:sql|SQL|\$queryRaw|\$executeRaw|unsafe|type|typeAlias)$/;

interface Site {
  file: string;
  start: number;
  end: number;
  line: number;
  kind: 'call' | 'tag' | 'statement' | 'body' | 'builder';
  text: string;
}

interface FileResult {
  file: string;
  present: Site[];
  /** Sites with an engine fragment starting inside, and whether all its statements parsed. */
  extracted: Map<Site, boolean>;
  parseErrors: { line: number; message: string; reported: boolean }[];
  skipped?: string;
  /** Statements the engine parsed in the file (top level and PL/pgSQL bodies). */
  engineStatements: number;
  engineBodyStatements: number;
}

function walk(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(path.join(dir, entry.name));
      } else if (
        (SCRIPT.test(entry.name) && !entry.name.endsWith('.d.ts')) ||
        SQL.test(entry.name) ||
        GO.test(entry.name)
      )
        out.push(path.join(dir, entry.name));
    }
  }
  return out.sort();
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** `;`-separated statements of SQL text, outside '…', "…", $tag$…$tag$ and comments; [start, end) each. */
function splitStatements(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      // A named query file (yesql, goyesql, sqlc, HugSQL) splits at each `-- name:` line, `;` or not.
      if ((i === 0 || text[i - 1] === '\n') && /^--\s*name:/.test(text.slice(i, i + 20))) {
        out.push({ start, end: i });
        start = i;
      }
      i = (text.indexOf('\n', i) + 1 || n + 1) - 1;
    } else if (c === '/' && text[i + 1] === '*') i = (text.indexOf('*/', i + 2) + 2 || n + 1) - 1;
    else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && !(text[j] === c && text[j + 1] !== c)) j += text[j] === c ? 2 : 1;
      i = j;
    } else if (c === '$' && /[A-Za-z_0-9]/.test(text[i - 1] ?? '') === false) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 40));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length - 1;
      }
    } else if (c === ';') {
      out.push({ start, end: i });
      start = i + 1;
    }
    i++;
  }
  out.push({ start, end: n });
  return out.filter((s) => stripComments(text.slice(s.start, s.end)).trim() !== '');
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

/** A SQL file's statements, psql lines and COPY data left out; PL/pgSQL statements in bodies apart. */
function sqlFileSites(file: string, text: string): Site[] {
  const lines = text.split('\n');
  let copying = false;
  const kept = lines.map((line) => {
    if (copying) {
      if (line.trim() === '\\.') copying = false;
      return ' '.repeat(line.length);
    }
    if (/^\s*\\/.test(line)) return ' '.repeat(line.length);
    if (/^\s*copy\b.*\bfrom\s+stdin\b.*;\s*$/i.test(line)) copying = true;
    return line;
  });
  const sql = kept.join('\n');
  const sites: Site[] = [];
  for (const s of splitStatements(sql)) {
    const statement = sql.slice(s.start, s.end);
    const lead = statement.length - statement.trimStart().length;
    sites.push({
      file,
      start: s.start + lead,
      end: s.end,
      line: lineOf(text, s.start + lead),
      kind: 'statement',
      text: stripComments(statement).trim().slice(0, 80),
    });
    // PL/pgSQL: the SQL commands of a $$ body of a plpgsql function or DO block.
    if (!/\blanguage\s+plpgsql\b|^\s*do\b/i.test(stripComments(statement))) continue;
    for (const body of statement.matchAll(/(\$[A-Za-z_]*\$)([\s\S]*?)\1/g)) {
      const bodyStart = s.start + body.index + body[1].length;
      for (const inner of splitStatements(body[2])) {
        const command = stripComments(body[2].slice(inner.start, inner.end)).trim();
        if (!isBodyCommand(command)) continue;
        const at = bodyStart + inner.start + body[2].slice(inner.start, inner.end).search(/\S/);
        sites.push({
          file,
          start: at,
          end: bodyStart + inner.end,
          line: lineOf(text, at),
          kind: 'body',
          text: command.slice(0, 80),
        });
      }
    }
  }
  return sites;
}

/**
 * A piece of a PL/pgSQL body between `;`s that is a SQL command once the control structure in front of it
 * is taken away (`begin`, `if … then`, `else`, `loop`, `for … loop`, `return query`); a `for … in select`
 * loop's query counts. Words inside string literals do not.
 */
function isBodyCommand(command: string): boolean {
  let c = command.replace(/'(?:[^']|'')*'/g, "''");
  if (/^\s*(?:<<\w+>>\s*)?for\b[\s\S]*?\bin\s+(?:select|with)\b/i.test(c)) return true;
  for (let before = ''; before !== c;) {
    before = c;
    c = c
      .replace(/^\s*(?:begin|else|loop|end\s+(?:if|loop|case)|end|<<\w+>>|declare\b[\s\S]*\bbegin)\b/i, '')
      .replace(/^\s*(?:if|elsif|when|exception\s+when)\b[\s\S]*?\bthen\b/i, '')
      .replace(/^\s*(?:for|foreach|while)\b[\s\S]*?\bloop\b/i, '')
      .replace(/^\s*return\s+query\b/i, '');
  }
  return /^\s*(?:select|insert|update|delete|create|alter|drop|truncate|perform|comment|grant|lock|with)\b/i.test(c);
}

function lastName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isCallExpression(expr)) return lastName(expr.expression);
  return undefined;
}

function templateText(node: ts.TemplateLiteral): string {
  if (ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return node.head.text + node.templateSpans.map((s) => ' x ' + s.literal.text).join('');
}

/** Query call sites and SQL tags of a script, by its AST. */
function scriptSites(file: string, text: string): Site[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const literals = new Map<string, string>();
  const sites: Site[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)) literals.set(node.name.text, init.text);
      else if (ts.isTemplateExpression(init)) literals.set(node.name.text, templateText(init));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const site = (node: ts.Node, kind: Site['kind'], sql: string) => {
    const start = node.getStart(source);
    sites.push({
      file,
      start,
      end: node.end,
      line: lineOf(text, start),
      kind,
      text: sql.replace(/\s+/g, ' ').trim().slice(0, 80),
    });
  };
  const textOf = (arg: ts.Expression): string | undefined => {
    let e = arg;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) e = e.expression;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isTemplateExpression(e)) return templateText(e);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return textOf(e.left);
    if (ts.isIdentifier(e)) return literals.get(e.text);
    if (ts.isObjectLiteralExpression(e))
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p) && p.name.getText(source) === 'text') return textOf(p.initializer);
        if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'text') return literals.get('text');
      }
    return undefined;
  };
  const find = (node: ts.Node) => {
    const builder = ts.isCallExpression(node) ? builderSite(node) : undefined;
    if (builder) site(node, 'builder', builder);
    if (ts.isTaggedTemplateExpression(node)) {
      const name = lastName(node.tag);
      const sql = templateText(node.template);
      if (name && TAG.test(name) && COMMAND.test(sql)) site(node, 'tag', sql);
    } else if (ts.isCallExpression(node) && node.arguments[0]) {
      const name = lastName(node.expression);
      if (name && (RUNS_SQL.has(name) || (SAYS_SQL.test(name) && !/^querySelector/.test(name)))) {
        const sql = textOf(node.arguments[0]);
        if (sql !== undefined && COMMAND.test(sql)) site(node, 'call', sql);
      }
    }
    ts.forEachChild(node, find);
  };
  find(source);
  return sites;
}

/**
 * A schema builder's call (knex `schema.createTable`/`alterTable`, node-pg-migrate `pgm.createIndex`, Sequelize
 * `queryInterface.addColumn`, Kysely `schema.createTable`…): a method of that name given a table's name as a literal
 * (or node-pg-migrate's `{ schema, name }`). Counted by name and first argument alone.
 */
const BUILDER_METHODS = new Set([
  'createTable',
  'createTableIfNotExists',
  'alterTable',
  'addColumn',
  'addColumns',
  'createIndex',
  'addIndex',
  'addConstraint',
]);

function builderSite(node: ts.CallExpression): string | undefined {
  if (!ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  const first = node.arguments[0];
  if (!BUILDER_METHODS.has(method) || !first) return undefined;
  if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) return `${method}('${first.text}')`;
  if (ts.isObjectLiteralExpression(first) && first.properties.some((p) => p.name?.getText() === 'name'))
    return `${method}({ name })`;
  return undefined;
}

/**
 * Query calls of Go's database/sql, sqlx and pgx (`db.Exec(`…`)`, `tx.QueryRowContext(ctx, "…")`,
 * `db.Get(&v, `…`)`, `fmt.Sprintf(`…`)` as the query, or a name given such a literal before the call), by a
 * pattern that shares nothing with the engine's reading of Go (go-sources.ts).
 */
const GO_CALL =
  /\.(?:Exec|Query|QueryRow|Get|Select|MustExec|NamedExec|Queryx|QueryRowx|Prepare|Preparex)(?:Context)?\(\s*(?:ctx\s*,\s*)?(?:&?[\w.]+\s*,\s*)?(?:fmt\.Sprintf\(\s*)?(`[^`]*`|"(?:[^"\\\n]|\\.)*")/g;

/** The same calls given a name (`query := `…`` earlier, then `db.Query(query, id)`). */
const GO_CALL_NAME =
  /\.(?:Exec|Query|QueryRow|Get|Select|MustExec|NamedExec|Queryx|QueryRowx|Prepare|Preparex)(?:Context)?\(\s*(?:ctx\s*,\s*)?(?:&?[\w.]+\s*,\s*)?(?:fmt\.Sprintf\(\s*)?([A-Za-z_]\w*)\s*[,)]/g;
const GO_ASSIGN = /\b([A-Za-z_]\w*)\s*:?=\s*(`[^`]*`|"(?:[^"\\\n]|\\.)*")/g;

function goSites(file: string, text: string): Site[] {
  const sites: Site[] = [];
  const assigned = [...text.matchAll(GO_ASSIGN)];
  const counted = new Set<number>();
  for (const m of text.matchAll(GO_CALL_NAME)) {
    // The last assignment of that name before the call: its literal is the statement.
    const literal = assigned.filter((a) => a[1] === m[1] && a.index < m.index).pop();
    if (!literal || counted.has(literal.index)) continue;
    const sql = literal[2].slice(1, -1);
    if (!COMMAND.test(sql)) continue;
    counted.add(literal.index);
    const start = literal.index + literal[0].length - literal[2].length;
    sites.push({
      file,
      start,
      end: start + literal[2].length,
      line: lineOf(text, start),
      kind: 'call',
      text: sql.replace(/\s+/g, ' ').trim().slice(0, 80),
    });
  }
  for (const m of text.matchAll(GO_CALL)) {
    const sql = m[1].slice(1, -1);
    if (!COMMAND.test(sql)) continue;
    sites.push({
      file,
      start: m.index,
      end: m.index + m[0].length,
      line: lineOf(text, m.index),
      kind: 'call',
      text: sql.replace(/\s+/g, ' ').trim().slice(0, 80),
    });
  }
  return sites;
}

async function countFile(file: string, shown: string): Promise<FileResult> {
  // Read as the CLI reads: a binary file (a pg_dump archive in tar or custom format) holds no statement to count.
  const read = readSourceSync(file);
  if (!read.ok)
    return {
      file: shown,
      present: [],
      extracted: new Map(),
      parseErrors: [],
      engineStatements: 0,
      engineBodyStatements: 0,
      skipped: read.message,
    };
  const text = read.text;
  const present = SQL.test(file)
    ? sqlFileSites(shown, text)
    : GO.test(file)
      ? goSites(shown, text)
      : scriptSites(shown, text);
  const result: FileResult = {
    file: shown,
    present,
    extracted: new Map(),
    parseErrors: [],
    engineStatements: 0,
    engineBodyStatements: 0,
  };
  const sql = documentSql(shown, text);
  if (sql.notAnalysed) result.skipped = sql.notAnalysed.message;
  for (const found of sql.fragments) {
    const top = parseFragment(found);
    for (const { fragment, parsed } of [top, ...routineStatements(top)]) {
      if (fragment.origin === 'body') result.engineBodyStatements += parsed.statements.length;
      else result.engineStatements += parsed.statements.length;
      const host = fragment.map.spanToHost(0, fragment.sql.length);
      for (const e of parsed.errors) {
        const at = fragment.map.spanToHost(e.start, e.end).start;
        // The engine hides errors in SQL built at run time; they count here all the same.
        result.parseErrors.push({ line: lineOf(text, at), message: e.message, reported: !fragment.interpolated });
      }
      for (const s of present) {
        const inside =
          s.kind === 'statement' || s.kind === 'body'
            ? (fragment.origin === 'body') === (s.kind === 'body') &&
              [...parsed.statements, ...parsed.errors].some((st) => {
                const h = fragment.map.spanToHost(st.start, st.end);
                return h.start >= s.start && h.start < Math.max(s.end, s.start + 1);
              })
            : (host.start >= s.start && host.start < s.end) ||
              (fragment.caller !== undefined && fragment.caller.start >= s.start && fragment.caller.start < s.end);
        if (!inside) continue;
        const failed = parsed.errors.some((e) => {
          const h = fragment.map.spanToHost(e.start, e.end);
          return s.kind === 'call' || s.kind === 'tag' ? true : h.start >= s.start && h.start <= s.end;
        });
        result.extracted.set(s, (result.extracted.get(s) ?? true) && !failed);
      }
    }
  }
  return result;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--'));
  if (!root) {
    console.error('usage: npx tsx scripts/count-sql.ts <folder> [--json] [--list missed|errors|skipped]');
    process.exit(2);
  }
  const list = args[args.indexOf('--list') + 1];
  await loadTypeScript();
  await loadSqlParser();
  const results: FileResult[] = [];
  for (const file of walk(root)) {
    const shown = path.relative(root, file).split(path.sep).join('/');
    try {
      results.push(await countFile(file, shown));
    } catch (error) {
      results.push({
        file: shown,
        present: [],
        extracted: new Map(),
        parseErrors: [],
        skipped: `failed: ${error instanceof Error ? error.message : String(error)}`,
        engineStatements: 0,
        engineBodyStatements: 0,
      });
    }
  }
  const rowOf = (of: FileResult[], kinds: Site['kind'][] = ['call']) => {
    const sites = of.flatMap((r) => r.present.filter((s) => kinds.includes(s.kind)));
    const extracted = of.flatMap((r) => [...r.extracted].filter(([s]) => kinds.includes(s.kind)));
    return { present: sites.length, extracted: extracted.length, parsed: extracted.filter(([, ok]) => ok).length };
  };
  const row = (kinds: Site['kind'][]) =>
    rowOf(
      results.filter((r) => !GO.test(r.file)),
      kinds,
    );
  const summary = {
    folder: root,
    files: {
      sql: results.filter((r) => SQL.test(r.file)).length,
      scripts: results.filter((r) => SCRIPT.test(r.file)).length,
      go: results.filter((r) => GO.test(r.file)).length,
    },
    sqlStatements: row(['statement']),
    plpgsqlStatements: row(['body']),
    scriptSites: row(['call', 'tag']),
    builderSites: row(['builder']),
    goSites: rowOf(results.filter((r) => GO.test(r.file))),
    engine: {
      statements: results.reduce((n, r) => n + r.engineStatements, 0),
      bodyStatements: results.reduce((n, r) => n + r.engineBodyStatements, 0),
      parseErrors: results.reduce((n, r) => n + r.parseErrors.length, 0),
      parseErrorsReported: results.reduce((n, r) => n + r.parseErrors.filter((e) => e.reported).length, 0),
    },
    skipped: results.filter((r) => r.skipped).map((r) => ({ file: r.file, reason: r.skipped! })),
  };
  if (args.includes('--json')) console.log(JSON.stringify(summary, null, 2));
  else {
    const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
    console.log(
      `${root}: ${summary.files.sql} SQL files, ${summary.files.scripts} scripts, ${summary.files.go} Go files`,
    );
    for (const [label, r] of [
      ['SQL file statements', summary.sqlStatements],
      ['PL/pgSQL body statements', summary.plpgsqlStatements],
      ['script query calls and tags', summary.scriptSites],
      ['schema builder calls', summary.builderSites],
      ['Go query calls', summary.goSites],
    ] as const)
      console.log(
        `  ${label.padEnd(30)} present ${String(r.present).padStart(5)}  extracted ${String(r.extracted).padStart(5)} (${pct(r.extracted, r.present)})  parsed ${String(r.parsed).padStart(5)} (${pct(r.parsed, r.present)})`,
      );
    console.log(
      `  engine: ${summary.engine.statements} statements + ${summary.engine.bodyStatements} in PL/pgSQL bodies parsed; ${summary.engine.parseErrors} parse errors (${summary.engine.parseErrorsReported} reported, the rest in SQL built at run time)`,
    );
    console.log(`  skipped with a reason: ${summary.skipped.length} files`);
    const reasons = new Map<string, number>();
    for (const s of summary.skipped) {
      const reason = s.reason.replace(/\(.*?\)/, '(…)');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    for (const [reason, n] of reasons) console.log(`    ${n} × ${reason}`);
  }
  if (list === 'missed')
    for (const r of results)
      for (const s of r.present)
        if (!r.extracted.has(s)) console.log(`missed ${r.file}:${s.line} [${s.kind}] ${s.text}`);
  if (list === 'errors')
    for (const r of results)
      for (const e of r.parseErrors)
        console.log(`error ${r.file}:${e.line} ${e.reported ? '' : '(hidden) '}${e.message}`);
  if (list === 'skipped') for (const s of summary.skipped) console.log(`skipped ${s.file}: ${s.reason}`);
}

void main();
