import assert from 'node:assert/strict';
import path from 'node:path';
import ts from 'typescript';
import { buildFileModel } from '../../../src/assistants/react/model';
import { parseScript } from '../../../src/assistants/react/parse';
import { providersAbove, setupImports } from '../../../src/assistants/react/render/call-site';
import { serverActionStubs } from '../../../src/assistants/react/render/bundle';
import { RESOLVE_FROM, harnessSource } from '../../../src/assistants/react/render/harness';

/**
 * Providers whose props the call site computes: the app's own value imported or carried over, a fresh instance of
 * a known provider, or left out; and the entry's setup imports.
 */

const DIR = path.resolve('/app/src');

function site(file: string, lines: string[], tag = 'Page') {
  const name = path.join(DIR, file);
  const text = lines.join('\n');
  const model = buildFileModel(ts, name, text, parseScript(ts, name, text));
  return { model, use: model.jsx.find((u) => u.tag === tag)! };
}

describe('measured renders: provider values the call site computes', () => {
  it("imports the app's own store and the package's adapter, and carries a member expression over", () => {
    const main = site('main.tsx', [
      "import { Provider } from 'react-redux';",
      "import { DatesProvider } from '@acme/dates';",
      "import { DayAdapter } from '@acme/dates/day';",
      "import i18n from 'i18next';",
      "import store from './store';",
      "import { Page } from './Page';",
      'render(<Provider store={store}><DatesProvider adapter={DayAdapter} locale={i18n.language}><Page /></DatesProvider></Provider>);',
    ]);
    const [redux, dates] = providersAbove(ts, main);
    assert.equal(redux.computed, undefined, 'nothing left to compute');
    assert.deepEqual(
      redux.values?.store.imports.map((i) => [i.specifier, i.name, i.fromDir]),
      [['./store', 'default', DIR]],
    );
    assert.match(redux.values!.store.how, /the app's own `store` \(imported from '\.\/store'\)/);
    assert.equal(redux.fromDir, DIR, 'a package provider resolves from the call site');
    assert.match(dates.values!.locale.source, /^__v\d+_i18n\.language$/);
    assert.match(dates.values!.locale.how, /made as main\.tsx:7 makes it: `i18n\.language`/);
    assert.doesNotMatch(dates.values!.adapter.how, /app's own/, 'a package export is not the app');
  });

  it('carries over a client the shell makes once in useState, with the module constants it reads', () => {
    const shell = site('provider.tsx', [
      "import * as React from 'react';",
      "import { QueryClient, QueryClientProvider } from '@tanstack/react-query';",
      "import { queryConfig } from './query';",
      'const retries = { retry: false } as const;',
      'export function Shell({ children }: { children: React.ReactNode }) {',
      '  const [client] = React.useState(() => new QueryClient({ defaultOptions: { ...queryConfig, queries: retries } }));',
      '  return <QueryClientProvider client={client}><Page /></QueryClientProvider>;',
      '}',
    ]);
    const [provider] = providersAbove(ts, shell);
    const value = provider.values!.client;
    assert.deepEqual(value.imports.map((i) => i.name).sort(), ['QueryClient', 'queryConfig']);
    assert.equal(value.declarations.length, 2, 'retries, then the client');
    assert.match(value.declarations[0], /^const __v\d+_retries = \{ retry: false \} as const;$/);
    assert.match(
      value.declarations[1],
      /new __v\d+_QueryClient\(\{ defaultOptions: \{ \.\.\.__v\d+_queryConfig, queries: __v\d+_retries \} \}\)/,
    );
    assert.match(value.source, /^__v\d+_client$/);
  });

  it("makes a fresh QueryClient where the client is a hook's result, and leaves an unknown provider's prop out", () => {
    const shell = site('router.tsx', [
      "import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';",
      "import { SessionProvider } from './session';",
      'export function Routes({ session }: { session: object }) {',
      '  const client = useQueryClient();',
      '  return <QueryClientProvider client={client}><SessionProvider session={session}><Page /></SessionProvider></QueryClientProvider>;',
      '}',
    ]);
    const [query, session] = providersAbove(ts, shell);
    assert.match(query.values!.client.how, /a fresh QueryClient of @tanstack\/react-query/);
    assert.match(
      query.values!.client.source,
      /^new __v\d+_QueryClient\(\{ defaultOptions: \{ queries: \{ retry: false \} \} \}\)$/,
    );
    assert.deepEqual(session.computed, ['session'], "the shell's own prop cannot be made");
    assert.equal(session.values, undefined);
  });

  it("gives urql's Provider a fresh client and SWRConfig a cache of its own, not the server's fallback data", () => {
    const layout = site('layout.tsx', [
      "import { Provider, createClient } from 'urql';",
      "import { SWRConfig } from 'swr';",
      "import { getUser } from '@/lib/db/queries';",
      "const client = createClient({ url: process.env.NEXT_PUBLIC_API + '/graphql', exchanges: [] });",
      'export default function Layout() {',
      "  return <SWRConfig value={{ fallback: { '/api/user': getUser() } }}><Provider value={useClient()}><Page /></Provider></SWRConfig>;",
      '}',
    ]);
    const [swr, urql] = providersAbove(ts, layout);
    assert.equal(swr.computed, undefined);
    assert.match(swr.values!.value.how, /a fresh SWR cache/);
    assert.equal(swr.values!.value.source, '{ provider: () => new Map(), shouldRetryOnError: false }');
    assert.deepEqual(swr.values!.value.imports, [], 'nothing of the server is imported');
    assert.match(urql.values!.value.how, /a fresh urql client/);
    assert.match(
      urql.values!.value.source,
      /^__v\d+_createClient\(\{ url: 'http:\/\/localhost\/graphql', exchanges: \[__v\d+_cacheExchange, __v\d+_fetchExchange\] \}\)$/,
    );
  });

  it('stubs a module of server actions as async functions that do nothing, and leaves other modules alone', () => {
    const actions = serverActionStubs(
      ts,
      '/app/src/actions.ts',
      [
        '// account actions',
        "'use server';",
        "import { db } from './db';",
        'export async function signIn(state: unknown, form: FormData) { return db.user(form); }',
        'export const signOut = async () => db.end();',
        'async function remove() {}',
        'export { remove as deleteAccount };',
        'export type State = { error?: string };',
      ].join('\n'),
    );
    assert.equal(
      actions,
      [
        'export const signIn = async () => undefined;',
        'export const signOut = async () => undefined;',
        'export const deleteAccount = async () => undefined;',
      ].join('\n'),
    );
    assert.equal(serverActionStubs(ts, '/app/src/page.tsx', "'use client';\nexport const x = 1;\n"), undefined);
  });

  it("takes a package's Provider under a namespace import, not a context's own X.Provider", () => {
    const main = site('main.tsx', [
      "import * as Tooltip from '@radix-ui/react-tooltip';",
      "import { Theme } from './theme';",
      'render(<Tooltip.Provider delayDuration={300}><Theme.Provider value={dark}><Page /></Theme.Provider></Tooltip.Provider>);',
    ]);
    assert.deepEqual(
      providersAbove(ts, main).map((p) => [p.name, p.file, p.exportName, p.props]),
      [['Tooltip.Provider', '@radix-ui/react-tooltip', 'Provider', { delayDuration: '300' }]],
    );
  });

  it('puts the values in the harness, imported as the call site resolves them, after the setup imports', () => {
    const main = site('main.tsx', [
      "import './i18n';",
      "import './index.css';",
      "import { Provider } from 'react-redux';",
      "import { store } from '@/app/store';",
      'render(<Provider store={store}><Page /></Provider>);',
    ]);
    const providers = providersAbove(ts, main);
    const setup = setupImports([main]);
    assert.deepEqual(setup, [{ specifier: './i18n', fromDir: DIR }], 'styles are not setup');
    const source = harnessSource(
      { file: path.join(DIR, 'Page.tsx'), exportName: 'Page', name: 'Page' },
      {},
      providers,
      'concurrent',
      undefined,
      setup,
    );
    const lines = source.split('\n');
    assert.ok(lines[0].startsWith(`import "${RESOLVE_FROM}`), 'setup runs first');
    const setupLine = JSON.stringify(
      `${RESOLVE_FROM}${JSON.stringify({ dir: DIR, specifier: './i18n', optional: true })}`,
    );
    assert.equal(lines[0], `import ${setupLine};`, 'a setup module that is not installed is left out, not a failure');
    const store = JSON.stringify(`${RESOLVE_FROM}${JSON.stringify({ dir: DIR, specifier: '@/app/store' })}`);
    assert.ok(lines.some((l) => /^import \{ store as __v\d+_store \} from /.test(l) && l.endsWith(`${store};`)));
    assert.match(source, /export const providers = \[\[__Provider0, \{ "store": __v\d+_store \}\]\];/);
  });
});
