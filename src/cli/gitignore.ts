import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { exists, isInside } from '../core/workspace-paths';

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
  static async above(dir: string, cwd: string): Promise<IgnoreStack> {
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
      if (isInside(ancestor, boundary)) stack = await stack.withFolder(ancestor);
    }
    return stack.ignores(dir, true) ? IgnoreStack.empty : stack;
  }

  /** This stack plus `dir/.gitignore`, when there is one. */
  async withFolder(dir: string): Promise<IgnoreStack> {
    let content: string;
    try {
      content = await fs.readFile(path.join(dir, '.gitignore'), 'utf8');
    } catch {
      return this;
    }
    const rules = ignore({ ignorecase: IGNORE_CASE }).add(content);
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
