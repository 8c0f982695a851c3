/**
 * The workspace as engines see it, with no vscode and no file system in the model: a list of files
 * with a stamp that changes when their text does, and a way to read them. The editor backs it with
 * open documents (their version) and a file watcher (mtime); the CLI with the files it walked.
 * Engines cache per file by stamp, which is what makes cross-file analysis incremental.
 */
export interface WorkspaceFile {
  file: string;
  /** Changes whenever the text changes (document version, mtime+size, or a hash). */
  stamp: string;
  read(): Promise<string | undefined>;
}

export interface Workspace {
  /** Files whose path matches; the order is stable. */
  files(pattern: RegExp): Promise<WorkspaceFile[]>;
  /**
   * Where a file of the workspace is on disk (an absolute path), for a workspace on disk; what is installed beside
   * the sources (packages' declaration files in node_modules) is found from there. Absent in memory.
   */
  locate?(file: string): string | undefined;
}

/** A workspace made of texts held in memory: tests, benchmarks and single-file runs. */
export function memoryWorkspace(texts: ReadonlyMap<string, string> | Record<string, string>): Workspace {
  const entries = (texts instanceof Map ? [...texts.entries()] : Object.entries(texts))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    // Stamps computed once: engines call files() on every analysis.
    .map(([file, text]): WorkspaceFile => ({
      file,
      stamp: `${text.length}:${hashText(text)}`,
      read: async () => text,
    }));
  // Listed once per pattern, like the CLI's workspace: engines ask on every analysis, and the texts never change.
  const listings = new Map<string, WorkspaceFile[]>();
  return {
    async files(pattern) {
      const key = `${pattern.source}/${pattern.flags}`;
      let listing = listings.get(key);
      if (!listing) {
        listing = entries.filter((entry) => pattern.test(entry.file));
        listings.set(key, listing);
      }
      return listing;
    },
  };
}

/**
 * Whether two listings name the same files with the same stamps, in the same order: engines list the workspace
 * before each analysis, and an unchanged listing means their per-file caches all still hold.
 */
export function sameListing(
  before: readonly Pick<WorkspaceFile, 'file' | 'stamp'>[],
  now: readonly Pick<WorkspaceFile, 'file' | 'stamp'>[],
): boolean {
  if (before === now) return true;
  if (before.length !== now.length) return false;
  for (let i = 0; i < now.length; i++)
    if (before[i].file !== now[i].file || before[i].stamp !== now[i].stamp) return false;
  return true;
}

/** FNV-1a over UTF-16 code units: a cheap change detector, not a security hash. */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16);
}
