import type { Fix } from '../../../core/finding';
import type { Dependency, DependencyHook } from '../dependencies';
import {
  EFFECT_HOOKS,
  covers,
  derivedFromListed,
  SILENCED_LISTS_DOC,
  judgedLists,
  listedPath,
  outermost,
  requiredDependencies,
} from '../dependencies';
import type { ReactEdits } from '../edits';
import type { ReactRule } from '../rule';
import { isUnstableLocal } from '../stabilise';

/**
 * A `useEffect`/`useLayoutEffect`/`useMemo`/`useCallback` whose callback reads a value of the component that its
 * dependency list leaves out: the callback keeps the value of the render it was made in (a stale closure), and
 * the effect does not run again, or the memoised value is not recomputed, when it changes. Values that cannot
 * change between renders (state setters, `dispatch`, refs, module values, locals computed from nothing that
 * changes) are not required.
 */
export const hookMissingDependency: ReactRule = {
  id: 'hook-missing-dependency',
  assistant: 'react',
  title: 'Hook reads a value its dependency list leaves out (stale closure)',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Complete {count} hook dependency list(s)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'medium',
    mitigation:
      'An effect with a dependency added runs when that value changes too: check that running it again is safe (a request, a subscription) and that it cleans up after itself.',
    skills: ['React'],
  },
  docs: `
## Why it matters

React re-runs an effect, and recomputes a \`useMemo\`/\`useCallback\`, only when a value in its dependency list
changes. A value the callback reads but the list leaves out is frozen at the render the callback was made in:
the effect fetches the old \`userId\`, the memoised total ignores the new items, the callback sends the form as
it was when the list last changed. These bugs show up as data that is "sometimes" stale, and only after the
value changes, so tests that render once rarely catch them.

Reported for React's own hooks (\`useEffect\`, \`useLayoutEffect\`, \`useInsertionEffect\`, \`useMemo\`,
\`useCallback\`, \`useImperativeHandle\`) in components and custom hooks, with a literal dependency list. Values
that cannot go stale are not required: state setters, \`dispatch\` (of \`useReducer\`, \`useOptimistic\`,
\`useActionState\`), refs from \`useRef\`, \`startTransition\`, the id from \`useId\` (the same for the component's
life), Reanimated's \`useSharedValue\` and \`useAnimatedRef\` (one object for the component's life, read through
\`.value\`), imports and module constants, and locals computed
only from those; nor are locals read out of values the list holds with no call on the way
(\`const { rows } = data ?? {}\` with \`data\` listed), or functions that read only such values: they change, or
act differently, exactly when those do. A property read (\`filter.query\`, \`user?.id\`) is covered by the
property or by the object.

## How to fix it

Add the values to the list (the quick fix). When the value is a function or object made during render, adding
it would run the effect on every render: move it inside the callback, or wrap it in \`useCallback\`/\`useMemo\`
first. When the effect must not re-run for a value it only reads, read it through a ref (or \`useEffectEvent\`).

## When to ignore it

When the value provably never changes for the component's life (an id fixed at mount) and re-running would be
wrong; say so in a comment next to the suppression.

${SILENCED_LISTS_DOC}
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const found of judgedLists(model)) {
      const listed = found.list.elements.map((e) => listedPath(ts, e));
      if (listed.some((p) => p === undefined)) continue;
      const missing = outermost(
        requiredDependencies(model, found.scope, found.callback).filter(
          // derivedFromListed also passes what never changes between renders (a const of module values).
          (d) =>
            !listed.some((p) => covers(p!, d)) && !derivedFromListed(model, found.scope, d.name, listed as string[]),
        ),
      );
      if (!missing.length) continue;
      const names = missing.map((d) => `\`${d.path}\``).join(', ');
      const unstable = missing.filter((d) => isUnstableLocal(ts, found.scope, d.name)).map((d) => d.path);
      const advice = unstable.length
        ? ` ${unstable.map((n) => `\`${n}\``).join(', ')} ${unstable.length === 1 ? 'is' : 'are'} made anew on every render: listing ${unstable.length === 1 ? 'it' : 'them'} as is would re-run ${found.name} on every render, so move ${unstable.length === 1 ? 'it' : 'them'} inside the callback or wrap ${unstable.length === 1 ? 'it' : 'them'} in useCallback/useMemo first.`
        : '';
      report({
        range: edits.rangeOf(found.list),
        message: `${found.name} reads ${names} but its dependency list leaves ${missing.length === 1 ? 'it' : 'them'} out: ${consequence(found.name, missing.length)}.${advice}`,
        ...(unstable.length ? {} : { fixes: [addFix(found, missing, edits)] }),
      });
    }
  },
};

function consequence(hook: string, count: number): string {
  const they = count === 1 ? 'it changes' : 'they change';
  if (EFFECT_HOOKS.has(hook))
    return `the effect keeps the value${count === 1 ? '' : 's'} of the render it was made in and does not run again when ${they}`;
  if (hook === 'useMemo') return `the memoised value is not recomputed when ${they}, so it shows stale data`;
  return `the function keeps the value${count === 1 ? '' : 's'} of the render it was made in (a stale closure)`;
}

function addFix(found: DependencyHook, missing: Dependency[], edits: ReactEdits): Fix {
  const paths = missing.map((d) => d.path);
  return {
    title: `Add ${paths.join(', ')} to the dependency list`,
    edits: [edits.appendToList(found.list, paths)],
    isPreferred: true,
    ...(EFFECT_HOOKS.has(found.name)
      ? { detail: `The effect then runs again whenever ${paths.join(' or ')} changes: check that this is safe.` }
      : {}),
  };
}
