import type { TextEdit } from './finding';
import { LineIndex } from './text';

/**
 * Applies text edits the way an editor applies a WorkspaceEdit: every range refers to the original text,
 * so edits are applied from the last to the first offset. Overlapping edits are a bug in the fix that
 * produced them (VS Code rejects such a WorkspaceEdit), so they throw here too.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const resolved = edits
    .map((edit, order) => ({
      edit,
      order,
      start: index.offsetAt(edit.range.start),
      end: index.offsetAt(edit.range.end),
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (const r of resolved) {
    if (r.end < r.start) throw new Error(`edit with end before start: ${JSON.stringify(r.edit.range)}`);
  }
  for (let i = 1; i < resolved.length; i++) {
    const prev = resolved[i - 1];
    const next = resolved[i];
    // Two inserts at the same point are fine (applied in their given order); anything else touching is not.
    const bothInserts = prev.start === prev.end && next.start === next.end;
    if (next.start < prev.end || (next.start === prev.start && !bothInserts)) {
      throw new Error(`overlapping edits: ${JSON.stringify(prev.edit.range)} and ${JSON.stringify(next.edit.range)}`);
    }
  }
  let out = text;
  for (let i = resolved.length - 1; i >= 0; i--) {
    const { start, end, edit } = resolved[i];
    out = out.slice(0, start) + edit.newText + out.slice(end);
  }
  return out;
}
