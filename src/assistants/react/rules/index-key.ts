import type * as TS from 'typescript';
import type { ReactRule } from '../rule';
import { keyAttribute, renderedLists } from '../lists';
import { freeIdentifiers } from '../scopes';

/**
 * `key={index}` in a list whose items have a stable identity field: the key follows the position, not the item,
 * so a removal or reorder re-renders every item after it and moves state between items. Only reported when
 * the item has an `id`-like field (declared in its type or used in the callback): for a static list without
 * one, the index is a fine key.
 */
export const indexKey: ReactRule = {
  id: 'index-key',
  assistant: 'react',
  title: 'List uses the array index as key although items have a stable id',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Key {count} list(s) by item id instead of index',
    baseHours: 1,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'Check that ids are unique within each list; reorder and remove an item to see the others keep their state.',
    skills: ['React'],
  },
  docs: `
## Why it matters

A key made of the array index names a position, not an item. When the list changes anywhere but at its end
— an item removed, inserted, sorted, filtered — every item after the change gets a different key's props:
React re-renders all of them, and state kept in an item (an input's text, an expanded row) stays at the
position and shows up on a different item.

Reported only when the item has a stable field (\`id\`, \`_id\`, \`uuid\`, \`key\`, \`slug\`, \`sku\`), read from the
item's declared type or from the callback's use of it: a static list without one may use the index.

## How to fix it

Use the stable field: the quick fix replaces \`key={index}\` with \`key={item.id}\`.

## When to ignore it

A list that never changes order or length.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const list of renderedLists(model)) {
      if (!list.index || !list.stable) continue;
      // A callback that keys some element by the item (`item?.id ?? i`) uses the index on purpose where it has none.
      const itemName = list.stable.expression.split('.')[0];
      const keys = list.elements.map((element) => keyAttribute(ts, element)?.initializer);
      if (
        keys.some(
          (key) =>
            key && ts.isJsxExpression(key) && key.expression && freeIdentifiers(ts, key.expression).includes(itemName),
        )
      )
        continue;
      for (const element of list.elements) {
        const key = keyAttribute(ts, element);
        const value = key?.initializer && ts.isJsxExpression(key.initializer) ? key.initializer.expression : undefined;
        if (!value || !usesOnlyIndex(ts, value, list.index)) continue;
        const { field, expression, from } = list.stable;
        report({
          range: edits.rangeOf(value),
          message: `The key is the item's position (\`${list.index}\`), but the item has a stable \`${field}\` (${from === 'type' ? 'declared in its type' : 'used in this callback'}): when the list changes anywhere but at its end, every item after the change re-renders and state moves to the wrong item. Use key={${expression}}.`,
          fixes: [{ title: `Use key={${expression}}`, edits: [edits.replace(value, expression)], isPreferred: true }],
        });
      }
    }
  },
};

/** `index`, `` `row-${index}` ``, `'row' + index`, `String(index)`: a key made of the index and constants. */
function usesOnlyIndex(ts: typeof TS, value: TS.Expression, index: string): boolean {
  const free = freeIdentifiers(ts, value).filter((name) => name !== 'String');
  return free.length === 1 && free[0] === index;
}
