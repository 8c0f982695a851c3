import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';

/** Paths of the workspace on disk: containment, existence, and where symbolic links may lead. */

/** The folder a workspace path names its file in, as written (either slash); '' for a bare name. */
export function folderOfPath(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut < 0 ? '' : file.slice(0, cut);
}

/** True when `file` is `folder` or lies under it (both absolute, compared as written). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * Whether a file may be read for the workspace: yes when no symbolic link is on its path (its real path is the
 * path itself), or when the links lead to a real path inside one of `roots` (workspace folders, resolved
 * here too). A `.sql` link to a credentials file outside the workspace is not read, so nothing of it is
 * analysed, quoted or sent to Claude. A file that cannot be resolved is left to the reader to report.
 */
export async function staysInWorkspace(file: string, roots: readonly string[]): Promise<boolean> {
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch {
    return true;
  }
  if (real === file) return true;
  for (const root of roots) {
    const realRoot = await fs.realpath(root).catch(() => root);
    if (isInside(real, realRoot)) return true;
  }
  return false;
}

/** staysInWorkspace without the thread pool, for a reader of thousands of files in a row (the CLI's workspace). */
export function staysInWorkspaceSync(file: string, roots: readonly string[]): boolean {
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    return true;
  }
  if (real === file) return true;
  return roots.some((root) => {
    let realRoot = root;
    try {
      realRoot = realpathSync.native(root);
    } catch {
      // As the asynchronous check: a root that cannot be resolved is compared as written.
    }
    return isInside(real, realRoot);
  });
}

/** True when something (a file, a folder, a link, even a dangling one) is at `file`. */
export async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
