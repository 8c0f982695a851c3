import type { AnalysisError } from '../../core/finding';
import type { WorkspaceFile } from '../../core/workspace';
import { hashText } from '../../core/workspace';
import { LineIndex } from '../../core/text';
import type { ParsedSql } from './parser';
import { analysisErrorOf } from './parser';
import { parseFragment } from './fragment-parse';
import { Catalog } from './schema';
import type { SqlSettings } from './settings';
import { extractFragments } from './sources';
import { SQL_FILE } from './file-kinds';
import { isSchemaPath } from './schema-paths';

export { isSchemaPath };

/**
 * Which files make the schema, and a parse cache for them. A workspace file is recognised by its stamp
 * without reading it; when the stamp moved (or the file is the document being edited), a hash of the
 * text decides whether the old parse still holds. The catalog is rebuilt only when a schema file changed,
 * so re-analysing a query file costs no schema work at all.
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
  /** Undefined when the file has no DDL, or its parse failed. */
  parsed?: ParsedSql;
  lines?: LineIndex;
  /** The file's syntax errors and statements not analysed; its failure, when the parse threw. */
  errors: AnalysisError[];
  failed?: boolean;
}

export interface CurrentDocument {
  file: string;
  text: string;
  /** The document's own parse, when it is SQL (reused rather than parsed again). */
  parsed?: ParsedSql;
}

export class SchemaCache {
  private readonly byFile = new Map<string, Entry>();
  private last?: { signature: string; catalog: Catalog };

  private entry(file: string, text: string, stamp?: string, parsed?: ParsedSql): Entry {
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
        // A file in another dialect has no fragment, and no part in the schema.
        const fragment = parsed ? undefined : extractFragments(file, text)[0];
        entry.parsed = parsed ?? (fragment ? parseFragment(fragment).parsed : undefined);
        for (const error of entry.parsed?.errors ?? [])
          entry.errors.push(analysisErrorOf(file, error, lines.rangeOf(error.start, Math.max(error.end, error.start))));
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
    const schemaFiles = files.filter((f) => isSchemaPath(f.file, settings));
    const ordered: { file: string; entry: Entry }[] = [];
    let complete = true;
    let parsedSinceYield = 0;
    const seen = new Set<string>();
    for (const wf of schemaFiles) {
      seen.add(wf.file);
      if (current && wf.file === current.file) {
        ordered.push({ file: wf.file, entry: this.entry(wf.file, current.text, undefined, current.parsed) });
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
      ordered.push({ file: current.file, entry: this.entry(current.file, current.text, undefined, current.parsed) });
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

    const read = ordered.filter((o) => o.entry.parsed || o.entry.failed);
    const signature = `${complete}|${read.map((o) => `${o.file}#${o.entry.hash}`).join('|')}`;
    if (this.last?.signature === signature) return this.last.catalog;
    const catalog = new Catalog();
    catalog.complete = complete;
    for (const o of read) catalog.errors.push(...o.entry.errors);
    read
      .filter((o) => o.entry.parsed)
      .forEach((o, order) => {
        catalog.files.push(o.file);
        if (o.entry.lines) catalog.lines.set(o.file, o.entry.lines);
        catalog.applyFile(o.file, o.entry.parsed!, order);
      });
    this.last = { signature, catalog };
    return catalog;
  }
}
