import type * as TS from 'typescript';
import { isStackOverflow } from '../../core/budget';
import { loadTypeScript as loadCompiler } from '../../core/module-graph/typescript';
import {
  bindsClickHouseParameters,
  dialectNote,
  importsPostgresGoDriver,
  otherGoDialect,
  otherScriptDialect,
  otherSqlDialect,
} from './dialect';
import { GO_FILE, SCRIPT_FILE, SQL_FILE } from './file-kinds';
import type { SqlFragment } from './fragment';
import { fragmentOf, mightContainSql } from './fragment';
import { goFragments } from './go-sources';
import type { QueryFunctions } from './query-functions';
import { DEFAULT_QUERY_FUNCTIONS } from './query-functions';
import { mightBuildSchema } from './schema-builders';
import { scriptFragments } from './script-sources';
import { sqlFileRecipe } from './sql-file-sources';
import { highestParameter } from './stand-ins';

/**
 * The SQL in a document, each fragment with a map back to the host text: a `.sql` file is one fragment
 * (sql-file-sources.ts); in TypeScript/JavaScript, tagged templates and what query calls are given
 * (script-sources.ts); in Go, string literals that read as statements (go-sources.ts). Only text that starts like a statement (SELECT, WITH, INSERT…) is taken, so `sql`
 * pieces of a larger query (`sql`AND active``) and ordinary strings are left alone; a file in another
 * database's dialect is not read at all (dialect.ts).
 */

export type { HostQuote } from './host-literals';
export { escapeForHost } from './host-literals';
export type { LoopContext, SqlFragment } from './fragment';
export { ANY_STATEMENT_START, looksLikeSql, looksLikeStatement, mightContainSql } from './fragment';
export type { Placeholder } from './stand-ins';
export { templateSyntaxAt } from './sql-file-sources';
export { GO_FILE, SCRIPT_FILE, SQL_FILE };

let ts: typeof TS | undefined;

/** The TypeScript compiler (parser only), loaded on the first script document with SQL in it. */
export async function loadTypeScript(): Promise<void> {
  ts ??= await loadCompiler();
}

/** The SQL of a document, or why none of it is analysed (with the span that says so, when there is one). */
export interface DocumentSql {
  fragments: SqlFragment[];
  notAnalysed?: { message: string; start?: number; end?: number };
}

export interface ExtractOptions {
  /**
   * For checks that must not miss a statement (the AI layer's edit guard): a SQL file in another dialect is
   * still taken, and in scripts every string literal (or `+` chain) that starts with a command word becomes
   * a fragment too (origin 'literal').
   */
  exhaustive?: boolean;
  /** The query functions of `scalingAssistant.sql.queryFunctions` besides the built-in ones. */
  queryFunctions?: QueryFunctions;
}

/**
 * SQL fragments of a document. Script documents need `loadTypeScript()` first (the engine awaits it only
 * when `mightContainSql` says so); without it they yield nothing.
 */
export function extractFragments(file: string, text: string, options: ExtractOptions = {}): SqlFragment[] {
  return documentSql(file, text, options).fragments;
}

export function documentSql(file: string, text: string, options: ExtractOptions = {}): DocumentSql {
  const exhaustive = options.exhaustive ?? false;
  if (SQL_FILE.test(file)) {
    const other = exhaustive ? undefined : otherSqlDialect(file, text);
    if (other)
      return { fragments: [], notAnalysed: { message: dialectNote(other), start: other.start, end: other.end } };
    const { builder, templated } = sqlFileRecipe(text);
    // Stand-ins are numbered after the file's own `$n`, so `%filter%` beside a `$1` is not taken for it.
    const first = highestParameter(builder.text) + 1;
    return { fragments: [{ ...fragmentOf(builder, first, 'file'), ...(templated ? { templated } : {}) }] };
  }
  if (GO_FILE.test(file)) {
    if (!mightContainSql(text)) return { fragments: [] };
    const other = exhaustive ? undefined : otherGoDialect(text);
    if (other)
      return { fragments: [], notAnalysed: { message: dialectNote(other), start: other.start, end: other.end } };
    const fragments = goFragments(text);
    if (exhaustive) return { fragments };
    // A Go file may hold another database's SQL without importing its driver (sqlc's code generated for SQLite,
    // next to the same queries for PostgreSQL): told by the syntax of its statements, as a SQL file is. Generated
    // code is one engine's, so one such statement settles the file, unless it imports a PostgreSQL driver.
    for (const fragment of fragments) {
      const syntax = otherSqlDialect('', fragment.sql);
      if (!syntax || importsPostgresGoDriver(text)) continue;
      const at = fragment.map.toHost(syntax.start ?? 0);
      return { fragments: [], notAnalysed: { message: dialectNote(syntax), start: at, end: at + 1 } };
    }
    return { fragments };
  }
  if (SCRIPT_FILE.test(file)) {
    if (!ts || !(exhaustive ? /[`'"]/.test(text) : mightContainSql(text) || mightBuildSchema(text)))
      return { fragments: [] };
    const other = exhaustive ? undefined : otherScriptDialect(text);
    if (other)
      return { fragments: [], notAnalysed: { message: dialectNote(other), start: other.start, end: other.end } };
    try {
      const fragments = scriptFragments(ts, file, text, {
        exhaustive,
        functions: options.queryFunctions ?? DEFAULT_QUERY_FUNCTIONS,
      });
      // A file may send the same query to PostgreSQL and to ClickHouse: the ClickHouse one is not ours to read.
      return { fragments: exhaustive ? fragments : fragments.filter((f) => !bindsClickHouseParameters(f.sql)) };
    } catch (error) {
      // TypeScript's parser recurses once per level of brackets, ternaries or blocks; our walks do not.
      if (!isStackOverflow(error)) throw error;
      return {
        fragments: [],
        notAnalysed: {
          message: 'not analysed: the code nests too deeply for the TypeScript parser, so its SQL cannot be found',
        },
      };
    }
  }
  return { fragments: [] };
}
