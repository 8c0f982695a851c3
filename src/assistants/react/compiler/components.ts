import type * as TS from 'typescript';
import type { ComponentDef } from '../components';
import type { FileModel } from '../model';
import type { CompilationMode, CompilerSetup } from './detect';
import type { CompileEvent } from './protocol';

/**
 * What the React Compiler does with each component of a file: compiled (seen in the plugin's log, or assumed
 * from the config when the plugin is not installed here), bailed out (the plugin's reason and where), or left
 * alone (opted out with "use no memo", not opted in under `compilationMode: 'annotation'`, a class).
 */
export type ComponentCompilation =
  | { state: 'compiled'; assumed?: string }
  | { state: 'bailed'; reason: string; at?: number }
  | { state: 'skipped'; reason: string };

export interface FileCompilation {
  setup: CompilerSetup;
  /** Only for a file the compiler builds; every component with a render function in this file. */
  components: Map<ComponentDef, ComponentCompilation>;
  /** Set when the plugin did not run on the file: why the states are read from the config instead. */
  assumed?: string;
}

/** The directives at the top of a function body or a file (`"use memo"`, `"use no memo"`). */
export function directivesOf(ts: typeof TS, body: TS.Node | undefined): Set<string> {
  const out = new Set<string>();
  const statements = body && (ts.isBlock(body) || ts.isSourceFile(body)) ? body.statements : [];
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    out.add(statement.expression.text);
  }
  return out;
}

/** What the config and the directives say of each component, before (or without) running the plugin. */
export function expectedCompilation(
  model: FileModel,
  mode: CompilationMode,
  /** Why the states are assumed (the plugin did not run); undefined when its log will follow. */
  assumed?: string,
): Map<ComponentDef, ComponentCompilation> {
  const ts = model.ts;
  const fileOptOut = directivesOf(ts, model.source).has('use no memo');
  const fileOptIn = directivesOf(ts, model.source).has('use memo');
  const out = new Map<ComponentDef, ComponentCompilation>();
  for (const def of model.components) {
    if (!def.render || out.has(def)) continue;
    const own = directivesOf(ts, def.render.body);
    if (def.kind === 'class')
      out.set(def, { state: 'skipped', reason: 'the compiler does not compile class components' });
    else if (own.has('use no memo') || (fileOptOut && !own.has('use memo')))
      out.set(def, { state: 'skipped', reason: 'it opts out with "use no memo"' });
    else if (mode === 'annotation' && !own.has('use memo') && !fileOptIn)
      out.set(def, {
        state: 'skipped',
        reason: 'the compiler runs with `compilationMode: \'annotation\'` and it has no "use memo" directive',
      });
    else if (mode === 'syntax')
      out.set(def, { state: 'skipped', reason: "`compilationMode: 'syntax'` compiles Flow component syntax only" });
    else out.set(def, { state: 'compiled', ...(assumed ? { assumed } : {}) });
  }
  return out;
}

/**
 * The plugin's log applied to the components: each event belongs to the innermost component whose render holds
 * the compiled function's start. A component the log says nothing of keeps what the config says.
 */
export function applyEvents(
  model: FileModel,
  expected: Map<ComponentDef, ComponentCompilation>,
  events: readonly CompileEvent[],
): Map<ComponentDef, ComponentCompilation> {
  const out = new Map(expected);
  const seen = new Set<ComponentDef>();
  for (const event of events) {
    const def = componentAt(model, event.fnStart);
    // An opted-out component is still checked by the plugin, which logs its errors: the opt-out stands.
    if (!def || expected.get(def)?.state === 'skipped') continue;
    const first = !seen.has(def);
    seen.add(def);
    if (event.kind === 'success') {
      if (first) out.set(def, { state: 'compiled' });
    } else if (event.kind === 'skip') out.set(def, { state: 'skipped', reason: event.reason });
    else if (first || out.get(def)?.state === 'compiled')
      out.set(def, { state: 'bailed', reason: event.reason, ...(event.at !== undefined ? { at: event.at } : {}) });
  }
  // Under `infer` the plugin compiles only what it recognises as a component; silence about one means it was not.
  for (const [def, state] of out)
    if (!seen.has(def) && state.state === 'compiled')
      out.set(def, { state: 'skipped', reason: 'the compiler did not recognise it as a component or hook' });
  return out;
}

/** The innermost component whose render holds `offset`. */
export function componentAt(model: FileModel, offset: number): ComponentDef | undefined {
  let best: ComponentDef | undefined;
  for (const def of model.components) {
    const render = def.render;
    if (!render || offset < render.getStart(model.source) || offset >= render.end) continue;
    if (!best || render.end - render.pos < best.render!.end - best.render!.pos) best = def;
  }
  return best;
}
