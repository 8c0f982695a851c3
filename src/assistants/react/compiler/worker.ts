import { createRequire } from 'node:module';
import { serveRequests } from '../worker-thread';
import type { CompileEvent, CompileRequest, CompileResult } from './protocol';

// The React Compiler's thread: the workspace's own @babel/core and babel-plugin-react-compiler run here, never
// on the extension host's thread (a large component takes the plugin hundreds of milliseconds).

interface Babel {
  transformSync(code: string, options: Record<string, unknown>): unknown;
}

interface Loaded {
  babel: Babel;
  plugin: unknown;
  version: string;
}

/** Loaded once per installation (the folder the packages resolve to), not per file. */
const installations = new Map<string, Loaded>();

function load(file: string): Loaded | string {
  const require = createRequire(file);
  let babelPath: string;
  let pluginPath: string;
  try {
    pluginPath = require.resolve('babel-plugin-react-compiler');
  } catch {
    return 'babel-plugin-react-compiler';
  }
  try {
    babelPath = require.resolve('@babel/core');
  } catch {
    return '@babel/core';
  }
  const key = `${babelPath}\n${pluginPath}`;
  let loaded = installations.get(key);
  if (!loaded) {
    const plugin = require(pluginPath) as { default?: unknown };
    const version = (createRequire(pluginPath)('babel-plugin-react-compiler/package.json') as { version: string })
      .version;
    loaded = { babel: require(babelPath) as Babel, plugin: plugin.default ?? plugin, version };
    installations.set(key, loaded);
  }
  return loaded;
}

interface Location {
  start?: { index?: number };
}

interface LoggerEvent {
  kind: string;
  fnLoc?: Location | null;
  fnName?: string | null;
  reason?: string;
  loc?: Location | null;
  data?: string;
  detail?: { reason?: string; description?: string | null; primaryLocation?(): Location | null; loc?: Location | null };
}

function toEvent(event: LoggerEvent): CompileEvent | undefined {
  const fnStart = event.fnLoc?.start?.index;
  if (fnStart === undefined) return undefined;
  const name = event.fnName ? { fnName: event.fnName } : {};
  if (event.kind === 'CompileSuccess') return { kind: 'success', fnStart, reason: '', ...name };
  if (event.kind === 'CompileSkip')
    return {
      kind: 'skip',
      fnStart,
      // The plugin prints the directive object itself into this reason; its kind is what matters.
      reason: /directive/.test(event.reason ?? '') ? 'it opts out with "use no memo"' : (event.reason ?? 'skipped'),
      ...name,
    };
  if (event.kind === 'CompileError') {
    const detail = event.detail;
    const at = (detail?.primaryLocation?.() ?? detail?.loc)?.start?.index;
    const reason = [detail?.reason, detail?.description].filter(Boolean).join(': ') || 'the compiler stopped';
    return { kind: 'bailout', fnStart, reason, ...(at !== undefined ? { at } : {}), ...name };
  }
  if (event.kind === 'PipelineError')
    return { kind: 'bailout', fnStart, reason: `the compiler failed: ${event.data ?? 'unknown error'}`, ...name };
  return undefined;
}

export function compileFile(request: CompileRequest): CompileResult {
  const loaded = load(request.file);
  if (typeof loaded === 'string') return { ran: false, missing: loaded };
  const events: CompileEvent[] = [];
  const started = performance.now();
  loaded.babel.transformSync(request.code, {
    filename: request.file,
    babelrc: false,
    configFile: false,
    code: false,
    ast: false,
    parserOpts: { plugins: parserPlugins(request.file) },
    plugins: [
      [
        loaded.plugin,
        {
          compilationMode: request.mode,
          // Every bail-out is logged and the file goes on; never throw on the first.
          panicThreshold: 'none',
          logger: {
            logEvent(_file: string | null, event: LoggerEvent) {
              const out = toEvent(event);
              if (out) events.push(out);
            },
          },
        },
      ],
    ],
  });
  return { ran: true, version: loaded.version, events, ms: Math.round(performance.now() - started) };
}

serveRequests(compileFile);

/** TSX holds both; a `.ts` file must not read `<T>value` casts as JSX. */
function parserPlugins(file: string): string[] {
  if (/\.tsx$/i.test(file)) return ['jsx', 'typescript'];
  if (/\.[cm]?ts$/i.test(file)) return ['typescript'];
  return ['jsx'];
}
