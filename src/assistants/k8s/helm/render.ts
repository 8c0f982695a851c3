import { FUNCTIONS } from './functions';
import { RenderError, equal, plain, printValue, truthy } from './go-values';
import type { Origin, Part, Text } from './sourced';
import { Sourced, indentText, partsOf, trimText } from './sourced';
import type { Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from './template-parse';
import { TemplateSyntaxError, parseTemplate } from './template-parse';
import { toYaml } from './to-yaml';
import { entryOrigin, isValueMap } from './values';

/**
 * Executes parsed templates as Go's `text/template` does under Helm (missing map keys are empty, `<no value>`
 * is printed as nothing), writing parts that remember their origins (sourced.ts). Every run is bounded: a step
 * budget, an output size and an include depth, so a hostile or recursive chart ends in a RenderError.
 */

/** A value and, when it is a value read from values.yaml as it stands, where it was written. */
interface Val {
  v: unknown;
  origin?: Origin;
}

export interface Limits {
  steps: number;
  outputChars: number;
  depth: number;
  /** Wall-clock time one template may take. */
  ms: number;
}

export const DEFAULT_LIMITS: Limits = { steps: 2_000_000, outputChars: 8_000_000, depth: 100, ms: 3_000 };

/** Where a render error happened: the action's offset in its template file. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly offset: number,
    readonly fromChart: boolean,
    /** A `define` that no template of the chart (or its vendored dependencies) has. */
    readonly missingDefine?: string,
  ) {
    super(message);
  }
}

class BreakSignal {}
class ContinueSignal {}

/** Functions named in templates that this renderer lacks, for coverage counts. */
export class MissingFunction extends RenderError {
  constructor(readonly fn: string) {
    super(`function "${fn}" not defined`);
  }
}

interface Scope {
  file: string;
  text: string;
  /** Literal text written here is editable where it was written: the template itself, outside `range`. */
  editable: boolean;
  vars: { name: string; value: Val }[];
}

export class Renderer {
  private steps = 0;
  private outputChars = 0;
  private depth = 0;
  /** Each `define` with the file that wrote it. */
  private readonly defines = new Map<string, { file: string; text: string; body: TemplateNode[] }>();

  constructor(
    templates: readonly ParsedTemplate[],
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {
    this.deadline = performance.now() + limits.ms;
    for (const template of templates)
      for (const [name, body] of template.defines)
        this.defines.set(name, { file: template.file, text: template.text, body });
  }

  /** Renders one template's body with `dot` as `.` and `$`. */
  render(template: ParsedTemplate, dot: unknown): Sourced {
    const out: Part[] = [];
    const scope: Scope = {
      file: template.file,
      text: template.text,
      editable: true,
      vars: [{ name: '$', value: { v: dot } }],
    };
    this.run(template.body, { v: dot }, scope, out);
    return new Sourced(out);
  }

  private readonly deadline: number;

  private tick(scope: Scope, at: number): void {
    if (++this.steps > this.limits.steps)
      throw new TemplateError(`render budget exceeded (${this.limits.steps} steps)`, scope.file, at, false);
    if (this.steps % 1024 === 0 && performance.now() > this.deadline)
      throw new TemplateError(`render budget exceeded (${this.limits.ms} ms)`, scope.file, at, false);
  }

  private write(out: Part[], part: Part): void {
    if (!part.text) return;
    this.outputChars += part.text.length;
    if (this.outputChars > this.limits.outputChars)
      throw new RenderError(`output larger than ${this.limits.outputChars} characters`);
    out.push(part);
  }

  private run(nodes: readonly TemplateNode[], dot: Val, scope: Scope, out: Part[]): void {
    for (const node of nodes) this.node(node, dot, scope, out);
  }

  private node(node: TemplateNode, dot: Val, scope: Scope, out: Part[]): void {
    if (node.kind === 'text') {
      this.write(out, {
        text: scope.text.slice(node.start, node.end),
        origin: { file: scope.file, start: node.start, end: node.end, literal: true, editable: scope.editable },
      });
      return;
    }
    this.tick(scope, node.at);
    try {
      this.control(node, dot, scope, out);
    } catch (error) {
      throw this.located(error, scope, node.at);
    }
  }

  private located(error: unknown, scope: Scope, at: number): unknown {
    if (error instanceof TemplateError || error instanceof BreakSignal || error instanceof ContinueSignal) return error;
    if (error instanceof RenderError)
      return new TemplateError(
        error.message,
        scope.file,
        at,
        error.fromChart,
        (error as { missingDefine?: string }).missingDefine,
      );
    if (error instanceof TemplateSyntaxError) return new TemplateError(error.message, scope.file, at, false);
    if (error instanceof RangeError)
      return new TemplateError(`render stopped: ${error.message}`, scope.file, at, false);
    return error;
  }

  private control(node: TemplateNode, dot: Val, scope: Scope, out: Part[]): void {
    switch (node.kind) {
      case 'action': {
        const value = this.pipeline(node.pipe, dot, scope);
        if (node.pipe.vars.length > 0) return;
        this.print(value, scope, node.at, out);
        return;
      }
      case 'if':
      case 'with': {
        const mark = scope.vars.length;
        try {
          for (const branch of node.branches) {
            const value = this.pipeline(branch.pipe, dot, scope);
            if (truthy(value.v)) {
              this.run(branch.body, node.kind === 'with' ? value : dot, scope, out);
              return;
            }
          }
          if (node.otherwise) this.run(node.otherwise, dot, scope, out);
        } finally {
          scope.vars.length = mark;
        }
        return;
      }
      case 'range':
        this.range(node, dot, scope, out);
        return;
      case 'template': {
        const arg = node.pipe ? this.pipeline(node.pipe, dot, scope) : { v: null };
        for (const part of this.include(node.name, arg, scope, node.at).parts) this.write(out, part);
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private range(node: Extract<TemplateNode, { kind: 'range' }>, dot: Val, scope: Scope, out: Part[]): void {
    const mark = scope.vars.length;
    const pipe = { ...node.pipe, vars: [] };
    const value = this.pipeline(pipe, dot, scope);
    const v = plain(value.v);
    const items: [Val, Val][] = [];
    if (Array.isArray(v)) v.forEach((item, i) => items.push([{ v: i }, { v: item, origin: entryOrigin(v, i) }]));
    else if (isValueMap(v))
      for (const key of Object.keys(v).sort()) items.push([{ v: key }, { v: v[key], origin: entryOrigin(v, key) }]);
    else if (typeof v === 'number' && Number.isInteger(v)) for (let i = 0; i < v; i++) items.push([{ v: i }, { v: i }]);
    else if (v !== null && v !== undefined && v !== false)
      throw new RenderError(`range can't iterate over ${printValue(v)}`);
    if (items.length === 0) {
      if (node.otherwise) this.run(node.otherwise, dot, scope, out);
      return;
    }
    // What a range writes repeats: an edit of its literal text would change every round.
    const inner: Scope = { ...scope, editable: false };
    try {
      for (const [key, item] of items) {
        this.tick(scope, node.at);
        inner.vars.length = mark;
        if (node.pipe.vars.length === 1) inner.vars.push({ name: node.pipe.vars[0], value: item });
        if (node.pipe.vars.length === 2)
          inner.vars.push({ name: node.pipe.vars[0], value: key }, { name: node.pipe.vars[1], value: item });
        try {
          this.run(node.body, item, inner, out);
        } catch (signal) {
          if (signal instanceof BreakSignal) break;
          if (!(signal instanceof ContinueSignal)) throw signal;
        }
      }
    } finally {
      scope.vars.length = mark;
    }
  }

  private print(value: Val, scope: Scope, at: number, out: Part[]): void {
    if (value.v instanceof Sourced) {
      for (const part of value.v.parts) this.write(out, part);
      return;
    }
    const v = plain(value.v);
    const text = v === null || v === undefined ? '' : printValue(v);
    // A value printed as it is stands for its line in values.yaml; anything computed stands for this action.
    const origin = value.origin ?? {
      file: scope.file,
      start: at,
      end: actionEnd(scope.text, at),
      literal: false,
      editable: false,
    };
    this.write(out, { text, origin });
  }

  /** The output of a `define`, standing for the action that called it (its literal text is not editable there). */
  private include(name: string, arg: Val, scope: Scope, at: number): Sourced {
    const define = this.defines.get(name);
    if (!define) {
      const error = new RenderError(`no template "${name}" associated with template "gotpl"`);
      (error as { missingDefine?: string }).missingDefine = name;
      throw error;
    }
    if (++this.depth > this.limits.depth) {
      this.depth = 0;
      throw new RenderError(`include nested deeper than ${this.limits.depth} (recursion in "${name}")`);
    }
    try {
      const out: Part[] = [];
      const inner: Scope = { file: define.file, text: define.text, editable: false, vars: [{ name: '$', value: arg }] };
      this.run(define.body, arg, inner, out);
      const here = actionOrigin(scope, at);
      return new Sourced(
        out.map((part) =>
          part.origin && !part.origin.literal && part.origin.editable ? part : { text: part.text, origin: here },
        ),
      );
    } finally {
      this.depth--;
    }
  }

  private tpl(text: string, arg: Val, scope: Scope, at: number): Sourced {
    let parsed: ParsedTemplate;
    try {
      parsed = parseTemplate(scope.file, text);
    } catch (error) {
      throw new RenderError(`tpl: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const [name, body] of parsed.defines) this.defines.set(name, { file: scope.file, text, body });
    if (++this.depth > this.limits.depth) {
      this.depth = 0;
      throw new RenderError(`tpl nested deeper than ${this.limits.depth}`);
    }
    try {
      const out: Part[] = [];
      this.run(parsed.body, arg, { file: scope.file, text, editable: false, vars: [{ name: '$', value: arg }] }, out);
      const here = actionOrigin(scope, at);
      return new Sourced(out.map((part) => ({ text: part.text, origin: here })));
    } finally {
      this.depth--;
    }
  }

  pipeline(pipe: Pipeline, dot: Val, scope: Scope): Val {
    let value: Val | undefined;
    for (const command of pipe.commands) value = this.command(command, dot, scope, value);
    const result = value ?? { v: null };
    if (pipe.vars.length > 0) {
      const name = pipe.vars[0];
      if (pipe.assign) {
        const existing = [...scope.vars].reverse().find((x) => x.name === name);
        if (!existing) throw new RenderError(`undefined variable: ${name}`);
        existing.value = result;
      } else scope.vars.push({ name, value: result });
    }
    return result;
  }

  private command(command: Command, dot: Val, scope: Scope, piped: Val | undefined): Val {
    this.tick(scope, command.at);
    const [first, ...rest] = command.args;
    if (first.kind === 'ident') return this.call(first.name, rest, dot, scope, piped, command.at);
    const head = this.operand(first, dot, scope, rest.length > 0 || piped !== undefined);
    if (typeof head.v === 'function') {
      const args = rest.map((a) => plain(this.operand(a, dot, scope).v));
      if (piped) args.push(plain(piped.v));
      return { v: (head.v as (...a: unknown[]) => unknown)(...args) };
    }
    if (rest.length > 0 || piped) throw new RenderError(`can't give argument to non-function ${describe(first)}`);
    return head;
  }

  private operand(operand: Operand, dot: Val, scope: Scope, method = false): Val {
    switch (operand.kind) {
      case 'dot':
        return this.chain(dot, operand.chain, method);
      case 'field':
        return this.chain(dot, operand.chain, method);
      case 'var': {
        const found = [...scope.vars].reverse().find((x) => x.name === operand.name);
        if (!found) throw new RenderError(`undefined variable: ${operand.name}`);
        return this.chain(found.value, operand.chain, method);
      }
      case 'string':
        return { v: operand.value };
      case 'number':
        return { v: operand.value };
      case 'bool':
        return { v: operand.value };
      case 'nil':
        return { v: null };
      case 'pipe':
        return this.chain(this.pipeline(operand.pipe, dot, { ...scope }), operand.chain, method);
      case 'ident':
        return this.call(operand.name, [], dot, scope, undefined, 0);
    }
  }

  private chain(start: Val, names: readonly string[], method: boolean): Val {
    let current = start;
    // Go stops only inside a chain (`.Values.a.b` with no `a`: a map's nil is a typed nil): a pipeline's,
    // variable's or dot's nil has no fields, and each of them reads as nothing (`(.Values.a).b`, the idiom charts
    // use to read optional maps; `.Capabilities.KubeVersion` in a helper included with a missing `.context`).
    if (names.length > 0 && (plain(start.v) === null || plain(start.v) === undefined)) return { v: null };
    names.forEach((name, i) => {
      const v = plain(current.v);
      if (v === null || v === undefined) throw new RenderError(`nil pointer evaluating interface {}.${name}`);
      if (!isValueMap(v))
        throw new RenderError(
          `can't evaluate field ${name} in type ${typeof v === 'string' ? 'string' : Array.isArray(v) ? '[]interface {}' : typeof v}`,
        );
      const next = v[name];
      if (typeof next === 'function' && !(method && i === names.length - 1)) current = { v: (next as () => unknown)() };
      else current = { v: next === undefined ? null : next, origin: entryOrigin(v, name) };
    });
    return current;
  }

  private call(
    name: string,
    argOps: readonly Operand[],
    dot: Val,
    scope: Scope,
    piped: Val | undefined,
    at: number,
  ): Val {
    // `and` and `or` stop at the first operand that decides.
    if (name === 'and' || name === 'or') {
      let last: Val = { v: null };
      const all = [...argOps.map((op) => () => this.operand(op, dot, scope)), ...(piped ? [() => piped] : [])];
      for (const next of all) {
        last = next();
        if (truthy(last.v) === (name === 'or')) return last;
      }
      return last;
    }
    const args = argOps.map((op) => this.operand(op, dot, scope));
    if (piped) args.push(piped);
    const last = args[args.length - 1];
    switch (name) {
      case 'include':
        return { v: this.include(String(plain(args[0]?.v) ?? ''), args[1] ?? { v: null }, scope, at) };
      case 'tpl':
        return { v: this.tpl(String(plain(args[0]?.v) ?? ''), args[1] ?? { v: null }, scope, at) };
      case 'indent':
      case 'nindent':
        return { v: indentText(textOf(last?.v), Number(plain(args[0]?.v)) || 0, name === 'nindent') };
      case 'trim':
        return { v: trimText(textOf(last?.v)) };
      case 'toYaml':
      case 'toYamlPretty':
        return { v: toYaml(last?.v) };
      case 'default': {
        const chosen = args.length < 2 || !truthy(last.v) ? args[0] : last;
        return { v: chosen?.v ?? null, origin: chosen === last && args.length >= 2 ? last.origin : undefined };
      }
      case 'required':
      case 'toString':
      case 'quote':
      case 'squote':
      case 'int':
      case 'int64':
      case 'float64': {
        const fn = FUNCTIONS[name];
        return {
          v: fn(...args.map((a) => plain(a.v))),
          origin: args.length === (name === 'required' ? 2 : 1) ? last?.origin : undefined,
        };
      }
      case 'eq':
        return { v: args.length < 2 ? equal(args[0]?.v, null) : args.slice(1).some((b) => equal(args[0].v, b.v)) };
    }
    const fn = FUNCTIONS[name];
    if (!fn) throw new MissingFunction(name);
    return { v: fn(...args.map((a) => plain(a.v))) };
  }
}

function textOf(value: unknown): Text {
  if (value instanceof Sourced) return value;
  return value === null || value === undefined ? '' : printValue(value);
}

function describe(operand: Operand): string {
  if (operand.kind === 'field') return `.${operand.chain.join('.')}`;
  if (operand.kind === 'var') return operand.name + operand.chain.map((c) => `.${c}`).join('');
  return operand.kind;
}

/** The end of the action that starts at `at` (just past its `}}`). */
export function actionEnd(text: string, at: number): number {
  const close = text.indexOf('}}', at);
  return close < 0 ? Math.min(text.length, at + 2) : close + 2;
}

export { partsOf };

/** The action at `at` that printed computed text (an `include`, a `tpl`): where such text is reported, never edited. */
function actionOrigin(scope: Scope, at: number): Origin {
  return { file: scope.file, start: at, end: actionEnd(scope.text, at), literal: false, editable: false };
}
