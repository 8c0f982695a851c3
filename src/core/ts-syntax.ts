import type * as TS from 'typescript';

/**
 * An expression without the parentheses, type assertions (`as`, `<T>`, `satisfies`) and `!` around it: what the
 * value is, for engines that read TypeScript syntax (SQL in scripts, React components). Bounded, so a file
 * nested thousands of levels deep cannot hold a walk.
 */
export function unwrapExpression(ts: typeof TS, expression: TS.Expression): TS.Expression {
  // By kind, from a table: the React rules ask this of nearly every expression they look at.
  wrapperKinds ??= new Set([
    ts.SyntaxKind.ParenthesizedExpression,
    ts.SyntaxKind.AsExpression,
    ts.SyntaxKind.SatisfiesExpression,
    ts.SyntaxKind.NonNullExpression,
    ts.SyntaxKind.TypeAssertionExpression,
  ]);
  let node = expression;
  for (let steps = 0; steps < 64 && wrapperKinds.has(node.kind); steps++) node = (node as Wrapper).expression;
  return node;
}

type Wrapper =
  TS.ParenthesizedExpression | TS.AsExpression | TS.SatisfiesExpression | TS.NonNullExpression | TS.TypeAssertion;

let wrapperKinds: ReadonlySet<TS.SyntaxKind> | undefined;
