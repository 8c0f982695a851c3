import { Window } from 'happy-dom';
import vm from 'node:vm';
import { HARNESS_GLOBAL } from './harness';
import type { HarnessExports } from './harness';
import { RENDER_COUNTER } from './instrument';
import type { VariantMeasurement } from './protocol';

/** Where the window's refusals are logged (method and URL), for the report. */
const REFUSED = '__saRefused';

/**
 * Run in the window before the bundle: the component's own requests (a fetch in an effect, an Apollo or urql link,
 * an XMLHttpRequest of axios, a socket) fail at once instead of reaching a server, and are logged; data loaders the
 * harness answers never get here. happy-dom's own loading (scripts, styles, frames) is refused below it, in the
 * window's settings.
 */
const NO_NETWORK = `(() => {
  const refused = (globalThis.${REFUSED} = []);
  const log = (method, url) => { refused.push(String(method || 'GET').toUpperCase() + ' ' + String(url)); };
  const refuse = () => { throw new TypeError('no network in the render sandbox'); };
  globalThis.fetch = (input, init) => {
    log((init && init.method) || (input && input.method), input && input.url ? input.url : input);
    return Promise.reject(new TypeError('no network in the render sandbox'));
  };
  globalThis.XMLHttpRequest = class {
    open(method, url) { this.request = [method, url]; }
    setRequestHeader() {} addEventListener() {} abort() {} getAllResponseHeaders() { return ''; }
    send() { log(...(this.request || [])); refuse(); }
  };
  globalThis.WebSocket = class { constructor(url) { log('WS', url); refuse(); } };
  globalThis.EventSource = class { constructor(url) { log('SSE', url); refuse(); } };
  globalThis.navigator.sendBeacon = (url) => { log('BEACON', url); return false; };
})();`;

/** happy-dom's own requests (a `<script src>`, a stylesheet, a frame, a fetch that got past the window): refused. */
const REFUSE_ALL = {
  beforeAsyncRequest: async (): Promise<void> => {
    throw new TypeError('no network in the render sandbox');
  },
  beforeSyncRequest: (): void => {
    throw new TypeError('no network in the render sandbox');
  },
};

/**
 * What the emulated window lacks and React calls: happy-dom's `console.timeStamp` throws "Method not implemented",
 * and React 19.2's profiling build marks each render with it (for the browser's performance panel).
 */
const WINDOW_GAPS = `globalThis.console.timeStamp = () => undefined;`;

/** How long the first render may take to settle (effects, data loaders, their re-renders), and each update. */
const MOUNT_SETTLE_MS = 2000;
const UPDATE_SETTLE_MS = 300;

interface Counter {
  (name: string): number;
  done(name: string, started: number): void;
  counts: Record<string, number>;
  ms: Record<string, number>;
  /** Contexts the measured component provides, by name (instrument.ts's contextRegistration). */
  contexts: Record<string, unknown>;
}

/**
 * Runs one harness bundle in a fresh happy-dom window (its own JavaScript realm: nothing leaks between
 * variants): renders the component inside its providers under a parent that holds an unrelated piece of state,
 * lets it settle, then changes that state `updates` times, each time synchronously (flushSync) and settled, and
 * reads the renders of every workspace component and the time in each one's render function (instrument.ts), and
 * React.Profiler's actualDuration of the tree.
 * A render that throws is the measurement's error, said as React reported it.
 */
export async function measureBundle(
  code: string,
  label: string,
  updates: number,
  /** The measured component's counted name: when it did not render at mount, nothing is measured of it. */
  target?: string,
): Promise<VariantMeasurement> {
  const window = new Window({
    url: 'http://localhost/',
    settings: {
      disableErrorCapturing: false,
      disableJavaScriptFileLoading: true,
      handleDisabledFileLoadingAsSuccess: true,
      fetch: { interceptor: REFUSE_ALL },
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
      },
    },
  });
  const errors: string[] = [];
  /** Errors an error boundary of the app caught (React 19's onCaughtError): why its fallback rendered instead. */
  const caught: string[] = [];
  window.addEventListener('error', (event) => errors.push(errorText((event as unknown as { error?: unknown }).error)));
  const empty: VariantMeasurement = {
    label,
    rendersPerUpdate: {},
    mountRenders: {},
    renderMsPerUpdate: {},
    updateMs: 0,
    mountMs: 0,
  };
  try {
    vm.runInContext(NO_NETWORK, window as unknown as vm.Context);
    vm.runInContext(WINDOW_GAPS, window as unknown as vm.Context);
    // A browser has structuredClone; happy-dom's window does not (a chart library deep-copies its options with it).
    const realm = window as unknown as { structuredClone?: typeof structuredClone };
    realm.structuredClone ??= (value, options) => structuredClone(value, options);
    vm.runInContext(code, window as unknown as vm.Context, { filename: 'render-harness.js' });
    const context = window as unknown as Record<string, unknown>;
    const h = context[HARNESS_GLOBAL] as HarnessExports;
    const counter = context[RENDER_COUNTER] as Counter;
    const { React } = h;
    let durationMs = 0;
    const onRender = (_id: string, _phase: string, actualDuration: number) => {
      durationMs += actualDuration;
    };
    // A consumer of each context the component provides, given as its children: one element made once, so when the
    // component renders again its children are skipped, and a consumer renders only if the context's value changed.
    const probed = Object.keys(counter.contexts).filter((name) => isContext(counter.contexts[name]));
    const probes = probed.map((name) => {
      const label = `${name} consumer`;
      const Consumer = () => {
        const started = counter(label);
        try {
          React.useContext(counter.contexts[name]);
          return null;
        } finally {
          counter.done(label, started);
        }
      };
      return React.createElement(Consumer, { key: name });
    });
    const props = probes.length
      ? { ...h.props, children: React.createElement(React.Fragment, null, ...probes) }
      : h.props;
    let setTick: ((value: number) => void) | undefined;
    const routed = h.router
      ? inMemoryRouter(h, React.createElement(h.target, props), (error) => errors.push(errorText(error)))
      : undefined;
    // A marker as each provider's child: the outermost provider whose marker did not render at mount held back what
    // it wraps (an auth gate's sign-in state, a spinner while its request is refused).
    const reached = new Set<number>();
    const Reached = ({ at, children }: { at: number; children?: unknown }) => {
      reached.add(at);
      return children;
    };
    const Parent = () => {
      const [tick, set] = React.useState(0);
      setTick = set;
      let tree = routed ? routed(tick) : React.createElement(h.target, props);
      for (let at = h.providers.length - 1; at >= 0; at--) {
        const [provider, given] = h.providers[at];
        tree = React.createElement(provider, given, React.createElement(Reached, { at }, tree));
      }
      // The frame a framework gives every component (Next's app router contexts), around the app's providers.
      for (const [frame, given] of [...(h.outer ?? [])].reverse()) tree = React.createElement(frame, given, tree);
      return React.createElement(React.Profiler, { id: `update-${tick}`, onRender }, tree);
    };
    const container = window.document.createElement('div');
    window.document.body.appendChild(container);
    const root = mount(h, container, errors, caught);
    h.flushSync(() => root.render(React.createElement(Parent)));
    await settle(window, MOUNT_SETTLE_MS);
    const refused = () => {
      const log = (context[REFUSED] ?? []) as string[];
      return log.length ? { refused: { count: log.length, first: log.slice(0, 3) } } : {};
    };
    if (errors.length) return { ...empty, error: errors[0], ...refused() };
    const mountRenders = { ...counter.counts };
    if (target && !mountRenders[target]) {
      // Something above it rendered in its place (a loading state, an auth gate, an error boundary's fallback).
      const instead = Object.keys(mountRenders).slice(0, 4);
      const gate = h.providers.findIndex((_, i) => !reached.has(i));
      return {
        ...empty,
        mountRenders,
        ...refused(),
        ...(gate >= 0 ? { gate } : {}),
        error: caught.length
          ? `${target} did not render at mount: an error boundary caught ${caught[0]} and rendered ${instead.length ? instead.at(-1) : 'its fallback'} instead`
          : `${target} did not render at mount: ${instead.length ? `what rendered instead was ${instead.join(', ')}` : 'no component of the workspace rendered'} (a provider or route above it shows something else, such as a loading or sign-in state, while its data is missing)`,
      };
    }
    const mountMs = durationMs;
    // One update first, not counted: the first run of each update path pays for the engine's compilation.
    let before = { ...counter.counts };
    let msBefore = { ...counter.ms };
    const durations: number[] = [];
    for (let i = 1; i <= updates + 1; i++) {
      durationMs = 0;
      h.flushSync(() => setTick?.(i));
      await settle(window, UPDATE_SETTLE_MS);
      if (errors.length) return { ...empty, error: errors[0] };
      if (i === 1) {
        before = { ...counter.counts };
        msBefore = { ...counter.ms };
      } else durations.push(durationMs);
    }
    const rendersPerUpdate: Record<string, number> = {};
    for (const [name, count] of Object.entries(counter.counts))
      rendersPerUpdate[name] = (count - (before[name] ?? 0)) / updates;
    const renderMsPerUpdate: Record<string, number> = {};
    for (const [name, ms] of Object.entries(counter.ms))
      renderMsPerUpdate[name] = (ms - (msBefore[name] ?? 0)) / updates;
    root.unmount();
    return {
      label,
      rendersPerUpdate,
      mountRenders,
      renderMsPerUpdate,
      updateMs: median(durations),
      mountMs,
      ...refused(),
      ...(probed.length ? { consumerProbes: probed } : {}),
    };
  } catch (error) {
    return { ...empty, error: errors[0] ?? errorText(error) };
  } finally {
    await window.happyDOM.abort();
    await window.happyDOM.close();
  }
}

/**
 * The component as the element of a memory router's only route (`*`, at `/`), made once with the workspace's
 * react-router: `createMemoryRouter` and `<RouterProvider>` (6.4 and later: the data routers' hooks work), else
 * `<MemoryRouter>`. What the route throws is passed to `caught`, not left to the router's error page. A router renders its route's element from its own state, so a parent update would not reach it:
 * the route's element reads the parent's tick from a context of its own and makes the component's element anew, as
 * the parent does without a router.
 */
function inMemoryRouter(
  h: HarnessExports,
  element: unknown,
  caught: (error: unknown) => void,
): (tick: number) => unknown {
  const { React } = h;
  const router = h.router!;
  const Tick = (React as unknown as { createContext(value: number): { Provider: unknown } }).createContext(0);
  const Route = () => {
    React.useContext(Tick);
    return React.createElement((element as { type: unknown }).type, (element as { props: unknown }).props);
  };
  let routes: unknown;
  if (router.createMemoryRouter && router.RouterProvider) {
    // A data router catches what its route throws and shows its own error page: the error is the measurement's.
    const Caught = () => {
      caught(router.useRouteError?.());
      return null;
    };
    const route = { path: '*', element: React.createElement(Route), errorElement: React.createElement(Caught) };
    const memory = router.createMemoryRouter([route], { initialEntries: ['/'] });
    routes = React.createElement(router.RouterProvider, { router: memory });
  } else if (router.MemoryRouter)
    routes = React.createElement(router.MemoryRouter, { initialEntries: ['/'] }, React.createElement(Route));
  else throw new Error("the workspace's react-router has neither createMemoryRouter nor MemoryRouter");
  return (tick) => React.createElement(Tick.Provider, { value: tick }, routes);
}

/**
 * The tree's root: `createRoot` where React has it (18 and later), else the legacy `ReactDOM.render` (16.5 to 17),
 * whose render errors are thrown from the render or update call itself.
 */
function mount(
  h: HarnessExports,
  container: unknown,
  errors: string[],
  caught: string[],
): { render(element: unknown): void; unmount(): void } {
  if (h.createRoot)
    return h.createRoot(container, {
      onUncaughtError: (error: unknown) => errors.push(errorText(error)),
      onCaughtError: (error: unknown) => caught.push(errorText(error)),
      onRecoverableError: () => undefined,
    });
  const { legacyRender, unmountComponentAtNode } = h;
  if (!legacyRender || !unmountComponentAtNode) throw new Error('react-dom has neither createRoot nor render');
  return {
    render: (element) => legacyRender(element, container),
    unmount: () => unmountComponentAtNode(container),
  };
}

/** A context object of any React since 16.3 (its provider's current value is kept on it). */
function isContext(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_currentValue' in value;
}

/** Waits for the window's timers and requests to finish, at most `ms` (a polling interval never finishes). */
async function settle(window: Window, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    window.happyDOM.waitUntilComplete(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

function errorText(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error && 'message' in error)) {
    const { name, message } = error as { name?: string; message: string };
    return `${name && name !== 'Error' ? `${name}: ` : ''}${message.split('\n')[0]}`;
  }
  return String(error);
}

/** The median: one update slowed by the machine's other work does not move it. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
