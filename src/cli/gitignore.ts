import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { exists, isInside } from '../core/workspace-paths';
import { describeIoError } from './io-error';

/** One .gitignore and the folder its patterns are relative to. */
interface IgnoreScope {
  dir: string;
  rules: Ignore;
}

// Git matches case-sensitively unless the file system folds case (core.ignoreCase on macOS and Windows).
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/**
 * The .gitignore files in force for a folder, outermost first. Immutable: entering a subfolder makes a
 * new stack, so sibling folders never see each other's rules.
 */
export class IgnoreStack {
  private constructor(private readonly scopes: readonly IgnoreScope[]) {}

  static readonly empty = new IgnoreStack([]);

  /**
   * The rules a walk starting at `dir` inherits: the .gitignore files in the folders above it, up to the
   * enclosing repository's root, as git applies them. Outside a repository the cwd stands in for the root
   * (when `dir` is inside it), so `check k8s` skips what `check .` would; nothing above that counts, so a
   * stray .gitignore in a home folder cannot hide files. A folder named on the command line that those
   * rules ignore was asked for anyway: it is walked with only the .gitignore files inside it.
   */
  static async above(dir: string, cwd: string, report?: IgnoreProblem): Promise<IgnoreStack> {
    const ancestors: string[] = [];
    let boundary: string | undefined;
    for (let current = dir; ;) {
      if (await exists(path.join(current, '.git'))) {
        boundary = current;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      ancestors.push(parent);
      current = parent;
    }
    boundary ??= isInside(dir, cwd) ? cwd : dir;
    let stack = IgnoreStack.empty;
    for (const ancestor of ancestors.reverse()) {
      if (isInside(ancestor, boundary)) stack = await stack.withFolder(ancestor, report);
    }
    return stack.ignores(dir, true) ? IgnoreStack.empty : stack;
  }

  /** This stack plus `dir/.gitignore`, when there is one that can be read (else `report` says why not). */
  async withFolder(dir: string, report?: IgnoreProblem): Promise<IgnoreStack> {
    const file = path.join(dir, '.gitignore');
    const read = await readIgnoreFile(file);
    if (read.problem) report?.(file, read.problem);
    if (read.text === undefined) return this;
    const rules = ignore({ ignorecase: IGNORE_CASE }).add(read.text);
    return new IgnoreStack([...this.scopes, { dir, rules }]);
  }

  /**
   * Whether git would ignore `absolutePath` (a descendant of every scope's folder). Deeper files decide
   * last, so a nested `!pattern` can re-include what an outer file ignored.
   */
  ignores(absolutePath: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const scope of this.scopes) {
      if (absolutePath === scope.dir || !isInside(absolutePath, scope.dir)) continue;
      const relative = path.relative(scope.dir, absolutePath).split(path.sep).join('/');
      const result = scope.rules.test(isDirectory ? `${relative}/` : relative);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

/** Told about a .gitignore that was not applied: its path and why. */
export type IgnoreProblem = (file: string, message: string) => void;

/** Far more patterns than anyone maintains by hand: past this the file is not read. */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;

/**
 * A .gitignore's text, only when it is a small regular file. A FIFO or a link to /dev/stdin would block
 * the read forever and a device could be endless: the file is opened without following a link and
 * without blocking (O_NOFOLLOW | O_NONBLOCK where the platform has them, an lstat first everywhere), its
 * type and size are checked on the opened handle, and at most the limit is read. Git does not follow a
 * symbolic link named .gitignore either.
 */
async function readIgnoreFile(file: string): Promise<{ text?: string; problem?: string }> {
  let stats;
  try {
    stats = await fs.lstat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? {} : { problem: `not read: ${describeIoError(error)}` };
  }
  if (stats.isSymbolicLink()) return { problem: 'not applied: a symbolic link (git does not follow it either)' };
  if (!stats.isFile()) return { problem: 'not applied: not a regular file' };
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const opened = await handle.stat();
    if (!opened.isFile()) return { problem: 'not applied: not a regular file' };
    if (opened.size > MAX_GITIGNORE_BYTES)
      return { problem: `not applied: ${opened.size} bytes, over the ${MAX_GITIGNORE_BYTES}-byte limit` };
    const buffer = Buffer.alloc(MAX_GITIGNORE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_GITIGNORE_BYTES) return { problem: `not applied: over the ${MAX_GITIGNORE_BYTES}-byte limit` };
    }
    return { text: buffer.subarray(0, length).toString('utf8') };
  } catch (error) {
    return { problem: `not read: ${describeIoError(error)}` };
  } finally {
    await handle?.close();
  }
}
