import { strict as assert } from 'node:assert';
import * as ts from 'typescript';
import { parseScript } from '../../../src/assistants/react/parse';
import type { FunctionLike } from '../../../src/assistants/react/scopes';
import { bindingNames, isFunctionLike, localsOf } from '../../../src/assistants/react/scopes';
import { returnsBefore } from '../../../src/assistants/react/stabilise';

/**
 * localsOf reads only statements; the answer must be the one a walk of every node below the body gives (what it
 * did before), for every function of a file with each kind of statement, nested functions and classes.
 */
describe('localsOf', () => {
  const text = `
export function Page({ rows = [] as number[], ...rest }: { rows?: number[] }, [first, , third]: number[]) {
  const [open, setOpen] = useState(false), { a, b: { c } } = rest as any;
  let later;
  var hoisted = 1;
  function helper(x: number) { const insideHelper = x; return insideHelper; }
  class Local { static { const inStaticBlock = 1; } method() { const inMethod = 2; } }
  if (open) { const inThen = 1; } else if (first) { let inElseIf = 2; } else { var inElse = 3; }
  for (let i = 0, j = 1; i < 3; i++) { const inFor = i; }
  for (const [key, value] of Object.entries(rest)) { const inForOf = key; }
  for (const name in rest) label: while (name) { const inWhile = 1; break label; }
  do { const inDo = 1; } while (later);
  switch (third) { case 1: { const inCase = 1; break; } default: const inDefault = 2; }
  try { const inTry = 1; } catch ({ message }) { const inCatch = message; } finally { const inFinally = 1; }
  try { hoisted++; } catch (error) {}
  const handler = (event: Event) => { const inArrow = event; };
  const named = function inner(y: number) { const inExpression = y; };
  const objectWithMethod = { go() { const inObjectMethod = 1; }, get value() { const inGetter = 1; return 1; } };
  const Klass = class { field = () => { const inField = 1; }; };
  namespace Inner { const inNamespace = 1; }
  return <div onClick={() => { const inJsx = 1; }}>{rows.map((row) => { const inMap = row; return row; })}</div>;
}
const curried = (a: number) => (b: number) => { const inCurried = a + b; return inCurried; };
const curriedTwice = (a: number) => (b: number) => (c: number) => { const deepest = a + b + c; };
const makesFunction = () => function made() { var inMade = 1; };
const makesClass = () => class { static { const inClassBody = 1; } run() { const notThis = 1; } };
const expressionBody = (item: { id: string }) => item.id;
declare function overload(a: string): void;
`;

  /** The names a function declares, by a walk of every node below its body (nested functions and classes skipped). */
  function walkedLocals(fn: FunctionLike): Set<string> {
    const names = new Set<string>();
    for (const parameter of fn.parameters) for (const name of bindingNames(ts, parameter.name)) names.add(name);
    if (fn.name && ts.isIdentifier(fn.name) && !ts.isFunctionDeclaration(fn)) names.add(fn.name.text);
    const body = fn.body;
    if (!body) return names;
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node)) for (const name of bindingNames(ts, node.name)) names.add(name);
      else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) names.add(node.name.text);
      else if (ts.isCatchClause(node) && node.variableDeclaration)
        for (const name of bindingNames(ts, node.variableDeclaration.name)) names.add(name);
      if (node !== body && (isFunctionLike(ts, node) || ts.isClassLike(node))) return;
      ts.forEachChild(node, visit);
    };
    visit(body);
    return names;
  }

  it('declares what a walk of every node below the body finds, for every function of the file', () => {
    const source = parseScript(ts, 'page.tsx', text);
    const functions: FunctionLike[] = [];
    const collect = (node: ts.Node): void => {
      if (isFunctionLike(ts, node)) functions.push(node);
      ts.forEachChild(node, collect);
    };
    collect(source);
    assert.ok(functions.length >= 20);
    for (const fn of functions) {
      const expected = [...walkedLocals(fn)].sort();
      assert.deepEqual([...localsOf(ts, fn)].sort(), expected, `locals of the function at ${fn.pos}`);
    }
    const page = functions.find((fn) => ts.isFunctionDeclaration(fn) && fn.name?.text === 'Page')!;
    const locals = localsOf(ts, page);
    for (const name of ['rows', 'rest', 'third', 'setOpen', 'c', 'helper', 'Local', 'inElse', 'j', 'value', 'name'])
      assert.ok(locals.has(name), name);
    for (const name of ['inCase', 'message', 'error', 'inNamespace', 'handler', 'Klass'])
      assert.ok(locals.has(name), name);
    for (const name of ['insideHelper', 'inStaticBlock', 'inArrow', 'inExpression', 'inMap', 'inField', 'inJsx'])
      assert.ok(!locals.has(name), name);
  });
});

describe('returnsBefore', () => {
  const text = `
function A() {
  const a = 1;
  const handler = () => { return a; };
  if (a) { return null; }
  const b = 2;
  return <p>{b}</p>;
}
function B() {
  const c = 1;
  return <p>{c}</p>;
}`;

  it('finds a return of the body before a statement, not one inside a nested function', () => {
    const source = parseScript(ts, 'a.tsx', text);
    const [a, b] = source.statements as unknown as ts.FunctionDeclaration[];
    const [first, handler, guard, afterGuard, last] = a.body!.statements;
    assert.equal(returnsBefore(ts, a, first), false);
    assert.equal(returnsBefore(ts, a, handler), false);
    assert.equal(returnsBefore(ts, a, guard), false);
    assert.equal(returnsBefore(ts, a, afterGuard), true);
    assert.equal(returnsBefore(ts, a, last), true);
    const [declaration, ret] = b.body!.statements;
    assert.equal(returnsBefore(ts, b, declaration), false);
    assert.equal(returnsBefore(ts, b, ret), false);
    // A statement that is not the body's: any return in the body comes before it.
    assert.equal(returnsBefore(ts, b, first), true);
    assert.equal(returnsBefore(ts, a, declaration), true);
  });
});
