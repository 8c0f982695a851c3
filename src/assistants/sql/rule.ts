import type { Range, RelatedInformation, TextEdit } from '../../core/finding';
import type { RuleMeta, RuleReport } from '../../core/rule';
import type { NodeLike, NodeRef, Span } from './ast';
import type { ParsedSql, SqlStatement } from './parser';
import type { QueryLevel } from './query';
import type { Catalog, Origin, TableInfo } from './schema';
import type { SqlSettings } from './settings';
import type { SqlFragment } from './sources';
import type { RunContext } from './run-context';

/** What a SQL rule reports; the engine fills in file, assistant, rule id and metadata. */
export type SqlReport = RuleReport;

export interface SqlDocumentInfo {
  file: string;
  text: string;
  /** SQL embedded in a script (TypeScript/JavaScript) rather than a SQL file. */
  embedded: boolean;
  /** One of the schema files (a migration), by path. */
  isSchemaFile: boolean;
  /** Looks like a migration that runs against a live database (a migrations folder or a numbered file). */
  isMigration: boolean;
  /**
   * Where the document runs: per request (application code), once (a migration, backfill, seed or script) or
   * never in production (a test or benchmark). Findings on queries of once-only SQL are hints saying so.
   */
  runs: RunContext;
  /** The document's place in the migration order (after every schema file when it is none of them). */
  order: number;
  /** The line break the document mostly uses, for inserted lines. */
  eol: string;
}

export interface SqlRuleContext {
  /** The statement being checked (locations are offsets into `fragment.sql`). */
  statement: SqlStatement;
  /** The statement's node with its type. */
  ast: NodeRef;
  /** Every statement of the fragment, for checks that look at the ones before (a `SET lock_timeout`). */
  parsed: ParsedSql;
  fragment: SqlFragment;
  document: SqlDocumentInfo;
  /**
   * The schema as the statement sees it: for a migration, the one its predecessors built plus its own DDL (a later
   * rename or drop has not happened yet); for anything else, the schema after every migration.
   */
  schema: Catalog;
  /** The schema after every migration: what a later migration already fixed (an index added since) counts here. */
  finalSchema: Catalog;
  settings: SqlSettings;
  /** The statement's query levels with their scopes (computed once per statement). */
  levels(): QueryLevel[];
  /** Span of a node in `fragment.sql`. */
  spanOf(node: NodeLike): Span | undefined;
  /** Host range of a node or of a span of `fragment.sql`. */
  rangeOf(target: NodeLike | Span): Range | undefined;
  /** Host range of host offsets (a script's call expression, a loop head). */
  hostRange(start: number, end: number): Range;
  /** An edit replacing a span of `fragment.sql`; undefined where it would cut a placeholder or escape. */
  edit(span: Span, newText: string): TextEdit | undefined;
  /** Was the table created before this document (an earlier migration), as opposed to in it? */
  existedBefore(table: TableInfo | undefined): boolean | undefined;
  /** Was a table of this name created by a statement of this document before the current one (in any fragment)? */
  createdEarlierHere(name: string): boolean;
  /** Related information at a schema object's defining statement. */
  relatedAt(origin: Origin, message: string): RelatedInformation[] | undefined;
  report(finding: SqlReport): void;
}

export interface SqlRule extends RuleMeta {
  assistant: 'sql';
  /**
   * What every statement the rule can report on has, for the engine to skip the others without calling `check`
   * (which still decides): its kind (the statement's node type), and text the rule's findings need, such as a word
   * of the construct it looks for. A pattern must hold for any spelling of the construct (match letters case
   * by case, not whole words: a quoted name keeps its letters); a name that spells a word without its letters
   * (a Unicode escape, U&"…") makes the engine check the statement anyway.
   */
  when?: { statements?: readonly string[]; text?: RegExp };
  check(context: SqlRuleContext): void;
}

/** A Unicode escape (`U&"…"`, `U&'…'`), which can spell a name or keyword without its letters. */
const UNICODE_ESCAPE = /u&/i;

/** Does the statement's text hold a Unicode escape (asked once per statement, for every rule's `when`)? */
export function hasUnicodeEscape(text: string): boolean {
  return UNICODE_ESCAPE.test(text);
}

/**
 * Can the rule report on a statement of this type and text, as its `when` says? `escaped`: hasUnicodeEscape of the
 * text, when the caller asks it once for all the rules.
 */
export function mayReport(rule: SqlRule, type: string, text: string, escaped?: boolean): boolean {
  const when = rule.when;
  if (!when) return true;
  if (when.statements && !when.statements.includes(type)) return false;
  return !when.text || when.text.test(text) || (escaped ?? UNICODE_ESCAPE.test(text));
}

/** `spanOf`, or a fallback span when a node has no location (reported at the statement start). */
export function spanOrStatement(context: SqlRuleContext, node: NodeLike): Span {
  return (
    context.spanOf(node) ?? {
      start: context.statement.start,
      end: context.statement.tokens[0]?.end ?? context.statement.end,
    }
  );
}
