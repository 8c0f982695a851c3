/**
 * Go `text/template`'s syntax, as Helm charts write it, parsed into a tree whose nodes keep their offsets in the
 * template file: text (after `{{-` / `-}}` trimming), actions with pipelines, variables, `if`/`else if`/`else`,
 * `range`, `with`, `define`, `template`, `block`, `break`, `continue` and comments. What Go's parser refuses
 * is a `TemplateSyntaxError` at the offset at fault; the chart's other templates still render.
 */

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export type Operand =
  | { kind: 'dot'; chain: string[] }
  | { kind: 'field'; chain: string[] }
  | { kind: 'var'; name: string; chain: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'pipe'; pipe: Pipeline; chain: string[] };

export interface Command {
  args: Operand[];
  at: number;
}

export interface Pipeline {
  /** `$x := …` (declare) or `$x = …` (assign); two names for `range $i, $v := …`. */
  vars: string[];
  assign: boolean;
  commands: Command[];
  at: number;
}

export type TemplateNode =
  | { kind: 'text'; start: number; end: number }
  | { kind: 'action'; pipe: Pipeline; at: number }
  | {
      kind: 'if' | 'with';
      branches: { pipe: Pipeline; body: TemplateNode[] }[];
      otherwise?: TemplateNode[];
      at: number;
    }
  | { kind: 'range'; pipe: Pipeline; body: TemplateNode[]; otherwise?: TemplateNode[]; at: number }
  | { kind: 'template'; name: string; pipe?: Pipeline; at: number }
  | { kind: 'break' | 'continue'; at: number };

export interface ParsedTemplate {
  file: string;
  text: string;
  body: TemplateNode[];
  /** `define` and `block` bodies, by name. */
  defines: Map<string, TemplateNode[]>;
}

interface Token {
  type: 'ident' | 'field' | 'var' | 'string' | 'number' | 'char' | 'op';
  text: string;
  at: number;
  /** For a field chain after `)`, `$x` or `.`: the names. */
  value?: string;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/** The template's actions, in order: each with its inner text's span and whether it trims around itself. */
function scanActions(text: string): { start: number; end: number; innerStart: number; innerEnd: number }[] {
  const out: { start: number; end: number; innerStart: number; innerEnd: number }[] = [];
  let at = 0;
  while (true) {
    const open = text.indexOf('{{', at);
    if (open < 0) break;
    let i = open + 2;
    let innerStart = i;
    if (text[i] === '-' && /\s/.test(text[i + 1] ?? '')) innerStart = i + 1;
    i = innerStart;
    // A comment runs to `*/` before the closing delimiters.
    const trimmed = text.slice(i).match(/^\s*\/\*/);
    if (trimmed) {
      const close = text.indexOf('*/', i + trimmed[0].length);
      if (close < 0) throw new TemplateSyntaxError('unclosed comment', open);
      i = close + 2;
    }
    let quote: string | undefined;
    let innerEnd = -1;
    for (; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === '\\' && quote !== '`') i++;
        else if (c === quote) quote = undefined;
        else if (c === '\n' && quote !== '`') throw new TemplateSyntaxError('unterminated quoted string', i);
        continue;
      }
      if (c === '"' || c === '`' || c === "'") quote = c;
      else if (c === '}' && text[i + 1] === '}') {
        innerEnd = i;
        break;
      }
    }
    if (innerEnd < 0) throw new TemplateSyntaxError('unclosed action', open);
    const end = innerEnd + 2;
    let inner = innerEnd;
    if (text[innerEnd - 1] === '-' && /\s/.test(text[innerEnd - 2] ?? '')) inner = innerEnd - 1;
    out.push({ start: open, end, innerStart, innerEnd: inner });
    at = end;
  }
  return out;
}

function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  const ident = /[A-Za-z_][A-Za-z0-9_]*/y;
  while (i < end) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < end && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      tokens.push({ type: 'string', text: text.slice(i, j + 1), at: i, value: unquote(text.slice(i, j + 1), i) });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = text.indexOf('`', i + 1);
      tokens.push({ type: 'string', text: text.slice(i, j + 1), at: i, value: text.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < end && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      const value = unquote(`"${text.slice(i + 1, j)}"`, i);
      tokens.push({ type: 'char', text: text.slice(i, j + 1), at: i, value: String(value.codePointAt(0) ?? 0) });
      i = j + 1;
      continue;
    }
    if (c === ':' && text[i + 1] === '=') {
      tokens.push({ type: 'op', text: ':=', at: i });
      i += 2;
      continue;
    }
    if ('()|=,'.includes(c)) {
      tokens.push({ type: 'op', text: c, at: i });
      i++;
      continue;
    }
    const number = /[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?)/y;
    number.lastIndex = i;
    const n = number.exec(text);
    if (n && n.index === i && n[0] !== '' && !/^[-+]?$/.test(n[0]) && (c !== '.' || /\d/.test(text[i + 1] ?? ''))) {
      tokens.push({ type: 'number', text: n[0], at: i });
      i += n[0].length;
      continue;
    }
    if (c === '.' || c === '$') {
      let j = i + 1;
      if (c === '$') {
        ident.lastIndex = j;
        const m = ident.exec(text);
        if (m && m.index === j) j += m[0].length;
      } else {
        ident.lastIndex = j;
        const m = ident.exec(text);
        if (m && m.index === j) j += m[0].length;
      }
      tokens.push({ type: c === '$' ? 'var' : 'field', text: text.slice(i, j), at: i });
      i = j;
      continue;
    }
    ident.lastIndex = i;
    const m = ident.exec(text);
    if (m && m.index === i) {
      tokens.push({ type: 'ident', text: m[0], at: i });
      i += m[0].length;
      continue;
    }
    throw new TemplateSyntaxError(`unexpected "${c}" in action`, i);
  }
  return tokens;
}

function unquote(literal: string, at: number): string {
  try {
    return JSON.parse(literal.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\([abfv])/g, '')) as string;
  } catch {
    throw new TemplateSyntaxError(`bad string literal ${literal}`, at);
  }
}

/** Parses a pipeline from tokens; `pos` is advanced. Stops at `)` (inside parentheses) or at the end. */
class PipelineReader {
  pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly at: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  pipeline(declarations: boolean, nested = false): Pipeline {
    const pipe: Pipeline = { vars: [], assign: false, commands: [], at: this.peek()?.at ?? this.at };
    if (declarations) this.declarations(pipe);
    while (true) {
      const command: Command = { args: [], at: this.peek()?.at ?? this.at };
      while (true) {
        const token = this.peek();
        if (!token || (token.type === 'op' && (token.text === '|' || token.text === ')'))) break;
        command.args.push(this.operand());
      }
      if (command.args.length === 0) {
        if (pipe.commands.length === 0 && pipe.vars.length === 0 && !nested) return pipe;
        throw new TemplateSyntaxError('missing value for command', command.at);
      }
      pipe.commands.push(command);
      const token = this.peek();
      if (token?.type === 'op' && token.text === '|') {
        this.pos++;
        continue;
      }
      break;
    }
    return pipe;
  }

  private declarations(pipe: Pipeline): void {
    const t = this.tokens;
    const isVar = (k: number) => t[k]?.type === 'var';
    const isOp = (k: number, op: string) => t[k]?.type === 'op' && t[k].text === op;
    if (isVar(this.pos) && (isOp(this.pos + 1, ':=') || isOp(this.pos + 1, '='))) {
      pipe.vars.push(t[this.pos].text);
      pipe.assign = t[this.pos + 1].text === '=';
      this.pos += 2;
    } else if (isVar(this.pos) && isOp(this.pos + 1, ',') && isVar(this.pos + 2) && isOp(this.pos + 3, ':=')) {
      pipe.vars.push(t[this.pos].text, t[this.pos + 2].text);
      this.pos += 4;
    }
  }

  /** Field names written right after the previous token (`$x.a.b`, `(…).a`): a space would start a new argument. */
  private chain(): string[] {
    const out: string[] = [];
    let previous = this.tokens[this.pos - 1];
    for (let next = this.peek(); next?.type === 'field' && next.text.length > 1; next = this.peek()) {
      if (previous && previous.at + previous.text.length !== next.at) break;
      out.push(next.text.slice(1));
      previous = next;
      this.pos++;
    }
    return out;
  }

  private operand(): Operand {
    const token = this.tokens[this.pos++];
    switch (token.type) {
      case 'string':
        return { kind: 'string', value: token.value ?? '' };
      case 'char':
        return { kind: 'number', value: Number(token.value) };
      case 'number': {
        const value = Number(
          token.text
            .replace(/_/g, '')
            .replace(/^([-+]?)0[oO]?([0-7]+)$/, (_m, s: string, d: string) => String(parseInt(s + d, 8))),
        );
        if (Number.isNaN(value)) throw new TemplateSyntaxError(`bad number ${token.text}`, token.at);
        return { kind: 'number', value };
      }
      case 'field': {
        if (token.text === '.') return { kind: 'dot', chain: this.chain() };
        return { kind: 'field', chain: [token.text.slice(1), ...this.chain()] };
      }
      case 'var':
        return { kind: 'var', name: token.text, chain: this.chain() };
      case 'ident':
        if (token.text === 'true' || token.text === 'false') return { kind: 'bool', value: token.text === 'true' };
        if (token.text === 'nil') return { kind: 'nil' };
        if (KEYWORDS.has(token.text)) throw new TemplateSyntaxError(`unexpected keyword ${token.text}`, token.at);
        return { kind: 'ident', name: token.text };
      case 'op':
        if (token.text === '(') {
          const pipe = this.pipeline(true, true);
          const close = this.tokens[this.pos++];
          if (close?.text !== ')') throw new TemplateSyntaxError('unclosed left paren', token.at);
          return { kind: 'pipe', pipe, chain: this.chain() };
        }
        throw new TemplateSyntaxError(`unexpected "${token.text}" in operand`, token.at);
    }
  }
}

function readPipeline(tokens: Token[], at: number, declarations = true): Pipeline {
  const reader = new PipelineReader(tokens, at);
  const pipe = reader.pipeline(declarations);
  if (reader.pos < tokens.length)
    throw new TemplateSyntaxError(`unexpected "${tokens[reader.pos].text}"`, tokens[reader.pos].at);
  return pipe;
}

interface Frame {
  kind: 'root' | 'if' | 'with' | 'range' | 'define' | 'block';
  at: number;
  body: TemplateNode[];
  node?: TemplateNode;
  name?: string;
  /** if/with: which branch is being filled; -1 once in `else`. */
  branch?: number;
}

/** Parses a template file; `defines` collects its `define`s and `block`s. */
export function parseTemplate(file: string, text: string): ParsedTemplate {
  const actions = scanActions(text);
  const defines = new Map<string, TemplateNode[]>();
  const root: Frame = { kind: 'root', at: 0, body: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1];
  let textStart = 0;
  actions.forEach((action, index) => {
    // Trimming: `{{-` trims the white space before, `-}}` the white space after.
    let textEnd = action.start;
    if (text[action.start + 2] === '-' && action.innerStart === action.start + 3)
      while (textEnd > textStart && /\s/.test(text[textEnd - 1])) textEnd--;
    if (textEnd > textStart) top().body.push({ kind: 'text', start: textStart, end: textEnd });
    let next = action.end;
    if (action.innerEnd === action.end - 3) {
      const limit = actions[index + 1]?.start ?? text.length;
      while (next < limit && /\s/.test(text[next])) next++;
    }
    textStart = next;
    const inner = text.slice(action.innerStart, action.innerEnd).trim();
    if (inner.startsWith('/*')) return;
    const tokens = tokenize(text, action.innerStart, action.innerEnd);
    if (tokens.length === 0) throw new TemplateSyntaxError('missing value for command', action.start);
    const first = tokens[0];
    const at = action.start;
    const keyword = first.type === 'ident' && KEYWORDS.has(first.text) ? first.text : undefined;
    switch (keyword) {
      case undefined:
        top().body.push({ kind: 'action', pipe: readPipeline(tokens, at), at });
        return;
      case 'if':
      case 'with': {
        const node: TemplateNode = {
          kind: keyword,
          branches: [{ pipe: readPipeline(tokens.slice(1), at), body: [] }],
          at,
        };
        top().body.push(node);
        stack.push({ kind: keyword, at, body: node.branches[0].body, node, branch: 0 });
        return;
      }
      case 'range': {
        const node: TemplateNode = { kind: 'range', pipe: readPipeline(tokens.slice(1), at), body: [], at };
        top().body.push(node);
        stack.push({ kind: 'range', at, body: node.body, node });
        return;
      }
      case 'else': {
        const frame = top();
        const node = frame.node;
        if (!node || (node.kind !== 'if' && node.kind !== 'with' && node.kind !== 'range') || frame.branch === -1)
          throw new TemplateSyntaxError('unexpected {{else}}', at);
        if (
          node.kind !== 'range' &&
          tokens[1]?.type === 'ident' &&
          (tokens[1].text === 'if' || tokens[1].text === 'with')
        ) {
          const branch = { pipe: readPipeline(tokens.slice(2), at), body: [] as TemplateNode[] };
          node.branches.push(branch);
          frame.body = branch.body;
          frame.branch = node.branches.length - 1;
          return;
        }
        if (tokens.length > 1) throw new TemplateSyntaxError('unexpected tokens after else', at);
        const otherwise: TemplateNode[] = [];
        node.otherwise = otherwise;
        frame.body = otherwise;
        frame.branch = -1;
        return;
      }
      case 'end': {
        const frame = stack.pop();
        if (!frame || frame.kind === 'root') throw new TemplateSyntaxError('unexpected {{end}}', at);
        if (frame.kind === 'define' || frame.kind === 'block') defines.set(frame.name ?? '', frame.body);
        if (stack.length === 0) throw new TemplateSyntaxError('unexpected {{end}}', at);
        return;
      }
      case 'define':
      case 'block': {
        const name = tokens[1];
        if (name?.type !== 'string') throw new TemplateSyntaxError(`${keyword} needs a quoted name`, at);
        if (keyword === 'define' && stack.length > 1) throw new TemplateSyntaxError('define not at top level', at);
        if (keyword === 'block') {
          top().body.push({
            kind: 'template',
            name: name.value ?? '',
            pipe: readPipeline(tokens.slice(2), at, false),
            at,
          });
        }
        stack.push({ kind: keyword, at, body: [], name: name.value });
        return;
      }
      case 'template': {
        const name = tokens[1];
        if (name?.type !== 'string') throw new TemplateSyntaxError('template needs a quoted name', at);
        const rest = tokens.slice(2);
        top().body.push({
          kind: 'template',
          name: name.value ?? '',
          pipe: rest.length > 0 ? readPipeline(rest, at, false) : undefined,
          at,
        });
        return;
      }
      case 'break':
      case 'continue':
        if (!stack.some((f) => f.kind === 'range'))
          throw new TemplateSyntaxError(`{{${keyword}}} outside {{range}}`, at);
        top().body.push({ kind: keyword, at });
        return;
      default:
        throw new TemplateSyntaxError(`unexpected keyword ${keyword}`, at);
    }
  });
  if (textStart < text.length) top().body.push({ kind: 'text', start: textStart, end: text.length });
  if (stack.length > 1) throw new TemplateSyntaxError(`unclosed {{${top().kind}}}`, top().at);
  return { file, text, body: root.body, defines };
}
