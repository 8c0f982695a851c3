import { strict as assert } from 'node:assert';
import * as ts from 'typescript';
import { MAX_NESTING, nestingDepth, parseScript } from '../../../src/assistants/react/parse';

/** parseScript sets parent pointers in its own walk (the one that measures the depth), not TypeScript's second pass. */
describe('parseScript', () => {
  const text = `
import React, { useState } from 'react';
type Item<T> = { id: string; value?: T };
/** A doc comment the parse skips. */
export class Board extends React.Component<{ items: Item<number>[] }> {
  render() { return <ul>{this.props.items.map((i) => <li key={i.id}>{i.value ?? 0}</li>)}</ul>; }
}
export default function Page({ rows = [] as number[] }: { rows?: number[] }) {
  const [open, setOpen] = useState(false);
  label: for (const [a, b] of Object.entries({ a: 1 })) { if (a) break label; }
  return open ? <><Board items={[]} /></> : <button onClick={() => setOpen(!open)} {...{ rows }}>{\`n=\${rows.length}\`}</button>;
}`;

  /** Every node of both trees, in the same walk order, with its parent. */
  const nodes = (root: ts.Node) => {
    const out: ts.Node[] = [];
    const visit = (node: ts.Node) => {
      out.push(node);
      ts.forEachChild(node, visit);
    };
    visit(root);
    return out;
  };

  it('gives every node the parent TypeScript gives it', () => {
    const ours = nodes(parseScript(ts, 'page.tsx', text));
    const theirs = nodes(ts.createSourceFile('page.tsx', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX));
    assert.equal(ours.length, theirs.length);
    assert.ok(ours.length > 100);
    ours.forEach((node, i) => {
      const expected = theirs[i].parent;
      assert.equal(node.kind, theirs[i].kind);
      if (!expected) return assert.equal(node.parent, undefined);
      assert.equal(node.parent.kind, expected.kind, `parent of ${ts.SyntaxKind[node.kind]} at ${node.pos}`);
      assert.equal(node.parent.pos, expected.pos);
      assert.equal(node.parent.end, expected.end);
    });
    // getText() without the source walks up the parents to the file.
    assert.equal(ours.find(ts.isJsxSelfClosingElement)?.getText(), '<Board items={[]} />');
  });

  it('answers the depth from its walk, and a tree deeper than the limit still has every parent', () => {
    const shallow = parseScript(ts, 'a.ts', 'const a = [[1]];');
    // SourceFile → VariableStatement → VariableDeclarationList → VariableDeclaration → ArrayLiteral → ArrayLiteral → 1
    assert.equal(nestingDepth(ts, shallow), 6);
    const deep = `const x = ${'['.repeat(MAX_NESTING)}1${']'.repeat(MAX_NESTING)};`;
    const source = parseScript(ts, 'deep.ts', deep);
    assert.ok(nestingDepth(ts, source) > MAX_NESTING);
    const all = nodes(source);
    assert.ok(all.length > MAX_NESTING);
    assert.ok(all.slice(1).every((node) => node.parent !== undefined));
  });
});
