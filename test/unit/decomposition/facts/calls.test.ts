import { strict as assert } from 'node:assert';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import type { CallSite } from '../../../../src/assistants/decomposition/model';
import { memoryWorkspace } from '../../../../src/core/workspace';
import { fixtureFacts } from './fixture-workspace';

const lines = (calls: CallSite[]) => calls.map((c) => `${c.from} → ${c.to} ${c.symbol}`);

describe('decomposition facts: calls across files', () => {
  it('resolves calls through a barrel to the file that defines the function', async () => {
    const { calls } = await fixtureFacts('express-sql');
    assert.ok(lines(calls).includes('src/orders/service.ts → src/inventory/stock.ts reserveStock'));
    assert.ok(lines(calls).includes('src/app.ts → src/inventory/stock.ts restock'));
    assert.equal(
      calls.some((c) => c.to === 'src/inventory/index.ts'),
      false,
    );
  });

  it('counts methods called on injected and imported objects as calls of their export', async () => {
    const { calls } = await fixtureFacts('nest-typeorm');
    assert.deepEqual(lines(calls), [
      'src/orders/orders.controller.ts → src/orders/orders.service.ts OrdersService',
      'src/orders/orders.controller.ts → src/orders/orders.service.ts OrdersService',
      'src/orders/orders.controller.ts → src/orders/orders.service.ts OrdersService',
      'src/orders/orders.service.ts → src/payments/payments.service.ts PaymentsService',
    ]);
    assert.deepEqual(calls[0].range.start, { line: 10, character: 11 });
  });

  it('follows namespace imports and new, and leaves out type-only imports, packages and the file itself', async () => {
    const facts = await gatherFacts(
      memoryWorkspace({
        'src/main.ts': [
          "import * as billing from './billing';",
          "import type { Invoice } from './billing';",
          "import { Mailer } from './mailer';",
          "import { join } from 'node:path';",
          'function local() { return 1; }',
          'export function run(i: Invoice) {',
          '  billing.charge(i);',
          '  new Mailer().send();',
          "  join('a', 'b');",
          '  return local();',
          '}',
        ].join('\n'),
        'src/billing.ts': 'export interface Invoice { id: number }\nexport function charge(i: Invoice) { return i; }\n',
        'src/mailer.ts': 'export class Mailer { send() {} }\n',
      }),
      '',
    );
    assert.deepEqual(lines(facts.calls), ['src/main.ts → src/billing.ts charge', 'src/main.ts → src/mailer.ts Mailer']);
  });
});
