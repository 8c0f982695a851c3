import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { adviseIn, reactProject } from './render-project';

/**
 * Measured renders (happy-dom) of React Router data-router pages named by `Component:` or loaded by `lazy:` rather
 * than rendered by `element:`: their route is their call site, and their parent route's layout gives its providers.
 */

const PROVIDERS = [
  "import { createContext, useContext, type ReactNode } from 'react';",
  'const User = createContext<string | null>(null);',
  'const Cart = createContext<string | null>(null);',
  'export function UserProvider({ children }: { children: ReactNode }) { return <User.Provider value="ada">{children}</User.Provider>; }',
  'export function CartProvider({ children }: { children: ReactNode }) { return <Cart.Provider value="cart">{children}</Cart.Provider>; }',
  "export function useUser() { const user = useContext(User); if (!user) throw new Error('useUser must be used within a UserProvider'); return user; }",
  "export function useCart() { const cart = useContext(Cart); if (!cart) throw new Error('useCart must be used within a CartProvider'); return cart; }",
  '',
].join('\n');

const APP = [
  "import { RouterProvider } from 'react-router-dom';",
  "import { UserProvider } from './providers';",
  "import { router } from './routes';",
  'export function App() { return <UserProvider><RouterProvider router={router} /></UserProvider>; }',
  '',
].join('\n');

describe('measured renders: route objects written with Component and lazy', function () {
  this.timeout(180_000);
  let root: string;

  before(() => {
    root = reactProject('route-objects');
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const advise = (files: Record<string, string>, file: string) => adviseIn(root, files, file);

  it("renders a page named by its route's Component inside the providers of its parent route's Component layout", async () => {
    const files = {
      'named/providers.tsx': PROVIDERS,
      'named/Shell.tsx': [
        "import { Outlet } from 'react-router-dom';",
        "import { CartProvider } from './providers';",
        'export function Shell() { return <CartProvider><main><Outlet /></main></CartProvider>; }',
        '',
      ].join('\n'),
      'named/routes.tsx': [
        "import { createBrowserRouter } from 'react-router-dom';",
        "import { Shell } from './Shell';",
        "import { OrdersPage } from './OrdersPage';",
        'export const router = createBrowserRouter([',
        "  { path: '/', Component: Shell, children: [{ path: 'orders', Component: OrdersPage }] },",
        ']);',
        '',
      ].join('\n'),
      'named/App.tsx': APP,
      'named/OrdersPage.tsx': [
        "import { useCart, useUser } from './providers';",
        'export function OrdersPage() { return <h1>{useUser()} {useCart()}</h1>; }',
        '',
      ].join('\n'),
    };
    const { report } = await advise(files, 'named/OrdersPage.tsx');
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.callSite, 'routes.tsx:5', "the route's Component is the page's call site");
    assert.deepEqual(report.providerSites, ['Shell.tsx:3', 'routes.tsx:5', 'App.tsx:4'], 'layout, its route, router');
    assert.deepEqual(report.providers.slice(0, 2), ['UserProvider', 'CartProvider']);
    assert.equal(report.baseline?.mountRenders.OrdersPage, 1);
  });

  it("renders a page a route loads with lazy (its module's Component export) inside a lazily loaded layout's providers", async () => {
    const files = {
      'lazy/providers.tsx': PROVIDERS,
      'lazy/routes/layout.tsx': [
        "import { Outlet } from 'react-router-dom';",
        "import { CartProvider } from '../providers';",
        'export default function Layout() { return <CartProvider><Outlet /></CartProvider>; }',
        '',
      ].join('\n'),
      'lazy/routes.tsx': [
        "import { createBrowserRouter } from 'react-router-dom';",
        'export const router = createBrowserRouter([',
        '  {',
        "    path: '/',",
        "    lazy: () => import('./routes/layout'),",
        "    children: [{ path: 'orders', lazy: () => import('./routes/orders') }],",
        '  },',
        ']);',
        '',
      ].join('\n'),
      'lazy/App.tsx': APP,
      'lazy/routes/orders.tsx': [
        "import { useCart, useUser } from '../providers';",
        'function Orders() { return <h1>{useUser()} {useCart()}</h1>; }',
        'export { Orders as Component };',
        '',
      ].join('\n'),
    };
    const { report } = await advise(files, 'lazy/routes/orders.tsx');
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.callSite, 'routes.tsx:6', "the route's lazy is the page's call site");
    assert.deepEqual(report.providerSites, ['layout.tsx:3', 'routes.tsx:5', 'App.tsx:4']);
    assert.deepEqual(report.providers.slice(0, 2), ['UserProvider', 'CartProvider']);
    assert.equal(report.baseline?.mountRenders.Orders, 1);
  });

  it("gives no call site through a route's lazy to a component its module exports under another name", async () => {
    const files = {
      'other/routes.tsx': [
        "import { createBrowserRouter } from 'react-router-dom';",
        "export const router = createBrowserRouter([{ path: 'orders', lazy: () => import('./orders') }]);",
        '',
      ].join('\n'),
      'other/orders.tsx': 'export function Orders() { return <h1>Orders</h1>; }\n',
    };
    const { report } = await advise(files, 'other/orders.tsx');
    assert.equal(report.notRendered, undefined, report.notRendered);
    assert.equal(report.callSite, undefined, 'the route renders only what the module exports as Component or default');
  });
});
