import type * as TS from 'typescript';

/**
 * Names and the scopes that declare them, read from the syntax tree alone (no type checker: a rule must cost
 * microseconds). Good enough for what the rules ask: which of a component's own values an expression uses
 * (the dependencies of a `useCallback`), and whether it uses a value of a callback around it (then it cannot
 * move out of that callback).
 */

export type FunctionLike =
  | TS.FunctionDeclaration
  | TS.FunctionExpression
  | TS.ArrowFunction
  | TS.MethodDeclaration
  | TS.ConstructorDeclaration
  | TS.GetAccessorDeclaration
  | TS.SetAccessorDeclaration;

// By kind, from a table: the model's walk asks this of every node of every file (2% of the React bench's run as
// seven calls of TypeScript's guards).
let functionKinds: ReadonlySet<TS.SyntaxKind> | undefined;

export function isFunctionLike(ts: typeof TS, node: TS.Node): node is FunctionLike {
  functionKinds ??= new Set([
    ts.SyntaxKind.FunctionDeclaration,
    ts.SyntaxKind.FunctionExpression,
    ts.SyntaxKind.ArrowFunction,
    ts.SyntaxKind.MethodDeclaration,
    ts.SyntaxKind.Constructor,
    ts.SyntaxKind.GetAccessor,
    ts.SyntaxKind.SetAccessor,
  ]);
  return functionKinds.has(node.kind);
}

/** The names a binding pattern (or a plain name) declares. */
export function bindingNames(ts: typeof TS, name: TS.BindingName | TS.PropertyName | undefined): string[] {
  if (!name) return [];
  if (ts.isIdentifier(name)) return [name.text];
  if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name))
    return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(ts, element.name)));
  return [];
}

/**
 * Every name declared inside `root` (parameters, variables, functions, classes, catch clauses), nested functions
 * included: what an expression declares for itself and so does not take from around it.
 */
export function declaredWithin(ts: typeof TS, root: TS.Node): Set<string> {
  const names = new Set<string>();
  const stack: TS.Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isBindingElement(node))
      for (const name of bindingNames(ts, node.name)) names.add(name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) names.add(node.name.text);
    else if ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name) names.add(node.name.text);
    else if (ts.isCatchClause(node) && node.variableDeclaration)
      for (const name of bindingNames(ts, node.variableDeclaration.name)) names.add(name);
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return names;
}

// Kept per function node: the rules and the dependency analysis ask for the same component's locals many times
// (the React bench's profile: 4% of a run in this walk alone), and a parsed tree never changes.
const LOCALS = new WeakMap<FunctionLike, ReadonlySet<string>>();

/**
 * The names a function's own scope declares: its parameters and what its body declares outside nested
 * functions (blocks inside it included). Nested functions' names count, their insides do not.
 */
export function localsOf(ts: typeof TS, fn: FunctionLike): ReadonlySet<string> {
  let names = LOCALS.get(fn);
  if (!names) LOCALS.set(fn, (names = collectLocals(ts, fn)));
  return names;
}

function collectLocals(ts: typeof TS, fn: FunctionLike): Set<string> {
  const names = new Set<string>();
  for (const parameter of fn.parameters) for (const name of bindingNames(ts, parameter.name)) names.add(name);
  if (fn.name && ts.isIdentifier(fn.name) && !ts.isFunctionDeclaration(fn)) names.add(fn.name.text);
  const body = fn.body;
  if (!body) return names;
  // Only statements declare (a catch clause's variable included): expressions hold declarations only inside
  // functions and classes, whose insides are not this function's, so the walk never enters one (walking every
  // node of each render was most of the memo rules' fixes). A body that is itself a function or a class (`() =>
  // function () {…}`) has its own statements counted too, as a walk of every node below `body` would.
  if (ts.isBlock(body)) addDeclared(ts, body, names);
  else if (isFunctionLike(ts, body) && body.body && ts.isBlock(body.body)) addDeclared(ts, body.body, names);
  else if (ts.isClassLike(body))
    for (const member of body.members)
      if (ts.isClassStaticBlockDeclaration(member)) addDeclared(ts, member.body, names);
  return names;
}

/** The names `statement` and the statements nested in it declare, nested functions' and classes' insides left out. */
function addDeclared(ts: typeof TS, statement: TS.Node, names: Set<string>): void {
  const K = ts.SyntaxKind;
  switch (statement.kind) {
    case K.VariableStatement:
      return addList(ts, (statement as TS.VariableStatement).declarationList, names);
    case K.FunctionDeclaration:
    case K.ClassDeclaration: {
      const name = (statement as TS.FunctionDeclaration | TS.ClassDeclaration).name;
      if (name) names.add(name.text);
      return;
    }
    case K.Block:
    case K.ModuleBlock:
      for (const inner of (statement as TS.Block | TS.ModuleBlock).statements) addDeclared(ts, inner, names);
      return;
    case K.IfStatement: {
      const { thenStatement, elseStatement } = statement as TS.IfStatement;
      addDeclared(ts, thenStatement, names);
      if (elseStatement) addDeclared(ts, elseStatement, names);
      return;
    }
    case K.ForStatement:
    case K.ForInStatement:
    case K.ForOfStatement: {
      const loop = statement as TS.ForStatement | TS.ForInStatement | TS.ForOfStatement;
      if (loop.initializer && ts.isVariableDeclarationList(loop.initializer)) addList(ts, loop.initializer, names);
      return addDeclared(ts, loop.statement, names);
    }
    case K.WhileStatement:
    case K.DoStatement:
    case K.LabeledStatement:
    case K.WithStatement:
      return addDeclared(ts, (statement as TS.WhileStatement).statement, names);
    case K.SwitchStatement:
      for (const clause of (statement as TS.SwitchStatement).caseBlock.clauses)
        for (const inner of clause.statements) addDeclared(ts, inner, names);
      return;
    case K.TryStatement: {
      const { tryBlock, catchClause, finallyBlock } = statement as TS.TryStatement;
      addDeclared(ts, tryBlock, names);
      if (catchClause?.variableDeclaration)
        for (const name of bindingNames(ts, catchClause.variableDeclaration.name)) names.add(name);
      if (catchClause) addDeclared(ts, catchClause.block, names);
      if (finallyBlock) addDeclared(ts, finallyBlock, names);
      return;
    }
    case K.ModuleDeclaration: {
      const inner = (statement as TS.ModuleDeclaration).body;
      if (inner) addDeclared(ts, inner, names);
      return;
    }
    default:
      return;
  }
}

function addList(ts: typeof TS, list: TS.VariableDeclarationList, names: Set<string>): void {
  for (const declaration of list.declarations) for (const name of bindingNames(ts, declaration.name)) names.add(name);
}

/** The names a module declares at its top level (imports included). */
export function moduleNames(ts: typeof TS, source: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        for (const name of bindingNames(ts, declaration.name)) names.add(name);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isImportEqualsDeclaration(statement)) &&
      statement.name
    )
      names.add(statement.name.text);
  }
  return names;
}

/**
 * Identifiers `root` reads that it does not declare itself, in order of first use: property names, JSX attribute
 * names, intrinsic tags, labels and types are not reads. `this` is reported as `this`.
 */
export function freeIdentifiers(ts: typeof TS, root: TS.Node): string[] {
  const declared = declaredWithin(ts, root);
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (name: string) => {
    if (declared.has(name) || seen.has(name)) return;
    seen.add(name);
    out.push(name);
  };
  const visit = (node: TS.Node): void => {
    if (ts.isTypeNode(node) || ts.isTypeParameterDeclaration(node)) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword) return add('this');
    if (ts.isIdentifier(node)) {
      if (isRead(ts, node)) add(node.text);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return out;
}

/** An identifier that reads a binding (not a property name, a declaration's name, a label or a type). */
export function isRead(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if (
    (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) &&
    parent.name === node
  )
    return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if (ts.isJsxAttribute(parent)) return false;
  if (ts.isJsxClosingElement(parent)) return false;
  if ((ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent)) && parent.tagName === node)
    return /^[A-Z_$]/.test(node.text);
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isFunctionLike(parent) ||
      ts.isClassLike(parent)) &&
    (parent as { name?: TS.Node }).name === node
  )
    return false;
  return true;
}
