import * as vscode from 'vscode';
import type { DeepReviewFindings } from './findings';

/**
 * Claude's explanation of a finding, in the hover over its range. Rendered as untrusted Markdown (no command
 * links, no HTML), and labelled as Claude's, with the model that wrote it.
 */
export class DeepReviewHovers implements vscode.HoverProvider {
  constructor(private readonly findings: DeepReviewFindings) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const here = this.findings.at(document.uri, position);
    if (here.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(undefined, false);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    here.forEach((placed, index) => {
      if (index > 0) markdown.appendMarkdown('\n\n---\n\n');
      markdown.appendMarkdown('**Claude:** ');
      markdown.appendText(placed.finding.message);
      markdown.appendMarkdown('\n\n');
      markdown.appendMarkdown(placed.finding.explanation.trim() || '_No further explanation._');
      const offered = placed.edits.length
        ? ` · ${placed.edits.length} proposed edit${placed.edits.length === 1 ? '' : 's'} in the quick fixes, previewed before anything changes`
        : '';
      markdown.appendMarkdown('\n\n');
      markdown.appendText(`Deep review by ${placed.model}; not checked by the static review${offered}.`);
    });
    return new vscode.Hover(markdown);
  }
}
