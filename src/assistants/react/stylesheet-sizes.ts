import path from 'node:path';
import type * as TS from 'typescript';
import { alwaysApplied } from './class-sizes';
import { skipOuter } from './components';
import type { FileModel } from './model';

/** Stylesheets a component file imports: plain, CSS modules, Less and Sass. */
const STYLESHEET = /\.(css|less|scss|sass)$/;

/**
 * The stylesheets the file imports by a relative path (`import './Header.less'`, `import styles from
 * './Card.module.css'`), named as the document is, each with the local name its classes are read through
 * (`styles`) when it is a module.
 */
export function importedStylesheets(model: FileModel): { file: string; binding?: string }[] {
  const ts = model.ts;
  const dir = path.posix.dirname(model.file.replace(/\\/g, '/'));
  const out: { file: string; binding?: string }[] = [];
  for (const statement of model.source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    if (!/^\.\.?\//.test(specifier) || !STYLESHEET.test(specifier)) continue;
    const clause = statement.importClause;
    const named = clause?.namedBindings;
    const binding = clause?.name?.text ?? (named && ts.isNamespaceImport(named) ? named.name.text : undefined);
    out.push({ file: path.posix.join(dir, specifier), ...(binding ? { binding } : {}) });
  }
  return out;
}

/**
 * The classes a `className` always applies, as the source shows them: the words of a literal (or of `cn()`'s
 * string arguments), and `styles.image` or `styles['image']` read off a stylesheet module the file imports.
 */
export function classesOf(ts: typeof TS, className: TS.Expression, modules: ReadonlySet<string>): string[] {
  const node = skipOuter(ts, className);
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const object = skipOuter(ts, node.expression);
    if (!ts.isIdentifier(object) || !modules.has(object.text)) return [];
    if (ts.isPropertyAccessExpression(node)) return [node.name.text];
    const key = node.argumentExpression;
    return ts.isStringLiteralLike(key) ? [key.text] : [];
  }
  return alwaysApplied(ts, className);
}

/**
 * The classes a stylesheet gives a box of known size before an image arrives: a block whose selector ends in
 * that class (`.avatar`, `.header .avatar`, a Less or Sass block nested anywhere) setting `width` and a
 * `height` that is not a percentage or `auto` (a percentage of a parent sized by its content collapses), or an
 * `aspect-ratio`. Blocks under `@media` or another at-rule, and selectors with a state or a pseudo-element
 * (`:hover`, `::before`), apply only sometimes and do not count. Comments are skipped; anything the reader does
 * not follow (a mixin, an interpolated selector) sizes nothing.
 */
export function sizedClasses(css: string): Set<string> {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:])\/\/[^\n]*/g, '$1');
  const width = new Set<string>();
  const height = new Set<string>();
  const sized = new Set<string>();
  // Each open block: the classes its selector ends in, or undefined under an at-rule (and below it).
  const stack: (string[] | undefined)[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '{') {
      const selector = text.slice(start, i).trim();
      const conditional = selector.startsWith('@') || stack.some((s) => s === undefined);
      stack.push(conditional ? undefined : lastClasses(selector));
      start = i + 1;
    } else if (char === '}' || char === ';') {
      const classes = stack[stack.length - 1];
      const declaration = text.slice(start, i);
      const colon = declaration.indexOf(':');
      if (classes?.length && colon > 0) {
        const property = declaration.slice(0, colon).trim().toLowerCase();
        const value = declaration
          .slice(colon + 1)
          .replace(/!important/, '')
          .trim();
        for (const name of classes) {
          if (property === 'aspect-ratio' && value && value !== 'auto') sized.add(name);
          if (property === 'width' && value && value !== 'auto') width.add(name);
          if (property === 'height' && value && value !== 'auto' && !value.includes('%')) height.add(name);
        }
      }
      if (char === '}') stack.pop();
      start = i + 1;
    }
  }
  for (const name of width) if (height.has(name)) sized.add(name);
  return sized;
}

/**
 * `.header .avatar, img.thumb` → `avatar`, `thumb`: the class each selector of the list ends in. A selector
 * whose last part has a state or a pseudo-element, or that ends in no class, gives nothing.
 */
function lastClasses(selector: string): string[] {
  const out: string[] = [];
  for (const part of selector.split(',')) {
    const last =
      part
        .trim()
        .split(/[\s>+~]+/)
        .pop() ?? '';
    if (last.includes(':') || last.includes('&')) continue;
    const classes = last.match(/\.-?[A-Za-z_][\w-]*/g);
    if (classes) out.push(...classes.map((c) => c.slice(1)));
  }
  return out;
}
