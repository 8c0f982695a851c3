import { strict as assert } from 'node:assert';
import type * as TS from 'typescript';
import {
  changesBetweenRenders,
  covers,
  dependencyHooks,
  outermost,
  requiredDependencies,
} from '../../../src/assistants/react/dependencies';
import { ReactEdits } from '../../../src/assistants/react/edits';
import type { FileModel } from '../../../src/assistants/react/model';
import { buildFileModel } from '../../../src/assistants/react/model';
import { parseScript } from '../../../src/assistants/react/parse';
import { loadTypeScript } from '../../../src/core/module-graph/typescript';
import { LineIndex } from '../../../src/core/text';
import { applyEdits } from '../helpers/apply-edits';

/**
 * The one dependency analysis behind the dependency-list rules and the useCallback/useMemo fixes: which values of
 * a component a callback reads, by what path, which of them can change between renders, and the list edits.
 */

let ts: typeof TS;
before(async () => {
  ts = await loadTypeScript();
});

function model(text: string): FileModel {
  return buildFileModel(ts, 'a.tsx', text, parseScript(ts, 'a.tsx', text));
}

const COMPONENT = `import { useEffect, useMemo, useRef, useState } from 'react';
const LIMIT = 3;
export function List({ items, filter, onPick }: any) {
  const [page, setPage] = useState(0);
  const box = useRef(null);
  const size = LIMIT * 2;
  const label = items.length + ' items';
  function reset() { setPage(0); box.current = null; }
  const shown = useMemo(() => {
    const visible = items.filter((item: any) => item.name.includes(filter?.query) && item.page === page);
    onPick.call(null);
    filter.apply(visible);
    return visible.slice(0, size).concat(label, reset);
  }, [items, filter?.query, page]);
  useEffect(() => { setPage(0); box.current = shown; }, [shown, setPage, LIMIT, box.current]);
  return shown;
}
`;

describe('react dependency analysis', () => {
  it('reads paths, optional chains kept, method objects with their callee, stable and own names left out', () => {
    const m = model(COMPONENT);
    const [memo] = dependencyHooks(m);
    const deps = requiredDependencies(m, memo.scope, memo.callback);
    assert.deepEqual(
      deps.map((d) => [d.path, d.callee]),
      [
        ['items', 'items.filter'],
        ['filter?.query', undefined],
        ['page', undefined],
        ['onPick', 'onPick.call'],
        ['filter', 'filter.apply'],
        ['size', undefined],
        ['label', undefined],
        ['reset', undefined],
      ],
    );
  });

  it('a listed path covers reads below it, a method read by its callee, optional and plain chains alike', () => {
    assert.ok(covers('filter', { name: 'filter', path: 'filter.query' }));
    assert.ok(covers('filter.query', { name: 'filter', path: 'filter?.query' }));
    assert.ok(covers('props.onChange', { name: 'props', path: 'props', callee: 'props.onChange' }));
    assert.ok(!covers('filter.query', { name: 'filter', path: 'filter' }));
    assert.ok(!covers('item', { name: 'items', path: 'items' }));
  });

  it('a method called on a prop does not hide the prop’s other reads from a list that names the method', () => {
    const m = model(`import { useEffect } from 'react';
export function S(props: any) {
  useEffect(() => { props.onStep(props.total); }, [props.onStep]);
  return null;
}
`);
    const [effect] = dependencyHooks(m);
    const deps = requiredDependencies(m, effect.scope, effect.callback);
    assert.deepEqual(
      deps.filter((d) => !covers('props.onStep', d)).map((d) => d.path),
      ['props.total'],
    );
    assert.deepEqual(
      outermost(deps).map((d) => d.path),
      ['props'],
    );
  });

  it('tells values that change between renders from those computed from nothing that changes', () => {
    const m = model(COMPONENT);
    const scope = dependencyHooks(m)[0].scope;
    assert.equal(changesBetweenRenders(m, scope, 'size'), false, 'a const from a module constant');
    assert.equal(changesBetweenRenders(m, scope, 'reset'), false, 'a function of stable values');
    assert.equal(changesBetweenRenders(m, scope, 'label'), true, 'computed from a prop');
    assert.equal(changesBetweenRenders(m, scope, 'items'), true, 'a prop');
  });

  it('judges React’s hooks in components and custom hooks, not hooks of the same name from elsewhere', () => {
    const m = model(`import * as React from 'react';
import { useEffect } from './polyfill';
export function useThing(a: number) { React.useMemo(() => a, []); useEffect(() => {}, [a]); }
export function Widget({ b }: { b: number }) { React.useCallback(() => b, []); return null; }
function helper(c: number) { React.useMemo(() => c, []); }
`);
    assert.deepEqual(
      dependencyHooks(m).map((h) => h.name),
      ['useMemo', 'useCallback'],
    );
  });

  it('removes list elements with their commas and appends after the last, leaving the rest as written', () => {
    const text = `import { useEffect } from 'react';
export function C({ a, b, c, d }: any) {
  useEffect(() => {}, [a, b, c, d]);
  useEffect(() => {}, [a,]);
  useEffect(() => {}, []);
  return null;
}
`;
    const m = model(text);
    const edits = new ReactEdits(m, new LineIndex(text));
    const [first, second, third] = dependencyHooks(m);
    const removed = (indexes: number[], list = first.list) => applyEdits(text, edits.removeFromList(list, indexes));
    assert.match(removed([0, 2]), /\[b, d\]/);
    assert.match(removed([2, 3]), /\[a, b\]/);
    assert.match(removed([0, 1, 2, 3]), /\{\}, \[\]\);\n {2}useEffect\(\(\) => \{\}, \[a,\]/);
    assert.match(removed([0], second.list), /\{\}, \[\]\);\n {2}useEffect\(\(\) => \{\}, \[\]\);\n {2}return/);
    assert.match(applyEdits(text, [edits.appendToList(first.list, ['e'])]), /\[a, b, c, d, e\]/);
    assert.match(applyEdits(text, [edits.appendToList(third.list, ['e', 'f'])]), /\[e, f\]\);\n {2}return/);
  });
});
