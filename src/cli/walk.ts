import { promises as fs } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import type { AnalysisError } from '../core/finding';
import { exists } from '../core/workspace-paths';
import type { IgnoreProblem } from './gitignore';
import { IgnoreStack } from './gitignore';
import { describeIoError } from './io-error';

export { describeIoError };

export interface WalkedFile {
  absolute: string;
  /** Relative to the cwd with forward slashes: what findings, edits and output name the file by. */
  display: string;
  /** Named on the command line: analysed even where a walk would have skipped it. */
  explicit: boolean;
  /**
   * The workspace the file was found in: the repository around the path named, else the folder named (or the
   * named file's folder). A file reached through a symbolic link is read only if its real path stays in it.
   */
  root: string;
}

export interface WalkResult {
  /** Sorted by display path, each file once. */
  files: WalkedFile[];
  errors: AnalysisError[];
  /** How many of the given paths do not exist. */
  missing: number;
}

/** Never walked into, ignored or not: dependencies and git's own store are not the user's code. */
const SKIPPED_NAMES = new Set(['node_modules', '.git']);

// Code-unit order, not locale order: output must not change with the machine's language settings.
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function displayPath(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/') || '.';
}

/**
 * Expands the command line's paths into the files to analyse. Folders are walked in sorted order,
 * honouring .gitignore files the way git does; symlinked folders met during a walk are not entered
 * (git does not follow them either, and it rules out loops), symlinked files are listed like files and
 * read only when they stay inside the workspace (FileWorkspace checks each `root` when it reads).
 */
export async function walk(paths: readonly string[], cwd: string): Promise<WalkResult> {
  const files = new Map<string, WalkedFile>();
  const errors: AnalysisError[] = [];
  let missing = 0;

  const add = (absolute: string, explicit: boolean, root: string) => {
    const known = files.get(absolute);
    if (known) known.explicit ||= explicit;
    else files.set(absolute, { absolute, display: displayPath(cwd, absolute), explicit, root });
  };

  const ignoreProblem: IgnoreProblem = (file, message) =>
    errors.push({ file: displayPath(cwd, file), kind: 'read', message: `.gitignore ${message}` });

  const walkFolder = async (dir: string, inherited: IgnoreStack, root: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      errors.push({
        file: displayPath(cwd, dir),
        kind: 'read',
        message: `cannot read folder: ${describeIoError(error)}`,
      });
      return;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    const rules = entries.some((e) => e.name === '.gitignore')
      ? await inherited.withFolder(dir, ignoreProblem)
      : inherited;
    for (const entry of entries) {
      if (SKIPPED_NAMES.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!rules.ignores(full, true)) await walkFolder(full, rules, root);
      } else if (entry.isFile() || (entry.isSymbolicLink() && (await isFile(full)))) {
        if (!rules.ignores(full, false)) add(full, false, root);
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stats;
    try {
      stats = await fs.stat(absolute);
    } catch (error) {
      const notFound = (error as NodeJS.ErrnoException).code === 'ENOENT';
      if (notFound) missing++;
      errors.push({
        file: displayPath(cwd, absolute),
        kind: 'read',
        message: notFound ? 'no such file or folder' : `cannot read: ${describeIoError(error)}`,
      });
      continue;
    }
    const root = await workspaceRoot(stats.isDirectory() ? absolute : path.dirname(absolute));
    if (stats.isFile()) add(absolute, true, root);
    else if (stats.isDirectory())
      await walkFolder(absolute, await IgnoreStack.above(absolute, cwd, ignoreProblem), root);
    else errors.push({ file: displayPath(cwd, absolute), kind: 'read', message: 'not a regular file or folder' });
  }

  const sorted = [...files.values()].sort((a, b) => compareCodeUnits(a.display, b.display));
  return { files: sorted, errors, missing };
}

/**
 * The repository a folder is in (the nearest folder up with a `.git`), else the folder itself: never a parent
 * that merely contains it (`check ~/project` run from home must not let links reach `~/.pgpass`).
 */
async function workspaceRoot(folder: string): Promise<string> {
  for (let current = folder; ;) {
    if (await exists(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return folder;
    current = parent;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false; // a dangling link is nothing to analyse
  }
}
