import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Workspace, WorkspaceFile } from '../../src/core/workspace';
import { hashText } from '../../src/core/workspace';

/**
 * The folder on disk as the CLI sees it: a listing kept between calls, files read when asked, a stamp hashed
 * again only for a file whose text changed (the CLI's walker likewise re-stamps what its watcher reports).
 * `texts` is the bench's own copy of what it wrote; an edit changes it and the file together.
 */
export function diskWorkspace(root: string, texts: Map<string, string>): Workspace {
  const known = new Map<string, { text: string; entry: WorkspaceFile }>();
  const entryOf = (relative: string): WorkspaceFile => {
    const text = texts.get(relative)!;
    let cached = known.get(relative);
    if (cached?.text !== text) {
      const file = path.join(root, relative);
      const entry = { file, stamp: `${text.length}:${hashText(text)}`, read: async () => readFileSync(file, 'utf8') };
      known.set(relative, (cached = { text, entry }));
    }
    return cached.entry;
  };
  const sorted = [...texts.keys()].sort();
  return {
    async files(pattern) {
      return sorted.map(entryOf).filter((entry) => pattern.test(entry.file));
    },
  };
}

/** Writes the generated files under a new temporary folder and returns it. */
export function writeWorkspace(texts: ReadonlyMap<string, string>, prefix: string): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [relative, text] of texts) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  return root;
}
