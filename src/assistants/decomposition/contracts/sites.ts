import type * as TS from 'typescript';
import type { Range } from '../../../core/finding';
import { nameOf } from './names';

export type OperationKind = 'function' | 'method' | 'constructor' | 'constant';

/** Something another service defines that a caller uses: the declaration the checker resolved the use to. */
export interface Target {
  /** `file#symbol`: one operation, however many sites reach it. */
  key: string;
  kind: OperationKind;
  /** The service that defines it. */
  service: string;
  /** Workspace path of the defining file. */
  file: string;
  /** `placeOrder`, `OrdersService.create`, `new PaymentProvider`, `config`. */
  symbol: string;
  /** The member name for a method, the class for a constructor, the binding otherwise. */
  member: string;
  /** The container of a method (its class or object), absent otherwise. */
  container?: string;
  /** The symbol whose type gives the signature (the function, the method, the class, the constant). */
  typed: TS.Symbol;
  declaration: TS.Declaration;
}

/** A site as counted once its checker is gone (chatty pairs, a synthesis that keeps it): no symbols. */
export type CountedSite = Omit<Site, 'target'> & { target: Omit<Target, 'typed' | 'declaration'> };

export function countedSite(site: Site): CountedSite {
  const { key, kind, service, file, symbol, member, container } = site.target;
  return { ...site, target: { key, kind, service, file, symbol, member, ...(container ? { container } : {}) } };
}

/** A loop around a site: the call runs once per element, a network round trip each once split. */
export type LoopKind = 'for' | 'while' | 'map' | 'forEach' | 'other-iteration';

export interface Site {
  target: Target;
  /** The caller's service and workspace file. */
  service: string;
  file: string;
  range: Range;
  loop?: { kind: LoopKind; range: Range };
}

const ITERATING = new Map<string, LoopKind>([
  ['map', 'map'],
  ['flatMap', 'map'],
  ['forEach', 'forEach'],
  ['filter', 'other-iteration'],
  ['reduce', 'other-iteration'],
  ['some', 'other-iteration'],
  ['every', 'other-iteration'],
  ['find', 'other-iteration'],
]);

/**
 * The uses in `source` (a file of service `service`) of functions, methods, classes and constants that a file of
 * another service declares, resolved by the checker: through imports, barrels, namespace imports, instances
 * imported from the other service, and constructor-injected classes (`this.orders.create()` resolves to
 * `OrdersService.create`). Type positions are not uses; a data property of another service's type is not one
 * either (the type is part of the contract, not an operation); nor is a decorator (`@User()`, `@UsePipes(new
 * ValidationPipe())`): framework wiring that runs where it is declared, for a shared library, not a call.
 */
export function sitesIn(
  ts: typeof TS,
  checker: TS.TypeChecker,
  source: TS.SourceFile,
  file: string,
  service: string,
  serviceOf: (programPath: string) => { service: string; file: string } | undefined,
  /** Whether an identifier of this name can be a use of another service: the checker is asked about no other. */
  interesting: (name: string) => boolean,
): Site[] {
  const sites: Site[] = [];
  const visit = (node: TS.Node): void => {
    if (
      ts.isImportDeclaration(node) ||
      ts.isExportDeclaration(node) ||
      ts.isImportEqualsDeclaration(node) ||
      ts.isTypeNode(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isHeritageClause(node) ||
      ts.isDecorator(node)
    )
      return;
    if (ts.isIdentifier(node)) {
      if (!interesting(node.text)) return;
      const target = targetOf(ts, checker, node, service, serviceOf);
      if (target) sites.push({ target, service, file, range: rangeOf(source, node), ...loopAround(ts, source, node) });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

function targetOf(
  ts: typeof TS,
  checker: TS.TypeChecker,
  node: TS.Identifier,
  service: string,
  serviceOf: (programPath: string) => { service: string; file: string } | undefined,
): Target | undefined {
  const parent = node.parent;
  if (isDeclarationName(ts, node)) return undefined;
  let symbol = ts.isShorthandPropertyAssignment(parent)
    ? checker.getShorthandAssignmentValueSymbol(parent)
    : checker.getSymbolAtLocation(node);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!declaration) return undefined;
  const owner = serviceOf(declaration.getSourceFile().fileName);
  if (!owner || owner.service === service) return undefined;
  const base = { service: owner.service, file: owner.file, typed: symbol, declaration };
  const key = (name: string) => `${owner.file}#${name}`;
  // A default export goes by its declaration's name, else by the name the caller gave it on import.
  const own = nameOf(ts, symbol, declaration) ?? node.text;

  if (ts.isExportAssignment(declaration)) {
    const value = declaration.expression;
    if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value)) return undefined;
    return { ...base, key: key('default'), kind: 'function', symbol: own, member: own };
  }

  if (ts.isFunctionDeclaration(declaration) || isFunctionValued(ts, declaration)) {
    const container = containerOf(ts, declaration);
    if (container) {
      const name = `${container}.${own}`;
      return { ...base, key: key(name), kind: 'method', symbol: name, member: own, container };
    }
    return { ...base, key: key(own), kind: 'function', symbol: own, member: own };
  }
  if (ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) {
    const container = containerOf(ts, declaration) ?? 'object';
    const name = `${container}.${own}`;
    return { ...base, key: key(name), kind: 'method', symbol: name, member: own, container };
  }
  if (ts.isClassDeclaration(declaration) || ts.isClassExpression(declaration)) {
    if (!(ts.isNewExpression(parent) && parent.expression === node)) return undefined;
    const name = `new ${own}`;
    return { ...base, key: key(name), kind: 'constructor', symbol: name, member: own };
  }
  if (ts.isVariableDeclaration(declaration) && isTopLevel(ts, declaration)) {
    // The receiver of a member that is itself an operation (`bus.publish()`): the member is the use.
    const used = ts.isPropertyAccessExpression(parent) && parent.name === node ? parent : node;
    const access = used.parent;
    if (ts.isPropertyAccessExpression(access) && access.expression === used) {
      const member = checker.getSymbolAtLocation(access.name);
      const memberDeclaration = member?.valueDeclaration ?? member?.declarations?.[0];
      if (
        memberDeclaration &&
        (ts.isMethodDeclaration(memberDeclaration) ||
          ts.isMethodSignature(memberDeclaration) ||
          isFunctionValued(ts, memberDeclaration))
      )
        return undefined;
    }
    return { ...base, key: key(own), kind: 'constant', symbol: own, member: own };
  }
  return undefined;
}

function isDeclarationName(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent as TS.Node & { name?: TS.Node };
  if (ts.isPropertyAccessExpression(parent) || ts.isShorthandPropertyAssignment(parent)) return false;
  return parent.name === node || ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent);
}

function isFunctionValued(ts: typeof TS, declaration: TS.Declaration): boolean {
  const initializer =
    ts.isVariableDeclaration(declaration) ||
    ts.isPropertyDeclaration(declaration) ||
    ts.isPropertyAssignment(declaration)
      ? declaration.initializer
      : undefined;
  return initializer !== undefined && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer));
}

/** The class or the object (by its variable's name) a member belongs to. */
function containerOf(ts: typeof TS, declaration: TS.Declaration): string | undefined {
  const parent = declaration.parent;
  if ((ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) && parent.name) return parent.name.text;
  if (ts.isInterfaceDeclaration(parent)) return parent.name.text;
  if (ts.isObjectLiteralExpression(parent)) {
    const holder = parent.parent;
    if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
    const factory = enclosingFunctionName(ts, parent);
    return factory ? `${factory}()` : 'object';
  }
  return undefined;
}

/** The name of the function an object is made in (`createRateLimit` for the object it returns). */
function enclosingFunctionName(ts: typeof TS, node: TS.Node): string | undefined {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current)) return current.name?.getText();
    if ((ts.isArrowFunction(current) || ts.isFunctionExpression(current)) && ts.isVariableDeclaration(current.parent))
      return current.parent.name.getText();
  }
  return undefined;
}

function isTopLevel(ts: typeof TS, declaration: TS.VariableDeclaration): boolean {
  const statement = declaration.parent?.parent;
  return statement !== undefined && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

/**
 * The innermost loop the site runs in, within its function: a `for`/`while` statement, or a callback given to
 * an iterating array method (`.map`, `.forEach`, …). Another function boundary ends the search, as a function
 * declared in a loop does not run per element unless it is the loop's callback.
 */
function loopAround(ts: typeof TS, source: TS.SourceFile, node: TS.Node): { loop?: Site['loop'] } {
  let child: TS.Node = node;
  for (let current = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
    if (ts.isForStatement(current) || ts.isForOfStatement(current) || ts.isForInStatement(current))
      if (child === current.statement) return { loop: { kind: 'for', range: rangeOf(source, current) } };
    if ((ts.isWhileStatement(current) || ts.isDoStatement(current)) && child === current.statement)
      return { loop: { kind: 'while', range: rangeOf(source, current) } };
    if (ts.isFunctionLike(current)) {
      const call = current.parent;
      if (
        call &&
        ts.isCallExpression(call) &&
        call.arguments.includes(current as unknown as TS.Expression) &&
        ts.isPropertyAccessExpression(call.expression)
      ) {
        const kind = ITERATING.get(call.expression.name.text);
        if (kind) return { loop: { kind, range: rangeOf(source, call) } };
      }
      return {};
    }
  }
  return {};
}

export function rangeOf(source: TS.SourceFile, node: TS.Node): Range {
  const start = source.getLineAndCharacterOfPosition(node.getStart(source));
  const end = source.getLineAndCharacterOfPosition(node.end);
  return { start, end };
}
