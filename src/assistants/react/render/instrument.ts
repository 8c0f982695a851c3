import type * as TS from 'typescript';
import type { ComponentDef } from '../components';
import { readComponents } from '../components';
import { parseScript } from '../parse';

/**
 * The function the bundle defines that every instrumented render calls with its component's name when it starts
 * (it counts the render and returns the clock), and whose `done` the render calls when it ends (with that clock).
 */
export const RENDER_COUNTER = '__saRendered';

/**
 * The counter the bundle defines before any module (its banner): renders and milliseconds per component name, on
 * the window's own clock (`performance.now`, the clock React's Profiler reads too).
 */
export const RENDER_COUNTER_SOURCE = [
  `var ${RENDER_COUNTER} = function (name) {`,
  `  ${RENDER_COUNTER}.counts[name] = (${RENDER_COUNTER}.counts[name] || 0) + 1;`,
  '  return performance.now();',
  '};',
  `${RENDER_COUNTER}.counts = {};`,
  `${RENDER_COUNTER}.ms = {};`,
  `${RENDER_COUNTER}.contexts = {};`,
  `${RENDER_COUNTER}.done = function (name, started) {`,
  `  ${RENDER_COUNTER}.ms[name] = (${RENDER_COUNTER}.ms[name] || 0) + (performance.now() - started);`,
  '};',
].join('\n');

/** The local that holds a render's start time (one per render function, so nested definitions shadow it). */
const STARTED = '__saStarted';

/**
 * The module's text with every component's render (a function component's body, a class's `render`) counted and
 * timed: `RENDER_COUNTER` is called as it starts and its `done` in a `finally` as it returns or throws, so the
 * sandbox knows each component's renders exactly (a memoised child whose render is skipped is not called at all)
 * and the time spent in its own render function (its children render after it returns, in their own). An
 * expression body becomes a block that returns it. A component wrapped under another name
 * (`const Card = memo(CardView)`) is counted under the wrapping name, the one its parents render. Undefined when
 * the file declares none.
 */
export function instrumentRenders(ts: typeof TS, file: string, text: string): string | undefined {
  const source = parseScript(ts, file, text);
  const names = renderLabels(readComponents(ts, source).components);
  const inserts: Array<{ at: number; text: string }> = [];
  for (const [render, name] of names) {
    const body = (render as TS.FunctionLikeDeclaration).body!;
    const label = JSON.stringify(name);
    const start = `const ${STARTED} = ${RENDER_COUNTER}(${label}); try {`;
    const end = `} finally { ${RENDER_COUNTER}.done(${label}, ${STARTED}); }`;
    if (ts.isBlock(body)) {
      inserts.push({ at: body.getStart(source) + 1, text: start });
      inserts.push({ at: body.end - 1, text: end });
    } else {
      inserts.push({ at: body.getStart(source), text: `{ ${start} return (` });
      inserts.push({ at: body.end, text: `); ${end} }` });
    }
  }
  if (!inserts.length) return undefined;
  let out = text;
  for (const insert of inserts.sort((a, b) => b.at - a.at))
    out = out.slice(0, insert.at) + insert.text + out.slice(insert.at);
  return out;
}

/**
 * The name each render function is counted under: its component's, or the wrapping one's (`Card = memo(CardView)`
 * counts as `Card`); an anonymous default export is not counted.
 */
export function renderLabels(components: readonly ComponentDef[]): Map<TS.Node, string> {
  const names = new Map<TS.Node, string>();
  for (const def of components) {
    if (!def.render?.body || def.name === 'default') continue;
    if (!names.has(def.render) || def.wrappers.length) names.set(def.render, def.name);
  }
  return names;
}

/**
 * Appended to the measured component's module: the contexts its render provides (`AuthContext` of
 * `<AuthContext.Provider value>`), handed to the sandbox by name so it can put a consumer of each below the
 * provider. At the module's end every module-scope binding is initialised; one that is not (a context made inside
 * the component) is skipped.
 */
export function contextRegistration(names: readonly string[]): string {
  return names
    .map((name) => `\ntry { ${RENDER_COUNTER}.contexts[${JSON.stringify(name)}] = ${name}; } catch {}`)
    .join('');
}
