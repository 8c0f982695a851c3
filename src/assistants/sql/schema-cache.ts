import type { AnalysisError } from '../../core/finding';
import type { WorkspaceFile } from '../../core/workspace';
import { hashText } from '../../core/workspace';
import { LineIndex } from '../../core/text';
import type { ParsedSql } from './parser';
import { analysisErrorOf, parseSql } from './parser';
import { doBlockStatements } from './do-blocks';
import type { SchemaStatement } from './schema';
import { Catalog } from './schema';
import type { SqlSettings } from './settings';
import type { SqlFragment } from './sources';
import { extractFragments, loadTypeScript } from './sources';
import { SCRIPT_FILE, SQL_FILE } from './file-kinds';
import { isSchemaPath } from './schema-paths';
import { loadScriptParser, rollbackSpans } from './script-migrations';

export { isSchemaPath };

/**
 * Which files make the schema, and a parse cache for them. A workspace file is recognised by its stamp
 * without reading it; when the stamp moved (or the file is the document being edited), a hash of the
 * text decides whether the old parse still holds. The catalog is rebuilt only when a schema file changed,
 * so re-analysing a query file costs no schema work at all.
 *
 * A migration is judged by its own past: the schema a migration document is checked against is the one its
 * predecessors built, then its own statements (every query call of a script migration, DDL inside its DO
 * blocks), never the final schema a later rename or drop has already changed. Those catalogs are built from a
 * cursor that applies the files in order and is copied at the document, so checking the migrations one after
 * another applies each file once.
 */

/** Above this a file is a data dump, not a schema: not read for context. */
const MAX_SCHEMA_FILE_CHARS = 2_000_000;

const HAS_DDL = /\b(?:create|alter|drop)\s+(?:(?:unique\s+)?index|table|(?:materialized\s+)?view)\b/i;

/** Path order with numbers compared as numbers (`2_x.sql` before `10_x.sql`). */
export function compareMigrationPaths(a: string, b: string): number {
  const split = (s: string) => s.split(/(\d+)/);
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const numeric = i % 2 === 1;
    if (numeric) {
      const diff = Number(pa[i]) - Number(pb[i]);
      if (diff !== 0) return diff;
    }
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

interface Entry {
  stamp?: string;
  hash: string;
  /** Its statements with their spans in the file; undefined when the file has no DDL, or its parse failed. */
  statements?: SchemaStatement[];
  lines?: LineIndex;
  /** The file's syntax errors and statements not analysed; its failure, when the parse threw. */
  errors: AnalysisError[];
  failed?: boolean;
}

export interface CurrentDocument {
  file: string;
  text: string;
  /** The document's own fragments and their parses (reused rather than parsed again). */
  fragments?: readonly { fragment: SqlFragment; parsed: ParsedSql }[];
}

/** The schema a document is checked against, and the schema after every migration. */
export interface DocumentSchema {
  /** As of the document: its predecessors' and its own DDL when it is a migration; else `final`. */
  schema: Catalog;
  /** After every schema file (what a later migration already fixed counts here). */
  final: Catalog;
}

/** How far the workspace was read: what every catalog built from it carries, and the key it is cached by. */
interface ReadState {
  complete: boolean;
  errors: readonly AnalysisError[];
  key: string;
}

interface Applied {
  file: string;
  entry: Entry;
}

export class SchemaCache {
  private readonly byFile = new Map<string, Entry>();
  private last?: { signature: string; catalog: Catalog };
  /** The schema after the first `signatures.length` applied files, moved forward as later documents are checked. */
  private cursor?: { catalog: Catalog; signatures: string[] };
  private lastAsOf?: { signature: string; catalog: Catalog };

  private entry(
    file: string,
    text: string,
    stamp?: string,
    fragments?: readonly { fragment: SqlFragment; parsed: ParsedSql }[],
  ): Entry {
    const hash = `${text.length}:${hashText(text)}`;
    const cached = this.byFile.get(file);
    if (cached?.hash === hash) {
      if (stamp) cached.stamp = stamp;
      return cached;
    }
    const entry: Entry = { stamp, hash, errors: [] };
    if (HAS_DDL.test(text)) {
      const lines = new LineIndex(text);
      entry.lines = lines;
      try {
        if (SCRIPT_FILE.test(file)) entry.statements = scriptStatements(file, text, fragments);
        else {
          const parsed = fragments?.[0]?.parsed ?? parseSql(extractFragments(file, text)[0]?.sql ?? text);
          entry.statements = withDoBlocks(
            parsed.statements.map((statement) => ({ statement, start: statement.start, end: statement.end })),
          );
          for (const error of parsed.errors)
            entry.errors.push(
              analysisErrorOf(file, error, lines.rangeOf(error.start, Math.max(error.end, error.start))),
            );
        }
      } catch (error) {
        // One file that cannot be parsed costs its own tables, not the workspace's schema.
        entry.failed = true;
        entry.errors.push({
          file,
          kind: 'internal',
          message: `not read into the schema: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    this.byFile.set(file, entry);
    return entry;
  }

  /**
   * Reads (or reuses) the schema files of the workspace and returns the catalog, the current document's
   * live text standing in for its saved version. Stops reading when `stopAt()` says so, with `complete`
   * false; what was parsed stays cached for the next call.
   */
  async catalog(
    files: readonly WorkspaceFile[],
    settings: SqlSettings,
    current?: CurrentDocument,
    stopAt: () => boolean = () => false,
  ): Promise<Catalog> {
    return (await this.schemaFor(files, settings, current, stopAt)).final;
  }

  /**
   * The schema `current` is checked against (see DocumentSchema), with the final one. Reads (or reuses) the
   * schema files of the workspace, the current document's live text standing in for its saved version. Stops
   * reading when `stopAt()` says so, with `complete` false; what was parsed stays cached for the next call.
   */
  async schemaFor(
    files: readonly WorkspaceFile[],
    settings: SqlSettings,
    current?: CurrentDocument,
    stopAt: () => boolean = () => false,
  ): Promise<DocumentSchema> {
    const schemaFiles = files.filter((f) => isSchemaPath(f.file, settings));
    // Script migrations are read with TypeScript's parser: loaded only when there are some.
    if (schemaFiles.some((f) => SCRIPT_FILE.test(f.file))) await Promise.all([loadTypeScript(), loadScriptParser()]);
    const ordered: Applied[] = [];
    let complete = true;
    let parsedSinceYield = 0;
    const seen = new Set<string>();
    for (const wf of schemaFiles) {
      seen.add(wf.file);
      if (current && wf.file === current.file) {
        ordered.push({ file: wf.file, entry: this.entry(wf.file, current.text, undefined, current.fragments) });
        continue;
      }
      const cached = this.byFile.get(wf.file);
      if (cached && cached.stamp === wf.stamp) {
        ordered.push({ file: wf.file, entry: cached });
        continue;
      }
      if (stopAt()) {
        complete = false;
        continue;
      }
      const text = await wf.read();
      if (text === undefined || text.length > MAX_SCHEMA_FILE_CHARS) continue;
      ordered.push({ file: wf.file, entry: this.entry(wf.file, text, wf.stamp) });
      if (++parsedSinceYield >= 25) {
        parsedSinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // The document being analysed: a schema file in its place; any other SQL document with DDL after them all.
    if (
      current &&
      SQL_FILE.test(current.file) &&
      !seen.has(current.file) &&
      (isSchemaPath(current.file, settings) || HAS_DDL.test(current.text))
    ) {
      ordered.push({
        file: current.file,
        entry: this.entry(current.file, current.text, undefined, current.fragments),
      });
    }
    ordered.sort((a, b) => compareMigrationPaths(a.file, b.file));
    if (current && !seen.has(current.file)) {
      // Outside the schema files, it comes last, whatever its name.
      const at = ordered.findIndex((o) => o.file === current.file);
      if (at >= 0) ordered.push(...ordered.splice(at, 1));
    }
    if (complete)
      for (const file of [...this.byFile.keys()])
        if (!seen.has(file) && file !== current?.file) this.byFile.delete(file);

    const read = ordered.filter((o) => o.entry.statements || o.entry.failed);
    const errors = read.flatMap((o) => o.entry.errors);
    const applied = read.filter((o) => o.entry.statements);
    // Files that failed change the errors, not what is applied: they count in the signatures all the same.
    const failed = read
      .filter((o) => o.entry.failed)
      .map(signatureOf)
      .join('|');
    const state: ReadState = { complete, errors, key: `${complete}|${failed}` };
    const final = this.finalCatalog(applied, state);
    const at = current ? applied.findIndex((o) => o.file === current.file) : -1;
    if (at < 0 || at === applied.length - 1) return { schema: final, final };
    return { schema: this.asOf(applied, at, state), final };
  }

  /** The schema after every applied file, rebuilt only when one of them changed. */
  private finalCatalog(applied: readonly Applied[], state: ReadState): Catalog {
    const signature = `${state.key}|${applied.map(signatureOf).join('|')}`;
    if (this.last?.signature === signature) return this.last.catalog;
    const catalog = new Catalog();
    catalog.complete = state.complete;
    catalog.errors.push(...state.errors);
    applied.forEach((o, order) => applyTo(catalog, o, order));
    this.last = { signature, catalog };
    return catalog;
  }

  /** The schema after the applied files up to and including `at` (the document's own statements on top). */
  private asOf(applied: readonly Applied[], at: number, state: ReadState): Catalog {
    const signatures = applied.slice(0, at + 1).map(signatureOf);
    const signature = `${state.key}|${signatures.join('|')}`;
    if (this.lastAsOf?.signature === signature) return this.lastAsOf.catalog;
    let cursor = this.cursor;
    const stale = !cursor || cursor.signatures.length > at || cursor.signatures.some((s, i) => s !== signatures[i]);
    if (!cursor || stale) cursor = this.cursor = { catalog: new Catalog(), signatures: [] };
    while (cursor.signatures.length < at) {
      const order = cursor.signatures.length;
      applyTo(cursor.catalog, applied[order], order);
      cursor.signatures.push(signatures[order]);
    }
    const catalog = cursor.catalog.clone();
    applyTo(catalog, applied[at], at);
    catalog.complete = state.complete;
    catalog.errors.length = 0;
    catalog.errors.push(...state.errors);
    this.lastAsOf = { signature, catalog };
    return catalog;
  }
}

function signatureOf(o: Applied): string {
  return `${o.file}#${o.entry.hash}`;
}

function applyTo(catalog: Catalog, { file, entry }: Applied, order: number): void {
  catalog.files.push(file);
  if (entry.lines) catalog.lines.set(file, entry.lines);
  catalog.applyFile(file, entry.statements!, order);
}

/**
 * The statements of a migration script, at their spans in its text: every query call and `sql` template of its
 * `up` direction (see script-migrations.ts), DO blocks included. Syntax errors are the file's own analysis's
 * to report, where interpolated SQL is told apart.
 */
function scriptStatements(
  file: string,
  text: string,
  fragments?: readonly { fragment: SqlFragment; parsed: ParsedSql }[],
): SchemaStatement[] {
  const parsed =
    fragments ?? extractFragments(file, text).map((fragment) => ({ fragment, parsed: parseSql(fragment.sql) }));
  const rollback = rollbackSpans(file, text);
  const out: SchemaStatement[] = [];
  for (const { fragment, parsed: sql } of parsed) {
    const at = fragment.map.toHost(0);
    if (rollback.some((span) => at >= span.start && at < span.end)) continue;
    for (const statement of sql.statements) {
      const host = fragment.map.spanToHost(statement.start, statement.end);
      out.push({ statement, start: host.start, end: host.end });
    }
  }
  return withDoBlocks(out);
}

/** After each DO block, the DDL it runs, at the block's span (see do-blocks.ts). */
function withDoBlocks(statements: SchemaStatement[]): SchemaStatement[] {
  if (!statements.some((s) => s.statement.type === 'DoStmt')) return statements;
  const out: SchemaStatement[] = [];
  for (const s of statements) {
    out.push(s);
    if (s.statement.type !== 'DoStmt') continue;
    for (const sql of doBlockStatements(s.statement.node)) {
      for (const statement of parseSql(sql).statements) out.push({ statement, start: s.start, end: s.end });
    }
  }
  return out;
}
