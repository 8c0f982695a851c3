import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { reportMarkdown } from '../../../src/assistants/react/contract';
import type { RenderMeasurement, RenderRequest } from '../../../src/assistants/react/render/protocol';
import { adviseIn, reactProject } from './render-project';
import { write } from './written-packages';

/**
 * Measured renders of pages that no element renders by name: the providers of their route layouts (a React Router
 * layout's <Outlet />, Next.js's layout.tsx chain), a page loaded lazily, an app's own provider wrapper, route
 * guards and gating providers, and a form's context for react-hook-form fields.
 */

const PROVIDERS = [
  "import { createContext, useContext, type ReactNode } from 'react';",
  'const User = createContext<string | null>(null);',
  'const Cart = createContext<string | null>(null);',
  'export function UserProvider({ children }: { children: ReactNode }) { return <User.Provider value="ada">{children}</User.Provider>; }',
  'export function CartProvider({ children }: { children: ReactNode }) { return <Cart.Provider value="cart">{children}</Cart.Provider>; }',
  "export function useUser() { const user = useContext(User); if (!user) throw new Error('useUser must be used within a UserProvider'); return user; }",
  'export function useCart() { return useContext(Cart); }',
  '',
].join('\n');

/** A fake sandbox that records the request and answers a render of everything once. */
function recorder(requests: RenderRequest[]) {
  return async (request: RenderRequest): Promise<RenderMeasurement> => {
    requests.push(request);
    const name = request.target.name;
    const variant = {
      rendersPerUpdate: { [name]: 1 },
      mountRenders: { [name]: 1 },
      renderMsPerUpdate: { [name]: 0.1 },
    };
    return {
      engine: request.engine,
      generatedProps: [],
      stubbedLoaders: [],
      consumerProbes: [],
      variants: request.variants.map((v) => ({ label: v.label, ...variant, updateMs: 1, mountMs: 1 })),
    };
  };
}

describe('measured renders: route layouts, gates and form contexts', function () {
  this.timeout(180_000);
  let root: string;

  before(() => {
    // React from this project; a react-hook-form of the test's own (its context, FormProvider and useForm only).
    root = reactProject('layouts');
    write(
      root,
      'node_modules/react-hook-form/package.json',
      JSON.stringify({ name: 'react-hook-form', version: '7.0.0', main: 'index.js' }),
    );
    write(
      root,
      'node_modules/react-hook-form/index.js',
      [
        "const React = require('react');",
        'const Form = React.createContext(null);',
        'exports.useForm = () => React.useState(() => ({ getFieldState: (name) => ({ name, invalid: false }) }))[0];',
        'exports.FormProvider = ({ children, ...methods }) => React.createElement(Form.Provider, { value: methods }, children);',
        'exports.useFormContext = () => React.useContext(Form);',
        '',
      ].join('\n'),
    );
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const advise = (files: Record<string, string>, file: string, measure?: ReturnType<typeof recorder>) =>
    adviseIn(root, files, file, measure);

  it("renders a lazily loaded route page inside its layout's providers, past the guard around its element", async () => {
    const requests: RenderRequest[] = [];
    const files = {
      'spa/providers.tsx': PROVIDERS,
      'spa/Shell.tsx': [
        "import { Outlet } from 'react-router-dom';",
        "import { CartProvider } from './providers';",
        'export function Shell() { return <CartProvider><main><Outlet /></main></CartProvider>; }',
        '',
      ].join('\n'),
      'spa/routes.tsx': [
        "import { lazy } from 'react';",
        "import { createBrowserRouter } from 'react-router-dom';",
        "import { Shell } from './Shell';",
        "import { RequireAuth } from './RequireAuth';",
        "const Orders = lazy(() => import('./Orders'));",
        'export const router = createBrowserRouter([',
        "  { path: '/', element: <Shell />, children: [{ path: 'orders', element: <RequireAuth><Orders /></RequireAuth> }] },",
        ']);',
        '',
      ].join('\n'),
      'spa/RequireAuth.tsx':
        'export function RequireAuth({ children }: { children: JSX.Element }) { return localStorage.token ? children : <p>Sign in</p>; }\n',
      'spa/App.tsx': [
        "import { RouterProvider } from 'react-router-dom';",
        "import { UserProvider } from './providers';",
        "import { router } from './routes';",
        'export function App() { return <UserProvider><RouterProvider router={router} /></UserProvider>; }',
        '',
      ].join('\n'),
      'spa/Orders.tsx': [
        "import { useCart, useUser } from './providers';",
        'export default function Orders() { return <h1>{useUser()} {useCart()}</h1>; }',
        '',
      ].join('\n'),
    };
    const { report } = await advise(files, 'spa/Orders.tsx', recorder(requests));
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.callSite, 'routes.tsx:7', "the lazy binding's element is the page's call site");
    assert.deepEqual(
      report.providerSites,
      ['Shell.tsx:3', 'routes.tsx:7', 'App.tsx:4'],
      'the layout, its route, the router',
    );
    assert.deepEqual(report.providers.slice(0, 2), ['UserProvider', 'CartProvider']);
    assert.deepEqual(report.gatesPassed, ["RequireAuth (around the page's route element; not rendered)"]);
    assert.match(reportMarkdown(report), /Rendered past gates, as a signed-in user sees it: without RequireAuth/);
  });

  it("renders a Next.js app-router component under the providers of its folders' layouts", async () => {
    const requests: RenderRequest[] = [];
    const files = {
      'next/package.json': JSON.stringify({ name: 'next-app' }),
      'next/app/providers.tsx': PROVIDERS,
      'next/app/layout.tsx': [
        "import { UserProvider } from './providers';",
        'export default function RootLayout({ children }: { children: React.ReactNode }) {',
        '  return <html><body><UserProvider>{children}</UserProvider></body></html>;',
        '}',
        '',
      ].join('\n'),
      'next/app/(shop)/dashboard/layout.tsx': [
        "import { CartProvider } from '../../providers';",
        "import { MainNav } from './main-nav';",
        'export default function Layout(props: { children: React.ReactNode }) {',
        '  return <CartProvider><MainNav />{props.children}</CartProvider>;',
        '}',
        '',
      ].join('\n'),
      'next/app/(shop)/dashboard/main-nav.tsx': [
        "import { useUser } from '../../providers';",
        'export function MainNav() { return <nav>{useUser()}</nav>; }',
        '',
      ].join('\n'),
      'next/app/(shop)/dashboard/page.tsx': [
        "import { useCart } from '../../providers';",
        'export default function Page() { return <h1>{useCart()}</h1>; }',
        '',
      ].join('\n'),
    };
    const nav = await advise(files, 'next/app/(shop)/dashboard/main-nav.tsx', recorder(requests));
    assert.equal(nav.report.notRendered, undefined, nav.report.notRendered);
    assert.equal(nav.report.callSite, 'layout.tsx:4');
    assert.deepEqual(nav.report.providerSites, ['layout.tsx:3']);
    assert.deepEqual(nav.report.providers, ['UserProvider', 'CartProvider']);
    const page = await advise(files, 'next/app/(shop)/dashboard/page.tsx', recorder(requests));
    assert.equal(page.report.callSite, undefined, 'no element renders a page');
    assert.deepEqual(page.report.providerSites, ['layout.tsx:4', 'layout.tsx:3']);
    assert.deepEqual(page.report.providers, ['UserProvider', 'CartProvider']);
  });

  it("takes an app's own component that wraps providers around its children as a provider, not a router inside one", async () => {
    const requests: RenderRequest[] = [];
    const files = {
      'wrap/providers.tsx': PROVIDERS,
      'wrap/Theme.tsx': [
        "import { BrowserRouter } from 'react-router-dom';",
        "import { UserProvider } from './providers';",
        'export default function ThemeCustomization({ children }: { children: React.ReactNode }) {',
        '  return <BrowserRouter><UserProvider><div className="theme">{children}</div></UserProvider></BrowserRouter>;',
        '}',
        '',
      ].join('\n'),
      'wrap/Scroll.tsx':
        'export function ScrollTop({ children }: { children: React.ReactNode }) { return children; }\n',
      'wrap/App.tsx': [
        "import ThemeCustomization from './Theme';",
        "import { ScrollTop } from './Scroll';",
        "import { Profile } from './Profile';",
        'export function App() { return <ThemeCustomization><ScrollTop><Profile /></ScrollTop></ThemeCustomization>; }',
        '',
      ].join('\n'),
      'wrap/Profile.tsx': [
        "import { useUser } from './providers';",
        'export function Profile() { return <p>{useUser()}</p>; }',
        '',
      ].join('\n'),
    };
    const { report } = await advise(files, 'wrap/Profile.tsx', recorder(requests));
    assert.deepEqual(report.providers, ['ThemeCustomization'], 'ScrollTop wraps no provider; no memory router inside');
    assert.equal(requests[0].providers[0].router, true);
    assert.equal(requests[0].router, undefined);
  });

  it('renders past a provider that shows a sign-in state while no one is signed in, and says so', async () => {
    const files = {
      'gate/Auth.tsx': [
        "import { type ReactNode } from 'react';",
        "export function AuthProvider({ children }: { children: ReactNode }) { return localStorage.getItem('token') ? children : <SignIn />; }",
        'export function SignIn() { return <p>Sign in</p>; }',
        '',
      ].join('\n'),
      'gate/main.tsx': [
        "import { AuthProvider } from './Auth';",
        "import { Account } from './Account';",
        'export const app = <AuthProvider><Account /></AuthProvider>;',
        '',
      ].join('\n'),
      'gate/Account.tsx': 'export function Account() { return <h1>Account</h1>; }\n',
    };
    const { report } = await advise(files, 'gate/Account.tsx');
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.baseline?.mountRenders.Account, 1);
    assert.deepEqual(report.providers, []);
    assert.equal(report.gatesPassed?.length, 1);
    assert.match(
      report.gatesPassed![0],
      /^AuthProvider \(at mount it rendered AuthProvider, SignIn instead of what it wraps/,
    );
  });

  it("renders a Next.js client component inside the app router's contexts, which next/navigation's hooks read", async () => {
    // A `next` of the test's own: the two context modules and the hooks as Next 13.5 and later write them.
    const lib = 'nextapp/node_modules/next/dist/shared/lib';
    write(root, 'nextapp/node_modules/next/package.json', JSON.stringify({ name: 'next', version: '15.0.0' }));
    write(
      root,
      `${lib}/app-router-context.shared-runtime.js`,
      "exports.AppRouterContext = require('react').createContext(null);\n",
    );
    write(
      root,
      `${lib}/hooks-client-context.shared-runtime.js`,
      "const React = require('react');\nexports.PathnameContext = React.createContext(null);\nexports.SearchParamsContext = React.createContext(null);\n",
    );
    write(
      root,
      'nextapp/node_modules/next/navigation.js',
      [
        "const React = require('react');",
        "const { AppRouterContext } = require('./dist/shared/lib/app-router-context.shared-runtime');",
        "const hooks = require('./dist/shared/lib/hooks-client-context.shared-runtime');",
        "exports.useRouter = () => { const router = React.useContext(AppRouterContext); if (router === null) throw new Error('invariant expected app router to be mounted'); return router; };",
        'exports.usePathname = () => React.useContext(hooks.PathnameContext);',
        'exports.useSearchParams = () => React.useContext(hooks.SearchParamsContext);',
        '',
      ].join('\n'),
    );
    const files = {
      'nextapp/package.json': JSON.stringify({ name: 'nextapp' }),
      'nextapp/app/login.tsx': [
        "'use client';",
        "import { usePathname, useRouter, useSearchParams } from 'next/navigation';",
        'export function Login() {',
        '  const router = useRouter();',
        "  return <button onClick={() => router.push('/')}>{usePathname()} {useSearchParams().get('redirect') ?? 'home'}</button>;",
        '}',
        '',
      ].join('\n'),
    };
    const { report } = await advise(files, 'nextapp/app/login.tsx');
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.baseline?.mountRenders.Login, 1);
    assert.match(
      report.providers.join(', '),
      /Next\.js's app router contexts \(next 15\.0\.0: a router that does nothing, at \//,
    );
  });

  it('renders a react-hook-form field inside a form of its own when it reads the form context', async () => {
    const files = {
      'form/form.tsx': [
        "import { useFormContext } from 'react-hook-form';",
        'export function FormLabel({ name }: { name: string }) { const { getFieldState } = useFormContext(); return <label>{getFieldState(name).name}</label>; }',
        '',
      ].join('\n'),
      'form/Signup.tsx': [
        "import { FormLabel } from './form';",
        'export function Signup() { return <FormLabel name="email" />; }',
        '',
      ].join('\n'),
    };
    const { report } = await advise(files, 'form/Signup.tsx');
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.deepEqual(report.providers, ['a react-hook-form FormProvider (a fresh useForm(), innermost)']);
    assert.equal(report.baseline?.mountRenders.FormLabel, 1);
  });
});
