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

/** Parent pointers set: rules walk up from a JSX element to its component and the statement around it. */
export function parseScript(ts: typeof TS, file: string, text: string): TS.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(ts, file));
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
  let deepest = 0;
  const visit = (node: TS.Node, depth: number): boolean | undefined => {
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_NESTING) return true;
    return ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(source, 0);
  return deepest;
}
