import type { ComponentRef, ProviderRef, ReactRoot } from './protocol';

/** The global the harness bundle assigns its exports to (an IIFE's `globalName`). */
export const HARNESS_GLOBAL = '__saHarness';

/** What the harness bundle exports: the workspace's React, the component, its props and providers. */
export interface HarnessExports {
  React: {
    createElement(type: unknown, props?: unknown, ...children: unknown[]): unknown;
    useState<T>(initial: T): [T, (value: T) => void];
    useContext(context: unknown): unknown;
    Fragment: unknown;
    Profiler: unknown;
  };
  flushSync(callback: () => void): void;
  /** React 18 and later. */
  createRoot?(
    container: unknown,
    options?: Record<string, unknown>,
  ): { render(element: unknown): void; unmount(): void };
  /** React 16.5 to 17: `ReactDOM.render` and its unmount. */
  legacyRender?(element: unknown, container: unknown): void;
  unmountComponentAtNode?(container: unknown): void;
  target: unknown;
  props: Record<string, unknown>;
  providers: Array<[unknown, Record<string, unknown>]>;
  /** What the harness puts around the providers itself (Next's app router contexts), outermost first. */
  outer?: Array<[unknown, Record<string, unknown>]>;
  /** The workspace's react-router, when the component is to render inside a memory router (protocol.ts). */
  router?: {
    createMemoryRouter?(routes: unknown[], options?: Record<string, unknown>): unknown;
    RouterProvider?: unknown;
    MemoryRouter?: unknown;
    useRouteError?(): unknown;
  };
}

/** The prefix of a specifier the bundle resolves from a given folder (bundle.ts): `<prefix>{"dir","specifier"}`. */
export const RESOLVE_FROM = 'sa-from:';

/** A specifier resolved from `fromDir` as a module there would resolve it (its aliases, its node_modules). */
export function fromSpecifier(specifier: string, fromDir: string | undefined, optional = false): string {
  return fromDir
    ? `${RESOLVE_FROM}${JSON.stringify({ dir: fromDir, specifier, ...(optional ? { optional } : {}) })}`
    : specifier;
}

function importBinding(name: string, local: string, specifier: string, fromDir?: string): string {
  const from = JSON.stringify(fromSpecifier(specifier, fromDir));
  if (name === '*') return `import * as ${local} from ${from};`;
  return name === 'default' ? `import ${local} from ${from};` : `import { ${name} as ${local} } from ${from};`;
}

function importOf(ref: ComponentRef, local: string): string {
  return importBinding(ref.exportName, local, ref.file, ref.fromDir);
}

/** The imports and declarations the providers' computed props need (provider-values.ts), each once. */
function valueSources(providers: readonly ProviderRef[]): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const provider of providers)
    for (const value of Object.values(provider.values ?? {})) {
      for (const binding of value.imports) {
        if (seen.has(binding.local)) continue;
        seen.add(binding.local);
        lines.push(importBinding(binding.name, binding.local, binding.specifier, binding.fromDir));
      }
      lines.push(...value.declarations);
    }
  return lines;
}

/** A provider's props: its literal ones and the computed ones the harness gives. */
function providerProps(provider: ProviderRef): string {
  const values = Object.fromEntries(Object.entries(provider.values ?? {}).map(([name, v]) => [name, v.source]));
  return objectSource({ ...provider.props, ...values });
}

function objectSource(props: Record<string, string>): string {
  return `{ ${Object.entries(props)
    .map(([name, value]) => `${JSON.stringify(name)}: ${value}`)
    .join(', ')} }`;
}

/**
 * Next.js's app router contexts from the project's own `next` (13.5 and later name the modules `.shared-runtime`;
 * a version without them leaves the namespace empty and nothing is provided): `useRouter()` gets a router whose
 * methods do nothing, `usePathname()` `/`, `useSearchParams()` empty params. Outermost: the app's own providers
 * may call them too.
 */
function nextRouterSource(fromDir: string): string[] {
  const optional = (specifier: string) => JSON.stringify(fromSpecifier(specifier, fromDir, true));
  return [
    `import * as __NextApp from ${optional('next/dist/shared/lib/app-router-context.shared-runtime')};`,
    `import * as __NextHooks from ${optional('next/dist/shared/lib/hooks-client-context.shared-runtime')};`,
    'const __nextNothing = () => undefined;',
    'const __nextRouter = { back: __nextNothing, forward: __nextNothing, refresh: __nextNothing, push: __nextNothing, replace: __nextNothing, prefetch: __nextNothing };',
    'const __nextFrame = [[__NextApp.AppRouterContext, __nextRouter], [__NextHooks.PathnameContext, "/"], [__NextHooks.SearchParamsContext, new URLSearchParams()]];',
    'const __NextRoot = ({ children }) => __nextFrame.filter(([context]) => context).reduceRight((tree, [context, value]) => React.createElement(context.Provider, { value }, tree), children);',
    'export const outer = [[__NextRoot, {}]];',
  ];
}

/**
 * The entry the sandbox bundles: imports React, react-dom and the component from the workspace (so the bundler
 * resolves the workspace's own copies), and exports them with the props (call site's first, generated for the
 * rest) and the providers to wrap it in. It renders nothing itself: the sandbox drives React from outside.
 */
export function harnessSource(
  target: ComponentRef,
  props: Record<string, string>,
  providers: readonly ProviderRef[],
  root: ReactRoot = 'concurrent',
  router?: string,
  /** Modules the app's entry imports for their effects (`import './i18n'`), run before everything else. */
  setup: ReadonlyArray<{ specifier: string; fromDir: string }> = [],
  /** Where react-hook-form resolves from, when the component reads a form's context (protocol.ts formContext). */
  formContext?: string,
  /** Where `next` resolves from, for the app router's contexts (protocol.ts nextRouter). */
  nextRouter?: string,
): string {
  // Before React 18 there is no react-dom/client; an update outside React's batching renders synchronously there,
  // so a react-dom without flushSync (none since 16.0) would still be measured update by update.
  const reactDom =
    root === 'concurrent'
      ? [
          "import { flushSync } from 'react-dom';",
          "import { createRoot } from 'react-dom/client';",
          'export { flushSync, createRoot };',
        ]
      : [
          "import * as ReactDOM from 'react-dom';",
          'export const flushSync = ReactDOM.flushSync || ((update) => update());',
          'export const legacyRender = ReactDOM.render;',
          'export const unmountComponentAtNode = ReactDOM.unmountComponentAtNode;',
        ];
  return [
    // Optional: a setup module the workspace does not have installed (a locale of a package not installed) is
    // left out rather than failing the whole measurement; the app would not run without it either, but the
    // component under measurement usually does.
    ...setup.map((s) => `import ${JSON.stringify(fromSpecifier(s.specifier, s.fromDir, true))};`),
    "import * as React from 'react';",
    ...reactDom,
    importOf(target, '__Target'),
    ...providers.map((provider, i) => importOf(provider, `__Provider${i}`)),
    ...valueSources(providers),
    // The namespace, not named imports: a react-router before 6.4 has no createMemoryRouter, and says so by its absence.
    ...(router ? [`import * as __Router from ${JSON.stringify(router)};`, 'export const router = __Router;'] : []),
    'export { React };',
    'export const target = __Target;',
    `export const props = ${objectSource(props)};`,
    // A form of the harness's own, innermost: its fields register with a fresh useForm() as they would with the app's.
    ...(formContext
      ? [
          `import * as __Form from ${JSON.stringify(fromSpecifier('react-hook-form', formContext))};`,
          'const __FormRoot = ({ children }) => React.createElement(__Form.FormProvider, __Form.useForm(), children);',
        ]
      : []),
    ...(nextRouter ? nextRouterSource(nextRouter) : ['export const outer = [];']),
    `export const providers = [${[
      ...providers.map((p, i) => `[__Provider${i}, ${providerProps(p)}]`),
      ...(formContext ? ['[__FormRoot, {}]'] : []),
    ].join(', ')}];`,
    '',
  ].join('\n');
}
