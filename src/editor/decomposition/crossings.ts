import * as vscode from 'vscode';
import type { Crossing } from '../../assistants/decomposition/contract';
import { toRange } from '../convert';
import { fromWorkspacePath } from '../roadmap/workspace-paths';
import { SHOW_PANEL_COMMAND } from './common/commands';

export const CROSSING_SOURCE = 'decomposition planner';
export const CROSSING_CODE = 'cross-service';

/**
 * The plan's crossings in the code: an information diagnostic on each import or call that crosses a proposed
 * boundary, and a code lens above it saying what it adds ("Orders → Payments: +1 cross-service operation").
 * Their own diagnostic collection, so clearing them (the plan discarded) touches no other finding.
 */
export class CrossingMarks implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection(CROSSING_SOURCE);
  private readonly lenses = new Map<string, vscode.CodeLens[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly registration = vscode.languages.registerCodeLensProvider(
    [
      { language: 'typescript' },
      { language: 'typescriptreact' },
      { language: 'javascript' },
      { language: 'javascriptreact' },
    ],
    this,
  );

  /** Replaces every mark with the crossings of a new plan. */
  show(crossings: readonly Crossing[]): void {
    const byFile = new Map<string, { uri: vscode.Uri; crossings: Crossing[] }>();
    for (const crossing of crossings) {
      const uri = fromWorkspacePath(crossing.file);
      if (!uri) continue;
      const entry = byFile.get(uri.toString()) ?? { uri, crossings: [] };
      entry.crossings.push(crossing);
      byFile.set(uri.toString(), entry);
    }
    this.diagnostics.clear();
    this.lenses.clear();
    for (const [key, { uri, crossings: inFile }] of byFile) {
      this.diagnostics.set(uri, inFile.map(diagnosticOf));
      this.lenses.set(key, lensesOf(inFile));
    }
    this.changed.fire();
  }

  clear(): void {
    this.diagnostics.clear();
    this.lenses.clear();
    this.changed.fire();
  }

  /** How many crossings are marked (what the tests read). */
  count(): number {
    let n = 0;
    this.diagnostics.forEach((_uri, list) => (n += list.length));
    return n;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return this.lenses.get(document.uri.toString()) ?? [];
  }

  dispose(): void {
    this.registration.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

function diagnosticOf(crossing: Crossing): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(crossing.range),
    vscode.l10n.t(
      '{0} → {1}: {2} crosses a proposed service boundary (decomposition plan).',
      crossing.fromService,
      crossing.toService,
      crossing.symbol,
    ),
    vscode.DiagnosticSeverity.Information,
  );
  diagnostic.source = CROSSING_SOURCE;
  diagnostic.code = CROSSING_CODE;
  return diagnostic;
}

/** One lens per line and pair of services: the operations it adds across that boundary. */
function lensesOf(crossings: readonly Crossing[]): vscode.CodeLens[] {
  const groups = new Map<string, { crossing: Crossing; symbols: Set<string> }>();
  for (const crossing of crossings) {
    const key = `${crossing.range.start.line}\n${crossing.fromService}\n${crossing.toService}`;
    const group = groups.get(key) ?? { crossing, symbols: new Set<string>() };
    group.symbols.add(crossing.symbol);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ crossing, symbols }) => {
    const title =
      symbols.size === 1
        ? vscode.l10n.t('{0} → {1}: +1 cross-service operation', crossing.fromService, crossing.toService)
        : vscode.l10n.t(
            '{0} → {1}: +{2} cross-service operations',
            crossing.fromService,
            crossing.toService,
            symbols.size,
          );
    return new vscode.CodeLens(toRange(crossing.range), {
      title,
      tooltip: vscode.l10n.t('Show the decomposition plan'),
      command: SHOW_PANEL_COMMAND,
    });
  });
}
