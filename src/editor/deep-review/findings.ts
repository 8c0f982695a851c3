import * as vscode from 'vscode';
import type { AiFinding, ProposedEdit, UnplacedItem } from '../../ai/contract';
import type { Finding, Range } from '../../core/finding';
import type { AnalysisService, FindingSource, FindingSourceHandle } from '../analysis-service';
import { toRange } from '../convert';
import { shiftRangeThrough, textOf } from './common/ranges';

/** The diagnostics' source: Claude's findings are never mistaken for the static review's. */
export const CLAUDE_SOURCE = 'Claude';

/** A proposed edit kept on the text it replaces, so a stale edit is never applied. */
export interface TrackedEdit {
  edit: ProposedEdit;
  range: Range;
  original: string;
}

/** A Claude finding placed on a document, kept on the text it is about. */
export interface PlacedFinding {
  id: number;
  finding: AiFinding;
  range: Range;
  /** The text under `range` when Claude answered: the finding is dropped as soon as it no longer reads so. */
  anchor: string;
  edits: TrackedEdit[];
  model: string;
}

/**
 * The deep review's findings: a finding source of the shell with a label of its own, so they show as
 * diagnostics with source "Claude" in their own collection (the static review's are never touched), after the
 * same suppression comments and rule settings as every finding. Each finding is placed only on the exact range
 * the AI layer validated and only if the document still has the same text there; edits move findings with the
 * text, and a finding (or an edit) whose text changed is dropped, never left on a wrong line. Cleared when the
 * document closes and by *Clear Deep Review Findings*.
 */
export class DeepReviewFindings implements FindingSource, vscode.Disposable {
  readonly id = 'deep-review';
  readonly target = { label: CLAUDE_SOURCE };
  private readonly byUri = new Map<string, PlacedFinding[]>();
  private readonly source: FindingSourceHandle;
  private readonly disposables: vscode.Disposable[] = [];
  private nextId = 1;

  constructor(analysis: AnalysisService) {
    this.source = analysis.addFindingSource(this);
    this.disposables.push(
      this.source,
      vscode.workspace.onDidChangeTextDocument((event) => this.follow(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
    );
  }

  /**
   * Places a review's findings on `document`. `sentText` is the text Claude saw: a finding is placed when the
   * document still reads the same under its range (the user may have typed during the request); the rest comes
   * back as unplaced, with the reason.
   */
  place(
    document: vscode.TextDocument,
    sentText: string,
    file: string,
    findings: readonly AiFinding[],
    model: string,
  ): UnplacedItem[] {
    const unplaced: UnplacedItem[] = [];
    const current = document.getText();
    const placed: PlacedFinding[] = [];
    for (const finding of findings) {
      const reject = (reason: string) =>
        unplaced.push({ title: finding.message, explanation: finding.explanation, reason });
      if (finding.file !== file) {
        reject(`it names another file (${finding.file.slice(0, 200)})`);
        continue;
      }
      const anchor = textOf(sentText, finding.range);
      if (anchor === undefined) {
        reject(`its range ${describe(finding.range)} is not in the text that was sent`);
        continue;
      }
      if (textOf(current, finding.range) !== anchor) {
        reject(`the text at ${describe(finding.range)} changed while Claude was reviewing`);
        continue;
      }
      const edits: TrackedEdit[] = [];
      for (const edit of finding.edits) {
        const original = edit.file === file ? textOf(current, edit.range) : undefined;
        // An edit of another file, or of text that is not there any more, is not offered.
        if (original === undefined || textOf(sentText, edit.range) !== original) continue;
        edits.push({ edit, range: edit.range, original });
      }
      placed.push({ id: this.nextId++, finding, range: finding.range, anchor, edits, model });
    }
    const key = document.uri.toString();
    // A new review of the document replaces the previous one's findings.
    this.byUri.set(key, placed);
    this.publish(document.uri);
    return unplaced;
  }

  /** The findings as the shell publishes them: where they sit now. */
  findingsFor(document: vscode.TextDocument): readonly Finding[] {
    return this.findingsOf(document.uri).map((placed) => ({ ...placed.finding, range: placed.range }));
  }

  findingsOf(uri: vscode.Uri): readonly PlacedFinding[] {
    return this.byUri.get(uri.toString()) ?? [];
  }

  byId(uri: vscode.Uri, id: number): PlacedFinding | undefined {
    return this.findingsOf(uri).find((p) => p.id === id);
  }

  /** Findings whose range contains `position` (hovers) or meets `range` (code actions). */
  at(uri: vscode.Uri, where: vscode.Position | vscode.Range): PlacedFinding[] {
    const target = where instanceof vscode.Position ? new vscode.Range(where, where) : where;
    return this.findingsOf(uri).filter((p) => toRange(p.range).intersection(target) !== undefined);
  }

  /** Is the document still the text this edit was proposed for? */
  isCurrent(document: vscode.TextDocument, edit: TrackedEdit): boolean {
    return textOf(document.getText(), edit.range) === edit.original;
  }

  clear(uri?: vscode.Uri): number {
    const uris = uri ? [uri] : [...this.byUri.keys()].map((key) => vscode.Uri.parse(key));
    let count = 0;
    for (const each of uris) {
      count += this.findingsOf(each).length;
      this.byUri.delete(each.toString());
      this.publish(each);
    }
    return count;
  }

  count(): number {
    return [...this.byUri.values()].reduce((n, list) => n + list.length, 0);
  }

  private follow(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const key = event.document.uri.toString();
    const list = this.byUri.get(key);
    if (!list?.length) return;
    const changes = event.contentChanges.map((c) => ({
      range: {
        start: { line: c.range.start.line, character: c.range.start.character },
        end: { line: c.range.end.line, character: c.range.end.character },
      },
      text: c.text.replace(/\r\n/g, '\n'),
    }));
    const text = event.document.getText();
    const kept: PlacedFinding[] = [];
    for (const placed of list) {
      const range = shiftRangeThrough(placed.range, changes);
      if (!range || textOf(text, range) !== placed.anchor) continue;
      const edits: TrackedEdit[] = [];
      for (const tracked of placed.edits) {
        const editRange = shiftRangeThrough(tracked.range, changes);
        if (editRange && textOf(text, editRange) === tracked.original) edits.push({ ...tracked, range: editRange });
      }
      kept.push({ ...placed, range, edits });
    }
    if (kept.length === list.length && kept.every((p, i) => sameRange(p.range, list[i].range))) return;
    this.byUri.set(key, kept);
    this.publish(event.document.uri);
  }

  private publish(uri: vscode.Uri): void {
    void this.source.changed(uri);
  }

  /** The placed finding a diagnostic of this collection was made from (code actions get copies: match by content). */
  forDiagnostic(uri: vscode.Uri, diagnostic: vscode.Diagnostic): PlacedFinding | undefined {
    if (diagnostic.source !== CLAUDE_SOURCE) return undefined;
    return this.findingsOf(uri).find(
      (p) => p.finding.message === diagnostic.message && toRange(p.range).isEqual(diagnostic.range),
    );
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    this.byUri.clear();
  }
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function describe(range: Range): string {
  return `line ${range.start.line + 1}:${range.start.character + 1}–${range.end.line + 1}:${range.end.character + 1}`;
}
