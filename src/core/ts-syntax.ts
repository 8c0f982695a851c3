import type * as TS from 'typescript';

/**
 * An expression without the parentheses, type assertions (`as`, `<T>`, `satisfies`) and `!` around it: what the
 * value is, for engines that read TypeScript syntax (SQL in scripts, React components). Bounded, so a file
 * nested thousands of levels deep cannot hold a walk.
 */
export function unwrapExpression(ts: typeof TS, expression: TS.Expression): TS.Expression {
  let node = expression;
  for (let steps = 0; steps < 64; steps++) {
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isTypeAssertionExpression(node)
    )
      node = node.expression;
    else break;
  }
  return node;
}
