import { staysInWorkspaceSync } from '../core/workspace-paths';
import type { Workspace, WorkspaceFile } from '../core/workspace';
import { hashText } from '../core/workspace';
import type { SourceRead } from './read-source';
import { readSourceSync } from './read-source';
import type { WalkedFile } from './walk';

/** Said, as the file's read error, of a symbolic link that leads out of the workspace. */
export const LINK_LEAVES_WORKSPACE = 'not read: a symbolic link to a file outside the workspace';

/**
 * The walked files as the engines' `Workspace`, so cross-file rules (an HPA in one file, its Deployment in
 * another) work in the CLI as in the editor. Each file is read at most once per run, whether the engine
 * asks for it as a neighbour or the CLI analyses it. Every read of the CLI goes through here, so this is
 * where a symbolic link that leads out of the workspace (a `.sql` link to a credentials file) is refused:
 * never read, analysed, quoted or sent to Claude, and reported as that file's error.
 */
export class FileWorkspace implements Workspace {
  private readonly reads = new Map<string, SourceRead>();
  // Engines ask for the workspace once per analysed document; listing and hashing it each time would make
  // a run quadratic in the number of files. The files do not change during a run, so list once per pattern.
  private readonly listings = new Map<string, Promise<WorkspaceFile[]>>();

  constructor(
    private readonly walked: readonly WalkedFile[],
    private readonly maxBytes: number,
  ) {}

  private byDisplay?: Map<string, string>;

  /** The walked file's absolute path: packages' types are read from the node_modules beside it. */
  locate(file: string): string | undefined {
    this.byDisplay ??= new Map(this.walked.map((walked) => [walked.display, walked.absolute]));
    return this.byDisplay.get(file);
  }

  read(file: WalkedFile): Promise<SourceRead> {
    return Promise.resolve(this.readNow(file));
  }

  /** Synchronous, as readSourceSync says why. */
  private readNow(file: WalkedFile): SourceRead {
    let read = this.reads.get(file.absolute);
    if (!read) {
      read = staysInWorkspaceSync(file.absolute, [file.root])
        ? readSourceSync(file.absolute, this.maxBytes)
        : { ok: false as const, message: LINK_LEAVES_WORKSPACE };
      this.reads.set(file.absolute, read);
    }
    return read;
  }

  files(pattern: RegExp): Promise<WorkspaceFile[]> {
    const key = `${pattern.source}/${pattern.flags}`;
    let listing = this.listings.get(key);
    if (!listing) {
      listing = this.list(pattern);
      this.listings.set(key, listing);
    }
    return listing;
  }

  private async list(pattern: RegExp): Promise<WorkspaceFile[]> {
    const out: WorkspaceFile[] = [];
    for (const file of this.walked) {
      if (!pattern.test(file.display)) continue;
      const source = this.readNow(file);
      // Unreadable neighbours are reported when (and if) they are analysed themselves, not here.
      if (!source.ok) continue;
      const { text } = source;
      // A content stamp, not mtime: engines cache by file name and stamp across runs in one process.
      out.push({ file: file.display, stamp: `${text.length}:${hashText(text)}`, read: async () => text });
    }
    return out;
  }
}
