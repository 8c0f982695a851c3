import { comparesProps } from '../components';
import type { ReactRule } from '../rule';
import { bindingName, describeUnstable, stabilise, unstableKind } from '../stabilise';

const MEMO_WORDS = { memo: 'memo()', pure: 'PureComponent', compares: 'shouldComponentUpdate' } as const;

/**
 * A value created on every render (object, array, function, JSX, `.bind`) passed to a child that compares its
 * props (`memo`, `PureComponent`, `shouldComponentUpdate`), wherever that child is defined: the comparison
 * always fails, so the child renders whenever the parent does and its memoisation is pure overhead. A DOM
 * element or a child that does not compare props is not a finding.
 */
export const unstablePropToMemoChild: ReactRule = {
  id: 'unstable-prop-to-memo-child',
  crossFile: true,
  assistant: 'react',
  manualMemo: true,
  title: 'New object, array or function passed to a memoised component on every render',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Stabilise props passed to memoised components in {count} place(s)',
    baseHours: 2,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Each fix keeps behaviour: a hoisted constant or a useCallback/useMemo with every value it uses as a dependency. Check with the React Profiler that the child no longer renders on each parent update.',
    skills: ['React'],
  },
  docs: `
## Why it matters

\`memo()\`, \`PureComponent\` and \`shouldComponentUpdate\` skip a render when the props are the same as last time,
compared with \`Object.is\`. An object literal, an array literal, an arrow function, a JSX element or a
\`.bind()\` written in the parent's render is a new value every time, so the comparison fails on every parent
render: the child renders anyway, and pays for the comparison too. In a list of a thousand memoised rows,
one inline \`onClick\` re-renders all of them on every keystroke of the parent.

The child is followed across files (imports, barrels, default exports, tsconfig paths, workspace packages),
so a finding means the component really compares its props. A DOM element (\`<div style={{…}}>\`) or a child
that does not compare its props is not a finding: there, a new value costs nothing extra.

## How to fix it

- When the value uses nothing of the component, hoist it to module scope (the preferred fix).
- Otherwise wrap it in \`useCallback\` (functions) or \`useMemo\` (objects, arrays, elements, \`.bind\`), with the
  component's values it uses as dependencies (state setters and refs are stable and left out). The quick fix
  declares it just before the statement that renders the element.
- A value that uses the item of a \`.map\` callback cannot leave the callback: pass the item (or its id) and a
  stable handler to the child instead, or move the row into its own component. No quick fix then.

## When to ignore it

When the child is cheap and its \`memo\` is going away, or when the React Compiler compiles the parent (it
memoises these values itself).
`,
  check({ model, graph, edits, report }) {
    const ts = model.ts;
    for (const use of model.jsx) {
      if (use.intrinsic || !use.owner) continue;
      const definition = graph.definitionOf(model, use);
      if (!definition || !comparesProps(definition.memo)) continue;
      const how = MEMO_WORDS[definition.memo as keyof typeof MEMO_WORDS];
      const where =
        definition.file === model.file ? '' : ` (defined in ${definition.file.split('/').slice(-2).join('/')})`;
      for (const attribute of use.attributes) {
        if (attribute.name === 'key' || attribute.name === 'ref' || !attribute.value) continue;
        const kind = unstableKind(ts, attribute.value);
        if (!kind) continue;
        const result = stabilise({
          model,
          edits,
          value: attribute.value,
          kind,
          owner: use.owner,
          name: bindingName(use.tag, attribute.name, kind),
          contextualType: () => {
            const props = edits.react('ComponentProps', true);
            return { text: `${props.text}<typeof ${use.tag}>['${attribute.name}']`, edits: props.edits };
          },
        });
        const advice = result.capturedFromCallback.length
          ? ` It uses ${result.capturedFromCallback.map((n) => `\`${n}\``).join(', ')} of the callback around it, so it cannot be hoisted as is: pass the item (or its id) and a stable handler to ${use.tag}, or render the row as its own component.`
          : kindAdvice(kind);
        report({
          range: edits.rangeOf(attribute.value),
          message: `\`${attribute.name}\` gets ${describeUnstable(kind)}, a new value on every render of ${use.owner.name}, so ${use.tag}'s ${how}${where} never skips a render.${advice}`,
          ...(definition.file === model.file && definition.start !== undefined
            ? {
                related: [
                  {
                    file: model.file,
                    range: edits.lines.rangeOf(definition.start, definition.end ?? definition.start),
                    message: `${use.tag} compares its props (${how})`,
                  },
                ],
              }
            : {}),
          ...(result.fixes.length ? { fixes: result.fixes } : {}),
        });
      }
    }
  },
};

function kindAdvice(kind: ReturnType<typeof unstableKind>): string {
  return kind === 'function' ? ' Hoist it or wrap it in useCallback.' : ' Hoist it or wrap it in useMemo.';
}
