import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '../../..');

/**
 * Where user-facing text is written: the editor (vscode.l10n.t) and the modules that speak through a `t` handed to
 * them (the workshop's checks and report, the assistants' names, the readiness assessment's problems).
 */
const SOURCES = [
  'src/editor',
  'src/workshop',
  'src/core/assistant-names.ts',
  'src/roadmap/assessment.ts',
  'src/extension.ts',
];

export interface L10nCall {
  file: string;
  line: number;
  /** The English text (the bundle's key); undefined when the first argument is not a string literal. */
  message?: string;
}

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full).flatMap((name) => sourceFiles(path.join(entry, name)));
}

/** A call of `vscode.l10n.t(…)`, `l10n.t(…)` or a translation handed in as `t(…)`. */
function isTranslation(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return callee.text === 't';
  return (
    ts.isPropertyAccessExpression(callee) && callee.name.text === 't' && /(^|\.)l10n$/.test(callee.expression.getText())
  );
}

/** Every translation call in the sources, with its English text. */
export function l10nCalls(): L10nCall[] {
  const calls: L10nCall[] = [];
  for (const file of SOURCES.flatMap(sourceFiles).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isTranslation(node.expression) && node.arguments.length > 0) {
        const first = node.arguments[0];
        calls.push({
          file: path.relative(ROOT, file),
          line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
          message: ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) ? first.text : undefined,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

export function readJson(file: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, string>;
}

/**
 * A panel's table as its host's function builds it, `key: vscode.l10n.t('English')`: the English of each key. Keys filled
 * otherwise (from a table of src/roadmap) are left out.
 */
export function panelStringCalls(file: string, functionName: string): Record<string, string> {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Record<string, string> = {};
  const builder = source.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === functionName);
  if (!builder) throw new Error(`${file} has no function ${functionName}`);
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      ts.isCallExpression(node.initializer) &&
      isTranslation(node.initializer.expression)
    ) {
      const first = node.initializer.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)))
        out[node.name.text] = first.text;
    }
    ts.forEachChild(node, visit);
  };
  visit(builder);
  return out;
}

/** Every text of a nested table by its path: `{ a: { b: 'x' }, c: ['y', 'z'] }` → `{ 'a.b': 'x', 'c.0': 'y', … }`. */
export function tableLeaves(table: unknown, prefix = ''): Record<string, string> {
  if (typeof table === 'string') return { [prefix]: table };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(table as Record<string, unknown>))
    Object.assign(out, tableLeaves(value, prefix ? `${prefix}.${key}` : key));
  return out;
}
