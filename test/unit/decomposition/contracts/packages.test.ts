import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as ts from 'typescript';
import { ContractMemory, synthesizeContracts } from '../../../../src/assistants/decomposition/contracts';
import type { ContractsResult } from '../../../../src/assistants/decomposition/contracts';
import { availableLibs } from '../../../../src/assistants/decomposition/contracts/program';
import type { ServiceContract } from '../../../../src/assistants/decomposition/model';
import { memoryWorkspace } from '../../../../src/core/workspace';
import type { Workspace } from '../../../../src/core/workspace';
import { byFolders } from './fixture';

/*
 * Two tiny packages of our own, written to a temporary node_modules: a generated ORM client in the shape Prisma
 * gives one (`@prisma/client` re-exporting the models generated into `.prisma/client`) and a schema library that
 * infers types as zod does (`z.infer<typeof schema>` through generic helpers).
 */
const PACKAGES: Record<string, string> = {
  '@prisma/client/package.json': JSON.stringify({ name: '@prisma/client', types: 'index.d.ts' }),
  '@prisma/client/index.d.ts': "export * from '.prisma/client';\n",
  '.prisma/client/index.d.ts': [
    'export type Role = "ADMIN" | "MEMBER";',
    'export type User = { id: number; email: string; name: string | null; role: Role };',
    'declare class UserQuery<T> implements PromiseLike<T> {',
    '  then<A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, no?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B>;',
    '}',
    'export declare class PrismaClient {',
    '  user: { findUnique(args: { where: { id: number } }): UserQuery<User | null>; findMany(): UserQuery<User[]> };',
    '}',
    '',
  ].join('\n'),
  'schemas/package.json': JSON.stringify({ name: 'schemas', exports: { '.': { types: './lib/index.d.ts' } } }),
  'schemas/lib/index.d.ts': "import * as z from './types';\nexport { z };\n",
  'schemas/lib/types.d.ts': [
    'export interface Schema<Out> { readonly _output: Out; parse(data: unknown): Out }',
    'type Flatten<T> = { [K in keyof T]: T[K] };',
    'type OutputOf<S> = Flatten<{ [K in keyof S]: S[K] extends Schema<infer O> ? O : never }>;',
    'export type TypeOf<S extends Schema<unknown>> = S["_output"];',
    'export type { TypeOf as infer };',
    'export declare function object<S extends Record<string, Schema<unknown>>>(shape: S): Schema<OutputOf<S>>;',
    'export declare function string(): Schema<string>;',
    'export declare function number(): Schema<number>;',
    'export declare function array<T>(item: Schema<T>): Schema<T[]>;',
    '',
  ].join('\n'),
};

const SOURCES: Record<string, string> = {
  'app/src/users/repository.ts': [
    "import { PrismaClient } from '@prisma/client';",
    "import type { User } from '@prisma/client';",
    'const prisma = new PrismaClient();',
    'export async function findUser(id: number): Promise<User | null> {',
    '  return prisma.user.findUnique({ where: { id } });',
    '}',
    'export const listUsers = () => prisma.user.findMany();',
    '',
  ].join('\n'),
  'app/src/orders/schema.ts': [
    "import { z } from 'schemas';",
    'export const NewOrder = z.object({ sku: z.string(), quantity: z.number(), notes: z.array(z.string()) });',
    'export type NewOrder = z.infer<typeof NewOrder>;',
    'export function placeOrder(order: NewOrder): number {',
    '  return order.quantity;',
    '}',
    'export function quote(order: z.infer<typeof NewOrder>): string {',
    '  return order.sku;',
    '}',
    '',
  ].join('\n'),
  'app/src/orders/legacy.ts': [
    "import type { Ledger } from 'not-installed';",
    'export function post(ledger: Ledger): boolean {',
    '  return ledger !== undefined;',
    '}',
    '',
  ].join('\n'),
  'app/src/billing/invoice.ts': [
    "import { findUser, listUsers } from '../users/repository';",
    "import { placeOrder, quote, NewOrder } from '../orders/schema';",
    "import { post } from '../orders/legacy';",
    'export async function invoice(order: NewOrder) {',
    '  const user = await findUser(1);',
    '  const all = await listUsers();',
    '  post(undefined as never);',
    '  return [user, all.length, placeOrder(order), quote(order)];',
    '}',
    '',
  ].join('\n'),
};

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

/** The sources as the planner reads them (workspace paths `app/…`), on disk under `root`. */
function diskWorkspace(root: string): Workspace {
  return { ...memoryWorkspace(SOURCES), locate: (file) => path.join(root, file) };
}

describe('decomposition contracts: types from installed packages', () => {
  let root: string;
  let result: ContractsResult;
  const contract = (service: string): ServiceContract => result.contracts.find((c) => c.service === service)!;
  const operation = (service: string, name: string) => contract(service).operations.find((o) => o.name === name)!;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-contract-packages-'));
    write(root, SOURCES);
    write(path.join(root, 'node_modules'), PACKAGES);
    const workspace = diskWorkspace(root);
    const { facts, byFolder } = await byFolders(workspace, 'app');
    result = await synthesizeContracts(workspace, facts, byFolder);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('declares a generated model under its own name, from its package', () => {
    assert.equal(operation('users', 'findUser').returns, 'Promise<User | null>');
    const text = contract('users').typescript;
    assert.match(
      text,
      /\/\*\* From \.prisma\/client\. \*\/\nexport type User = \{ id: number; email: string; name: string \| null; role: Role \};/,
    );
    assert.match(text, /export type Role = "ADMIN" \| "MEMBER";/);
  });

  it('reads what a query builder of the package resolves to when awaited', () => {
    assert.equal(operation('users', 'listUsers').returns, 'Promise<User[]>');
  });

  it('writes out the type a schema library infers, under the name the code gives it', () => {
    assert.deepEqual(operation('orders', 'placeOrder').parameters, [
      { name: 'order', type: 'NewOrder', optional: false },
    ]);
    assert.match(
      contract('orders').typescript,
      /export type NewOrder = \{ sku: string; quantity: number; notes: string\[\] \};/,
    );
    // Written as the library's expression, it is the type itself.
    assert.equal(operation('orders', 'quote').parameters[0].type, '{ sku: string; quantity: number; notes: string[] }');
  });

  it('keeps the reason for a package that is not installed', () => {
    assert.match(
      operation('orders', 'post').parameters[0].type,
      /^unknown \/\* Ledger: not in the analysed source \*\/$/,
    );
    assert.ok(contract('orders').notes?.some((n) => /not installed in the workspace/.test(n)));
  });

  it('leaves a package’s types unknown, as before, for a workspace that is not on disk', async () => {
    const workspace = memoryWorkspace(SOURCES);
    const { facts, byFolder } = await byFolders(workspace, 'app');
    const inMemory = await synthesizeContracts(workspace, facts, byFolder);
    const find = inMemory.contracts.find((c) => c.service === 'users')!.operations.find((o) => o.name === 'findUser')!;
    assert.match(find.returns, /not in the analysed source/);
  });
});

describe('decomposition contracts: a re-plan after an install', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-contract-install-'));
    write(root, SOURCES);
    write(path.join(root, 'node_modules'), { ...PACKAGES, '.package-lock.json': '{"lockfileVersion":3}' });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the packages’ types again when the install state changed, with no source edited', async () => {
    const workspace = diskWorkspace(root);
    const { facts, byFolder } = await byFolders(workspace, 'app');
    const memory = new ContractMemory();
    const returns = async () => {
      const result = await synthesizeContracts(workspace, facts, byFolder, { memory });
      const users = result.contracts.find((c) => c.service === 'users')!;
      return users.typescript.match(/export type User = .*/)?.[0];
    };
    assert.equal(await returns(), 'export type User = { id: number; email: string; name: string | null; role: Role };');
    // `npm install` of a new client: its generated types and npm's hidden lockfile change, the sources do not.
    const client = path.join(root, 'node_modules/.prisma/client/index.d.ts');
    fs.writeFileSync(client, fs.readFileSync(client, 'utf8').replace('role: Role }', 'role: Role; active: boolean }'));
    fs.writeFileSync(path.join(root, 'node_modules/.package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    assert.equal(
      await returns(),
      'export type User = { id: number; email: string; name: string | null; role: Role; active: boolean };',
    );
  });
});

describe('decomposition contracts: the libs a contract program is given', () => {
  /** A compiler whose lib folder holds only `present`, as a bundle's does. */
  const compiler = (present: string[]) =>
    ({ sys: { fileExists: (file: string) => present.includes(file.slice('/lib/'.length)) } }) as unknown as typeof ts;

  it('takes the libs asked for when they are there, else the newest ES lib there, never none', () => {
    const shipped = compiler(['lib.es5.d.ts', 'lib.es2015.d.ts', 'lib.es2021.d.ts', 'lib.es2022.d.ts']);
    assert.deepEqual(availableLibs(shipped, '/lib', ['lib.es2015.d.ts']), ['lib.es2015.d.ts']);
    assert.deepEqual(availableLibs(shipped, '/lib', ['lib.es2022.d.ts']), ['lib.es2022.d.ts']);
    assert.deepEqual(availableLibs(shipped, '/lib', ['lib.esnext.d.ts']), ['lib.es2022.d.ts']);
    assert.deepEqual(availableLibs(shipped, '/lib', ['lib.es2021.d.ts', 'lib.dom.d.ts']), [
      'lib.es2021.d.ts',
      'lib.es2022.d.ts',
    ]);
    const older = compiler(['lib.es5.d.ts', 'lib.es2015.d.ts', 'lib.es2015.promise.d.ts']);
    assert.deepEqual(availableLibs(older, '/lib', ['lib.es2022.d.ts', 'lib.dom.d.ts']), ['lib.es2015.d.ts']);
    assert.deepEqual(availableLibs(compiler(['lib.es5.d.ts']), '/lib', ['lib.es2022.d.ts']), ['lib.es5.d.ts']);
    assert.deepEqual(availableLibs(compiler([]), '/lib', ['lib.es2022.d.ts']), [], 'the built-in lib stands in');
  });
});
