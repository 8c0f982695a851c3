import type * as TS from 'typescript';
import type { ModuleGraph } from '../../../core/module-graph';

/**
 * The top-level names an edit of a module changes: those its added, removed or changed statements declare, and
 * those of the statements that mention one of them (an inferred type follows what it is computed from). Undefined
 * when the edit changes what the names alone do not say: a default export, `export =`, `export *`, a statement
 * that declares nothing (a side effect, a side-effect import), a global or ambient declaration.
 */
export function editedNames(ts: typeof TS, file: string, before: string, after: string): Set<string> | undefined {
  const old = statementsOf(ts, file, before);
  const now = statementsOf(ts, file, after);
  const remaining = new Map<string, number>();
  for (const { text } of old) remaining.set(text, (remaining.get(text) ?? 0) + 1);
  const kept: { text: string; names: string[] | undefined }[] = [];
  const names = new Set<string>();
  for (const statement of now) {
    const count = remaining.get(statement.text) ?? 0;
    if (count > 0) {
      remaining.set(statement.text, count - 1);
      kept.push(statement);
      continue;
    }
    if (!statement.names) return undefined;
    for (const name of statement.names) names.add(name);
  }
  for (const statement of old) {
    const count = remaining.get(statement.text) ?? 0;
    if (count === 0) continue;
    remaining.set(statement.text, count - 1);
    if (!statement.names) return undefined;
    for (const name of statement.names) names.add(name);
  }
  for (let grew = names.size > 0; grew;) {
    grew = false;
    const mentions = mentionOf(names);
    for (const statement of kept) {
      if (!mentions.test(statement.text)) continue;
      if (!statement.names) return undefined;
      for (const name of statement.names)
        if (!names.has(name)) {
          names.add(name);
          grew = true;
        }
    }
  }
  return names;
}

/** A test for a text that uses one of the names as a whole identifier. */
export function mentionOf(names: ReadonlySet<string>): RegExp {
  const escaped = [...names].map((name) => name.replace(/[$]/g, '\\$'));
  return escaped.length ? new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`) : /(?!)/;
}

/**
 * Files that take a module whole (a namespace import, `import()`, `require`), the module itself or through
 * barrels that pass it on: the object they hold gains or loses members with any export of it.
 */
export function wholeModuleUsers(graph: ModuleGraph, file: string, files: Iterable<string>): string[] {
  const passing = new Set([file]);
  const all = [...files];
  for (let grew = true; grew;) {
    grew = false;
    for (const other of all) {
      if (passing.has(other)) continue;
      const passes = graph
        .module(other)
        ?.references.some(
          (r) => (r.kind === 're-export' || r.kind === 'export-star') && r.target && passing.has(r.target),
        );
      if (passes) {
        passing.add(other);
        grew = true;
      }
    }
  }
  return all.filter((other) =>
    graph
      .module(other)
      ?.references.some(
        (r) =>
          r.target !== undefined &&
          passing.has(r.target) &&
          r.kind !== 're-export' &&
          r.kind !== 'export-star' &&
          (r.names.length === 0 || r.names.some((n) => n.name === '*')),
      ),
  );
}

function statementsOf(ts: typeof TS, file: string, text: string): { text: string; names: string[] | undefined }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return source.statements.map((statement) => ({
    text: text.slice(statement.getStart(source), statement.end),
    names: declaredBy(ts, statement),
  }));
}

/** The names a top-level statement declares or exports; undefined when it does more than declare names. */
function declaredBy(ts: typeof TS, statement: TS.Statement): string[] | undefined {
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  if (modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return undefined;
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement)
  )
    return statement.name ? [statement.name.text] : undefined;
  if (ts.isModuleDeclaration(statement))
    return ts.isIdentifier(statement.name) && statement.name.text !== 'global' ? [statement.name.text] : undefined;
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.flatMap((declaration) => bindingNames(ts, declaration.name));
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return undefined;
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    else if (bindings) for (const element of bindings.elements) names.push(element.name.text);
    return names;
  }
  if (ts.isImportEqualsDeclaration(statement)) return [statement.name.text];
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    if (!clause || !ts.isNamedExports(clause)) return undefined;
    return clause.elements.flatMap((element) =>
      element.propertyName ? [element.name.text, element.propertyName.text] : [element.name.text],
    );
  }
  if (ts.isEmptyStatement(statement)) return [];
  return undefined;
}

function bindingNames(ts: typeof TS, name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(ts, element.name)));
}
