import { descriptorFor, loadAssistant } from '../../assistants/catalog';
import type { ParsedStatements, SourceDocument } from '../../core/assistant';
import { equal, unmatched } from './multiset';
import { removesMostOf } from './removal';
import { compareStatements } from './sql-compare';
import { manifestChange } from './yaml-objects';

/** A replacement of `[start, end)` of the original text (UTF-16 offsets). */
export interface GuardedEdit {
  start: number;
  end: number;
  newText: string;
}

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

/** Reads a document's SQL statements (the query optimizer's parser by default; tests may hand in another). */
export type StatementReader = (doc: SourceDocument) => Promise<ParsedStatements>;

/**
 * The one check every edit Claude proposes passes before it is offered, whatever the subject: an edit
 * that removes most of the file, deletes or re-identifies a Kubernetes object, changes a SQL statement's
 * kind, widens a DELETE/UPDATE, adds a destructive statement, a psql shell escape, or leaves SQL that does
 * not parse, is refused with the reason. It judges the document as it would be after the edit, and also
 * after this edit together with the ones already offered for the same file, so a wipe split across several
 * findings is refused too. It never depends on the query optimizer's rewrite check, which comes after it.
 */
export class EditGuard {
  private readonly offered: GuardedEdit[] = [];
  private original?: Promise<ParsedStatements>;

  constructor(
    private readonly doc: SourceDocument,
    private readonly readStatements: StatementReader = sqlStatements,
  ) {}

  async check(edit: GuardedEdit): Promise<GuardVerdict> {
    const alone = await this.judge(applyEdits(this.doc.text, [edit]));
    if (alone) return { ok: false, reason: alone };
    const others = this.offered.filter((e) => e.end <= edit.start || edit.end <= e.start);
    if (others.length > 0) {
      const together = await this.judge(applyEdits(this.doc.text, [...others, edit]));
      if (together) {
        const with_ = others.length === 1 ? 'the other edit' : `the ${others.length} other edits`;
        return { ok: false, reason: `together with ${with_} offered for this file: ${together}` };
      }
    }
    return { ok: true };
  }

  /** Records an edit that is being offered, for the combined check of the next ones. */
  offer(edit: GuardedEdit): void {
    this.offered.push(edit);
  }

  /** The most specific reason first: the object or statement hit, then the share of the file. */
  private async judge(after: string): Promise<string | undefined> {
    const { file, text } = this.doc;
    if (handledBy('k8s', this.doc)) {
      const change = manifestChange(text, after);
      if (change) return change;
    }
    if (handledBy('sql', this.doc)) {
      const change = await this.sqlChange(after);
      if (change) return change;
    }
    return removesMostOf(file, text, after);
  }

  private async sqlChange(after: string): Promise<string | undefined> {
    const { file, text, languageId } = this.doc;
    if (languageId === 'sql' || /\.(?:sql|psql|pgsql)$/i.test(file)) {
      const shell = addedPsqlCommand(text, after);
      if (shell) return shell;
    }
    try {
      this.original ??= this.readStatements(this.doc);
      const before = await this.original;
      return compareStatements(before, await this.readStatements({ ...this.doc, text: after }));
    } catch (error) {
      this.original = undefined;
      return `its SQL could not be checked (${error instanceof Error ? error.message : String(error)})`;
    }
  }
}

async function sqlStatements(doc: SourceDocument): Promise<ParsedStatements> {
  const sql = await loadAssistant('sql');
  if (!sql.statements) throw new Error('the query optimizer cannot list statements');
  return sql.statements(doc);
}

/** Files of an assistant's kind, by name or by the editor's language id. */
function handledBy(id: 'sql' | 'k8s', doc: SourceDocument): boolean {
  const descriptor = descriptorFor(id);
  return descriptor.filePattern.test(doc.file) || (!!doc.languageId && descriptor.languageIds.includes(doc.languageId));
}

/**
 * A psql meta-command the file did not have: `\!` runs a shell command, `\o |cmd` pipes into one, `\copy`
 * reads and writes the client's files, `\i` runs another file. None of them is SQL the parser could judge.
 */
function addedPsqlCommand(before: string, after: string): string | undefined {
  const commands = (text: string) =>
    text
      .split(/\r\n|\n|\r/)
      .map((line) => line.trim())
      .filter((line) => line.startsWith('\\'));
  const command = unmatched(commands(before), commands(after), equal).added[0];
  if (command === undefined) return undefined;
  return `adds a psql meta-command (${command.length > 40 ? `${command.slice(0, 37)}…` : command}), which runs outside SQL`;
}

/** The text with non-overlapping edits applied. */
export function applyEdits(text: string, edits: readonly GuardedEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}
