import * as vscode from 'vscode';
import type { Finding, Range, Severity, TextEdit } from '../core/finding';

/** Conversions between the engines' plain model and VS Code's classes, and nothing else. */

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The engines' plain range of an editor range (a selection). */
export function fromRange(range: vscode.Range): Range {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Engines in the editor name files by URI string (see editor/analysis.ts). */
export function toUri(file: string): vscode.Uri {
  return vscode.Uri.parse(file);
}

export function toWorkspaceEdit(edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    if (edit.createFile) {
      // A new file is created, then filled: both steps are in the same edit, so one undo removes it.
      workspaceEdit.createFile(toUri(edit.file), { overwrite: false, ignoreIfExists: false });
      workspaceEdit.insert(toUri(edit.file), new vscode.Position(0, 0), edit.newText);
    } else {
      workspaceEdit.replace(toUri(edit.file), toRange(edit.range), edit.newText);
    }
  }
  return workspaceEdit;
}

export function toDiagnostic(finding: Finding, source: string, docsUri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, toSeverity(finding.severity));
  diagnostic.source = source;
  diagnostic.code = { value: finding.ruleId, target: docsUri };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(toUri(r.file), toRange(r.range)), r.message),
    );
  }
  return diagnostic;
}
