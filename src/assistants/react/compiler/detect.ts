import type * as TS from 'typescript';
import { unwrapExpression } from '../../../core/ts-syntax';
import { folderOfPath } from '../../../core/workspace-paths';

/**
 * Whether the React Compiler builds a file, read from the project's configs alone (no code of the workspace
 * runs): a Babel config or `@vitejs/plugin-react`'s `babel.plugins` naming the plugin, Next's `reactCompiler`
 * (top level or under `experimental`), Expo's `experiments.reactCompiler`, or a package.json that declares the
 * plugin or its runtime. The nearest config that names the compiler decides, with its `compilationMode`.
 */

export type CompilationMode = 'infer' | 'annotation' | 'syntax' | 'all';

export interface CompilerSetup {
  enabled: boolean;
  mode: CompilationMode;
  /** The workspace file that decided, absent when nothing names the compiler. */
  source?: string;
  /** Why, as a clause: `vite.config.ts passes babel-plugin-react-compiler to @vitejs/plugin-react`. */
  reason: string;
}

/** What one config file says of the compiler. */
export interface ConfigVerdict {
  /** `declares`: a package.json lists the plugin (or its runtime) without saying how it is used. */
  says: 'enables' | 'disables' | 'declares';
  mode: CompilationMode;
  /** A clause without the file's name: `passes babel-plugin-react-compiler to @vitejs/plugin-react`. */
  detail: string;
}

/** Config files that can say something of the compiler. */
export const COMPILER_CONFIG =
  /(?:^|[\\/])(?:package\.json|app\.json|babel\.config\.(?:[cm]?[jt]s|json)|\.babelrc(?:\.(?:[cm]?js|json))?|vite\.config\.[cm]?[jt]s|next\.config\.[cm]?[jt]s)$/;

const PLUGIN = 'babel-plugin-react-compiler';
/** Names Babel resolves to the plugin (`react-compiler` is expanded with the `babel-plugin-` prefix). */
const PLUGIN_NAMES = new Set([PLUGIN, 'react-compiler']);
const PACKAGES = [PLUGIN, 'react-compiler-runtime'];
const MODES = new Set<string>(['infer', 'annotation', 'syntax', 'all']);

/** In one folder, which config speaks first (the build tool's own config before the generic Babel ones). */
const PRIORITY = [
  /^next\.config\./,
  /^vite\.config\./,
  /^babel\.config\./,
  /^\.babelrc/,
  /^app\.json$/,
  /^package\.json$/,
];

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** What `file` says of the compiler, or undefined when it does not name it (or cannot be read). */
export function readCompilerConfig(ts: typeof TS, file: string, text: string): ConfigVerdict | undefined {
  const name = baseName(file);
  const json = /\.json$|^\.babelrc$/.test(name);
  const source = ts.createSourceFile(
    json ? 'config.json' : name,
    text,
    ts.ScriptTarget.Latest,
    true,
    json ? ts.ScriptKind.JSON : /\.[cm]?ts$/.test(name) ? ts.ScriptKind.TS : ts.ScriptKind.JS,
  );
  if (name === 'package.json') return fromPackageJson(ts, source);
  if (/^next\.config\./.test(name)) return fromFlag(ts, source, 'reactCompiler', 'sets `reactCompiler`');
  if (name === 'app.json') return fromFlag(ts, source, 'reactCompiler', 'sets `experiments.reactCompiler`');
  const plugin = pluginReference(ts, source);
  if (!plugin) return undefined;
  const mode = modeOf(ts, source, plugin.options);
  const detail = /^vite\.config\./.test(name)
    ? `passes ${PLUGIN} to @vitejs/plugin-react`
    : `lists ${PLUGIN} among its Babel plugins`;
  return { says: 'enables', mode, detail };
}

/**
 * The compiler's setup for `file`: from its folder upwards, the first config that enables or disables the
 * compiler decides; failing that, a package.json that declares the plugin means it is assumed on (the plugin is
 * wired in somewhere this reader does not follow: a custom webpack or Vite setup).
 */
export function decideCompiler(file: string, verdicts: ReadonlyMap<string, ConfigVerdict>): CompilerSetup {
  const byDir = new Map<string, [string, ConfigVerdict][]>();
  for (const [config, verdict] of verdicts) {
    const dir = folderOfPath(config);
    byDir.set(dir, [...(byDir.get(dir) ?? []), [config, verdict]]);
  }
  let declared: [string, ConfigVerdict] | undefined;
  for (let dir = folderOfPath(file); ; dir = folderOfPath(dir)) {
    const here = (byDir.get(dir) ?? []).sort(([a], [b]) => rank(a) - rank(b));
    for (const [config, verdict] of here) {
      if (verdict.says === 'declares') {
        declared ??= [config, verdict];
        continue;
      }
      return {
        enabled: verdict.says === 'enables',
        mode: verdict.mode,
        source: config,
        reason: `${baseName(config)} ${verdict.detail}`,
      };
    }
    if (!dir) break;
  }
  if (declared)
    return {
      enabled: true,
      mode: 'infer',
      source: declared[0],
      reason: `${baseName(declared[0])} ${declared[1].detail} (no Babel, Vite or Next config here names it, so it is assumed to be on)`,
    };
  return { enabled: false, mode: 'infer', reason: 'no Babel, Vite, Next or Expo config and no package.json names it' };
}

function rank(file: string): number {
  const name = baseName(file);
  const at = PRIORITY.findIndex((pattern) => pattern.test(name));
  return at < 0 ? PRIORITY.length : at;
}

function fromPackageJson(ts: typeof TS, source: TS.SourceFile): ConfigVerdict | undefined {
  const root = jsonRoot(ts, source);
  if (!root) return undefined;
  // A package.json's own `babel` field is a Babel config like .babelrc.
  const babel = property(ts, root, 'babel');
  const plugin = babel && pluginReference(ts, babel);
  if (plugin)
    return {
      says: 'enables',
      mode: modeOf(ts, source, plugin.options),
      detail: `lists ${PLUGIN} in its \`babel\` field`,
    };
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = property(ts, root, field);
    if (!deps || !ts.isObjectLiteralExpression(deps)) continue;
    const found = PACKAGES.find((name) => property(ts, deps, name));
    if (found) return { says: 'declares', mode: 'infer', detail: `declares ${found} in \`${field}\`` };
  }
  return undefined;
}

/** `reactCompiler: true | false | { compilationMode }`, wherever it sits (top level, `experimental`, `experiments`). */
function fromFlag(ts: typeof TS, source: TS.SourceFile, flag: string, detail: string): ConfigVerdict | undefined {
  let found: TS.Expression | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(node) && propertyName(ts, node.name) === flag) found = node.initializer;
    else if (ts.isShorthandPropertyAssignment(node) && node.name.text === flag) found = node.name;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) return undefined;
  const value = resolveConst(ts, source, found);
  if (value.kind === ts.SyntaxKind.FalseKeyword)
    return { says: 'disables', mode: 'infer', detail: `${detail} to false` };
  return { says: 'enables', mode: modeOf(ts, source, value), detail };
}

/**
 * The plugin named in an array (`plugins: ['babel-plugin-react-compiler']`, `[['react-compiler', options]]`,
 * `[reactCompiler]` of an import or require of the plugin), with the options given beside it.
 */
function pluginReference(ts: typeof TS, root: TS.Node): { options?: TS.Expression } | undefined {
  const source = root.getSourceFile();
  const bindings = pluginBindings(ts, source);
  let found: { options?: TS.Expression } | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    const names =
      (ts.isStringLiteralLike(node) && PLUGIN_NAMES.has(node.text)) ||
      (ts.isIdentifier(node) && bindings.has(node.text) && !isDeclarationName(ts, node));
    if (names) {
      const array = enclosingArray(ts, node);
      if (array) {
        // `[name, options]`: the pair's first element is this reference, or an expression around it.
        const pair = array.elements[0] && contains(array.elements[0], node) ? array : undefined;
        const options = pair && array.elements.length > 1 ? array.elements[1] : undefined;
        found = options && !contains(options, node) ? { options } : {};
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** Names bound to the plugin: `import rc from 'babel-plugin-react-compiler'`, `const rc = require(…)`. */
function pluginBindings(ts: typeof TS, source: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.moduleSpecifier.text !== PLUGIN) continue;
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings))
        names.add(clause.namedBindings.name.text);
    } else if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrapExpression(ts, declaration.initializer);
        if (
          ts.isIdentifier(declaration.name) &&
          init &&
          ts.isCallExpression(init) &&
          ts.isIdentifier(init.expression) &&
          init.expression.text === 'require' &&
          init.arguments[0] &&
          ts.isStringLiteralLike(init.arguments[0]) &&
          init.arguments[0].text === PLUGIN
        )
          names.add(declaration.name.text);
      }
  }
  return names;
}

function isDeclarationName(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isVariableDeclaration(parent) && parent.name === node) ||
    ts.isImportClause(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isImportSpecifier(parent)
  );
}

/** The array a plugin reference is an element of, through `cond && x`, `cond ? x : y` and a `[x, options]` pair. */
function enclosingArray(ts: typeof TS, node: TS.Node): TS.ArrayLiteralExpression | undefined {
  let current = node;
  for (let steps = 0; steps < 8 && current.parent; steps++) {
    const parent = current.parent;
    if (ts.isArrayLiteralExpression(parent)) return parent;
    if (
      !ts.isParenthesizedExpression(parent) &&
      !ts.isBinaryExpression(parent) &&
      !ts.isConditionalExpression(parent) &&
      !ts.isCallExpression(parent) // require('babel-plugin-react-compiler')
    )
      return undefined;
    current = parent;
  }
  return undefined;
}

function contains(outer: TS.Node, inner: TS.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** `compilationMode` of an options object (followed through a top-level `const`); `infer` when unsaid. */
function modeOf(ts: typeof TS, source: TS.SourceFile, options: TS.Expression | undefined): CompilationMode {
  if (!options) return 'infer';
  const value = resolveConst(ts, source, options);
  if (!ts.isObjectLiteralExpression(value)) return 'infer';
  const mode = property(ts, value, 'compilationMode');
  return mode && ts.isStringLiteralLike(mode) && MODES.has(mode.text) ? (mode.text as CompilationMode) : 'infer';
}

/** An identifier's initializer when it is a top-level `const` of the file; the expression itself otherwise. */
function resolveConst(ts: typeof TS, source: TS.SourceFile, expression: TS.Expression): TS.Expression {
  const node = unwrapExpression(ts, expression);
  if (!ts.isIdentifier(node)) return node;
  for (const statement of source.statements)
    if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.name.text === node.text && declaration.initializer)
          return unwrapExpression(ts, declaration.initializer);
  return node;
}

function jsonRoot(ts: typeof TS, source: TS.SourceFile): TS.ObjectLiteralExpression | undefined {
  const statement = source.statements[0];
  const expression = statement && ts.isExpressionStatement(statement) ? statement.expression : undefined;
  return expression && ts.isObjectLiteralExpression(expression) ? expression : undefined;
}

function property(ts: typeof TS, node: TS.Node, name: string): TS.Expression | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  for (const member of node.properties)
    if (ts.isPropertyAssignment(member) && propertyName(ts, member.name) === name) return member.initializer;
  return undefined;
}

function propertyName(ts: typeof TS, name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}
