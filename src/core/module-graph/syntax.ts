import type * as TS from 'typescript';
import { CALL_TEXT, scanModuleSyntax } from './token-syntax';

/** What one module says about its imports and exports, read from its syntax alone (nothing resolved). */

export interface Span {
  start: number;
  end: number;
}

/**
 * How a module is referenced: `import`, `export … from` (a named re-export), `export * from`, a dynamic
 * `import()`, a `require()` call, `import x = require()`.
 */
export type ReferenceKind = 'import' | 're-export' | 'export-star' | 'dynamic' | 'require' | 'import-equals';

export interface ImportedName {
  /** The name in the other module: an export name, `default`, or `*` for the whole namespace. */
  name: string;
  /** The binding in this module (`import { a as b }`: b); for a re-export, the name it is exported as. */
  local: string;
  span: Span;
  typeOnly: boolean;
}

export interface ModuleReference {
  specifier: string;
  kind: ReferenceKind;
  /** The specifier's string literal, quotes included. */
  span: Span;
  /** Empty for a side-effect import, `export * from`, and a dynamic import or require whose use is not read. */
  names: ImportedName[];
  typeOnly: boolean;
}

export interface ExportedName {
  /** The name other modules import: `default` for a default export. */
  name: string;
  /** The binding exported (`export { a as b }`: a); absent for a declaration or an expression. */
  local?: string;
  span: Span;
  typeOnly: boolean;
}

export interface ModuleSyntax {
  references: ModuleReference[];
  /** Names this module exports itself (re-exports are references). */
  exports: ExportedName[];
}

/** The extensions the graph reads; `.d.ts` files are read too (they declare what packages export). */
export const MODULE_FILE = /\.(?:[cm]?[jt]sx?)$/;

function scriptKind(ts: typeof TS, file: string): TS.ScriptKind {
  if (/\.[cm]?tsx$/.test(file) || file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

const spanOf = (node: TS.Node, source: TS.SourceFile): Span => ({ start: node.getStart(source), end: node.end });

/** `{ a, b as c }` of an import or a re-export: the other module's name and the one given here. */
function specifierNames(
  elements: readonly (TS.ImportSpecifier | TS.ExportSpecifier)[],
  source: TS.SourceFile,
  typeOnly: boolean,
): ImportedName[] {
  return elements.map((element) => ({
    name: (element.propertyName ?? element.name).text,
    local: element.name.text,
    span: spanOf(element, source),
    typeOnly: typeOnly || element.isTypeOnly,
  }));
}

/**
 * Imports, re-exports and exports of a module. `parsed` is the text's tree when the caller has it already
 * (parsed with or without parent pointers); without it, the module's tokens are read (token-syntax.ts), and the
 * text is parsed only when they cannot answer alone.
 */
export function readModuleSyntax(ts: typeof TS, file: string, text: string, parsed?: TS.SourceFile): ModuleSyntax {
  return (parsed ? undefined : scanModuleSyntax(ts, file, text)) ?? parseModuleSyntax(ts, file, text, parsed);
}

/**
 * Imports, re-exports and exports from the syntax tree. Top-level statements carry all but `import()` and
 * `require()`, which may sit anywhere: the whole tree is walked for them only when the text mentions either word.
 */
export function parseModuleSyntax(ts: typeof TS, file: string, text: string, parsed?: TS.SourceFile): ModuleSyntax {
  const source = parsed ?? ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(ts, file));
  const references: ModuleReference[] = [];
  const exports: ExportedName[] = [];
  const hasModifier = (node: TS.Node, kind: TS.SyntaxKind) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);

  const addDeclaredName = (name: TS.BindingName | TS.Identifier | undefined, typeOnly: boolean) => {
    if (!name) return;
    if (ts.isIdentifier(name)) {
      exports.push({ name: name.text, span: spanOf(name, source), typeOnly });
      return;
    }
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) addDeclaredName(element.name, typeOnly);
  };

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typeOnly = clause?.isTypeOnly ?? false;
      const names: ImportedName[] = [];
      if (clause?.name)
        names.push({ name: 'default', local: clause.name.text, span: spanOf(clause.name, source), typeOnly });
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings))
        names.push({ name: '*', local: bindings.name.text, span: spanOf(bindings.name, source), typeOnly });
      else if (bindings) names.push(...specifierNames(bindings.elements, source, typeOnly));
      references.push({
        specifier: statement.moduleSpecifier.text,
        kind: 'import',
        span: spanOf(statement.moduleSpecifier, source),
        names,
        typeOnly,
      });
    } else if (ts.isExportDeclaration(statement)) {
      const typeOnly = statement.isTypeOnly;
      const clause = statement.exportClause;
      if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const names: ImportedName[] = [];
        if (clause && ts.isNamespaceExport(clause))
          names.push({ name: '*', local: clause.name.text, span: spanOf(clause.name, source), typeOnly });
        else if (clause) names.push(...specifierNames(clause.elements, source, typeOnly));
        references.push({
          specifier: statement.moduleSpecifier.text,
          kind: clause ? 're-export' : 'export-star',
          span: spanOf(statement.moduleSpecifier, source),
          names,
          typeOnly,
        });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements)
          exports.push({
            name: element.name.text,
            local: (element.propertyName ?? element.name).text,
            span: spanOf(element, source),
            typeOnly: typeOnly || element.isTypeOnly,
          });
      }
    } else if (ts.isExportAssignment(statement)) {
      const local = ts.isIdentifier(statement.expression) ? statement.expression.text : undefined;
      exports.push({
        name: statement.isExportEquals ? 'export=' : 'default',
        ...(local ? { local } : {}),
        span: spanOf(statement, source),
        typeOnly: false,
      });
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression))
        references.push({
          specifier: reference.expression.text,
          kind: 'import-equals',
          span: spanOf(reference.expression, source),
          names: [{ name: '*', local: statement.name.text, span: spanOf(statement.name, source), typeOnly: false }],
          typeOnly: statement.isTypeOnly,
        });
    } else if (ts.isExpressionStatement(statement)) {
      exports.push(...commonJsExports(ts, statement.expression, source));
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      const typeOnly = ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement);
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) addDeclaredName(declaration.name, false);
      } else if (isDefault) {
        const named = statement as TS.DeclarationStatement;
        exports.push({
          name: 'default',
          ...(named.name && ts.isIdentifier(named.name) ? { local: named.name.text } : {}),
          span: spanOf(named.name ?? statement, source),
          typeOnly,
        });
      } else {
        const named = statement as TS.DeclarationStatement;
        if (named.name && ts.isIdentifier(named.name)) addDeclaredName(named.name, typeOnly);
      }
    }
  }

  if (CALL_TEXT.test(text)) collectCalls(ts, source, references);
  return { references, exports };
}

/**
 * CommonJS exports at the top level: `exports.a = …` and `module.exports.a = …` export `a`;
 * `module.exports = { a, b: c }` exports `a` and `b` (a shorthand keeps its local binding, so a required name
 * passed on is followed); `module.exports = x` is the module itself (`export=`).
 */
function commonJsExports(ts: typeof TS, expression: TS.Expression, source: TS.SourceFile): ExportedName[] {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
  const target = expression.left;
  const isModuleExports = (node: TS.Node) =>
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'module' &&
    node.name.text === 'exports';
  if (isModuleExports(target)) {
    const value = expression.right;
    if (!ts.isObjectLiteralExpression(value)) {
      const local = ts.isIdentifier(value) ? value.text : undefined;
      return [{ name: 'export=', ...(local ? { local } : {}), span: spanOf(target, source), typeOnly: false }];
    }
    return value.properties.flatMap((property): ExportedName[] => {
      if (ts.isShorthandPropertyAssignment(property))
        return [
          { name: property.name.text, local: property.name.text, span: spanOf(property, source), typeOnly: false },
        ];
      if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) return [];
      const local =
        ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer)
          ? property.initializer.text
          : undefined;
      return [
        { name: property.name.text, ...(local ? { local } : {}), span: spanOf(property, source), typeOnly: false },
      ];
    });
  }
  if (
    ts.isPropertyAccessExpression(target) &&
    ((ts.isIdentifier(target.expression) && target.expression.text === 'exports') || isModuleExports(target.expression))
  ) {
    const local = ts.isIdentifier(expression.right) ? expression.right.text : undefined;
    return [
      { name: target.name.text, ...(local ? { local } : {}), span: spanOf(target.name, source), typeOnly: false },
    ];
  }
  return [];
}

/** `import('x')` and `require('x')` anywhere, with the names taken when the result is destructured at once. */
function collectCalls(ts: typeof TS, source: TS.SourceFile, references: ModuleReference[]): void {
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0])) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) {
        const literal = node.arguments[0];
        references.push({
          specifier: literal.text,
          kind: isImport ? 'dynamic' : 'require',
          span: { start: literal.getStart(source), end: literal.end },
          names: isRequire ? destructuredNames(ts, node, source) : [],
          typeOnly: false,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
}

/**
 * `const { a, b: c } = require('x')` and `const x = require('x')` (the whole module, `*`): the names a module
 * takes from a require, as an import would list them.
 */
function destructuredNames(ts: typeof TS, call: TS.CallExpression, source: TS.SourceFile): ImportedName[] {
  const parent = findParentDeclaration(ts, call, source);
  if (parent && ts.isIdentifier(parent.name))
    return [{ name: '*', local: parent.name.text, span: spanOf(parent.name, source), typeOnly: false }];
  if (!parent || !ts.isObjectBindingPattern(parent.name)) return [];
  const names: ImportedName[] = [];
  for (const element of parent.name.elements) {
    const imported = element.propertyName ?? element.name;
    if (!ts.isIdentifier(imported) || !ts.isIdentifier(element.name)) continue;
    names.push({ name: imported.text, local: element.name.text, span: spanOf(element, source), typeOnly: false });
  }
  return names;
}

/** The tree is parsed without parent links (faster); the declaration whose initialiser is the call, if any. */
function findParentDeclaration(
  ts: typeof TS,
  call: TS.CallExpression,
  source: TS.SourceFile,
): TS.VariableDeclaration | undefined {
  let found: TS.VariableDeclaration | undefined;
  const visit = (node: TS.Node): void => {
    if (found || node.pos > call.pos || node.end < call.end) return;
    if (ts.isVariableDeclaration(node) && node.initializer === call) found = node;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}
