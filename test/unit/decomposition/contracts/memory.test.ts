import { strict as assert } from 'node:assert';
import path from 'node:path';
import { ContractMemory, synthesizeContracts } from '../../../../src/assistants/decomposition/contracts';
import type { ContractsResult } from '../../../../src/assistants/decomposition/contracts';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { fixtureTexts } from '../../core/module-graph/fixture';
import { byFolders } from './fixture';

const SAMPLES = path.join(__dirname, '../../../../samples/workshop-ecommerce');

/**
 * Contracts after a save, with the memory of the last synthesis, must be exactly those of a synthesis from
 * scratch; the memory only decides how much is typed again.
 */
describe('decomposition contracts: a save re-types only what it can change', () => {
  const texts = fixtureTexts('monolith', SAMPLES);
  const memory = new ContractMemory();

  async function both(): Promise<{ kept: ContractsResult; scratch: ContractsResult }> {
    const { workspace, facts, byFolder } = await byFolders(memoryWorkspace(texts), '/monolith');
    const kept = await synthesizeContracts(workspace, facts, byFolder, { memory });
    const scratch = await synthesizeContracts(workspace, facts, byFolder);
    return { kept, scratch };
  }

  const edit = (file: string, change: (text: string) => string) => {
    const before = texts.get(file)!;
    const after = change(before);
    assert.notEqual(after, before, `the edit of ${file} changes it`);
    texts.set(file, after);
  };
  const contract = (result: ContractsResult, service: string) => result.contracts.find((c) => c.service === service);

  let first: ContractsResult;
  before(async () => {
    first = (await both()).kept;
  });

  it('gives back the last result when nothing it read changed', async () => {
    const { kept, scratch } = await both();
    assert.equal(kept, first);
    assert.deepEqual(kept, scratch);
  });

  it('an operation’s type changed: its contract, and those its importers’ callers use, typed again', async () => {
    edit('/monolith/src/inventory/service.ts', (t) =>
      t.replace('Promise<Map<number, number>>', 'Promise<Map<number, string>>'),
    );
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
    assert.match(contract(kept, 'inventory')!.operations[0].returns, /Map<number, string>/);
    first = kept;
  });

  it('a caller that declares one more name: the contracts it and its importers do not call are kept', async () => {
    edit('/monolith/src/orders/service.ts', (t) => `${t}export const savedOnce = 1;\n`);
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
    assert.equal(contract(kept, 'inventory'), contract(first, 'inventory'));
    first = kept;
  });

  it('a caller that now calls a service it did not: that contract gains the operation', async () => {
    edit(
      '/monolith/src/users/routes.ts',
      (t) => `import { stockLevels } from '../inventory/service';\n${t}export const levels = () => stockLevels([1]);\n`,
    );
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
    const sites = contract(kept, 'inventory')!.operations.flatMap((o) => (o.sites ?? []).map((s) => s.service));
    assert.ok(sites.includes('users'), 'users calls inventory now');
  });

  it('a new declaration named like something a caller of another service mentions: that caller read again', async () => {
    edit('/monolith/src/catalog/service.ts', (t) => `${t}export function currentUserId(): number {\n  return 0;\n}\n`);
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
  });

  it('a file now seen without an import (declare global): everything again, the same as from scratch', async () => {
    edit('/monolith/src/shared/http.ts', (t) => `${t}declare global {\n  var requestCount: number;\n}\n`);
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
  });
});
