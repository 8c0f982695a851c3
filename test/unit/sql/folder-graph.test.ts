import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { bundleClosure, importsOf, resolveImport, sourceFiles } from './source-imports';

/**
 * The measured-advice folders import each other one way only: the engines (sandbox/, server/) implement
 * plan-engine/ and know nothing of the advisor; advice/ uses plan-engine/ and loads the engines. Every
 * import counts, `import type` included (a type cycle is still a folder cycle).
 */

const SQL = path.resolve(__dirname, '../../../src/assistants/sql');
const FOLDERS = ['advice', 'sandbox', 'server', 'plan-engine'];

/** The folder of `src/assistants/sql/` a file belongs to, or undefined for files outside FOLDERS. */
function folderOf(file: string): string | undefined {
  const top = path.relative(SQL, file).split(path.sep)[0];
  return FOLDERS.includes(top) ? top : undefined;
}

/** `from → to` edges between different folders, each with one import that makes it (for messages). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>(FOLDERS.map((f) => [f, new Map()]));
  for (const folder of FOLDERS) {
    for (const file of sourceFiles(path.join(SQL, folder))) {
      for (const { specifier } of importsOf(file)) {
        const target = resolveImport(file, specifier);
        const to = target && folderOf(target);
        if (to && to !== folder && !graph.get(folder)!.has(to))
          graph.get(folder)!.set(to, `${path.relative(SQL, file)} imports '${specifier}'`);
      }
    }
  }
  return graph;
}

/** One cycle of the graph as its nodes (first repeated last), or undefined when it has none. */
function findCycle(graph: ReadonlyMap<string, Iterable<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('sql: folders of measured advice', () => {
  const graph = folderGraph();
  const edges = (from: string) => [...graph.get(from)!.keys()].sort();

  it('the cycle finder finds a cycle and passes a tree', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    assert.deepEqual(findCycle(cyclic), ['a', 'b', 'c', 'a']);
    assert.equal(
      findCycle(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
      undefined,
    );
  });

  it('the imports between advice/, sandbox/, server/ and plan-engine/ form no cycle', () => {
    const cycle = findCycle(new Map([...graph].map(([from, to]) => [from, [...to.keys()]])));
    const why = cycle?.slice(1).map((to, i) => graph.get(cycle[i])!.get(to));
    assert.equal(cycle, undefined, `folder cycle ${cycle?.join(' → ')}:\n  ${why?.join('\n  ')}`);
  });

  it('the engines import plan-engine/ only; the advisor reaches them through their lazy loads', () => {
    assert.deepEqual(edges('sandbox'), ['plan-engine']);
    assert.deepEqual(edges('server'), ['plan-engine']);
    assert.deepEqual(edges('plan-engine'), []);
    // Seen through advice/engines.ts's import() calls: the collector follows dynamic imports.
    assert.deepEqual(edges('advice'), ['plan-engine', 'sandbox', 'server']);
  });

  it("the sandbox worker's bundle never reaches the SQL parser (the worker is its own esbuild entry)", () => {
    const { files, packages } = bundleClosure(path.join(SQL, 'sandbox/worker.ts'));
    const parser = path.join(SQL, 'parser.ts');
    assert.ok(files.has(path.join(SQL, 'sandbox/statement.ts')), 'the closure follows the worker to its scanner');
    assert.ok(!files.has(parser), 'sandbox/worker.ts must not import parser.ts, even indirectly');
    assert.deepEqual(
      [...packages].filter((p) => p.startsWith('libpg-query') || p.startsWith('@pgsql/')),
      [],
    );
  });
});
