import type * as TS from 'typescript';
import { keyAttribute, renderedLists } from '../lists';
import type { ReactRule } from '../rule';

/**
 * An element returned from a `.map` callback without a `key`: React matches the list's children by position,
 * so inserting, removing or reordering an item re-renders (and may mix up the state of) every item after it.
 */
export const missingKey: ReactRule = {
  id: 'missing-key',
  assistant: 'react',
  title: 'List element rendered with .map has no key',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Give {count} list(s) stable keys',
    baseHours: 1,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'Use the item’s own id; check that reordering or removing an item keeps the others’ state.',
    skills: ['React'],
  },
  docs: `
## Why it matters

React reconciles a list's children by their \`key\`. Without one it matches them by position: remove the
first of a thousand items and every other item receives the next one's props and re-renders; items with
state (an input, an open panel) keep the state of whichever item used to be at their position. React also
warns about it in development.

A fragment (\`<>…</>\`) cannot take a key: use \`<Fragment key={…}>\`. Not reported: a \`.map\` passed to
\`Children.toArray\`, which keys each element itself (by position, like an index key).

## How to fix it

Give the returned element a \`key\` that identifies the item, not its position. When the item has an
\`id\`-like field (\`id\`, \`_id\`, \`uuid\`, \`key\`, \`slug\`, \`sku\`), read from the item's declared type or the
callback's use of it, the quick fix adds \`key={item.id}\`.

## When to ignore it

Never: a key costs nothing.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const list of renderedLists(model)) {
      if (keyedByChildren(ts, list.call)) continue;
      for (const element of list.elements) {
        if (keyAttribute(ts, element)) continue;
        const opening = ts.isJsxFragment(element)
          ? element.openingFragment
          : ts.isJsxElement(element)
            ? element.openingElement
            : element;
        if (!ts.isJsxOpeningFragment(opening) && opening.attributes.properties.some((p) => ts.isJsxSpreadAttribute(p)))
          continue;
        const stable = list.stable;
        if (ts.isJsxOpeningFragment(opening)) {
          report({
            range: edits.rangeOf(opening),
            message: `The fragment returned from this .map has no key, and <>…</> cannot take one: use <Fragment key={${stable?.expression ?? '…'}}>. Without a key React matches the items by position, so an insertion or removal re-renders every item after it.`,
          });
          continue;
        }
        report({
          range: edits.rangeOf(opening.tagName),
          message: `<${opening.tagName.getText(model.source)}> returned from .map has no key: React matches the items by position, so inserting or removing one re-renders every item after it and can hand one item's state to another.${stable ? ` The item's \`${stable.field}\` identifies it.` : ' Use a field that identifies the item.'}`,
          ...(stable
            ? {
                fixes: [
                  {
                    title: `Add key={${stable.expression}}`,
                    edits: [edits.insertAt(opening.tagName.end, ` key={${stable.expression}}`)],
                    isPreferred: true,
                  },
                ],
              }
            : {}),
        });
      }
    }
  },
};

/** `Children.toArray(items.map(…))`: React gives each element of the array a key of its own. */
function keyedByChildren(ts: typeof TS, call: TS.CallExpression): boolean {
  let node: TS.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(node as TS.Expression)) return false;
  const callee = parent.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'toArray' &&
    /(^|\.)Children$/.test(callee.expression.getText())
  );
}
