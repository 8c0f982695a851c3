import type * as TS from 'typescript';

/**
 * The names a file declares that another file could use: its top-level functions, classes, variables and
 * enums, and every method or function-valued member anywhere in it (of a class, of an object a factory
 * returns). Read from the syntax alone; the checker is then asked only about identifiers of these names, which
 * keeps it from type-checking every expression of every caller.
 */
export function declaredNames(ts: typeof TS, source: TS.SourceFile): ReadonlySet<string> {
  let names = byFile.get(source);
  if (!names) byFile.set(source, (names = read(ts, source)));
  return names;
}

/** Source files are kept across runs while their text is unchanged (program.ts), and so are their names. */
const byFile = new WeakMap<TS.SourceFile, ReadonlySet<string>>();

function read(ts: typeof TS, source: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isClassDeclaration(statement)) {
      if (statement.name) names.add(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    }
  }
  const visit = (node: TS.Node): void => {
    const functionValued =
      ts.isMethodDeclaration(node) ||
      ((ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) &&
        node.initializer !== undefined &&
        (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer)));
    if (functionValued && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** A symbol's own name; for `export default function f` or `class C`, the declaration's (`f`, `C`). */
export function nameOf(ts: typeof TS, symbol: TS.Symbol, declaration: TS.Declaration | undefined): string | undefined {
  if (symbol.name !== 'default') return symbol.name;
  const name = (declaration as TS.NamedDeclaration | undefined)?.name;
  return name && ts.isIdentifier(name) ? name.text : undefined;
}
