import { strict as assert } from 'node:assert';
import path from 'node:path';
import { ContractMemory, synthesizeContracts } from '../../../../src/assistants/decomposition/contracts';
import type { ContractsResult } from '../../../../src/assistants/decomposition/contracts';
import * as ts from 'typescript';
import { editedNames } from '../../../../src/assistants/decomposition/contracts/edit-reach';
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

  it('a name no other file uses, added to a file that calls nothing: every contract kept', async () => {
    edit('/monolith/src/payments/provider.ts', (t) => `${t}export const usedNowhere = 1;\n`);
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
    for (const previous of first.contracts) assert.equal(contract(kept, previous.service), previous);
    first = kept;
  });

  it('a tsconfig.json edit: nothing kept, the same contracts as from scratch', async () => {
    edit('/monolith/tsconfig.json', (t) => t.replace('"strict": true', '"strict": false'));
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
    assert.notEqual(kept, first);
    for (const previous of first.contracts) assert.notEqual(contract(kept, previous.service), previous);
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

  it('a helper behind an inferred return type changed: the operation that uses it is typed again', async () => {
    edit(
      '/monolith/src/inventory/service.ts',
      (t) => `${t}const unit = () => 1;\nexport const stockUnit = () => unit();\n`,
    );
    edit(
      '/monolith/src/users/routes.ts',
      (t) => `import { stockUnit } from '../inventory/service';\n${t}stockUnit();\n`,
    );
    await both();
    edit('/monolith/src/inventory/service.ts', (t) => t.replace('const unit = () => 1;', "const unit = () => 'one';"));
    const { kept, scratch } = await both();
    assert.deepEqual(kept, scratch);
    const operation = contract(kept, 'inventory')!.operations.find((o) => o.symbol === 'stockUnit')!;
    assert.equal(operation.returns, 'string');
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

describe('decomposition contracts: the names an edit changes', () => {
  const names = (before: string, after: string) => {
    const found = editedNames(ts, '/a.ts', before, after);
    return found && [...found].sort();
  };
  const base =
    "import { b } from './b';\nconst helper = () => b();\nexport function f() {\n  return helper();\n}\nexport const g = 1;\n";

  it('an added export: its name alone', () => {
    assert.deepEqual(names(base, `${base}export const saved = 2;\n`), ['saved']);
  });

  it('a changed helper: the helper and what is computed from it', () => {
    assert.deepEqual(names(base, base.replace('b()', 'b() + 1')), ['f', 'helper']);
  });

  it('a comment or blank line between statements: nothing', () => {
    assert.deepEqual(names(base, `// why\n\n${base}`), []);
  });

  it('an import changed: its bindings and what uses them', () => {
    assert.deepEqual(names(base, base.replace("'./b'", "'./c'")), ['b', 'f', 'helper']);
  });

  it('a default export, a side effect or a global declaration: not told by names', () => {
    assert.equal(names(base, `${base}export default 1;\n`), undefined);
    assert.equal(names(base, `${base}console.log(g);\n`), undefined);
    assert.equal(names(base, `${base}declare global {\n  var x: number;\n}\n`), undefined);
    assert.equal(names(base, `import './polyfill';\n${base}`), undefined);
  });
});
