import type * as TS from 'typescript';
import type { TextEdit } from '../../../core/finding';
import type { Definition } from '../component-graph';
import { memoWrapEdits, rendersMuch } from '../memo-wrap';
import type { JsxUse } from '../model';
import type { ReactRule, ReactRuleContext } from '../rule';
import { bindingName, stabilise, unstableKind } from '../stabilise';

export const unstablePropToUnmemoisedChild: ReactRule = {
  id: 'unstable-prop-to-unmemoised-child',
  crossFile: true,
  assistant: 'react',
  manualMemo: true,
  title:
    'A child that renders a list or several components re-renders with its parent, and its props are new each time',
  defaultSeverity: 'hint',
  impact: 'low',
  effort: 'small',
  roadmap: {
    task: 'Memoise {count} child component(s) that re-render with their parents',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'memo() changes nothing a component shows as long as it reads only its props, state and context; check with the React Profiler that the child stops rendering on unrelated parent updates before keeping the change.',
    skills: ['React'],
  },
  docs: `
## Why it matters

A component that does not compare its props (no \`memo\`) renders again whenever its parent does. That is what
React is built for, and for a component that renders a few DOM elements it costs next to nothing: a new object or
function passed to it costs nothing extra either, which is why this is not reported on every inline prop.

It matters when the child renders a list or several components: each parent render then redoes that whole
subtree. Wrapping the child in \`memo()\` would skip those renders, but only if its props stay the same, and an
object, array, function or element written inline in the parent is new on every render. Neither change alone
saves a render; both together do. How much that saves depends on how often the parent renders and how large the
child's subtree is, which the finding cannot know: it is a hint.

Not reported: a parent that is an \`async\` Server Component (it renders once per request), a DOM element, a child that renders only DOM elements or wraps a single other component, a child
given element children (\`<Panel><p/></Panel>\`: new on every render, so \`memo\` would never skip), a child given
a \`{...spread}\`, a component from a package, and (see the React docs) a component the React Compiler compiles.

## How to fix it

The quick fix does both: it wraps the child in \`memo()\` (in its own file when it is defined elsewhere) and
makes every inline prop stable (hoisted to module scope, or \`useCallback\`/\`useMemo\` with the values it uses).
When a prop uses the item of a \`.map\` callback, or the child is a default-exported function declaration, no fix is
offered.

## When to ignore it

When the parent renders rarely (a dialog's host, a page that renders once), or the child is cheap in practice.
`,
  check(context) {
    const { model, graph } = context;
    // One finding per parent and child: a help screen rendering the same row forty times is one change to make.
    const groups = new Map<string, { definition: Definition; uses: JsxUse[] }>();
    for (const use of model.jsx) {
      if (use.intrinsic || !use.owner) continue;
      const definition = graph.definitionOf(model, use);
      if (definition?.memo !== 'none' || !worthMemoising(context, use, definition)) continue;
      const key = `${use.owner.name}\0${definition.file}\0${definition.name}`;
      const group = groups.get(key) ?? { definition, uses: [] };
      group.uses.push(use);
      groups.set(key, group);
    }
    for (const { definition, uses } of groups.values()) reportGroup(context, uses, definition);
  },
};

/**
 * An unstable prop to a child that does not compare its props is free on its own: the child renders with its
 * parent either way. It is a hint only when the child's render is worth skipping (it renders a list or several
 * components), no child element or spread defeats memo anyway, and the parent renders more than once.
 */
function worthMemoising(context: ReactRuleContext, use: JsxUse, definition: Definition): boolean {
  const { model } = context;
  const ts = model.ts;
  const owner = use.owner;
  if (!owner || use.spread || definition.packageName || hasElementChildren(ts, use)) return false;
  // An async component is a Server Component: it renders once per request, never again with new props.
  if (owner.render && ts.getModifiers(owner.render)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  const local = localDefinition(context, definition);
  const heavy = local ? !!local.render && rendersMuch(ts, local.render) : definition.heavy;
  return !!heavy && unstableAttributes(ts, use).length > 0;
}

function localDefinition(context: ReactRuleContext, definition: Definition) {
  const { model } = context;
  return definition.file === model.file ? model.components.find((c) => c.name === definition.name) : undefined;
}

function unstableAttributes(ts: typeof TS, use: JsxUse) {
  return use.attributes.filter((a) => a.name !== 'key' && a.name !== 'ref' && a.value && unstableKind(ts, a.value));
}

/**
 * Both edits together, since either alone saves no render: `memo()` on the child and every unstable prop of every
 * element of the group made stable. No fix when one of them cannot be (a value of a `.map` callback).
 */
function reportGroup(context: ReactRuleContext, uses: readonly JsxUse[], definition: Definition): void {
  const { model, edits, report } = context;
  const ts = model.ts;
  const [first] = uses;
  const owner = first.owner!;
  const local = localDefinition(context, definition);
  let fixable = true;
  const stabilised: TextEdit[] = [];
  const names = new Set<string>();
  for (const use of uses)
    for (const attribute of unstableAttributes(ts, use)) {
      names.add(`\`${attribute.name}\``);
      if (!fixable) continue;
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
      if (preferred) stabilised.push(...preferred.edits);
      else fixable = false;
    }
  const memoWrap = fixable ? (local ? memoWrapEdits(edits, local) : definition.memoWrap) : undefined;
  const list = [...names].join(', ');
  const plural = names.size !== 1;
  const where = definition.file === model.file ? '' : ` (defined in ${definition.file.split('/').slice(-2).join('/')})`;
  const more = uses.length > 1 ? ` (here and in ${uses.length - 1} more <${first.tag}> of ${owner.name})` : '';
  report({
    range: edits.rangeOf(first.opening.tagName),
    message: `${first.tag}${where} renders a list or several components but does not compare its props, so it renders again on every render of ${owner.name}. memo() alone would not skip those renders: ${list} ${plural ? 'are' : 'is'} new on every render${more}. Wrapping ${first.tag} in memo() and making ${plural ? 'them' : 'it'} stable would; how much that saves depends on how often ${owner.name} renders and how much ${first.tag} renders below it.`,
    ...(memoWrap
      ? {
          fixes: [
            {
              title: `Wrap ${first.tag} in memo() and make ${list} stable`,
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
