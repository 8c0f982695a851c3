import type * as TS from 'typescript';
import { readComponents } from '../components';
import type { ValueOptions } from './values';
import { valueSource } from './values';

/** A workspace module the measured component imports data from, answered with generated data instead. */
export interface LoaderStub {
  /** The import as written in the component's file (`./api`). */
  specifier: string;
  /** The module's absolute path. */
  module: string;
  /** Export name → JavaScript source of the replacement (`async () => [...]`). */
  exports: Record<string, string>;
  /** What each answers, for the report (`fetchCategoryProducts → 1,000 generated items`). */
  described: string[];
}

export interface TypedInputs {
  /** Prop name → JavaScript source, for every required prop the call site did not give. */
  props: Record<string, string>;
  loaders: LoaderStub[];
}

const COMPILER_OPTIONS = (ts: typeof TS): TS.CompilerOptions => ({
  jsx: ts.JsxEmit.Preserve,
  allowJs: true,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  // Props and loaders are the workspace's own types: the DOM's and every @types package are ~10× the parsing.
  // ES2015 is what a prop type needs of the standard library (Array, Promise); esbuild.mjs ships it (and up to ES2022).
  lib: ['lib.es2015.d.ts'],
  types: [],
});

/**
 * What the harness needs from the component's TypeScript types: values for the required props a call site does not
 * give as literals (`given`) and for the optional ones it passes computed (`passed`), and generated answers for the data loaders its module imports from the workspace (an async
 * function returning `Promise<Product[]>` answers `listItems` products), so a list that a real page fetches
 * renders with data in the sandbox too. Read with the type checker on the component's file and its imports.
 */
export function typedInputs(
  ts: typeof TS,
  file: string,
  exportName: string,
  given: ReadonlySet<string>,
  options: ValueOptions,
  passed: ReadonlySet<string> = new Set(),
): TypedInputs {
  const compilerOptions = COMPILER_OPTIONS(ts);
  const program = ts.createProgram([file], compilerOptions);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) return { props: {}, loaders: [] };
  return {
    props: propsOf(ts, checker, source, exportName, given, passed, options),
    loaders: loadersOf(ts, checker, source, compilerOptions, options),
  };
}

function propsOf(
  ts: typeof TS,
  checker: TS.TypeChecker,
  source: TS.SourceFile,
  exportName: string,
  given: ReadonlySet<string>,
  passed: ReadonlySet<string>,
  options: ValueOptions,
): Record<string, string> {
  const def = readComponents(ts, source).exports.get(exportName);
  const parameter = def?.render && 'parameters' in def.render ? def.render.parameters[0] : undefined;
  if (!parameter) return {};
  const type = checker.getTypeAtLocation(parameter);
  const props: Record<string, string> = {};
  for (const property of checker.getPropertiesOfType(type)) {
    const name = property.getName();
    if (given.has(name) || name === 'key' || name === 'ref') continue;
    // An optional prop the call site passes (computed there) is generated: left out, its default would be measured.
    if (property.flags & ts.SymbolFlags.Optional && name !== 'children' && !passed.has(name)) continue;
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) continue;
    props[name] = valueSource(ts, checker, checker.getTypeOfSymbolAtLocation(property, declaration), options, name);
  }
  return props;
}

function loadersOf(
  ts: typeof TS,
  checker: TS.TypeChecker,
  source: TS.SourceFile,
  compilerOptions: TS.CompilerOptions,
  options: ValueOptions,
): LoaderStub[] {
  const stubs: LoaderStub[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const bindings = statement.importClause?.namedBindings;
    if (!specifier.startsWith('.') || !bindings || !ts.isNamedImports(bindings)) continue;
    const resolved = ts.resolveModuleName(specifier, source.fileName, compilerOptions, ts.sys).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) continue;
    const stub: LoaderStub = { specifier, module: resolved.resolvedFileName, exports: {}, described: [] };
    for (const element of bindings.elements) {
      if (element.isTypeOnly) continue;
      const data = promisedType(ts, checker, element.name);
      if (!data) continue;
      const exported = (element.propertyName ?? element.name).text;
      const value = valueSource(ts, checker, data, options, exported.replace(/^(fetch|load|get)/, ''));
      stub.exports[exported] = `async () => (${value})`;
      const what = checker.isArrayType(data) ? `${options.listItems} generated items` : 'generated data';
      stub.described.push(`${exported} → ${what}`);
    }
    if (stub.described.length) stubs.push(stub);
  }
  return stubs;
}

/** `T` of a function returning `Promise<T>` (not void): what a data loader resolves with. */
function promisedType(ts: typeof TS, checker: TS.TypeChecker, name: TS.Identifier): TS.Type | undefined {
  const type = checker.getTypeAtLocation(name);
  const signature = type.getCallSignatures()[0];
  if (!signature) return undefined;
  const returned = checker.getReturnTypeOfSignature(signature);
  if (returned.getSymbol()?.getName() !== 'Promise') return undefined;
  const data = checker.getTypeArguments(returned as TS.TypeReference)[0];
  const nothing = ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any | ts.TypeFlags.Unknown;
  if (!data || data.flags & nothing) return undefined;
  return data;
}
