import type { AnalysisError } from '../../core/finding';
import type { WorkspaceFile } from '../../core/workspace';
import { hashText } from '../../core/workspace';
import { isCancelled, isOverBudget } from '../../core/budget';
import { LineIndex } from '../../core/text';
import type { ParsedSql } from './parser';
import { analysisErrorOf, parseSql } from './parser';
import type { ParsedFragment } from './fragment-parse';
import { parseFragment } from './fragment-parse';
import { doBlockStatements } from './do-blocks';
import type { SchemaStatement } from './schema';
import { Catalog } from './schema';
import type { SqlSettings } from './settings';
import type { SqlFragment } from './sources';
import { extractFragments, loadTypeScript } from './sources';
import { GO_FILE, SCRIPT_FILE, SQL_FILE } from './file-kinds';
import { isSchemaPath } from './schema-paths';
import { mightBuildSchema } from './schema-builders';
import { goRollbackSpans } from './go-sources';
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

/**
 * Path order with numbers compared as numbers (`2_x.sql` before `10_x.sql`). Migrations moved into a subfolder of
 * their folder (`migrations/archives/2019…`) keep their place by their numbered names, as the runner ran them.
 */
export function compareMigrationPaths(a: string, b: string): number {
  const dirA = a.slice(0, a.lastIndexOf('/') + 1);
  const dirB = b.slice(0, b.lastIndexOf('/') + 1);
  if (dirA !== dirB && (dirA.startsWith(dirB) || dirB.startsWith(dirA))) {
    const nameA = a.slice(dirA.length);
    const nameB = b.slice(dirB.length);
    if (/^\d/.test(nameA) && /^\d/.test(nameB) && nameA !== nameB) return comparePaths(nameA, nameB);
  }
  return comparePaths(a, b);
}

function comparePaths(a: string, b: string): number {
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
  /** A SQL file's text and the fragments parsed from it here, for its own analysis to take (see `parsesOf`). */
  text?: string;
  parses?: readonly ParsedFragment[];
}

export interface CurrentDocument {
  file: string;
  text: string;
  /**
   * The document's own fragments and their parses, asked for only when its schema must be read from its text: the
   * caller parses them once (under its budget) and keeps them for its own analysis.
   */
  fragments?: () => readonly { fragment: SqlFragment; parsed: ParsedSql }[];
}

/** The schema a document is checked against, and the schema after every migration. */
export interface DocumentSchema {
  /** As of the document: its predecessors' and its own DDL when it is a migration; else `final`. */
  schema: Catalog;
  /** After every schema file (what a later migration already fixed counts here). */
  final: Catalog;
}

interface Applied {
  file: string;
  entry: Entry;
}

/** The schema files of the last listing, in migration order, while nothing in it changed. */
interface Listing {
  settingsKey: string;
  /** The schema files it was read from (the same array: nothing to compare). */
  source: readonly WorkspaceFile[];
  files: string[];
  stamps: string[];
  ordered: Applied[];
}

/** A catalog and the entries it was built from, in order: the same entries, the same catalog. */
interface Built {
  entries: Entry[];
  catalog: Catalog;
}

export class SchemaCache {
  private readonly byFile = new Map<string, Entry>();
  private readonly schemaPath = new Map<string, boolean>();
  private schemaPathKey = '';
  private listing?: Listing;
  private last?: Built & { complete: boolean; read: readonly Applied[] };
  /** The schema after `entries`, moved forward as later migrations are checked; `from`, the list they were taken from. */
  private cursor?: Built & { from?: readonly Applied[] };
  private lastAsOf?: { catalog: Catalog; complete: boolean; at: number; read: readonly Applied[] };
  /** The workspace listing last handed in and its schema files: the same files, the same answer. */
  private lastFiles?: { files: readonly WorkspaceFile[]; settingsKey: string; schemaFiles: WorkspaceFile[] };
  /** What schemaFor derives from one list of applied files, kept while the list is the same. */
  private derived?: {
    ordered: readonly Applied[];
    read: Applied[];
    applied: Applied[];
    at: Map<string, number>;
    /** The errors of the files read, in order: every migration's schema carries them. */
    errors: AnalysisError[];
  };

  private entry(
    file: string,
    text: string,
    stamp?: string,
    fragments?: () => readonly { fragment: SqlFragment; parsed: ParsedSql }[],
  ): Entry {
    const hash = `${text.length}:${hashText(text)}`;
    const cached = this.byFile.get(file);
    if (cached?.hash === hash) {
      if (stamp) cached.stamp = stamp;
      return cached;
    }
    const entry: Entry = { stamp, hash, errors: [] };
    if (HAS_DDL.test(text) || (SCRIPT_FILE.test(file) && mightBuildSchema(text))) {
      const lines = new LineIndex(text);
      entry.lines = lines;
      try {
        const given = fragments?.();
        if (SCRIPT_FILE.test(file) || GO_FILE.test(file)) entry.statements = scriptStatements(file, text, given);
        else {
          // A file in another dialect has no fragment, and no part in the schema.
          if (!given) {
            entry.text = text;
            entry.parses = parsedFragments(file, text);
          }
          const own = given?.[0] ?? entry.parses?.[0];
          entry.statements = withDoBlocks(
            (own?.parsed.statements ?? []).map((statement) => ({
              statement,
              ...own!.fragment.map.spanToHost(statement.start, statement.end),
            })),
          );
          for (const error of own?.parsed.errors ?? []) {
            const span = own!.fragment.map.spanToHost(error.start, Math.max(error.end, error.start));
            entry.errors.push(analysisErrorOf(file, error, lines.rangeOf(span.start, span.end)));
          }
        }
      } catch (error) {
        // The document's own parse runs under its analysis's budget: running out of it ends that analysis.
        if (isOverBudget(error) || isCancelled(error)) throw error;
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
   * The fragments of a SQL schema file as the schema read them, when `text` is still the text they were parsed
   * from: the file's own analysis takes them rather than parse the same text again (a migration checked after the
   * schema was read, the cold run's every migration).
   */
  parsesOf(file: string, text: string): readonly ParsedFragment[] | undefined {
    const entry = this.byFile.get(file);
    return entry?.parses && entry.text === text ? entry.parses : undefined;
  }

  /** isSchemaPath, remembered per file: every analysis asks it of every file of the workspace. */
  private isSchema(file: string, settings: SqlSettings, key: string): boolean {
    if (key !== this.schemaPathKey) {
      this.schemaPath.clear();
      this.schemaPathKey = key;
    }
    let known = this.schemaPath.get(file);
    if (known === undefined) {
      known = isSchemaPath(file, settings);
      this.schemaPath.set(file, known);
    }
    return known;
  }

  /**
   * Reads (or reuses) the schema files of the workspace and returns the catalog after all of them, the current
   * document's live text standing in for its saved version.
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
   * reading when `stopAt()` says so, with `complete` false; what was parsed stays cached for the next call. While
   * no schema file changed, nothing is read, sorted or built again: the work per analysis is a comparison of stamps.
   */
  async schemaFor(
    files: readonly WorkspaceFile[],
    settings: SqlSettings,
    current?: CurrentDocument,
    stopAt: () => boolean = () => false,
  ): Promise<DocumentSchema> {
    const settingsKey = settings.schemaPaths?.join('\n') ?? '';
    const schemaFiles = this.schemaFiles(files, settings, settingsKey);
    let ordered: Applied[];
    let complete = true;
    const listing = this.listing;
    if (
      listing &&
      listing.settingsKey === settingsKey &&
      (listing.source === schemaFiles || sameListing(listing, schemaFiles))
    )
      ordered = listing.ordered;
    else {
      // Script migrations are read with TypeScript's parser: loaded only when there are some.
      if (schemaFiles.some((f) => SCRIPT_FILE.test(f.file))) await Promise.all([loadTypeScript(), loadScriptParser()]);
      const read = await this.read(schemaFiles, current?.file, stopAt);
      ordered = read.ordered;
      complete = read.complete;
      if (complete)
        this.listing = {
          settingsKey,
          source: schemaFiles,
          files: schemaFiles.map((f) => f.file),
          stamps: schemaFiles.map((f) => f.stamp),
          ordered,
        };
    }
    // The document being analysed: its live text in its place among the schema files (unless it is as saved).
    const own = current ? this.derive(ordered).position.get(current.file) : undefined;
    let edited = false;
    if (current && own !== undefined) {
      const live = this.entry(current.file, current.text, undefined, current.fragments);
      edited = live !== ordered[own].entry;
      if (edited) ordered = ordered.map((o) => (o.file === current.file ? { file: o.file, entry: live } : o));
    }
    // The document being analysed when it is not a schema file: a SQL document with DDL comes after them all.
    if (
      current &&
      SQL_FILE.test(current.file) &&
      own === undefined &&
      (isSchemaPath(current.file, settings) || HAS_DDL.test(current.text))
    ) {
      ordered = [
        ...ordered,
        { file: current.file, entry: this.entry(current.file, current.text, undefined, current.fragments) },
      ];
    }
    const { read, applied, at: appliedAt, errors } = this.derive(ordered);
    const final = this.finalCatalog(read, applied, complete);
    const at = current ? (appliedAt.get(current.file) ?? -1) : -1;
    if (at < 0 || at === applied.length - 1) return { schema: final, final };
    return { schema: this.asOf(read, applied, at, complete, edited, errors), final };
  }

  /**
   * The schema files among the workspace's: the last answer when handed the same listing again (the CLI hands the
   * same array for every document, the editor and tests the same file objects), as every analysis asks.
   */
  private schemaFiles(files: readonly WorkspaceFile[], settings: SqlSettings, settingsKey: string): WorkspaceFile[] {
    const last = this.lastFiles;
    if (last && last.settingsKey === settingsKey && sameItems(last.files, files)) return last.schemaFiles;
    const schemaFiles = files.filter((f) => this.isSchema(f.file, settings, settingsKey));
    this.lastFiles = { files, settingsKey, schemaFiles };
    return schemaFiles;
  }

  /** The files with statements (or a failure), those applied, and each file's place: once per list of files. */
  private derive(ordered: readonly Applied[]): {
    read: Applied[];
    applied: Applied[];
    at: Map<string, number>;
    errors: AnalysisError[];
    position: Map<string, number>;
  } {
    let derived = this.derived;
    if (derived?.ordered !== ordered) {
      const read = ordered.filter((o) => o.entry.statements || o.entry.failed);
      const applied = read.filter((o) => o.entry.statements);
      const at = new Map<string, number>();
      // The first of a name, as findIndex found it.
      applied.forEach((o, i) => at.has(o.file) || at.set(o.file, i));
      derived = this.derived = { ordered, read, applied, at, errors: read.flatMap((o) => o.entry.errors) };
    }
    const position = this.positions?.ordered === ordered ? this.positions.map : this.positionsOf(ordered);
    return { ...derived, position };
  }

  private positions?: { ordered: readonly Applied[]; map: Map<string, number> };

  private positionsOf(ordered: readonly Applied[]): Map<string, number> {
    const map = new Map<string, number>();
    ordered.forEach((o, i) => map.has(o.file) || map.set(o.file, i));
    this.positions = { ordered, map };
    return map;
  }

  /** Every schema file's entry (cached by stamp, read otherwise), in migration order; the current document's live. */
  private async read(
    schemaFiles: readonly WorkspaceFile[],
    currentFile: string | undefined,
    stopAt: () => boolean,
  ): Promise<{ ordered: Applied[]; complete: boolean }> {
    const ordered: Applied[] = [];
    let complete = true;
    let parsedSinceYield = 0;
    const seen = new Set<string>();
    for (const wf of schemaFiles) {
      seen.add(wf.file);
      const cached = this.byFile.get(wf.file);
      if (cached && cached.stamp === wf.stamp) {
        ordered.push({ file: wf.file, entry: cached });
        continue;
      }
      if (stopAt() && wf.file !== currentFile) {
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
    ordered.sort((a, b) => compareMigrationPaths(a.file, b.file));
    if (complete)
      for (const file of [...this.byFile.keys()]) if (!seen.has(file) && file !== currentFile) this.byFile.delete(file);
    return { ordered, complete };
  }

  /** The schema after every applied file, rebuilt only when one of them changed. */
  private finalCatalog(read: readonly Applied[], applied: readonly Applied[], complete: boolean): Catalog {
    if (this.last && this.last.complete === complete && this.last.read === read) return this.last.catalog;
    const entries = read.map((o) => o.entry);
    if (this.last && this.last.complete === complete && sameEntries(this.last.entries, entries)) {
      this.last.read = read;
      return this.last.catalog;
    }
    const catalog = new Catalog();
    catalog.complete = complete;
    catalog.errors.push(...entries.flatMap((e) => e.errors));
    applied.forEach((o, order) => applyTo(catalog, o, order));
    this.last = { entries, catalog, complete, read };
    return catalog;
  }

  /**
   * The schema after the applied files up to and including `at` (the document's own statements on top). `edited`:
   * the document's text is not the saved one, whose statements the cursor must not take.
   */
  private asOf(
    read: readonly Applied[],
    applied: readonly Applied[],
    at: number,
    complete: boolean,
    edited: boolean,
    errors: readonly AnalysisError[],
  ): Catalog {
    const last = this.lastAsOf;
    if (last && last.complete === complete && last.at === at && sameApplied(last.read, read)) return last.catalog;
    let cursor = this.cursor;
    // The cursor takes the document's own file too, as saved, and is copied after it: the next migration's schema
    // starts from there, so each file is applied once, not once to the cursor and once more to the copy. An edited
    // document's statements go on the copy only, so the cursor still serves the next edit. The files it applied are
    // compared in place (not with the first `at` files copied into a list per migration, which grew with the square
    // of their number), and not at all while the list of applied files is the one it followed.
    const through = edited ? at : at + 1;
    if (!cursor || cursor.entries.length > through || (cursor.from !== applied && !startsWith(applied, cursor.entries)))
      cursor = this.cursor = { catalog: new Catalog(), entries: [] };
    cursor.from = applied;
    while (cursor.entries.length < through) {
      const order = cursor.entries.length;
      applyTo(cursor.catalog, applied[order], order);
      cursor.entries.push(applied[order].entry);
    }
    const catalog = cursor.catalog.clone();
    if (edited) applyTo(catalog, applied[at], at);
    catalog.complete = complete;
    catalog.errors.length = 0;
    for (const error of errors) catalog.errors.push(error);
    this.lastAsOf = { read, at, catalog, complete };
    return catalog;
  }
}

function sameListing(listing: Listing, files: readonly WorkspaceFile[]): boolean {
  if (listing.files.length !== files.length) return false;
  for (let i = 0; i < files.length; i++)
    if (listing.files[i] !== files[i].file || listing.stamps[i] !== files[i].stamp) return false;
  return true;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Does `applied` begin with the files of `entries`, in order? */
function startsWith(applied: readonly Applied[], entries: readonly Entry[]): boolean {
  if (applied.length < entries.length) return false;
  for (let i = 0; i < entries.length; i++) if (applied[i].entry !== entries[i]) return false;
  return true;
}

/** The same files, each with the same entry (the list itself is made again when the listing is read again). */
function sameApplied(a: readonly Applied[], b: readonly Applied[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].entry !== b[i].entry) return false;
  return true;
}

function sameEntries(a: readonly Entry[], b: readonly Entry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function applyTo(catalog: Catalog, { file, entry }: Applied, order: number): void {
  catalog.files.push(file);
  if (entry.lines) catalog.setLines(file, entry.lines);
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
  // The statements of PL/pgSQL bodies (origin 'body') run when their function does; a DO block's DDL is read
  // from the block itself (withDoBlocks), EXECUTE of a literal included.
  const parsed = (fragments ?? parsedFragments(file, text)).filter((f) => f.fragment.origin !== 'body');
  const rollback = GO_FILE.test(file) ? goRollbackSpans(text) : rollbackSpans(file, text);
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

/** The file's fragments, parsed with their stand-ins. */
function parsedFragments(file: string, text: string): ParsedFragment[] {
  return extractFragments(file, text).map((fragment) => parseFragment(fragment));
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
