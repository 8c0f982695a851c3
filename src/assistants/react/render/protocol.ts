/**
 * What the engine asks the render sandbox (a worker of its own per measurement) and what it answers. Plain data:
 * it crosses a thread boundary.
 */

import type { ProviderValue } from './provider-values';

/** A component as the bundle imports it: the module's absolute path and the export's name (`default` too). */
export interface ComponentRef {
  /** The module's absolute path, or a specifier (a package, an alias) resolved from `fromDir` when that is given. */
  file: string;
  /** The folder a specifier is resolved from (the call site file's, where its aliases apply). */
  fromDir?: string;
  exportName: string;
  /** The name shown to users (`ProductList`). */
  name: string;
}

/** A provider around the measured component (`<CartProvider>` above the call site), with its literal props. */
export interface ProviderRef extends ComponentRef {
  /** Prop name → JavaScript source of its value (literals only). */
  props: Record<string, string>;
  /**
   * Props the call site computes (`client={queryClient}`) that the harness cannot give: such a provider is left out
   * rather than rendered without them.
   */
  computed?: string[];
  /** Computed props the harness does give (provider-values.ts): the app's own value, or a fresh instance. */
  values?: Record<string, ProviderValue>;
  /** The app's own provider renders a router (`<BrowserRouter>` in `AppProvider`): no memory router goes inside it. */
  router?: boolean;
}

export type ReactRoot = 'concurrent' | 'legacy';

/** One variant of the workspace to measure: none for the code as it is, else a candidate fix applied in memory. */
export interface RenderVariant {
  /** What it is ("as written", the fix's title). */
  label: string;
  /** Absolute path → the file's text with the candidate's edits applied. */
  overrides: Record<string, string>;
}

export interface RenderRequest {
  /** `countedAs`: the name its renders are counted under (instrument.ts), when it has one: it must render at mount. */
  target: ComponentRef & { countedAs?: string };
  /**
   * Modules the files along the call sites import for their effects only (`import './i18n'` in `main.tsx`), as
   * written and resolved from their file's folder: run before the component's, as the app runs them first.
   */
  setup?: Array<{ specifier: string; fromDir: string }>;
  /** Prop name → JavaScript source from a call site (literals, simple expressions); the rest is generated. */
  callSiteProps: Record<string, string>;
  /**
   * Every prop the call site passes, literal or not: the ones it computes (`rows={paginated}`) are generated from
   * their types even where the type marks them optional, as the parent does give them.
   */
  callSitePasses: string[];
  /** Where the props came from ("App.tsx:46"), said in the report; absent: generated from the types alone. */
  callSite?: string;
  providers: ProviderRef[];
  /**
   * The providers found before the walk went on from the app's router, for when the component did not render at
   * mount under all of them (an app shell's auth gate shows a loading state while its request is refused): measured
   * again under these, and the report says so.
   */
  fallbackProviders?: ProviderRef[];
  /**
   * The workspace's react-router package (`react-router-dom`, else `react-router`) when no router was found above a
   * call site (an app built with `createBrowserRouter` renders `<RouterProvider router>`, whose router is computed):
   * the component is rendered as the element of a route of a memory router made with it (`createMemoryRouter`, else
   * `<MemoryRouter>` before 6.4), at `/`.
   */
  router?: string;
  /**
   * The folder react-hook-form is resolved from, when the component or the modules it imports read a form's context
   * (`useFormContext`, as shadcn's `FormField` and `FormLabel` do): it renders inside a `FormProvider` of a fresh
   * `useForm()`, innermost, as it would inside the app's `<Form {...form}>`.
   */
  formContext?: string;
  /**
   * The folder `next` is resolved from, for a Next.js project: the component renders inside the app router's contexts
   * (a router whose methods do nothing, the pathname `/`, empty search params), outermost, as `next/navigation`'s
   * hooks read them.
   */
  nextRouter?: string;
  /** Where V8's compiled code is cached (core/code-cache.ts): the thread compiles TypeScript's chunk with it. */
  codeCacheFolder?: string;
  /**
   * The project's public variables (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_` from its `.env` and `.env.local`): the
   * sandbox's `process.env` and `import.meta.env` carry them, as the app's bundler would have inlined them.
   */
  env?: Record<string, string>;
  /**
   * The contexts the component's render provides (`AuthContext` of `<AuthContext.Provider value>`), as its module
   * names them: the sandbox gives it a consumer of each as its children, so a provider value made anew on every
   * render shows as the consumer's renders.
   */
  providedContexts: string[];
  variants: RenderVariant[];
  /** Items generated for each list (array prop, array a data loader returns). */
  itemCount: number;
  /** Parent updates measured after the first render. */
  updates: number;
  /** react-dom's profiling build where the workspace's has one (production timings), else its development build. */
  reactBuild: 'profiling' | 'development';
  /**
   * How the tree is mounted: `createRoot` (React 18 and later) or the legacy `ReactDOM.render` (16.5 to 17, whose
   * updates are synchronous).
   */
  reactRoot: ReactRoot;
  /** The JSX runtime the workspace's React has: `react/jsx-runtime` (16.14, 17 and later), else createElement. */
  jsx: 'automatic' | 'classic';
  /** What it is measured with, for the report ("happy-dom 21.0.4, react-dom 18.3.1 profiling build"). */
  engine: string;
}

/** What rendering one variant measured. */
export interface VariantMeasurement {
  label: string;
  /** Component name → renders per parent update (mean over the updates). */
  rendersPerUpdate: Record<string, number>;
  /** Renders at mount, per component (the list's size shows here). */
  mountRenders: Record<string, number>;
  /**
   * Component name → milliseconds spent in its own render function per parent update (mean over the updates, all
   * its instances together): the time each child costs, apart from its children's and from React's own work.
   */
  renderMsPerUpdate: Record<string, number>;
  /** React.Profiler's actualDuration per parent update, the median, in ms. */
  updateMs: number;
  mountMs: number;
  /** The contexts a consumer probe was rendered for (those the module registered: see RenderRequest). */
  consumerProbes?: string[];
  /** Why this variant could not be measured (bundling failed, it threw), with the error. */
  error?: string;
  /** Requests the code made, refused in the sandbox (none leaves the machine): how many, and the first few. */
  refused?: { count: number; first: string[] };
  /**
   * When the component did not render at mount: the index (in the request's providers) of the outermost provider
   * that did not render what it wraps (an auth gate, a loading state), if one did not.
   */
  gate?: number;
}

export interface RenderMeasurement {
  variants: VariantMeasurement[];
  /** Why the fallback providers were used: the component did not render under all of them (the first error). */
  fellBack?: string;
  /**
   * Providers that held back what they wrap at mount (an auth gate shows its sign-in state, a loader its spinner),
   * left out so the component renders: the provider's name and what rendered instead.
   */
  gates?: Array<{ name: string; instead: string[] }>;
  /** What was measured with ("happy-dom 21.0.4, react-dom 18.3.1 profiling build"). */
  engine: string;
  /** Props the harness generated from the types (name → source), for the report. */
  generatedProps: string[];
  /** Workspace functions answered with generated data (`fetchCategoryProducts → 1,000 Product`). */
  stubbedLoaders: string[];
  /** The contexts a consumer was put below the component for (`AuthContext`), counted as `AuthContext consumer`. */
  consumerProbes: string[];
}

export type RenderResponse = { measurement: RenderMeasurement } | { error: string };
