/** What the frontend optimizer's benchmarks share: their options, medians and an in-memory workspace. */
import type { Workspace, WorkspaceFile } from '../../src/core/workspace';
import { hashText } from '../../src/core/workspace';

export function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A workspace over a map whose texts may change, stamped by content, as the CLI's is. */
export function workspaceOf(texts: Map<string, string>): Workspace {
  const entries = new Map<string, { text: string; entry: WorkspaceFile }>();
  return {
    async files(pattern) {
      const out: WorkspaceFile[] = [];
      for (const [file, text] of texts) {
        if (!pattern.test(file)) continue;
        let cached = entries.get(file);
        if (cached?.text !== text) {
          cached = { text, entry: { file, stamp: hashText(text), read: async () => texts.get(file) } };
          entries.set(file, cached);
        }
        out.push(cached.entry);
      }
      return out;
    },
  };
}
