import type * as TS from 'typescript';

/**
 * The React files' syntax trees made while the workspace was first read (the module graph parses every file
 * for its imports and exports), kept for the analysis of the same file and text that follows: the CLI analyses
 * every file right after that read, which otherwise parses each React file twice. A tree weighs 20 to 45 times
 * its text, so trees are kept up to a budget of source text, the first ones read (analysed first) before later
 * ones; an analysis takes its tree out, and `clear` drops the rest once an analysis finds no tree or the
 * workspace has changed (an editor analyses the few files it has open, not the whole workspace).
 */

/** Characters of source whose trees are kept: about 40 to 90 MB of trees at most. */
export const SOURCE_CACHE_CHARS = 2_000_000;

export class SourceCache {
  private readonly trees = new Map<string, { text: string; source: TS.SourceFile }>();
  private chars = 0;

  constructor(private readonly budgetChars = SOURCE_CACHE_CHARS) {}

  /** Whether a tree of `text` would be kept: a caller with no room left parses the cheaper way it would anyway. */
  hasRoom(text: string): boolean {
    return this.chars + text.length <= this.budgetChars;
  }

  /** Keeps `source`, the tree of `file` parsed from `text`, when there is room for it. */
  keep(file: string, text: string, source: TS.SourceFile): void {
    this.drop(file);
    if (!this.hasRoom(text)) return;
    this.trees.set(file, { text, source });
    this.chars += text.length;
  }

  /** The tree of `file` parsed from exactly `text`, left in the cache (its own analysis may still come). */
  peek(file: string, text: string): TS.SourceFile | undefined {
    const kept = this.trees.get(file);
    return kept?.text === text ? kept.source : undefined;
  }

  /** The tree of `file` parsed from exactly `text`, out of the cache: the analysis is its last user. */
  take(file: string, text: string): TS.SourceFile | undefined {
    const source = this.peek(file, text);
    if (source) this.drop(file);
    return source;
  }

  clear(): void {
    this.trees.clear();
    this.chars = 0;
  }

  get size(): number {
    return this.trees.size;
  }

  private drop(file: string): void {
    const kept = this.trees.get(file);
    if (!kept) return;
    this.trees.delete(file);
    this.chars -= kept.text.length;
  }
}
