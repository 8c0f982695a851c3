import type * as TS from 'typescript';
import type { Range, TextEdit } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import type { FileModel } from './model';

/**
 * Minimal text edits on a component file, from node ranges: the file's own quoting, indentation and line
 * breaks stay as written. One instance per analysis (it knows the file's names, so new ones never collide).
 */
export class ReactEdits {
  /** Names handed out by `freshName` in this analysis. */
  private readonly reserved = new Set<string>();

  constructor(
    readonly model: FileModel,
    readonly lines: LineIndex,
  ) {}

  rangeOf(node: TS.Node): Range {
    return this.lines.rangeOf(node.getStart(this.model.source), node.end);
  }

  replace(node: TS.Node, newText: string): TextEdit {
    return { file: this.model.file, range: this.rangeOf(node), newText };
  }

  insertAt(offset: number, newText: string): TextEdit {
    return { file: this.model.file, range: this.lines.rangeOf(offset, offset), newText };
  }

  /** Text put on its own line(s) just before `statement`, at its indentation. */
  insertBefore(statement: TS.Node, text: string, blankLine = false): TextEdit {
    const start = statement.getStart(this.model.source);
    const indent = this.indentOf(start);
    const eol = this.lines.eol;
    return this.insertAt(start, `${text.split('\n').join(eol + indent)}${eol}${blankLine ? eol : ''}${indent}`);
  }

  /** Removes the lines of `node` (its first to its last line, with the line break after them). */
  deleteLines(node: TS.Node): TextEdit {
    const start = this.lines.positionAt(node.getStart(this.model.source));
    const end = this.lines.positionAt(node.end);
    const from = this.lines.lineStart(start.line);
    const to = end.line + 1 < this.lines.lineCount ? this.lines.nextLineStart(end.line) : this.model.text.length;
    return { file: this.model.file, range: this.lines.rangeOf(from, to), newText: '' };
  }

  /** Appends `items` to an array literal, after its last element (or inside `[]`), leaving the rest as written. */
  appendToList(list: TS.ArrayLiteralExpression, items: readonly string[]): TextEdit {
    const last = list.elements[list.elements.length - 1];
    if (last) return this.insertAt(last.end, `, ${items.join(', ')}`);
    return this.insertAt(list.getStart(this.model.source) + 1, items.join(', '));
  }

  /**
   * Removes elements of an array literal (by index) with the commas that separate them from the rest, one edit
   * per element so the rest keeps its layout: an element followed by a kept one goes up to that one's start; the
   * run after the last kept element goes from that element's end.
   */
  removeFromList(list: TS.ArrayLiteralExpression, indexes: readonly number[]): TextEdit[] {
    const source = this.model.source;
    const elements = list.elements;
    const removed = new Set(indexes);
    const kept = elements.map((_, i) => i).filter((i) => !removed.has(i));
    const lastKept = kept.length ? kept[kept.length - 1] : -1;
    const edit = (from: number, to: number): TextEdit => ({
      file: this.model.file,
      range: this.lines.rangeOf(from, to),
      newText: '',
    });
    const out = [...removed]
      .filter((i) => i < lastKept)
      .sort((a, b) => a - b)
      .map((i) => edit(elements[i].getStart(source), elements[i + 1].getStart(source)));
    const last = elements[elements.length - 1];
    if (lastKept < elements.length - 1)
      out.push(
        lastKept >= 0
          ? edit(elements[lastKept].end, last.end)
          : edit(elements[0].getStart(source), elements.hasTrailingComma ? list.getEnd() - 1 : last.end),
      );
    return out;
  }

  indentOf(offset: number): string {
    const line = this.lines.positionAt(offset).line;
    return /^[ \t]*/.exec(this.lines.lineText(line))![0];
  }

  /** A name no identifier of the file uses yet, from `base` (`base`, `base2`, …); reserved once handed out. */
  freshName(base: string): string {
    let name = base;
    for (let i = 2; this.reserved.has(name) || wordIn(this.model.text, name); i++) name = `${base}${i}`;
    this.reserved.add(name);
    return name;
  }

  /**
   * How to name React's export `name` here (`useCallback`, `React.useCallback`) and the import edit it needs:
   * an existing named import from 'react' is used or extended; otherwise a default or namespace import of React
   * is qualified; otherwise a new import line goes after the file's imports.
   */
  react(name: string, typeOnly = false): { text: string; edits: TextEdit[] } {
    const ts = this.model.ts;
    let namespace: string | undefined;
    let named: TS.NamedImports | undefined;
    for (const [local, binding] of this.model.imports) {
      if (binding.specifier !== 'react') continue;
      if (binding.name === name) return { text: local, edits: [] };
      if (binding.name === '*' || binding.name === 'default') namespace ??= local;
      const bindings = binding.declaration.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings) && !binding.declaration.importClause?.isTypeOnly) named ??= bindings;
    }
    if (named && named.elements.length) {
      const last = named.elements[named.elements.length - 1];
      return { text: name, edits: [this.insertAt(last.end, `, ${typeOnly ? 'type ' : ''}${name}`)] };
    }
    if (namespace) return { text: `${namespace}.${name}`, edits: [] };
    const imports = this.model.source.statements.filter((s) => ts.isImportDeclaration(s));
    const line = `import ${typeOnly ? 'type ' : ''}{ ${name} } from 'react';`;
    const eol = this.lines.eol;
    if (imports.length) return { text: name, edits: [this.insertAt(imports[imports.length - 1].end, `${eol}${line}`)] };
    return { text: name, edits: [this.insertAt(0, `${line}${eol}`)] };
  }
}

const WORD_CHAR = /[\w$]/;
const WORD_START = /[A-Za-z_$]/;
const WORD = /^[A-Za-z_$][\w$]*$/;

/**
 * Whether `name` is one of the words `/[A-Za-z_$][\w$]*\/g` finds in `text`: an occurrence not followed by a word
 * character, and not preceded by a run of word characters holding a letter (that word would go on through it).
 * Looked up per name rather than by collecting every word of the file into a set, which cost more than the
 * lookups it answered (the memo rules ask for a name per finding).
 */
export function wordIn(text: string, name: string): boolean {
  if (!WORD.test(name)) return false;
  occurrences: for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const after = at + name.length;
    if (after < text.length && WORD_CHAR.test(text[after])) continue;
    for (let before = at - 1; before >= 0 && WORD_CHAR.test(text[before]); before--)
      if (WORD_START.test(text[before])) continue occurrences;
    return true;
  }
  return false;
}
