import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportMarkdown } from '../../../src/assistants/react/contract';
import { createReactAssistant } from '../../../src/assistants/react/index';
import { explain } from '../../../src/assistants/react/render/advise';
import { parseDotenv, projectPublicEnv } from '../../../src/assistants/react/render/env-files';
import type { RenderMeasurement, RenderRequest } from '../../../src/assistants/react/render/protocol';
import { TimeBudget } from '../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { memoryWorkspace } from '../../../src/core/workspace';
import { write } from './written-packages';

/**
 * Measured renders beyond the first call site: providers found by walking up the components that render it (a
 * bounded depth), and the project's public .env variables in the sandbox.
 */

const PROVIDERS = [
  "import { createContext, useContext, type ReactNode } from 'react';",
  'const Auth = createContext<string | null>(null);',
  'const Theme = createContext<string | null>(null);',
  'const Cart = createContext<string | null>(null);',
  'export function AuthProvider({ children, mode }: { children: ReactNode; mode: string }) { return <Auth.Provider value={mode}>{children}</Auth.Provider>; }',
  'export function ThemeProvider({ children }: { children: ReactNode }) { return <Theme.Provider value="light">{children}</Theme.Provider>; }',
  'export function CartProvider({ children }: { children: ReactNode }) { return <Cart.Provider value="cart">{children}</Cart.Provider>; }',
  'export function useAll() { return [useContext(Auth), useContext(Theme), useContext(Cart)]; }',
  '',
].join('\n');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'chain', dependencies: { react: '*' } }),
  '.env':
    '# shared\nVITE_API_URL=https://api.example.test\nDATABASE_PASSWORD=hunter2\nexport NEXT_PUBLIC_SITE="Chain shop"\n',
  '.env.local': "VITE_API_URL='http://localhost:4000' # mine\nREACT_APP_FLAG=on\n",
  'src/providers.tsx': PROVIDERS,
  'src/main.tsx': [
    "import { createRoot } from 'react-dom/client';",
    "import { AuthProvider } from './providers';",
    "import { App } from './App';",
    'createRoot(document.body).render(<AuthProvider mode="guest"><App /></AuthProvider>);',
    '',
  ].join('\n'),
  'src/App.tsx': [
    "import { ThemeProvider } from './providers';",
    "import { Page } from './Page';",
    'export function App() { return <ThemeProvider><Page /></ThemeProvider>; }',
    '',
  ].join('\n'),
  'src/Page.tsx': [
    "import { CartProvider, ThemeProvider } from './providers';",
    "import { List } from './List';",
    'export function Page() { return <CartProvider><ThemeProvider><List title="Shop" /></ThemeProvider></CartProvider>; }',
    '',
  ].join('\n'),
  'src/List.tsx': [
    "import { useAll } from './providers';",
    'export function List({ title }: { title: string }) {',
    '  const [auth, theme, cart] = useAll();',
    '  return <h1>{title} {auth} {theme} {cart}</h1>;',
    '}',
    '',
  ].join('\n'),
};

describe('measured renders: providers further up and the project environment', function () {
  this.timeout(180_000);
  let root: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-render-chain-')));
    for (const [name, text] of Object.entries(FILES)) write(root, name, text);
    // React and react-dom found from the project's folder upward, as in a workspace: this project's own.
    fs.symlinkSync(path.resolve(__dirname, '../../../node_modules'), path.join(root, 'node_modules'), 'dir');
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads dotenv text without running it: comments, export, quotes, multi-line values, nothing expanded', () => {
    const parsed = parseDotenv(
      [
        '# comment',
        'A=plain value # trailing comment',
        'export B="two\\nlines"',
        "C='$HOME stays'",
        'D="first',
        'second"',
        'E=',
        '  F = spaced ',
        'G="unclosed',
        'not a line',
      ].join('\n'),
    );
    assert.deepEqual(Object.fromEntries(parsed), {
      A: 'plain value',
      B: 'two\nlines',
      C: '$HOME stays',
      D: 'first\nsecond',
      E: '',
      F: 'spaced',
      G: '"unclosed',
    });
  });

  it('keeps only the public variables of .env and .env.local, the local file winning', async () => {
    const env = await projectPublicEnv(path.join(root, 'src/List.tsx'));
    assert.deepEqual(env.files, ['.env', '.env.local']);
    assert.deepEqual(env.values, {
      VITE_API_URL: 'http://localhost:4000',
      NEXT_PUBLIC_SITE: 'Chain shop',
      REACT_APP_FLAG: 'on',
    });
  });

  it('wraps the component in the providers of every component above its call site, outermost first', async () => {
    const texts = Object.fromEntries(
      Object.entries(FILES)
        .filter(([name]) => name.startsWith('src/'))
        .map(([name, text]) => [path.join(root, name), text]),
    );
    // A test that renders the page first in the workspace's order: not where the app's providers are.
    texts[path.join(root, 'src/App.test.tsx')] = [
      "import { Page } from './Page';",
      'export const rendered = <Page />;',
      '',
    ].join('\n');
    const requests: RenderRequest[] = [];
    const measure = async (request: RenderRequest): Promise<RenderMeasurement> => {
      requests.push(request);
      const variant = { rendersPerUpdate: { List: 1 }, mountRenders: { List: 1 }, renderMsPerUpdate: { List: 0.1 } };
      return {
        engine: request.engine,
        generatedProps: [],
        stubbedLoaders: [],
        consumerProbes: [],
        variants: request.variants.map((v) => ({ label: v.label, ...variant, updateMs: 1, mountMs: 1 })),
      };
    };
    const engine = createReactAssistant({ importCost: false, measure });
    const list = path.join(root, 'src/List.tsx');
    const { report } = await engine.advise!(
      { file: list, text: FILES['src/List.tsx'] },
      { config: DEFAULT_CONFIG, budget: new TimeBudget(60_000), workspace: memoryWorkspace(texts) },
    );
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.callSite, 'Page.tsx:3');
    assert.deepEqual(report.providerSites, ['App.tsx:3', 'main.tsx:4']);
    // ThemeProvider around both App's and Page's elements is rendered once, at the outer place.
    assert.deepEqual(report.providers, ['AuthProvider', 'ThemeProvider', 'CartProvider']);
    const [request] = requests;
    assert.deepEqual(request.providers[0].props, { mode: '"guest"' });
    assert.deepEqual(request.env, {
      VITE_API_URL: 'http://localhost:4000',
      NEXT_PUBLIC_SITE: 'Chain shop',
      REACT_APP_FLAG: 'on',
    });
    assert.deepEqual(report.env, {
      names: ['NEXT_PUBLIC_SITE', 'REACT_APP_FLAG', 'VITE_API_URL'],
      files: ['.env', '.env.local'],
    });
    const markdown = reportMarkdown(report);
    assert.match(
      markdown,
      /Providers: AuthProvider, ThemeProvider, CartProvider \(looked for around the call site and App\.tsx:3, main\.tsx:4 above it\)/,
    );
    assert.match(
      markdown,
      /Environment: NEXT_PUBLIC_SITE, REACT_APP_FLAG, VITE_API_URL from the project's \.env and \.env\.local/,
    );
    assert.doesNotMatch(JSON.stringify({ report, request }), /hunter2|DATABASE_PASSWORD/);
  });

  it('says which public variable is missing when the render fails for it', () => {
    assert.match(
      explain('Error: NEXT_PUBLIC_API_URL is required', ['VITE_API_URL']),
      /NEXT_PUBLIC_API_URL is not set: the sandbox has only the public variables of the project's \.env and \.env\.local, here VITE_API_URL; add it to \.env\.local to measure/,
    );
    assert.equal(explain('Error: VITE_API_URL is wrong', ['VITE_API_URL']), 'Error: VITE_API_URL is wrong');
  });

  it('renders in the sandbox with the public variables in process.env and import.meta.env', async () => {
    const banner = [
      'export function Banner() {',
      "  if (!import.meta.env.VITE_API_URL) throw new Error('VITE_API_URL is missing');",
      "  if (!process.env.NEXT_PUBLIC_SITE) throw new Error('NEXT_PUBLIC_SITE is missing');",
      '  return <h1>{process.env.NEXT_PUBLIC_SITE}</h1>;',
      '}',
      '',
    ].join('\n');
    write(root, 'src/Banner.tsx', banner);
    const file = path.join(root, 'src/Banner.tsx');
    const advise = () =>
      createReactAssistant({ importCost: false }).advise!(
        { file, text: banner },
        {
          config: DEFAULT_CONFIG,
          budget: new TimeBudget(180_000),
          workspace: memoryWorkspace({ [file]: banner }),
          settings: { renderUpdates: 1 },
        },
      );
    const rendered = await advise();
    assert.equal(rendered.report.notRendered, undefined, rendered.report.notRendered);
    assert.equal(rendered.report.baseline?.mountRenders.Banner, 1);
    fs.writeFileSync(path.join(root, '.env.local'), 'REACT_APP_FLAG=on\n');
    fs.writeFileSync(path.join(root, '.env'), 'VITE_API_URL=https://api.example.test\n');
    const missing = await advise();
    assert.match(missing.report.notRendered ?? '', /NEXT_PUBLIC_SITE is not set: .*here REACT_APP_FLAG, VITE_API_URL/);
  });
});
