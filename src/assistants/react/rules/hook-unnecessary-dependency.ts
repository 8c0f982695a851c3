import { SILENCED_LISTS_DOC, judgedLists, listedPath, stableIn } from '../dependencies';
import type { ReactRule } from '../rule';
import { localsOf, moduleNames } from '../scopes';

/** Browser globals whose properties change without React knowing. */
const BROWSER_GLOBALS = new Set([
  'window',
  'document',
  'location',
  'navigator',
  'history',
  'globalThis',
  'localStorage',
  'sessionStorage',
]);

/**
 * A dependency list that names something that is not a render's value: a module constant or import (never
 * changes), a global (changes without a render, so the list never sees it), a state setter, `dispatch` or ref
 * (stable by React's contract), or a ref's `.current` (mutable: read at render, its changes render nothing).
 * The first three are noise; `.current` and globals hide a bug, since the hook will not re-run when they change.
 */
export const hookUnnecessaryDependency: ReactRule = {
  id: 'hook-unnecessary-dependency',
  assistant: 'react',
  title: 'Dependency list names a value that never triggers the hook',
  defaultSeverity: 'info',
  impact: 'low',
  effort: 'small',
  roadmap: {
    task: 'Remove {count} dependency list entr(ies) that never trigger their hook',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Removing a stable value or a module constant changes nothing; for a `.current` or a global, make the change that should re-run the hook a state change, or subscribe to it.',
    skills: ['React'],
  },
  docs: `
## Why it matters

React compares a dependency list once per render. An entry that cannot differ between two renders does nothing
there, and one that changes without a render is never seen changing:

- **Module constants and imports** never change: listing them is noise that hides the entries that matter.
- **State setters, \`dispatch\`, refs from \`useRef\`, \`startTransition\`** are the same object for the component's
  whole life (React guarantees it), and so are Reanimated's \`useSharedValue\` and \`useAnimatedRef\`.
- **\`ref.current\`** is mutable: changing it does not render the component, so the hook does not re-run when it
  changes, and the list compares whatever it happened to hold at the last render. The entry suggests a guarantee
  that does not exist.
- **Globals** (\`window.innerWidth\`, \`location.pathname\`) change without a render for the same reason.

## How to fix it

Remove the entry (the quick fix). When the hook really must re-run on a \`.current\` or global change, keep that
value in state (set from a ref callback, a subscription or \`useSyncExternalStore\`) and list the state.

## When to ignore it

A project whose convention is to list setters for readability.

${SILENCED_LISTS_DOC}
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    const atModule = moduleNames(ts, model.source);
    for (const found of judgedLists(model)) {
      const locals = localsOf(ts, found.scope);
      const stable = stableIn(model, found.scope);
      const reasons: { index: number; path: string; why: string; mutable: boolean }[] = [];
      found.list.elements.forEach((element, index) => {
        const path = listedPath(ts, element);
        if (path === undefined) return;
        const reason = whyUnneeded(path, locals, atModule, stable);
        if (reason) reasons.push({ index, path, ...reason });
      });
      if (!reasons.length) continue;
      const paths = reasons.map((r) => r.path);
      report({
        range: edits.rangeOf(found.list.elements[reasons[0].index]),
        message: `${reasons.map((r) => r.why).join('; ')}: ${closing(
          found.name,
          reasons.length,
          reasons.some((r) => r.mutable),
        )}`,
        fixes: [
          {
            title: `Remove ${paths.join(', ')} from the dependency list`,
            edits: edits.removeFromList(
              found.list,
              reasons.map((r) => r.index),
            ),
            isPreferred: true,
          },
        ],
      });
    }
  },
};

function closing(hook: string, count: number, mutable: boolean): string {
  const it = count === 1 ? 'it' : 'them';
  return mutable
    ? `${hook} never re-runs because ${count === 1 ? 'it changed' : 'they changed'}, so listing ${it} only suggests that it does. Keep the value that should re-run it in state instead.`
    : `listing ${it} in ${hook}'s dependency list does nothing.`;
}

/**
 * Why listing `path` never triggers the hook, and whether it is because the value is mutable (its changes render
 * nothing) rather than fixed; undefined for a value of the render.
 */
function whyUnneeded(
  path: string,
  locals: ReadonlySet<string>,
  atModule: ReadonlySet<string>,
  stable: ReadonlySet<string>,
): { why: string; mutable: boolean } | undefined {
  const root = path.split(/\??\./)[0];
  if (/\??\.current(?:$|\??\.)/.test(path))
    return { why: `\`${path}\` is mutable and changing it does not render the component`, mutable: true };
  if (!locals.has(root) && BROWSER_GLOBALS.has(root))
    return { why: `\`${path}\` is a global that changes without a render`, mutable: true };
  if (!locals.has(root) && atModule.has(root))
    return path === root
      ? { why: `\`${root}\` is declared outside the component and never changes`, mutable: false }
      : {
          why: `\`${path}\` is a property of a module-level value: if it changes, nothing renders the component`,
          mutable: true,
        };
  if (stable.has(root))
    return {
      why: `\`${root}\` is the same on every render (React keeps setters, dispatch and refs stable)`,
      mutable: false,
    };
  return undefined;
}
