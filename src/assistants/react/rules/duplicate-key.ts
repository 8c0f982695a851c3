import type * as TS from 'typescript';
import { jsxName } from '../model';
import type { ReactRule } from '../rule';

/**
 * Sibling elements with the same literal `key`: React keeps one and drops or mixes up the other, and warns in
 * development. Checked among the children of one element or fragment and in one array literal.
 */
export const duplicateKey: ReactRule = {
  id: 'duplicate-key',
  assistant: 'react',
  title: 'Sibling elements share the same key',
  defaultSeverity: 'error',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Make {count} duplicate key(s) unique',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'Rename one of the keys; the rendered output is checked by eye.',
    skills: ['React'],
  },
  docs: `
## Why it matters

Keys must be unique among siblings. With two equal keys React cannot tell the elements apart: updates may
go to the wrong one, one may be duplicated or dropped when the list changes, and React logs an error in
development. It usually comes from copying an element and forgetting its key.

## How to fix it

Give each sibling its own key. No quick fix: only you know which name is right.

## When to ignore it

Never.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const group of model.siblings) {
      const seen = new Map<string, TS.Node>();
      for (const child of ts.isArrayLiteralExpression(group) ? group.elements : group.children) {
        const key = literalKey(ts, child);
        if (!key) continue;
        if (seen.has(key.text))
          report({
            range: edits.rangeOf(key.node),
            message: `Another element among these siblings already has key "${key.text}": React cannot tell them apart, so updates can go to the wrong one or one of them can be dropped.`,
            related: [
              {
                file: model.file,
                range: edits.rangeOf(seen.get(key.text)!),
                message: 'the first element with this key',
              },
            ],
          });
        else seen.set(key.text, key.node);
      }
    }
  },
};

function literalKey(ts: typeof TS, node: TS.Node): { text: string; node: TS.Node } | undefined {
  const element = ts.isJsxElement(node) ? node.openingElement : ts.isJsxSelfClosingElement(node) ? node : undefined;
  if (!element) return undefined;
  const key = element.attributes.properties.find(
    (p): p is TS.JsxAttribute => ts.isJsxAttribute(p) && jsxName(ts, p.name) === 'key',
  );
  const initializer = key?.initializer;
  if (!key || !initializer) return undefined;
  const value = ts.isJsxExpression(initializer) ? initializer.expression : initializer;
  if (value && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value) || ts.isNumericLiteral(value)))
    return { text: value.text, node: key };
  return undefined;
}
