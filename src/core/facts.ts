import type { SourceDocument } from './assistant';
import type { AnalysisError, Range } from './finding';

/**
 * Facts one assistant offers the others. Assistants never import each other: a consumer asks the catalog
 * for a provider by kind (`factsProvider('table-access')` in assistants/catalog.ts), and the catalog loads the
 * assistant that knows. The shapes live here so both sides depend on core only.
 */

/**
 * The tables one statement of a file touches. Names are as PostgreSQL reads them: unquoted identifiers
 * folded to lower case, `schema.table` when the statement qualifies the name, the bare name otherwise (it
 * resolves through the search_path at run time). Names of WITH queries are not tables and never appear.
 */
export interface TableAccess {
  file: string;
  /** The statement in the file (for SQL embedded in a script, its span in the host file). */
  range: Range;
  /** Tables whose rows the statement reads: FROM, JOIN, subqueries, the source of INSERT … SELECT or MERGE. */
  reads: string[];
  /** Tables it changes: rows (INSERT, UPDATE, DELETE, MERGE, COPY FROM, TRUNCATE) or definitions (DDL). */
  writes: string[];
  /** True when the statement changes table definitions (CREATE, ALTER, DROP, CREATE INDEX…) rather than rows. */
  changesSchema: boolean;
}

export interface TableAccessFacts {
  /** One entry per statement that touches a table, in document order. */
  accesses: TableAccess[];
  /** Statements that could not be read (a syntax error) or a document that failed; the rest is still listed. */
  errors: AnalysisError[];
}

export interface TableAccessProvider {
  /** Files the provider can say something about: a consumer filters the workspace with it. */
  files: RegExp;
  tableAccess(doc: SourceDocument): Promise<TableAccessFacts>;
}

/** Every kind of fact an assistant offers, and the provider a consumer gets for it. */
export interface FactProviders {
  'table-access': TableAccessProvider;
}

export type FactKind = keyof FactProviders;
