import type * as LibPgQuery from 'libpg-query';
import { byteOffsetMapper } from '../core/text';
import type { Spans } from './redaction-spans';
import { proseSpans } from './redact-lines';
import { isSecretName } from './secret-names';

/**
 * PostgreSQL by its grammar (libpg_query, the server's own parser):
 * - options named like a secret, wherever the grammar has options: `CREATE/ALTER ROLE|USER … PASSWORD '…'`,
 *   `CREATE USER MAPPING … OPTIONS (password '…')`, a foreign server's or subscription's options;
 * - literals bound to a secret's name: column defaults (`api_key text DEFAULT '…'`, `ALTER … SET DEFAULT`),
 *   `SET`/`UPDATE … SET password = '…'`, `INSERT (…, api_key) VALUES (…, '…')` by position, comparisons
 *   (`WHERE token = '…'`), `SET app.secret = '…'`, `set_config('app.secret', '…', …)`;
 * - the secret arguments of pgcrypto (`crypt('…', …)`, `pgp_sym_encrypt(…, '…')`, `hmac(…, '…', …)`…) and of
 *   functions named like a secret;
 * - comments, read as prose (`-- password: hunter2`).
 * Statements the grammar refuses still get the token rules (a literal after PASSWORD, IDENTIFIED BY or an
 * option named like a secret); text the scanner refuses gets only the line rules.
 */

type PgModule = typeof LibPgQuery;

interface Token {
  start: number;
  end: number;
  text: string;
  /** The scanner's token name: SCONST, IDENT, SQL_COMMENT… */
  name: string;
}

/** Arguments (0-based) of pgcrypto functions that are passwords or keys. */
const SECRET_ARGUMENTS = new Map<string, readonly number[]>([
  ['crypt', [0]],
  ['pgp_sym_encrypt', [1]],
  ['pgp_sym_encrypt_bytea', [1]],
  ['pgp_sym_decrypt', [1]],
  ['pgp_sym_decrypt_bytea', [1]],
  ['pgp_pub_decrypt', [1, 2]],
  ['pgp_pub_decrypt_bytea', [1, 2]],
  ['encrypt', [1]],
  ['decrypt', [1]],
  ['encrypt_iv', [1, 2]],
  ['decrypt_iv', [1, 2]],
  ['hmac', [1]],
]);

/** Tokens of the scanner that hold a string literal. */
const STRING_TOKENS = new Set(['SCONST', 'USCONST', 'BCONST', 'XCONST']);

export function sqlSpans(spans: Spans, pg: PgModule): boolean {
  const tokens = scan(spans.text, pg);
  if (!tokens) return false;
  for (const token of tokens)
    if (token.name === 'SQL_COMMENT' || token.name === 'C_COMMENT') proseSpans(spans.view(token.start, token.end));
  const code = tokens.filter((t) => t.name !== 'SQL_COMMENT' && t.name !== 'C_COMMENT');
  // A literal that says a secret in words (`COMMENT ON ROLE app IS 'password: …'`) is prose too.
  for (const token of code) if (STRING_TOKENS.has(token.name)) proseSpans(spans.view(token.start, token.end));
  literalsAfterSecretWords(code, spans);
  for (const statement of statements(code)) {
    const parsed = parseStatement(statement, spans.text, pg);
    if (!parsed) continue; // the token rule above has run; nothing more is known about it
    const byStart = new Map(parsed.tokens.map((t) => [t.start, t]));
    const at = (byteLocation: number) => byStart.get(parsed.toText(byteLocation));
    for (const raw of parsed.stmts) new StatementWalk(parsed.tokens, at, spans).run(raw.stmt);
  }
  return true;
}

/** Keywords that start a statement: where a statement is parsed again when what comes before it does not parse. */
const STATEMENT_START =
  /^(?:create|alter|drop|select|insert|update|delete|with|grant|revoke|set|comment|copy|do|begin)$/i;

/** Tails of one statement tried after it fails to parse whole: each try parses the rest again. */
const MAX_TAILS = 8;

/**
 * The statement's tree, or the tree of its tail from the first line that starts a statement and parses: prose
 * or a template line before a statement (a schema excerpt's heading, `{{ config(…) }}`) costs only that line.
 */
function parseStatement(statement: readonly Token[], text: string, pg: PgModule) {
  let tries = 0;
  for (let i = 0; i < statement.length && tries <= MAX_TAILS; i++) {
    const first = statement[i];
    const lineStart = i === 0 || /[\r\n]/.test(text.slice(statement[i - 1].end, first.start));
    if (i > 0 && !(lineStart && STATEMENT_START.test(first.text))) continue;
    tries++;
    const last = statement[statement.length - 1];
    const source = text.slice(first.start, last.end);
    try {
      const stmts = pg.parseSync(source).stmts ?? [];
      return { stmts, tokens: statement.slice(i), toText: byteOffsetMapper(source, first.start) };
    } catch {
      // try the next line that starts a statement
    }
  }
  return undefined;
}

function scan(text: string, pg: PgModule): Token[] | undefined {
  let scanned;
  try {
    scanned = pg.scanSync(text);
  } catch {
    return undefined;
  }
  const toText = byteOffsetMapper(text);
  return scanned.tokens.map((t) => {
    const start = toText(t.start);
    const end = toText(t.end);
    return { start, end, text: text.slice(start, end), name: t.tokenName };
  });
}

/** Top-level statements, split at `;` (a `BEGIN ATOMIC` body splits too, fails to parse, and keeps the token rule). */
function statements(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (const token of tokens) {
    if (token.text === ';') out.push([]);
    else out[out.length - 1].push(token);
  }
  return out.filter((s) => s.length > 0);
}

/** The value inside a string token's quotes (`'…'`, `E'…'`, `U&'…'`, `$tag$…$tag$`). */
function addLiteral(token: Token | undefined, spans: Spans, kind: string): void {
  if (!token || !STRING_TOKENS.has(token.name)) return;
  const dollar = /^\$[^$]*\$/.exec(token.text);
  const open = dollar ? dollar[0].length : token.text.indexOf("'") + 1;
  const close = dollar ? token.text.length - dollar[0].length : token.text.lastIndexOf("'");
  if (open <= 0 || close < open) return;
  spans.addValue(token.start + open, token.text.slice(open, close), kind);
}

/** `PASSWORD '…'`, `IDENTIFIED BY '…'`, `password '…'`: a literal right after a secret's name or keyword. */
function literalsAfterSecretWords(tokens: readonly Token[], spans: Spans): void {
  for (let i = 1; i < tokens.length; i++) {
    if (!STRING_TOKENS.has(tokens[i].name)) continue;
    const previous = tokens[i - 1];
    const identifiedBy = previous.text.toUpperCase() === 'BY' && tokens[i - 2]?.text.toUpperCase() === 'IDENTIFIED';
    if (identifiedBy || (previous.name !== 'SCONST' && isSecretName(previous.text.replace(/^"|"$/g, ''))))
      addLiteral(tokens[i], spans, previous.text.toUpperCase() === 'PASSWORD' ? 'sql-password' : 'sql-secret');
  }
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The last name of a `String` list (`funcname`, ColumnRef `fields`): `pgcrypto.crypt` → crypt. */
function lastName(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const last = list[list.length - 1] as Obj | undefined;
  const string = isObj(last) && isObj(last.String) ? last.String.sval : undefined;
  return typeof string === 'string' ? string : undefined;
}

class StatementWalk {
  constructor(
    private readonly tokens: readonly Token[],
    private readonly at: (byteLocation: number) => Token | undefined,
    private readonly spans: Spans,
  ) {}

  /** Visits every node once, with an explicit stack: a deeply nested statement cannot overflow the call stack. */
  run(root: unknown): void {
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const value = stack.pop();
      if (Array.isArray(value)) {
        for (const item of value) stack.push(item);
        continue;
      }
      if (!isObj(value)) continue;
      for (const [type, node] of Object.entries(value)) {
        if (!isObj(node)) continue;
        this.visit(type, node);
        for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }

  private visit(type: string, node: Obj): void {
    switch (type) {
      case 'DefElem':
        if (typeof node.defname === 'string' && isSecretName(node.defname)) this.option(node);
        break;
      case 'ColumnDef':
        if (typeof node.colname === 'string' && isSecretName(node.colname))
          this.literals(node.constraints, 'sql-secret');
        break;
      case 'AlterTableCmd':
      case 'ResTarget':
        if (typeof node.name === 'string' && isSecretName(node.name))
          this.literals(type === 'ResTarget' ? node.val : node.def, 'sql-secret');
        break;
      case 'VariableSetStmt':
        if (typeof node.name === 'string' && isSecretName(node.name)) this.literals(node.args, 'sql-secret');
        break;
      case 'InsertStmt':
        this.insertValues(node);
        break;
      case 'A_Expr':
        this.comparison(node);
        break;
      case 'FuncCall':
        this.call(node);
        break;
    }
  }

  /** An option's value: its literal when it has a location, else the first literal after the option's name. */
  private option(node: Obj): void {
    const arg = node.arg;
    if (isObj(arg) && isObj(arg.A_Const)) {
      this.literals(arg, node.defname === 'password' ? 'sql-password' : 'sql-secret');
      return;
    }
    if (!isObj(arg) || !isObj(arg.String) || typeof node.location !== 'number') return;
    const from = this.at(node.location);
    if (!from) return;
    const index = this.tokens.indexOf(from);
    const literal = this.tokens.slice(index, index + 4).find((t) => STRING_TOKENS.has(t.name));
    addLiteral(literal, this.spans, node.defname === 'password' ? 'sql-password' : 'sql-secret');
  }

  /** Every string constant under `root`. */
  private literals(root: unknown, kind: string): void {
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const value = stack.pop();
      if (Array.isArray(value)) stack.push(...value);
      else if (isObj(value)) {
        const constant = value.A_Const;
        if (isObj(constant) && isObj(constant.sval) && typeof constant.location === 'number')
          addLiteral(this.at(constant.location), this.spans, kind);
        for (const child of Object.values(value)) if (child !== null && typeof child === 'object') stack.push(child);
      }
    }
  }

  /** `INSERT INTO t (name, api_key) VALUES ('n', '…')`: the values in a secret column's position. */
  private insertValues(node: Obj): void {
    const columns = Array.isArray(node.cols)
      ? node.cols.map((c) => (isObj(c) && isObj(c.ResTarget) ? c.ResTarget.name : undefined))
      : [];
    if (!columns.some((c) => typeof c === 'string' && isSecretName(c))) return;
    const select = isObj(node.selectStmt) ? node.selectStmt.SelectStmt : undefined;
    const rows = isObj(select) && Array.isArray(select.valuesLists) ? select.valuesLists : [];
    for (const row of rows) {
      const items = isObj(row) && isObj(row.List) && Array.isArray(row.List.items) ? row.List.items : [];
      items.forEach((item, i) => {
        const column = columns[i];
        if (typeof column === 'string' && isSecretName(column)) this.literals(item, 'sql-secret');
      });
    }
  }

  /** `token = '…'`, `'…' = api_key`, `password IN ('…')`. */
  private comparison(node: Obj): void {
    const column = (side: unknown) =>
      isObj(side) && isObj(side.ColumnRef) ? lastName(side.ColumnRef.fields) : undefined;
    const left = column(node.lexpr);
    const right = column(node.rexpr);
    if (left !== undefined && isSecretName(left)) this.literals(node.rexpr, 'sql-secret');
    if (right !== undefined && isSecretName(right)) this.literals(node.lexpr, 'sql-secret');
  }

  private call(node: Obj): void {
    const name = lastName(node.funcname)?.toLowerCase();
    const args = Array.isArray(node.args) ? node.args : [];
    if (name === undefined) return;
    const positions = SECRET_ARGUMENTS.get(name);
    if (positions) {
      for (const i of positions) this.literals(args[i], 'sql-secret');
      return;
    }
    if (name === 'set_config') {
      const setting =
        isObj(args[0]) && isObj(args[0].A_Const) && isObj(args[0].A_Const.sval) ? args[0].A_Const.sval.sval : undefined;
      if (typeof setting === 'string' && isSecretName(setting)) this.literals(args[1], 'sql-secret');
      return;
    }
    if (isSecretName(name) && !/^(?:get|read|fetch|load|has|rotate|list|delete|drop|revoke)_/.test(name))
      this.literals(args, 'sql-secret');
  }
}
