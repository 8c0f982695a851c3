import type { ReactRule } from '../rule';
import { describeUnstable, stabilise, unstableKind } from '../stabilise';

/**
 * A context provider given a value created on every render (`value={{ user, login }}`): every consumer of the
 * context renders again whenever the provider's component does, whether or not anything in the value changed.
 */
export const unstableContextValue: ReactRule = {
  id: 'unstable-context-value',
  crossFile: true,
  assistant: 'react',
  manualMemo: true,
  title: 'Context provider value is a new object on every render',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Memoise {count} context provider value(s)',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'useMemo with every value the object uses keeps consumers current; check with the React Profiler that consumers stop rendering on unrelated updates.',
    skills: ['React'],
  },
  docs: `
## Why it matters

A context's consumers render again whenever the provider's \`value\` changes, compared with \`Object.is\`. An
object, array or function written inline (\`<Auth.Provider value={{ user, login }}>\`) is a new value on every
render of the provider's component, so **every** consumer below it renders on every such render, even
memoised ones, even when \`user\` did not change. Providers sit near the root, so this multiplies: one state
change at the top re-renders the whole tree of consumers.

The provider is recognised as \`X.Provider\` and, since React 19, \`<X value>\` where \`X\` is made by
\`createContext\` (in this file or followed through its imports).

## How to fix it

Wrap the value in \`useMemo\` with the values it uses as dependencies (the quick fix), and the functions in it in
\`useCallback\`; hoist it to module scope when it uses nothing of the component. Splitting a context whose parts
change at different rates (state and dispatch) helps further.

## When to ignore it

A provider whose component renders only when the value changes anyway (rare near the root).
`,
  check({ model, graph, edits, report }) {
    const ts = model.ts;
    for (const use of model.jsx) {
      if (use.intrinsic || !use.owner) continue;
      const object = use.tag.endsWith('.Provider') ? use.tag.slice(0, -'.Provider'.length) : use.tag;
      if (object === use.tag && !graph.isContext(model, object)) continue;
      const value = use.attributes.find((a) => a.name === 'value')?.value;
      const kind = value && unstableKind(ts, value);
      if (!value || !kind) continue;
      const result = stabilise({
        model,
        edits,
        value,
        kind,
        owner: use.owner,
        name: `${object.split('.').pop()![0].toLowerCase()}${object.split('.').pop()!.slice(1)}Value`,
        contextualType: () => {
          const props = edits.react('ComponentProps', true);
          return { text: `${props.text}<typeof ${use.tag}>['value']`, edits: props.edits };
        },
      });
      const callback = result.capturedFromCallback.length
        ? ` It uses ${result.capturedFromCallback.map((n) => `\`${n}\``).join(', ')} of the callback around it: move the provider into its own component to memoise it.`
        : '';
      report({
        range: edits.rangeOf(value),
        message: `${object}'s provider gets ${describeUnstable(kind)} as its value, a new value on every render of ${use.owner.name}: every component that reads ${object} renders again each time, even when nothing in it changed. Wrap it in useMemo${result.dependencies.length ? ` with [${result.dependencies.join(', ')}]` : ''}.${unstableNote(result.unstableDependencies)}${callback}`,
        ...(result.fixes.length ? { fixes: result.fixes } : {}),
      });
    }
  },
};

function unstableNote(names: readonly string[]): string {
  if (!names.length) return '';
  const list = names.map((n) => `\`${n}\``).join(', ');
  return ` ${list} ${names.length === 1 ? 'is' : 'are'} made anew on every render too: wrap ${names.length === 1 ? 'it' : 'them'} in useCallback first, or the memoised value still changes every time.`;
}
