import type * as TS from 'typescript';

/** TS/JS files the frontend optimizer reads; a `.ts`/`.js` file only when it holds JSX or uses React. */
export const REACT_FILE = /\.(?:[cm]?[jt]sx?)$/i;

/**
 * Whether a file can hold a component: JSX files always, other scripts only when their text mentions React or
 * holds JSX-looking tags. A cheap text check, so a workspace's plain modules are never parsed as components.
 */
export function mayHoldReact(file: string, text: string): boolean {
  if (/\.[jt]sx$/i.test(file)) return true;
  if (/\.d\.[cm]?ts$/i.test(file)) return false;
  return /\bfrom\s+['"](?:react|preact\/compat)['"]|require\(\s*['"]react['"]\s*\)|<\/[A-Za-z]|\/>/.test(text);
}

export function scriptKind(ts: typeof TS, file: string): TS.ScriptKind {
  const lower = file.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(lower)) return ts.ScriptKind.TS;
  // Plain .js files of React projects hold JSX (Create React App, many Vite apps): read them as JSX.
  return ts.ScriptKind.JSX;
}

/**
 * Parent pointers set: rules walk up from a JSX element to its component and the statement around it. They are set
 * by the walk that measures the tree's depth (`nestingDepth` then answers from it): TypeScript's own pass to set them
 * cost as much again as that walk. JSDoc is not parsed, since no rule reads it.
 */
export function parseScript(ts: typeof TS, file: string, text: string): TS.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const source = ts.createSourceFile(file, text, options, false, scriptKind(ts, file));
  const depth = bindParents(ts, source);
  if (depth <= MAX_NESTING) {
    depths.set(source, depth);
    return source;
  }
  // Deeper than the walk goes: TypeScript sets every parent. The file is not analysed, but the module graph and
  // the summaries other files read of it may still walk its top.
  const deep = ts.createSourceFile(file, text, options, true, scriptKind(ts, file));
  depths.set(deep, depth);
  return deep;
}

/** The depth of the trees `parseScript` made, as `nestingDepth` answers it. */
const depths = new WeakMap<TS.SourceFile, number>();

/**
 * Sets every node's parent and answers the tree's depth, or `MAX_NESTING + 1` as soon as it is known to be deeper
 * (the walk stops descending there, so the stack holds at most `MAX_NESTING` levels). One closure for the tree,
 * the parent and depth kept beside it rather than passed in a closure per node.
 */
function bindParents(ts: typeof TS, root: TS.Node): number {
  let parent = root;
  let depth = 0;
  let deepest = 0;
  const visit = (child: TS.Node): true | undefined => {
    (child as { parent: TS.Node }).parent = parent;
    if (++depth > deepest && (deepest = depth) > MAX_NESTING) return true;
    const outer = parent;
    parent = child;
    const stop = ts.forEachChild(child, visit);
    parent = outer;
    depth--;
    return stop;
  };
  ts.forEachChild(root, visit);
  return deepest;
}

/** A file whose syntax TypeScript could not read; the first diagnostic, for the file's error. */
export function syntaxError(ts: typeof TS, source: TS.SourceFile): { start: number; message: string } | undefined {
  const diagnostics = (source as TS.SourceFile & { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  return { start: first.start ?? 0, message: ts.flattenDiagnosticMessageText(first.messageText, '\n') };
}

/**
 * Syntax nested deeper than real components reach (generated or hostile code): the model and the rules walk
 * the tree recursively, so the limit is checked once here, before any of them runs.
 */
export const MAX_NESTING = 400;

/**
 * The tree's depth, or `MAX_NESTING + 1` as soon as it is known to be deeper. Recursive, since the walk stops
 * descending past the limit: the stack holds at most `MAX_NESTING` levels (an explicit stack of pairs made this
 * check 2% of the React bench's run).
 */
export function nestingDepth(ts: typeof TS, source: TS.SourceFile): number {
  const known = depths.get(source);
  if (known !== undefined) return known;
  let deepest = 0;
  const visit = (node: TS.Node, depth: number): boolean | undefined => {
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_NESTING) return true;
    return ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(source, 0);
  return deepest;
}
