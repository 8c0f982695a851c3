import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import type { DecompositionFacts } from '../../../../src/assistants/decomposition/model';
import { memoryWorkspace } from '../../../../src/core/workspace';
import type { Workspace } from '../../../../src/core/workspace';

/** The small shop of test/fixtures/decomposition/plan/shop: orders calls billing and catalog; shared/ is used by all. */
export const SHOP = path.resolve(__dirname, '../../../fixtures/decomposition/plan/shop');

export async function shopTexts(): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const visit = async (folder: string) => {
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await visit(full);
      else texts.set(`shop/${path.relative(SHOP, full).split(path.sep).join('/')}`, await fs.readFile(full, 'utf8'));
    }
  };
  await visit(SHOP);
  return texts;
}

export async function shopFacts(): Promise<{ facts: DecompositionFacts; workspace: Workspace }> {
  const workspace = memoryWorkspace(await shopTexts());
  return { facts: await gatherFacts(workspace, 'shop'), workspace };
}

export const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
