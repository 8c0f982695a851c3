import { strict as assert } from 'node:assert';
import Ajv2020 from 'ajv/dist/2020';
import * as ts from 'typescript';
import { crossingCandidates, synthesizeContracts } from '../../../../src/assistants/decomposition/contracts';
import type { ContractsResult } from '../../../../src/assistants/decomposition/contracts';
import type { ServiceContract } from '../../../../src/assistants/decomposition/model';
import { FALLBACK_LIB, FALLBACK_LIB_NAME } from '../../../../src/assistants/decomposition/contracts/fallback-lib';
import { memoryWorkspace } from '../../../../src/core/workspace';
import type { Workspace } from '../../../../src/core/workspace';
import { byFolders, loadFixture, loadSampleMonolith } from './fixture';
import type { Loaded } from './fixture';

/** Compiles a generated module alone (the real lib, strict) and returns its diagnostics as text. */
function compileAlone(text: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const file = '/contract.ts';
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError) =>
    name === file
      ? ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
      : getSourceFile(name, version, onError);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Every `$ref` of a document, so a test can check each names a component. */
function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsOf(item, out);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') out.push(inner);
      else refsOf(inner, out);
    }
  return out;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('decomposition contracts: synthesised from the call sites across services', () => {
  let loaded: Loaded;
  let result: ContractsResult;
  let catalog: ServiceContract;

  before(async () => {
    loaded = await loadFixture('two-services');
    result = await synthesizeContracts(loaded.workspace, loaded.facts, loaded.byFolder);
    catalog = result.contracts.find((c) => c.service === 'catalog')!;
  });

  it('finds one contract, for the service others call, with the operations its callers use', () => {
    assert.deepEqual(
      result.contracts.map((c) => c.service),
      ['catalog'],
    );
    assert.deepEqual(catalog.operations.map((o) => `${o.kind} ${o.symbol} → ${o.name}`).sort(), [
      'constant CURRENCY → getCurrency',
      'function audit → audit',
      'function findProduct → findProduct',
      'function pageOf → pageOf',
      'method CatalogService.reserve → reserve',
    ]);
    assert.equal(result.errors.length, 0, JSON.stringify(result.errors));
  });

  it('sees through the barrel to the defining file', () => {
    const find = catalog.operations.find((o) => o.name === 'findProduct')!;
    assert.equal(find.file, '/two-services/src/catalog/service.ts');
    assert.deepEqual(find.callers, [{ service: 'orders', sites: 2 }]);
  });

  it('counts a class method called through an imported instance and through an injected class', () => {
    const reserve = catalog.operations.find((o) => o.name === 'reserve')!;
    assert.deepEqual(reserve.callers, [{ service: 'orders', sites: 2 }]);
    assert.deepEqual(reserve.sites!.map((s) => s.file).sort(), [
      '/two-services/src/orders/checkout.ts',
      '/two-services/src/orders/service.ts',
    ]);
  });

  it('types parameters, optional parameters, generics and the returned promise', () => {
    const find = catalog.operations.find((o) => o.name === 'findProduct')!;
    assert.deepEqual(find.parameters, [
      { name: 'id', type: 'string', optional: false },
      { name: 'includeArchived', type: 'boolean', optional: true },
    ]);
    assert.equal(find.returns, 'Promise<Product | undefined>');
    const page = catalog.operations.find((o) => o.name === 'pageOf')!;
    assert.equal(page.signature, '<T>(items: T[], size: number): Promise<Page<T>>');
    const currency = catalog.operations.find((o) => o.name === 'getCurrency')!;
    assert.equal(currency.signature, '(): Promise<"EUR">');
  });

  it('writes a TypeScript module with the interface and the types passed across, which compiles alone', () => {
    const text = catalog.typescript;
    assert.match(text, /export interface CatalogService \{/);
    assert.match(text, /reserve\(productId: string, quantity: number\): Promise<Reservation>;/);
    assert.match(text, /findProduct\(id: string, includeArchived\?: boolean\): Promise<Product \| undefined>;/);
    assert.match(text, /export interface Product \{[^}]*price: Money;[^}]*kind: ProductKind;[^}]*tags\?: string\[\];/s);
    assert.match(text, /export enum ProductKind \{\n {2}Physical = "physical",/);
    assert.match(text, /export type Page<T> = \{ items: T\[\]; total: number; next\?: string \};/);
    assert.match(text, /export interface Money \{\n {2}amount: number;\n {2}currency: "EUR" \| "USD";\n\}/);
    assert.deepEqual(compileAlone(text), []);
  });

  it('says what it cannot convert, in the module and in the notes', () => {
    const audit = catalog.operations.find((o) => o.name === 'audit')!;
    assert.match(audit.parameters[0].type, /^unknown \/\* PoolClient: not in the analysed source \*\/$/);
    assert.match(audit.parameters[2].type, /^unknown \/\* a function/);
    assert.ok(catalog.notes!.some((n) => n === 'PoolClient: not in the analysed source'));
    assert.ok(catalog.notes!.some((n) => n.startsWith('a function')));
  });

  it('writes an OpenAPI 3.1 document: one POST path per operation, bodies from parameters, schemas from types', () => {
    const doc = catalog.openapi as Json;
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.title, 'catalog service');
    assert.equal(typeof doc.info.version, 'string');
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/audit', '/findProduct', '/getCurrency', '/pageOf', '/reserve']);
    for (const path of Object.values(doc.paths) as Json[]) assert.deepEqual(Object.keys(path), ['post']);

    const find = doc.paths['/findProduct'].post;
    assert.deepEqual(find.requestBody.content['application/json'].schema, {
      type: 'object',
      properties: { id: { type: 'string' }, includeArchived: { type: 'boolean' } },
      required: ['id'],
    });
    assert.deepEqual(find.responses['200'].content['application/json'].schema, {
      anyOf: [{ $ref: '#/components/schemas/Product' }, { type: 'null' }],
    });
    assert.deepEqual(Object.keys(doc.paths['/audit'].post.responses), ['204']);
    assert.equal(doc.paths['/getCurrency'].post.requestBody, undefined);

    const schemas = doc.components.schemas;
    assert.deepEqual(schemas.Product.properties.createdAt, { type: 'string', format: 'date-time' });
    assert.deepEqual(schemas.Product.properties.tags, { type: 'array', items: { type: 'string' } });
    assert.deepEqual(schemas.Product.required, ['id', 'name', 'price', 'kind', 'createdAt']);
    assert.deepEqual(schemas.Money.properties.currency, { type: 'string', enum: ['EUR', 'USD'] });
    assert.deepEqual(schemas.ProductKind.enum, ['physical', 'digital']);
    assert.deepEqual(schemas.PageOfT.properties.next, { type: 'string' });
    for (const ref of refsOf(doc)) assert.ok(ref.replace('#/components/schemas/', '') in schemas, ref);
    assert.match(
      doc.paths['/audit'].post.requestBody.content['application/json'].schema.properties.client.description,
      /^not converted: PoolClient/,
    );
  });

  it('writes schemas a JSON Schema 2020-12 validator accepts and applies', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(catalog.openapi, 'contract');
    const product = ajv.getSchema('contract#/components/schemas/Product')!;
    const valid = {
      id: 'p1',
      name: 'Lamp',
      price: { amount: 12, currency: 'EUR' },
      kind: 'physical',
      createdAt: '2026-12-07T10:00:00Z',
    };
    assert.equal(product(valid), true, JSON.stringify(product.errors));
    assert.equal(product({ ...valid, price: { amount: 12, currency: 'GBP' } }), false);
    assert.equal(product({ ...valid, kind: 'service' }), false);
    const body = ajv.getSchema('contract#/paths/~1reserve/post/requestBody/content/application~1json/schema')!;
    assert.equal(body({ productId: 'p1', quantity: 2 }), true);
    assert.equal(body({ productId: 'p1' }), false);
  });

  it('marks the pair as chatty and places each call made inside a loop', () => {
    assert.equal(result.chatty.length, 1);
    const pair = result.chatty[0];
    assert.equal(pair.from, 'orders');
    assert.equal(pair.to, 'catalog');
    assert.equal(pair.operations, 5);
    assert.equal(pair.callSites, 7);
    assert.deepEqual(pair.loops!.map((l) => `${l.operation} ${l.loop} ${l.range.start.line}`).sort(), [
      'CatalogService.reserve for 13',
      'findProduct for 11',
      'findProduct map 20',
    ]);
  });

  it('finds nothing when every file is in one service', async () => {
    const one = new Map([...loaded.byFolder.keys()].map((file) => [file, 'all']));
    const alone = await synthesizeContracts(loaded.workspace, loaded.facts, one);
    assert.deepEqual(alone, { contracts: [], chatty: [], errors: [] });
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await assert.rejects(
      synthesizeContracts(loaded.workspace, loaded.facts, loaded.byFolder, { signal: controller.signal }),
      /cancelled/,
    );
  });
});

describe('decomposition contracts: the program holds only the files involved', () => {
  it('takes the crossing files, the barrels, the defining files and what they import, not the rest', async () => {
    const workspace = memoryWorkspace({
      '/app/src/orders/place.ts': "import { charge } from '../payments';\nexport const place = () => charge(1);\n",
      '/app/src/orders/list.ts': 'export const list = () => [];\n',
      '/app/src/payments/index.ts': "export { charge } from './charge';\n",
      '/app/src/payments/charge.ts':
        "import type { Receipt } from './receipt';\nexport const charge = (n: number): Receipt => ({ n });\n",
      '/app/src/payments/receipt.ts': 'export interface Receipt { n: number }\n',
      '/app/src/payments/refund.ts': 'export const refund = () => 0;\n',
      '/app/src/users/profile.ts': 'export const profile = () => ({});\n',
    });
    const { facts, byFolder } = await byFolders(workspace, '/app');
    const candidates = crossingCandidates(facts.graph, byFolder);
    assert.deepEqual(candidates.callers, ['/app/src/orders/place.ts']);
    assert.deepEqual([...candidates.files].sort(), [
      '/app/src/orders/place.ts',
      '/app/src/payments/charge.ts',
      '/app/src/payments/index.ts',
      '/app/src/payments/receipt.ts',
    ]);
    const result = await synthesizeContracts(workspace, facts, byFolder);
    assert.equal(result.contracts[0].operations[0].signature, '(n: number): Promise<Receipt>');
    assert.deepEqual(result.chatty, []);
  });

  it('narrows by the call facts only where a file takes nothing but types from other services', async () => {
    const workspace = memoryWorkspace({
      '/app/src/billing/ledger.ts': 'export class Ledger {\n  post(cents: number): void {}\n}\n',
      '/app/src/orders/injected.ts':
        "import type { Ledger } from '../billing/ledger';\n" +
        'export class Checkout {\n  constructor(private readonly ledger: Ledger) {}\n  pay() {\n    this.ledger.post(1);\n  }\n}\n',
      '/app/src/orders/typed.ts': "import type { Ledger } from '../billing/ledger';\nexport type Books = Ledger[];\n",
    });
    const { facts, byFolder } = await byFolders(workspace, '/app');
    assert.deepEqual(crossingCandidates(facts.graph, byFolder).callers, [
      '/app/src/orders/injected.ts',
      '/app/src/orders/typed.ts',
    ]);
    const range = { start: { line: 4, character: 16 }, end: { line: 4, character: 20 } };
    const calls = [{ from: '/app/src/orders/injected.ts', to: '/app/src/billing/ledger.ts', symbol: 'Ledger', range }];
    assert.deepEqual(crossingCandidates(facts.graph, byFolder, calls).callers, ['/app/src/orders/injected.ts']);
    const result = await synthesizeContracts(workspace, { ...facts, calls }, byFolder);
    assert.equal(result.contracts[0].operations[0].symbol, 'Ledger.post');
  });

  it('reads a namespace import and a method on an object of functions', async () => {
    const workspace = memoryWorkspace({
      '/app/src/orders/place.ts':
        "import * as billing from '../billing/api';\nexport const place = () => billing.api.charge({ cents: 1 });\n",
      '/app/src/billing/api.ts':
        'export interface Charge { cents: number; note?: string }\n' +
        'export const api = { charge(input: Charge): boolean { return input.cents > 0; } };\n',
    });
    const { facts, byFolder } = await byFolders(workspace, '/app');
    const result = await synthesizeContracts(workspace, facts, byFolder);
    const [operation] = result.contracts[0].operations;
    assert.equal(operation.symbol, 'api.charge');
    assert.equal(operation.kind, 'method');
    assert.equal(operation.signature, '(input: Charge): Promise<boolean>');
    assert.match(
      result.contracts[0].typescript,
      /export interface Charge \{\n {2}cents: number;\n {2}note\?: string;\n\}/,
    );
  });
});

describe('decomposition contracts: what is and is not an operation', () => {
  it('leaves decorators out and keeps a rest parameter a list', async () => {
    const workspace = memoryWorkspace({
      '/app/src/users/decorators.ts': 'export const Current = (name: string) => (target: object) => void target;\n',
      '/app/src/users/log.ts': 'export function log(topic: string, ...parts: number[]): void {}\n',
      '/app/src/orders/controller.ts':
        "import { Current } from '../users/decorators';\nimport { log } from '../users/log';\n" +
        "@Current('id')\nexport class OrdersController {\n  run() {\n    log('orders', 1, 2);\n  }\n}\n",
    });
    const { facts, byFolder } = await byFolders(workspace, '/app');
    const result = await synthesizeContracts(workspace, facts, byFolder);
    assert.deepEqual(
      result.contracts.flatMap((c) => c.operations.map((o) => `${o.name}${o.signature}`)),
      ['log(topic: string, ...parts: number[]): Promise<void>'],
    );
    assert.deepEqual(result.contracts[0].operations[0].parameters[1], {
      name: '...parts',
      type: 'number[]',
      optional: false,
    });
  });
});

describe('decomposition contracts: default exports', () => {
  it('names a default export after its declaration, or after the caller’s import when it has none', async () => {
    const workspace = memoryWorkspace({
      '/app/src/a/fn.ts': 'export default function placeOrder(id: string): number {\n  return id.length;\n}\n',
      '/app/src/a/cls.ts': 'export default class Ledger {\n  post(n: number): void {}\n}\n',
      '/app/src/a/anon.ts': 'export default (x: number) => x * 2;\n',
      '/app/src/b/use.ts':
        "import placeOrder from '../a/fn';\nimport Ledger from '../a/cls';\nimport double from '../a/anon';\n" +
        "export const run = () => new Ledger().post(double(placeOrder('x')));\n",
    });
    const { facts, byFolder } = await byFolders(workspace, '/app');
    const result = await synthesizeContracts(workspace, facts, byFolder);
    assert.deepEqual(
      result.contracts[0].operations.map((o) => `${o.kind} ${o.name}${o.signature}`),
      [
        'function double(x: number): Promise<number>',
        'method post(n: number): Promise<void>',
        'constructor newLedger(): Promise<Ledger>',
        'function placeOrder(id: string): Promise<number>',
      ],
    );
    assert.match(result.contracts[0].typescript, /export interface Ledger \{/);
  });
});

describe('decomposition contracts: bad input loses nothing', () => {
  it('names a file it cannot read and still writes the other contracts', async () => {
    const texts: Record<string, string> = {
      '/app/src/billing/charge.ts': 'export const charge = (cents: number): boolean => cents > 0;\n',
      '/app/src/users/profile.ts': 'export const profile = (id: string): string => id;\n',
      '/app/src/orders/pay.ts': "import { charge } from '../billing/charge';\nexport const pay = () => charge(1);\n",
      '/app/src/orders/who.ts': "import { profile } from '../users/profile';\nexport const who = () => profile('a');\n",
    };
    const memory = memoryWorkspace(texts);
    let reads = 0;
    // The graph reads every file first; the contract program's later read of this one fails.
    const workspace: Workspace = {
      files: async (pattern) =>
        (await memory.files(pattern)).map((entry) =>
          entry.file === '/app/src/orders/who.ts'
            ? { ...entry, read: async () => (reads++ === 0 ? entry.read() : Promise.reject(new Error('gone'))) }
            : entry,
        ),
    };
    const { facts, byFolder } = await byFolders(workspace, '/app');
    const result = await synthesizeContracts(workspace, facts, byFolder);
    assert.deepEqual(result.errors, [
      { file: '/app/src/orders/who.ts', message: 'could not be read: gone', kind: 'read' },
    ]);
    assert.deepEqual(
      result.contracts.map((c) => `${c.service}: ${c.operations.map((o) => o.name).join(', ')}`),
      ['billing: charge'],
    );
  });

  it('has a built-in lib that stands in, valid on its own, when TypeScript’s lib files are missing', () => {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      noLib: true,
      types: [],
      target: ts.ScriptTarget.ES5,
    };
    const texts = new Map([
      [`/${FALLBACK_LIB_NAME}`, FALLBACK_LIB],
      [
        '/use.ts',
        'export async function f(ids: number[], at?: Date): Promise<Map<number, Set<string>>> {\n' +
          '  const out = new Map<number, Set<string>>();\n' +
          '  for (const id of ids) out.set(id, new Set([String(id), JSON.stringify(at)]));\n' +
          '  return out;\n}\n' +
          'export type P = Partial<Record<"a" | "b", Awaited<ReturnType<typeof f>>>>;\n',
      ],
    ]);
    const host = ts.createCompilerHost(options);
    host.getSourceFile = (name) =>
      texts.has(name) ? ts.createSourceFile(name, texts.get(name)!, ts.ScriptTarget.ES2022, true) : undefined;
    host.fileExists = (name) => texts.has(name);
    const program = ts.createProgram([...texts.keys()], options, host);
    assert.deepEqual(
      ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      [],
    );
  });
});

describe('decomposition contracts: the sample monolith split by its folders', () => {
  it('gives each service the operations the others call, and every module compiles alone', async () => {
    const { workspace, facts, byFolder } = await loadSampleMonolith();
    const result = await synthesizeContracts(workspace, facts, byFolder);
    const summary = Object.fromEntries(
      result.contracts.map((c) => [c.service, c.operations.map((o) => `${o.name}${o.signature}`)]),
    );
    assert.deepEqual(summary.catalog, ['priceProducts(productIds: number[]): Promise<Map<number, PricedProduct>>']);
    assert.deepEqual(summary.inventory, ['stockLevels(productIds: number[]): Promise<Map<number, number>>']);
    assert.deepEqual(summary.payments, [
      'chargeOrder(tx: unknown /* Tx: not in the analysed source */, orderId: number, userId: number, amount: string, ' +
        'paymentToken: string): Promise<{ id: number }>',
    ]);
    assert.ok(summary.shared.includes('newHttpError(status: number, message: string): Promise<HttpError>'));
    assert.ok(summary.shared.some((s) => s.startsWith('query<T>(text: string, values?: unknown[]')));
    assert.deepEqual(Object.keys(summary).sort(), ['catalog', 'inventory', 'payments', 'shared']);
    for (const contract of result.contracts) assert.deepEqual(compileAlone(contract.typescript), [], contract.service);
    assert.deepEqual(
      result.chatty.map((p) => `${p.from}→${p.to}`),
      ['orders→shared', 'notifications→shared', 'payments→shared', 'users→shared'],
    );
    assert.deepEqual(result.errors, []);
  });
});
