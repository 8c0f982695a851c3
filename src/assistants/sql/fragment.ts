import type { HostQuote } from './host-literals';
import type { BuilderInfo } from './schema-builders';
import type { SourceMap } from './source-map';
import type { FragmentRecipe, Placeholder, RecipeBuilder, StandInKind } from './stand-ins';
import { assemble } from './stand-ins';

/**
 * A SQL fragment: the text of one or more statements found in a document, with a map back to the host text
 * and the recipe it was assembled from (so other stand-in kinds can be tried when the first guess does not
 * parse).
 */

export interface LoopContext {
  /** `for…of`, `while`, `.map()`… */
  kind: string;
  /** Host span of the loop's head (`for (const x of xs)`, `.map`). */
  start: number;
  end: number;
  /** Host span of what runs per element: the loop's body, or the callback. */
  body: { start: number; end: number };
  /** Host span of what is iterated (`xs` of `for (const x of xs)` or `xs.map(…)`), where the loop names it. */
  over?: { start: number; end: number };
}

export interface SqlFragment {
  sql: string;
  map: SourceMap;
  /**
   * A whole SQL file, a tagged template, a literal passed to a query call, a PL/pgSQL statement inside a
   * function or `DO` body, or (`exhaustive` extraction only) any other literal that starts like a statement.
   */
  origin: 'file' | 'template' | 'call' | 'literal' | 'body';
  /** Host literal's quote, for escaping edits; undefined for a SQL file. */
  quote?: HostQuote;
  /** The `$n` values stand for: a tagged template's `${…}`, a driver's `?`, an interpolated value. */
  placeholders: Placeholder[];
  /**
   * `${…}` or `+ x` spliced into the text by string building rather than bound as parameters: the real
   * SQL is only known at run time, so a syntax error at such a spot is not reported.
   */
  interpolated: boolean;
  /** The function or tag that runs or builds it (`pool.query`, `sql`): host span and text. */
  caller?: { start: number; end: number; name: string };
  /** Set when the statement runs once per element of a loop in the same function. */
  loop?: LoopContext;
  /** What it was assembled from, and the kind each stand-in was given. */
  recipe?: FragmentRecipe;
  kinds?: StandInKind[];
  /** A SQL file with template tags (Jinja, Go): a statement that still does not parse is reported as such. */
  templated?: boolean;
  /** The DDL a schema builder call runs (`pgm.createIndex`, `knex.schema.createTable`): the engine's text (schema-builders.ts). */
  builder?: BuilderInfo;
}

/** Assembles a recipe into a fragment, each stand-in given the kind its context suggests. */
export function fragmentOf(
  builder: RecipeBuilder,
  firstParameter: number,
  origin: SqlFragment['origin'],
  quote?: HostQuote,
): SqlFragment {
  const recipe = builder.recipe(firstParameter);
  const { sql, map, placeholders, kinds } = assemble(recipe);
  return {
    sql,
    map,
    origin,
    ...(quote ? { quote } : {}),
    placeholders,
    interpolated: recipe.slots.some((slot) => !slot.bound && !slot.sameLength),
    ...(recipe.slots.length > 0 ? { recipe, kinds } : {}),
  };
}

/** The same fragment with other stand-in kinds. */
export function reassembled(fragment: SqlFragment, kinds: readonly StandInKind[]): SqlFragment {
  if (!fragment.recipe) return fragment;
  const { sql, map, placeholders, kinds: chosen } = assemble(fragment.recipe, kinds);
  return { ...fragment, sql, map, placeholders, kinds: chosen };
}

const COMMENTS = String.raw`(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*`;

/** Statements we analyse start with one of these words. */
const STATEMENT_START = new RegExp(
  `^${COMMENTS}(?:select|with|insert|update|delete|create|alter|drop|truncate|vacuum|cluster|reindex|explain|merge|values|table)\\b`,
  'i',
);

/** A statement, not a word that starts like one (`'select'`, `'update-available'`): a keyword, space, more. */
const WHOLE_STATEMENT = new RegExp(
  `^${COMMENTS}(?:select|with|insert|update|delete|create|alter|drop|truncate|vacuum|cluster|reindex|explain|merge)\\s+[^\\s]`,
  'i',
);

/**
 * Cheap test before the TypeScript parser runs: a quote or backtick followed by a statement keyword (after
 * spaces, comments, or a backslash that continues the line: `\`\\⏎select …\``).
 */
const SCRIPT_PRECHECK =
  /[`'"](?:\s|\\\r?\n)*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*(?:(?:select|with|insert|update|delete|create|alter|drop|truncate|vacuum|cluster|reindex|explain|merge|grant|revoke)\b|comment\s+on\b|do\s+\$|refresh\s+materialized\b)/i;

/** Every command word of PostgreSQL's grammar. */
const COMMAND_WORDS =
  'abort|alter|analy[sz]e|begin|call|checkpoint|close|cluster|comment|commit|copy|create|deallocate|declare|' +
  'delete|discard|do|drop|end|execute|explain|fetch|grant|import|insert|listen|load|lock|merge|move|notify|' +
  'prepare|reassign|refresh|reindex|release|reset|revoke|rollback|savepoint|security|select|set|show|start|' +
  'table|truncate|unlisten|update|vacuum|values|with';

/**
 * A text starting with a command word: in an exhaustive extraction a literal starting with one of them is
 * taken, since `'BEGIN; DROP TABLE t'` runs as well as a SELECT does.
 */
export const ANY_STATEMENT_START = new RegExp(`^${COMMENTS}(?:${COMMAND_WORDS})\\b`, 'i');

/** A command word followed by a space or the end (`COMMIT`, `DO $$…`), not a word that starts like one (`create-app`). */
const COMMAND = new RegExp(`^${COMMENTS}(?:${COMMAND_WORDS})(?:\\s|;|$)`, 'i');

/** What a driver's call or tag is given: it runs whatever command that is. */
export function looksLikeCommand(sql: string): boolean {
  return COMMAND.test(sql);
}

export function looksLikeSql(sql: string): boolean {
  return STATEMENT_START.test(sql);
}

/** For calls taken by their name alone (`runQuery(…)`): the argument must read as a whole statement. */
export function looksLikeStatement(sql: string): boolean {
  return WHOLE_STATEMENT.test(sql);
}

export function mightContainSql(text: string): boolean {
  return SCRIPT_PRECHECK.test(text);
}
