import type { Fix, TextEdit } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import { escapeForHost } from '../sources';
import type { SqlFragment } from '../sources';
import { compareMigrationPaths } from '../schema-cache';
import { concurrentDdl } from './suggestions';
import { measuredPhrase } from '../present';
import type { SplicedRewrite } from './rewrites';
import type { IndexCandidate } from '../plan-engine/types';
import type { Suggestion } from './types';

/**
 * The edits behind the advisor's quick fixes: a new migration with CREATE INDEX CONCURRENTLY next to the
 * workspace's last one (or the statement as a comment where there is no migrations folder), a proven
 * rewrite spliced into the statement (through the host's quoting for embedded SQL), and a suppression
 * comment. Every fix is a preview-able, undoable edit.
 */

const MIGRATION_FOLDER = /(?:^|\/)(?:migrations?|migrate)\//i;

export interface FixContext {
  file: string;
  text: string;
  lines: LineIndex;
  fragment: SqlFragment;
  /** SQL document (not SQL embedded in a script). */
  sqlDocument: boolean;
  /** Schema files of the workspace, in migration order (Catalog.files). */
  schemaFiles: readonly string[];
  /** Reads a workspace file's text (the last migration's header tells its tool). */
  readFile?: (file: string) => string | undefined;
  /** Now, for timestamp-named migrations (tests pin it). */
  now?: Date;
}

/** The last migration of the workspace, when the schema lives in a migrations folder. */
export function lastMigration(schemaFiles: readonly string[]): string | undefined {
  const migrations = schemaFiles.filter((f) => MIGRATION_FOLDER.test(f.replace(/\\/g, '/')));
  if (migrations.length === 0) return undefined;
  return [...migrations].sort(compareMigrationPaths)[migrations.length - 1];
}

/** Path of a new migration after `last`, in its naming scheme: `008_x.sql`, a timestamp, Flyway `V8__x.sql`, `.up.sql`. */
export function nextMigrationPath(last: string, slug: string, now = new Date()): { path: string; downPath?: string } {
  const slash = Math.max(last.lastIndexOf('/'), last.lastIndexOf('\\'));
  const folder = last.slice(0, slash + 1);
  const base = last.slice(slash + 1);
  const up = /\.up\.sql$/i.test(base);
  const ext = up ? '.up.sql' : (/\.[^.]+$/.exec(base)?.[0] ?? '.sql');
  const flyway = /^V(\d+)(?:[._]\d+)*__/.exec(base);
  if (flyway) return { path: `${folder}V${Number(flyway[1]) + 1}__${slug}${ext}` };
  const numbered = /^(\d+)([_-])/.exec(base);
  if (numbered) {
    const digits = numbered[1];
    let next: string;
    if (digits.length >= 12) {
      const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
      next = stamp.slice(0, digits.length).padEnd(digits.length, '0');
      if (next <= digits) next = (BigInt(digits) + 1n).toString();
    } else next = String(Number(digits) + 1).padStart(digits.length, '0');
    const path = `${folder}${next}${numbered[2]}${slug}${ext}`;
    return { path, downPath: up ? path.replace(/\.up\.sql$/i, '.down.sql') : undefined };
  }
  return { path: `${folder}${slug}${ext}` };
}

/** The index DDL as a migration file: CONCURRENTLY, idempotent, and the tool's no-transaction marker when we know it. */
export function migrationText(
  indexes: readonly IndexCandidate[],
  header: string,
  lastText: string | undefined,
  eol = '\n',
): { up: string; down: string } {
  const dbmate = lastText !== undefined && /^--\s*migrate:up\b/m.test(lastText);
  const lines: string[] = [];
  if (dbmate) lines.push('-- migrate:up transaction:false');
  lines.push(...header.split('\n').map((l) => `-- ${l}`));
  if (!dbmate)
    lines.push('-- CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run this migration outside one.');
  for (const index of indexes) lines.push(concurrentDdl(index));
  const drops = indexes.map(
    (i) =>
      `DROP INDEX CONCURRENTLY IF EXISTS ${i.table.startsWith('public.') ? i.name : `${i.table.split('.')[0]}.${i.name}`};`,
  );
  if (dbmate) lines.push('', '-- migrate:down transaction:false', ...drops);
  return { up: lines.join(eol) + eol, down: drops.join(eol) + eol };
}

/** Create the index: a new migration file when the workspace has a migrations folder, else the DDL as a comment above the statement. */
export function indexFix(context: FixContext, suggestion: Suggestion, statementHostStart: number): Fix | undefined {
  const indexes = suggestion.indexes ?? (suggestion.candidate.kind === 'index' ? [suggestion.candidate] : []);
  if (indexes.length === 0) return undefined;
  const measured = suggestion.measured ? ` — ${measuredPhrase(suggestion.measured)}` : '';
  const names = indexes.map((i) => i.name).join(' and ');
  const last = lastMigration(context.schemaFiles);
  if (last) {
    const slug = indexes.length === 1 ? `add_${indexes[0].name}` : `add_${indexes.length}_indexes`;
    const { path, downPath } = nextMigrationPath(last, slug.slice(0, 60), context.now);
    if (context.schemaFiles.includes(path)) return undefined;
    const header = `${indexes.map((i) => i.reason).join('; ')}.${suggestion.measured ? `\nMeasured by Scaling Assistant: ${measuredPhrase(suggestion.measured)}.` : ''}`;
    const text = migrationText(indexes, header, context.readFile?.(last), context.lines.eol);
    const edits: TextEdit[] = [{ file: path, range: zero(), newText: text.up, createFile: true }];
    if (downPath && !context.schemaFiles.includes(downPath))
      edits.push({ file: downPath, range: zero(), newText: text.down, createFile: true });
    return {
      title: `Create index ${names} in a new migration (${path.split(/[\\/]/).pop()})${measured}`,
      edits,
      detail:
        'CREATE INDEX CONCURRENTLY does not block writes but cannot run inside a transaction block: make sure the migration tool runs this file outside one.',
    };
  }
  // No migrations folder: the statement to run, as a comment where the query is.
  const at = lineStartOf(context, context.sqlDocument ? statementHostStart : fragmentHostStart(context));
  const indent = /^[ \t]*/.exec(context.text.slice(at))![0];
  const comment = context.sqlDocument ? '--' : '//';
  const eol = context.lines.eol;
  const body = indexes.map((i) => `${indent}${comment} ${concurrentDdl(i)}`).join(eol);
  return {
    title: `Add the CREATE INDEX ${names} statement as a comment to run on the database${measured}`,
    edits: [
      {
        file: context.file,
        range: context.lines.rangeOf(at, at),
        newText: `${indent}${comment} Index measured by Scaling Assistant (run outside a transaction):${eol}${body}${eol}`,
      },
    ],
    detail: 'No migrations folder was found in the workspace: run the statement with your migration tool.',
  };
}

/** The rewrite spliced into the document; undefined where a splice would cut a placeholder or escape. */
export function rewriteFix(
  context: FixContext,
  suggestion: Suggestion,
  rewrite: SplicedRewrite,
  statementHostStart: number,
): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const splice of rewrite.splices) {
    const host = context.fragment.map.editableSpan(splice.start, splice.end);
    if (!host) return undefined;
    edits.push({
      file: context.file,
      range: context.lines.rangeOf(host.start, host.end),
      newText: escapeForHost(splice.text, context.fragment.quote),
    });
  }
  const index = suggestion.indexes?.length
    ? indexFix(context, { ...suggestion, candidate: suggestion.indexes[0] }, statementHostStart)
    : undefined;
  if (index) edits.push(...index.edits);
  const rows = suggestion.measured?.rows;
  const proven =
    suggestion.equivalent === true
      ? ` (proven equivalent on ${rows ? `${rows.toLocaleString('en-US')} synthetic rows and the edge cases` : 'the synthetic data'})`
      : '';
  const measured = suggestion.measured ? ` — ${measuredPhrase(suggestion.measured)}` : '';
  return {
    title: `${suggestion.title}${proven}${measured}`,
    edits,
    detail: [suggestion.equivalenceNote, index?.detail].filter(Boolean).join(' '),
  };
}

function fragmentHostStart(context: FixContext): number {
  return context.fragment.caller?.start ?? context.fragment.map.spanToHost(0, 0).start;
}

function lineStartOf(context: FixContext, offset: number): number {
  const position = context.lines.rangeOf(offset, offset).start;
  return offset - position.character;
}

function zero() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
