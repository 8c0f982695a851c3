import type * as TS from 'typescript';
import { readComponents } from '../components';
import { parseScript } from '../parse';

/** The function the bundle defines that every instrumented render calls with its component's name. */
export const RENDER_COUNTER = '__saRendered';

/**
 * The module's text with a call of `RENDER_COUNTER` at the start of every component's render (a function
 * component's body, a class's `render`), so the sandbox counts each component's renders exactly: a memoised child
 * whose render is skipped is not called at all. A component wrapped under another name (`const Card = memo(CardView)`)
 * is counted under the wrapping name, the one its parents render. Undefined when the file declares none.
 */
export function instrumentRenders(ts: typeof TS, file: string, text: string): string | undefined {
  const source = parseScript(ts, file, text);
  const names = new Map<TS.Node, string>();
  for (const def of readComponents(ts, source).components) {
    if (!def.render?.body || def.name === 'default') continue;
    if (!names.has(def.render) || def.wrappers.length) names.set(def.render, def.name);
  }
  const inserts: Array<{ at: number; text: string }> = [];
  for (const [render, name] of names) {
    const body = (render as TS.FunctionLikeDeclaration).body!;
    const call = `${RENDER_COUNTER}(${JSON.stringify(name)})`;
    if (ts.isBlock(body)) inserts.push({ at: body.getStart(source) + 1, text: `${call};` });
    else {
      inserts.push({ at: body.getStart(source), text: `(${call}, ` });
      inserts.push({ at: body.end, text: ')' });
    }
  }
  if (!inserts.length) return undefined;
  let out = text;
  for (const insert of inserts.sort((a, b) => b.at - a.at))
    out = out.slice(0, insert.at) + insert.text + out.slice(insert.at);
  return out;
}
