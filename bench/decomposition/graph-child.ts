/**
 * Our cold graph build in a process of its own, as the CLI does it (walk the folder honouring .gitignore, read,
 * parse, resolve), so its time and peak memory are measured exactly like the peer's command-line run.
 * Usage: node --import tsx bench/decomposition/graph-child.ts <folder>
 */
import { FileWorkspace } from '../../src/cli/file-workspace';
import { MAX_FILE_BYTES } from '../../src/cli/read-source';
import { walk } from '../../src/cli/walk';
import { ModuleGraph } from '../../src/core/module-graph';

async function main(): Promise<void> {
  const root = process.argv[2];
  const walked = await walk([root], root);
  const graph = await ModuleGraph.build(new FileWorkspace(walked.files, MAX_FILE_BYTES));
  console.log(JSON.stringify({ modules: graph.files.length, edges: graph.edges().length }));
}

void main();
