import * as vscode from 'vscode';
import type { AdviceReports } from '../assistants/catalog';
import { ASSISTANTS } from '../assistants/catalog';
import type { RewriteVerdict } from '../core/assistant';
import type { AnalysisError, AssistantId, Finding, Range } from '../core/finding';
import type { AnalysisService, FindingSourceHandle } from './analysis-service';

/** One document version's measured advice from an assistant's `advise`, its report typed by the assistant's contract. */
export interface AdviceEntry<Report> {
  uri: string;
  version: number;
  report: Report;
  /** Findings with measured evidence, as the engine returned them (the shell applies suppressions and settings). */
  findings: readonly Finding[];
  errors: readonly AnalysisError[];
  /** Where it was measured, as the user reads it ("PGlite sandbox, 100,000 synthetic rows"). */
  engineLabel: string;
  elapsedMs: number;
}

/**
 * Checks a replacement someone else proposed (Claude) with an assistant's own measurement: parses, and returns the
 * same rows on the sandbox's data? Registered by the feature that measures.
 */
export type RewriteVerifier = (
  document: vscode.TextDocument,
  /** The text the range is in: the document as it was when the rewrite was proposed. */
  text: string,
  range: Range,
  newText: string,
  signal: AbortSignal,
) => Promise<RewriteVerdict>;

export interface AdviceChange {
  uri: vscode.Uri;
  assistant: AssistantId;
}

/**
 * The measured advice of open documents, per assistant and document version, shared by every feature: the
 * feature that measures stores it here, its findings are merged into the assistant's diagnostics through the
 * shell's finding sources, and others read it (Claude's facts, the hovers). An edit makes a document's advice
 * stale: it is dropped, the static findings stay.
 */
export class MeasuredAdvice implements vscode.Disposable {
  private readonly entries = new Map<string, Map<AssistantId, AdviceEntry<unknown>>>();
  private readonly sources = new Map<AssistantId, FindingSourceHandle>();
  private readonly verifiers = new Map<AssistantId, RewriteVerifier>();
  private readonly emitter = new vscode.EventEmitter<AdviceChange>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  /** Fires when advice is stored or dropped. */
  readonly onDidChange = this.emitter.event;

  constructor(analysis: AnalysisService) {
    for (const { id } of ASSISTANTS) {
      const source = analysis.addFindingSource({
        id: `${id}-advice`,
        target: { merge: id },
        findingsFor: (document) => this.entryFor(document, id)?.findings ?? [],
      });
      this.sources.set(id, source);
      this.disposables.push(source);
    }
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) void this.delete(event.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => void this.delete(document.uri)),
    );
  }

  /** The advice of the document's current version, if any. */
  entryFor<Id extends AssistantId>(
    document: vscode.TextDocument,
    assistant: Id,
  ): AdviceEntry<AdviceReports[Id]> | undefined {
    const entry = this.entries.get(document.uri.toString())?.get(assistant);
    return entry && entry.version === document.version ? (entry as AdviceEntry<AdviceReports[Id]>) : undefined;
  }

  /** Stores a document's advice; resolves when its findings are in the Problems view. */
  async set<Id extends AssistantId>(assistant: Id, entry: AdviceEntry<AdviceReports[Id]>): Promise<void> {
    const perAssistant = this.entries.get(entry.uri) ?? new Map<AssistantId, AdviceEntry<unknown>>();
    perAssistant.set(assistant, entry);
    this.entries.set(entry.uri, perAssistant);
    const uri = vscode.Uri.parse(entry.uri);
    this.emitter.fire({ uri, assistant });
    await this.sources.get(assistant)?.changed(uri);
  }

  /** Drops a document's advice (of one assistant, or all); its measured findings go, the static ones stay. */
  async delete(uri: vscode.Uri, assistant?: AssistantId): Promise<boolean> {
    const perAssistant = this.entries.get(uri.toString());
    if (!perAssistant) return false;
    const dropped = assistant ? (perAssistant.has(assistant) ? [assistant] : []) : [...perAssistant.keys()];
    for (const id of dropped) perAssistant.delete(id);
    if (perAssistant.size === 0) this.entries.delete(uri.toString());
    for (const id of dropped) {
      this.emitter.fire({ uri, assistant: id });
      await this.sources.get(id)?.changed(uri);
    }
    return dropped.length > 0;
  }

  /** Registers how an assistant checks proposed rewrites; dispose to remove it. */
  provideVerifier(assistant: AssistantId, verifier: RewriteVerifier): vscode.Disposable {
    this.verifiers.set(assistant, verifier);
    return { dispose: () => this.verifiers.get(assistant) === verifier && this.verifiers.delete(assistant) };
  }

  verifierFor(assistant: AssistantId): RewriteVerifier | undefined {
    return this.verifiers.get(assistant);
  }

  /** Every document that holds advice of this assistant. */
  urisOf(assistant: AssistantId): vscode.Uri[] {
    return [...this.entries]
      .filter(([, perAssistant]) => perAssistant.has(assistant))
      .map(([key]) => vscode.Uri.parse(key));
  }

  dispose(): void {
    this.entries.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
