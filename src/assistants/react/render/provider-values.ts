import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import { LineIndex } from '../../../core/text';
import type { ComponentDef } from '../components';
import type { FileModel, JsxAttribute, JsxUse } from '../model';

/** A binding the harness imports for a provider's value, resolved the way the call site's file resolves it. */
export interface ValueImport {
  /** The harness's local name (unique in the harness). */
  local: string;
  /** As written in the call site's file: `./app/store`, `@/lib/query-client`, `@tanstack/react-query`. */
  specifier: string;
  /** The folder the specifier is resolved from: the call site file's (its aliases and node_modules apply). */
  fromDir: string;
  /** The other module's name: an export name, `default`, or `*`. */
  name: string;
}

/** A computed provider prop the harness can give: the value's JavaScript source and what it needs. */
export interface ProviderValue {
  source: string;
  imports: ValueImport[];
  /** `const` declarations the source needs, in order: module constants or component locals, carried over. */
  declarations: string[];
  /** How the value is made, for the report: the app's own import, the app's own expression, or a fresh instance. */
  how: string;
}

/** Names every module can read in a browser: left as they are in a carried-over expression. */
const GLOBALS = new Set([
  'undefined',
  'NaN',
  'Infinity',
  'globalThis',
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'console',
  'Math',
  'JSON',
  'Date',
  'Object',
  'Array',
  'Number',
  'String',
  'Boolean',
  'Symbol',
  'Promise',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Error',
  'TypeError',
  'RegExp',
  'URL',
  'URLSearchParams',
  'Intl',
  'parseInt',
  'parseFloat',
  'encodeURIComponent',
  'decodeURIComponent',
  'setTimeout',
  'clearTimeout',
]);

/** The most source a value may carry over (its expression and the declarations it needs). */
const MAX_SOURCE = 20_000;
/** How deep declarations may depend on declarations. */
const MAX_DEPTH = 8;

/**
 * Providers whose value the app makes where the harness cannot (a prop of the shell, a hook's result): a fresh
 * instance made with the project's own package, as the package's docs make one for tests. Keyed by the package the
 * provider is imported from and its export name; only the prop named is given.
 */
const FRESH: Record<
  string,
  {
    prop: string;
    from: string;
    imports: string[];
    make: (n: string[]) => string;
    what: string;
    /** Given even where the app's own expression could be carried over (see SWRConfig). */
    preferred?: boolean;
  }
> = {
  '@tanstack/react-query#QueryClientProvider': {
    prop: 'client',
    from: '@tanstack/react-query',
    imports: ['QueryClient'],
    make: ([QueryClient]) => `new ${QueryClient}({ defaultOptions: { queries: { retry: false } } })`,
    what: 'a fresh QueryClient of @tanstack/react-query (retries off)',
  },
  'react-query#QueryClientProvider': {
    prop: 'client',
    from: 'react-query',
    imports: ['QueryClient'],
    make: ([QueryClient]) => `new ${QueryClient}({ defaultOptions: { queries: { retry: false } } })`,
    what: 'a fresh QueryClient of react-query (retries off)',
  },
  // urql's hooks need a client from its Provider; 4.x wants its exchanges named (cacheExchange and fetchExchange are
  // in every version since 1.x), and the fetch they make is refused in the sandbox like any other.
  'urql#Provider': {
    prop: 'value',
    from: 'urql',
    imports: ['createClient', 'cacheExchange', 'fetchExchange'],
    make: ([createClient, cacheExchange, fetchExchange]) =>
      `${createClient}({ url: 'http://localhost/graphql', exchanges: [${cacheExchange}, ${fetchExchange}] })`,
    what: 'a fresh urql client (http://localhost/graphql: its requests are refused)',
  },
  // An app's SWRConfig holds its fetcher and, in a Next.js root layout, fallback data the server fetches
  // (`'/api/user': getUser()`, a database query the browser bundle cannot hold): a cache of the sandbox's own
  // instead, retries off. The fetcher's requests would be refused anyway.
  'swr#SWRConfig': {
    prop: 'value',
    from: 'swr',
    imports: [],
    make: () => '{ provider: () => new Map(), shouldRetryOnError: false }',
    what: "a fresh SWR cache (retries off; the app's fetcher and fallback data left out)",
    preferred: true,
  },
  '@apollo/client#ApolloProvider': apolloFresh('@apollo/client'),
  '@apollo/client/react#ApolloProvider': apolloFresh('@apollo/client'),
};

function apolloFresh(from: string) {
  return {
    prop: 'client',
    from,
    imports: ['ApolloClient', 'InMemoryCache', 'ApolloLink'],
    make: ([ApolloClient, InMemoryCache, ApolloLink]: string[]) =>
      `new ${ApolloClient}({ cache: new ${InMemoryCache}(), link: ${ApolloLink}.empty() })`,
    what: 'a fresh ApolloClient of @apollo/client (an empty cache, a link that sends nothing)',
  };
}

/**
 * A fresh value for a provider known to need one (`QueryClientProvider`'s `client`), made with the package it is
 * imported from; `prefix` keeps the harness's names apart.
 */
export function freshValue(
  specifier: string,
  exportName: string,
  prop: string,
  fromDir: string,
  prefix: string,
): ProviderValue | undefined {
  const fresh = FRESH[`${specifier}#${exportName}`];
  if (!fresh || fresh.prop !== prop) return undefined;
  const imports = fresh.imports.map((name) => ({ local: `${prefix}${name}`, specifier: fresh.from, fromDir, name }));
  return {
    source: fresh.make(imports.map((i) => i.local)),
    imports,
    declarations: [],
    how: fresh.what,
  };
}

/** The packages and provider export a fresh default can be made for when no such provider is above any call site. */
export const DEFAULT_PROVIDERS = [
  { specifier: '@tanstack/react-query', exportName: 'QueryClientProvider', prop: 'client' },
  { specifier: 'react-query', exportName: 'QueryClientProvider', prop: 'client' },
] as const;

/**
 * The value of a provider's computed prop (`client={queryClient}`, `store={store}`, `theme={createTheme(options)}`)
 * as the harness can give it: carried over from the call site's file when every name it reads is an import there, a
 * module constant there, or a constant the owning component makes without hooks (`useState(() => new QueryClient())`
 * counts: its initialiser runs once), renamed apart with `prefix`; else a fresh instance for the providers known to
 * need one. Undefined when neither works (the prop is the shell's own prop, a hook's result…).
 */
export function providerValue(
  ts: typeof TS,
  model: FileModel,
  provider: JsxUse,
  attribute: JsxAttribute,
  prefix: string,
  providerImport?: { specifier: string; exportName: string },
): ProviderValue | undefined {
  const fromDir = path.dirname(diskFile(model.file));
  const preferred = providerImport && FRESH[`${providerImport.specifier}#${providerImport.exportName}`]?.preferred;
  if (attribute.value && !preferred) {
    const carrier = new Carrier(ts, model, provider.owner, prefix, fromDir);
    const source = carrier.carry(attribute.value, 0);
    if (source !== undefined && carrier.size() <= MAX_SOURCE)
      return {
        source,
        imports: [...carrier.imports.values()],
        declarations: carrier.declarations,
        how: describe(ts, model, attribute.value),
      };
  }
  return providerImport
    ? freshValue(providerImport.specifier, providerImport.exportName, attribute.name, fromDir, prefix)
    : undefined;
}

/** "the app's own `store` (imported from './app/store')", or "made as main.tsx:30 makes it: `i18n.language`". */
function describe(ts: typeof TS, model: FileModel, value: TS.Expression): string {
  if (ts.isIdentifier(value)) {
    const binding = model.imports.get(value.text);
    if (binding) {
      const what = binding.name === 'default' || binding.name === value.text ? value.text : `${binding.name}`;
      return `${isPackage(binding.specifier) ? '' : "the app's own "}\`${what}\` (imported from '${binding.specifier}')`;
    }
  }
  const at = new LineIndex(model.text).positionAt(value.getStart(model.source));
  const text = value.getText(model.source).replace(/\s+/g, ' ');
  return `made as ${path.basename(model.file)}:${at.line + 1} makes it: \`${text.length > 70 ? `${text.slice(0, 67)}…` : text}\``;
}

/** A package name (`@mui/material`, `i18next`), not a path or an alias of the app's own folders (`@/lib`, `~/x`). */
function isPackage(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[@~#]\//.test(specifier);
}

function diskFile(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : path.resolve(file);
}

/**
 * Carries an expression of the call site's file over into the harness: every name it reads becomes the harness's
 * import of the same binding, or a declaration carried over before it, renamed with the prefix.
 */
class Carrier {
  readonly imports = new Map<string, ValueImport>();
  readonly declarations: string[] = [];
  private readonly names = new Map<string, string>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly ts: typeof TS,
    private readonly model: FileModel,
    private readonly owner: ComponentDef | undefined,
    private readonly prefix: string,
    private readonly fromDir: string,
  ) {}

  size(): number {
    return this.declarations.reduce((sum, d) => sum + d.length, 0);
  }

  /** The expression's source with its free names renamed, or undefined when one cannot be given. */
  carry(node: TS.Node, depth: number): string | undefined {
    const { ts } = this;
    const source = this.model.source;
    if (depth > MAX_DEPTH) return undefined;
    const bound = boundInside(ts, node);
    const edits: Array<{ start: number; end: number; text: string }> = [];
    let failed = false;
    const visit = (n: TS.Node): void => {
      if (failed) return;
      if (
        ts.isJsxElement(n) ||
        ts.isJsxSelfClosingElement(n) ||
        ts.isJsxFragment(n) ||
        n.kind === ts.SyntaxKind.ThisKeyword ||
        ts.isAwaitExpression(n) ||
        ts.isYieldExpression(n) ||
        ts.isClassExpression(n) ||
        (ts.isCallExpression(n) && isHookCall(ts, n.expression))
      ) {
        failed = true;
        return;
      }
      if (ts.isTypeNode(n)) return;
      if (ts.isShorthandPropertyAssignment(n)) {
        const name = this.reference(n.name.text, bound, depth);
        if (name === undefined) failed = true;
        else if (name !== n.name.text)
          edits.push({ start: n.name.getStart(source), end: n.name.end, text: `${n.name.text}: ${name}` });
        return;
      }
      if (ts.isIdentifier(n) && isReference(ts, n)) {
        const name = this.reference(n.text, bound, depth);
        if (name === undefined) failed = true;
        else if (name !== n.text) edits.push({ start: n.getStart(source), end: n.end, text: name });
        return;
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    if (failed) return undefined;
    const start = node.getStart(source);
    let text = source.text.slice(start, node.end);
    for (const edit of edits.sort((a, b) => b.start - a.start))
      text = text.slice(0, edit.start - start) + edit.text + text.slice(edit.end - start);
    return text;
  }

  /** The harness's name for a free name of the expression (undefined: the value cannot be given). */
  private reference(name: string, bound: ReadonlySet<string>, depth: number): string | undefined {
    if (bound.has(name) || GLOBALS.has(name)) return name;
    const known = this.names.get(name);
    if (known) return known;
    if (this.resolving.has(name)) return undefined;
    const local = `${this.prefix}${name}`;
    const binding = this.model.imports.get(name);
    if (binding) {
      if (binding.declaration.importClause?.isTypeOnly) return undefined;
      this.imports.set(name, { local, specifier: binding.specifier, fromDir: this.fromDir, name: binding.name });
      this.names.set(name, local);
      return local;
    }
    const initializer = this.constant(name);
    if (!initializer) return undefined;
    this.resolving.add(name);
    const carried = this.carry(initializer, depth + 1);
    this.resolving.delete(name);
    if (carried === undefined) return undefined;
    this.declarations.push(`const ${local} = ${carried};`);
    this.names.set(name, local);
    return local;
  }

  /**
   * What a name of the call site's file is bound to, when it is a constant the harness can make again: a module
   * `const` (or `let` never assigned again is not checked: `const` only), or a local of the owning component's
   * render made without hooks, or the initial state of a `useState` there (`const [client] = useState(() => new
   * QueryClient())`: made once, as the harness makes it once).
   */
  private constant(name: string): TS.Expression | undefined {
    const { ts } = this;
    for (const statement of this.model.source.statements) {
      const found = constIn(ts, statement, name);
      if (found) return found;
    }
    const body = this.owner?.render?.body;
    if (!body || !ts.isBlock(body)) return undefined;
    for (const statement of body.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!init) continue;
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
          const hook = hookInitial(ts, init, ['useMemo']);
          if (hook) return hook;
          return init;
        }
        if (
          ts.isArrayBindingPattern(declaration.name) &&
          declaration.name.elements[0] &&
          ts.isBindingElement(declaration.name.elements[0]) &&
          ts.isIdentifier(declaration.name.elements[0].name) &&
          declaration.name.elements[0].name.text === name
        )
          return hookInitial(ts, init, ['useState']);
      }
    }
    return undefined;
  }
}

/** A top-level `const name = …` (exported or not). */
function constIn(ts: typeof TS, statement: TS.Statement, name: string): TS.Expression | undefined {
  if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) return undefined;
  for (const declaration of statement.declarationList.declarations)
    if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
  return undefined;
}

/**
 * The value a hook call starts with: `useState(() => x)` and `useMemo(() => x, deps)` → `x` (a function body that
 * only returns), `useState(x)` → `x`. Undefined for any other call.
 */
function hookInitial(ts: typeof TS, init: TS.Expression, hooks: readonly string[]): TS.Expression | undefined {
  if (!ts.isCallExpression(init)) return undefined;
  const callee = init.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (!hooks.includes(name)) return undefined;
  const first = init.arguments[0];
  if (!first) return undefined;
  if (ts.isArrowFunction(first) || ts.isFunctionExpression(first)) {
    if (first.parameters.length) return undefined;
    if (!ts.isBlock(first.body)) return first.body;
    const [only] = first.body.statements;
    return first.body.statements.length === 1 && only && ts.isReturnStatement(only) ? only.expression : undefined;
  }
  return name === 'useState' ? first : undefined;
}

function isHookCall(ts: typeof TS, callee: TS.Expression): boolean {
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return /^use[A-Z]/.test(name);
}

/** Names declared anywhere inside the node (parameters, locals of its functions): not free names of it. */
function boundInside(ts: typeof TS, node: TS.Node): Set<string> {
  const bound = new Set<string>();
  const bind = (name: TS.BindingName | undefined) => {
    if (!name) return;
    if (ts.isIdentifier(name)) bound.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  const visit = (n: TS.Node): void => {
    if (ts.isParameter(n) || ts.isVariableDeclaration(n) || ts.isBindingElement(n)) bind(n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) && n.name) bound.add(n.name.text);
    else if (ts.isCatchClause(n) && n.variableDeclaration) bind(n.variableDeclaration.name);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return bound;
}

/** An identifier read as a value (not a property's name, a declaration's name or a label). */
function isReference(ts: typeof TS, id: TS.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) && parent.name === id) return false;
  if ((ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && parent.name === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if ((ts.isParameter(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === id)
    return false;
  if ((ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent)) && parent.name === id) return false;
  return true;
}
