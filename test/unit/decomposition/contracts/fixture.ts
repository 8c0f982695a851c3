import path from 'node:path';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import type { DecompositionFacts } from '../../../../src/assistants/decomposition/model';
import { memoryWorkspace } from '../../../../src/core/workspace';
import type { Workspace } from '../../../../src/core/workspace';
import { fixtureTexts } from '../../core/module-graph/fixture';

const ROOT = path.join(__dirname, '../../../fixtures/decomposition/contracts');

export interface Loaded {
  workspace: Workspace;
  facts: DecompositionFacts;
  /** Each source file to the folder under `src/` it sits in (`src/orders/a.ts` → `orders`). */
  byFolder: Map<string, string>;
}

/** A fixture folder as a workspace (paths `/<folder>/…`), its facts, and the assignment of files by folder. */
export async function loadFixture(folder: string): Promise<Loaded> {
  return byFolders(memoryWorkspace(fixtureTexts(folder, ROOT)), `/${folder}`);
}

/** The workshop's sample monolith (shop-core) as a workspace, its folders under `src/` as the services. */
export async function loadSampleMonolith(): Promise<Loaded> {
  const samples = path.join(__dirname, '../../../../samples/workshop-ecommerce');
  return byFolders(memoryWorkspace(fixtureTexts('monolith', samples)), '/monolith');
}

export async function byFolders(workspace: Workspace, root: string): Promise<Loaded> {
  const facts = await gatherFacts(workspace, root);
  const byFolder = new Map<string, string>();
  for (const file of facts.files) {
    const match = /\/src\/([^/]+)\//.exec(file);
    if (match) byFolder.set(file, match[1]);
  }
  return { workspace, facts, byFolder };
}
