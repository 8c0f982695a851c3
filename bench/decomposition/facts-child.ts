/**
 * Our cold facts gathering in a process of its own, as `decompose` does it before its first plan: walk the folder
 * honouring .gitignore, build the module graph, then scan every source file for data, transactions, use cases
 * and calls and link them. No SQL parser is loaded: the generated workspace holds no SQL.
 * Usage: node bench/decomposition/facts-child.ts (bundled) <folder>
 */
import { gatherFacts } from '../../src/assistants/decomposition/facts/gather';
import { FileWorkspace } from '../../src/cli/file-workspace';
import { MAX_FILE_BYTES } from '../../src/cli/read-source';
import { walk } from '../../src/cli/walk';

async function main(): Promise<void> {
  const root = process.argv[2];
  const walked = await walk([root], root);
  const facts = await gatherFacts(new FileWorkspace(walked.files, MAX_FILE_BYTES), '');
  console.log(
    JSON.stringify({
      modules: facts.graph.files.length,
      files: facts.files.length,
      calls: facts.calls.length,
      useCases: facts.useCases.length,
      data: facts.data.length,
    }),
  );
}

void main();
