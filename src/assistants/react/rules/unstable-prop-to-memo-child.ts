import type * as TS from 'typescript';
import type { TextEdit } from '../../../core/finding';
import type { Definition } from '../component-graph';
import { comparesProps } from '../components';
import { memoWrapEdits, rendersMuch } from '../memo-wrap';
import type { JsxUse } from '../model';
import type { ReactRule, ReactRuleContext } from '../rule';
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
  check(context) {
    const { model, graph, edits, report } = context;
    const ts = model.ts;
    for (const use of model.jsx) {
      if (use.intrinsic || !use.owner) continue;
      const definition = graph.definitionOf(model, use);
      if (definition?.memo === 'none') unmemoisedChild(context, use, definition);
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

/**
 * An unstable prop to a child that does not compare its props is free on its own: the child renders with its
 * parent either way. It is a hint only when the child's render is worth skipping (it renders components or a
 * list), no child element or spread defeats memo anyway, and both edits can be offered together: `memo()` on
 * the child and every unstable prop made stable (either alone saves no render).
 */
function unmemoisedChild(context: ReactRuleContext, use: JsxUse, definition: Definition): void {
  const { model, edits, report } = context;
  const ts = model.ts;
  const owner = use.owner;
  if (!owner || use.spread || definition.packageName || hasElementChildren(ts, use)) return;
  const local = definition.file === model.file ? model.components.find((c) => c.name === definition.name) : undefined;
  const heavy = local ? !!local.render && rendersMuch(ts, local.render) : definition.heavy;
  if (!heavy) return;
  const unstable = use.attributes.filter(
    (a) => a.name !== 'key' && a.name !== 'ref' && a.value && unstableKind(ts, a.value),
  );
  if (!unstable.length) return;
  const memoWrap = local ? memoWrapEdits(edits, local) : definition.memoWrap;
  const stabilised: TextEdit[] = [];
  for (const attribute of unstable) {
    const kind = unstableKind(ts, attribute.value!)!;
    const result = stabilise({
      model,
      edits,
      value: attribute.value!,
      kind,
      owner,
      name: bindingName(use.tag, attribute.name, kind),
      contextualType: () => {
        const props = edits.react('ComponentProps', true);
        return { text: `${props.text}<typeof ${use.tag}>['${attribute.name}']`, edits: props.edits };
      },
    });
    const preferred = result.fixes.find((f) => f.isPreferred) ?? result.fixes[0];
    if (!preferred) return;
    stabilised.push(...preferred.edits);
  }
  const names = unstable.map((a) => `\`${a.name}\``).join(', ');
  const where = definition.file === model.file ? '' : ` (defined in ${definition.file.split('/').slice(-2).join('/')})`;
  report({
    range: edits.rangeOf(use.opening.tagName),
    severity: 'hint',
    message: `${use.tag}${where} renders a list or other components but does not compare its props, so it renders again on every render of ${owner.name}. memo() alone would not skip those renders: ${names} ${unstable.length === 1 ? 'is' : 'are'} new on every render. Wrapping ${use.tag} in memo() and making ${unstable.length === 1 ? 'it' : 'them'} stable would; how much that saves depends on how often ${owner.name} renders and how much ${use.tag} renders below it.`,
    ...(memoWrap
      ? {
          fixes: [
            {
              title: `Wrap ${use.tag} in memo() and make ${names} stable`,
              edits: distinct([...memoWrap, ...stabilised]),
              isPreferred: true,
            },
          ],
        }
      : {}),
  });
}

/** Element children (or a list of them, or another unstable value): new on every render, so memo() never skips. */
function hasElementChildren(ts: typeof TS, use: JsxUse): boolean {
  if (!ts.isJsxElement(use.element)) return false;
  return use.element.children.some((child) => {
    if (ts.isJsxText(child)) return false;
    if (!ts.isJsxExpression(child)) return true;
    const expression = child.expression;
    return !!expression && (!!unstableKind(ts, expression) || ts.isCallExpression(expression));
  });
}

/** Two stabilised props that need the same React import would each add it: keep one. */
function distinct(list: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return list.filter((edit) => {
    const key = JSON.stringify([edit.file, edit.range, edit.newText]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
