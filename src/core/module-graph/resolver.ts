import { builtinModules } from 'node:module';
import type * as TS from 'typescript';
import type { ReferenceKind } from './syntax';
import { IN_NODE_MODULES, ancestors, dirname, isPathSpecifier, packageNameOf } from './paths';

/** Where a specifier leads: a file of the workspace, or why not. All paths are internal (paths.ts). */
export type Resolution =
  | { file: string; external: boolean }
  | { reason: 'external'; packageName: string }
  | { reason: 'builtin' }
  | { reason: 'missing' };

/** What the resolver knows of the workspace: every module file, and the texts of configs and package.json files. */
export interface ResolverInput {
  files: ReadonlySet<string>;
  configs: ReadonlyMap<string, string>;
}

const CONFIG_FILE = /\/[tj]sconfig[^/]*\.json$/;
const NODE_BUILTIN = /^node:/;

interface WorkspacePackage {
  name: string;
  dir: string;
}

/**
 * Module resolution as TypeScript does it, by `ts.resolveModuleName` over an in-memory host: the options of
 * the nearest `tsconfig.json`/`jsconfig.json` (its `extends` followed by TypeScript, `baseUrl` and `paths`
 * included; `Bundler` resolution when it names none, so `.js` written for a `.ts` file and index files
 * resolve), package `exports`/`main`/`module`. Packages of the monorepo (every named package.json outside
 * node_modules, as npm, yarn and pnpm workspaces link them) are seen as linked into every node_modules folder
 * and resolve to their source: through their own `exports`/`main` when that leads to a file of the
 * workspace, else to `src/<subpath>` or `<subpath>` (`src/index`, `index` for the package itself), since
 * `dist/` is not in the source tree.
 */
export class Resolver {
  private readonly directories = new Set<string>();
  private readonly packages = new Map<string, WorkspacePackage>();
  private readonly optionsByConfig = new Map<string, TS.CompilerOptions>();
  private readonly configOfDir = new Map<string, string | undefined>();
  private readonly typeOfDir = new Map<string, string | undefined>();
  private readonly caches = new Map<string, TS.ModuleResolutionCache>();
  private readonly resolutions = new Map<string, Resolution>();
  private readonly host: TS.ModuleResolutionHost;
  readonly configErrors: { file: string; message: string }[] = [];

  constructor(
    private readonly ts: typeof TS,
    private readonly input: ResolverInput,
  ) {
    for (const file of [...input.files, ...input.configs.keys()])
      for (const dir of ancestors(file)) {
        if (this.directories.has(dir)) break;
        this.directories.add(dir);
      }
    for (const [file, text] of input.configs) {
      if (!file.endsWith('/package.json') || IN_NODE_MODULES.test(file)) continue;
      const name = packageJsonField(text, 'name');
      if (name && !this.packages.has(name)) this.packages.set(name, { name, dir: dirname(file) });
    }
    this.host = {
      fileExists: (path) => this.input.files.has(path) || this.input.configs.has(path) || this.linkedExists(path),
      readFile: (path) => this.input.configs.get(path) ?? this.input.configs.get(this.unlink(path)),
      directoryExists: (path) => this.directories.has(path) || this.directories.has(this.unlink(path)),
      realpath: (path) => this.unlink(path),
      getCurrentDirectory: () => '/',
      useCaseSensitiveFileNames: true,
    };
  }

  /** `kind` chooses the package `exports` conditions (`require` or `import`), as TypeScript's resolution mode. */
  resolve(specifier: string, from: string, kind: ReferenceKind): Resolution {
    if (NODE_BUILTIN.test(specifier)) return { reason: 'builtin' };
    const config = this.configFor(from);
    const options = this.optionsFor(config);
    const mode = this.modeOf(from, kind, options);
    // The same specifier from the same folder, in the same mode, leads to the same place (a folder's files import
    // the same neighbours and packages: 4,635 lookups of excalidraw are 1,920 distinct).
    const key = `${dirname(from)}\0${mode ?? ''}\0${specifier}`;
    let resolution = this.resolutions.get(key);
    if (!resolution) {
      resolution = this.lookUp(specifier, from, config, options, mode);
      this.resolutions.set(key, resolution);
    }
    return resolution;
  }

  private lookUp(
    specifier: string,
    from: string,
    config: string | undefined,
    options: TS.CompilerOptions,
    mode: TS.ResolutionMode,
  ): Resolution {
    let cache = this.caches.get(config ?? '');
    if (!cache) {
      cache = this.ts.createModuleResolutionCache('/', (name) => name, options);
      this.caches.set(config ?? '', cache);
    }
    const resolved = this.ts.resolveModuleName(
      specifier,
      from,
      options,
      this.host,
      cache,
      undefined,
      mode,
    ).resolvedModule;
    const found = resolved && this.workspaceFile(resolved.resolvedFileName);
    if (found) return { file: found, external: IN_NODE_MODULES.test(found) };
    const underBase = this.underBaseUrl(specifier, options, cache);
    if (underBase) return { file: underBase, external: false };
    if (isPathSpecifier(specifier) || matchesPaths(specifier, options)) return { reason: 'missing' };
    const packageName = packageNameOf(specifier);
    const local = this.packages.get(packageName);
    if (local) {
      const source = this.sourceOf(local, specifier.slice(packageName.length), options, cache);
      return source ? { file: source, external: false } : { reason: 'missing' };
    }
    return BUILTINS.has(specifier) ? { reason: 'builtin' } : { reason: 'external', packageName };
  }

  /**
   * A bare specifier as a file under `baseUrl` when `paths` matched it and led nowhere: TypeScript does not go on to
   * `baseUrl` then, but Create React App, webpack's `modules` and esbuild do, and a jsconfig.json written for them
   * (`"baseUrl": "src", "paths": { "*": ["src/*"] }`, whose paths read as `src/src/*`) imports `views/admin/...`.
   */
  private underBaseUrl(
    specifier: string,
    options: TS.CompilerOptions,
    cache: TS.ModuleResolutionCache,
  ): string | undefined {
    if (!options.baseUrl || isPathSpecifier(specifier) || !matchesPaths(specifier, options)) return undefined;
    const origin = `${options.baseUrl.replace(/\/$/, '')}/package.json`;
    const hit = this.ts.resolveModuleName(`./${specifier}`, origin, options, this.host, cache).resolvedModule;
    return hit && this.workspaceFile(hit.resolvedFileName);
  }

  /** Files whose presence or text changes resolution: configs and package.json files. */
  static isConfig(file: string): boolean {
    return CONFIG_FILE.test(file) || file.endsWith('/package.json');
  }

  private sourceOf(
    pkg: WorkspacePackage,
    subpath: string,
    options: TS.CompilerOptions,
    cache: TS.ModuleResolutionCache,
  ): string | undefined {
    const rest = subpath.replace(/^\//, '');
    const candidates = rest ? [`src/${rest}`, rest] : ['src/index', 'index'];
    for (const candidate of candidates) {
      const origin = `${pkg.dir}/package.json`;
      const hit = this.ts.resolveModuleName(`./${candidate}`, origin, options, this.host, cache).resolvedModule;
      const found = hit && this.workspaceFile(hit.resolvedFileName);
      if (found) return found;
    }
    return undefined;
  }

  private workspaceFile(path: string): string | undefined {
    const real = this.unlink(path);
    return this.input.files.has(real) ? real : undefined;
  }

  /** A path through `node_modules/<workspace package>/` read as the package's own folder. */
  private unlink(path: string): string {
    const at = path.lastIndexOf('/node_modules/');
    if (at < 0 || this.packages.size === 0) return path;
    const rest = path.slice(at + '/node_modules/'.length);
    const name = packageNameOf(rest);
    const pkg = this.packages.get(name);
    return pkg ? pkg.dir + rest.slice(name.length) : path;
  }

  private linkedExists(path: string): boolean {
    const real = this.unlink(path);
    return real !== path && (this.input.files.has(real) || this.input.configs.has(real));
  }

  /**
   * CommonJS for `require` and `import x = require()`; ESM for `import()`. A static import is ESM under
   * `Bundler`; under `Node16`/`NodeNext` it takes the importing file's format (`.mts`/`.cts`, else the nearest
   * package.json's `type`), as TypeScript decides it.
   */
  private modeOf(from: string, kind: ReferenceKind, options: TS.CompilerOptions): TS.ResolutionMode {
    const { ModuleKind, ModuleResolutionKind } = this.ts;
    if (kind === 'require' || kind === 'import-equals') return ModuleKind.CommonJS;
    if (kind === 'dynamic') return ModuleKind.ESNext;
    const resolution = options.moduleResolution;
    if (resolution === ModuleResolutionKind.Bundler) return ModuleKind.ESNext;
    if (resolution !== ModuleResolutionKind.Node16 && resolution !== ModuleResolutionKind.NodeNext) return undefined;
    if (/\.c[jt]sx?$/.test(from)) return ModuleKind.CommonJS;
    if (/\.m[jt]sx?$/.test(from)) return ModuleKind.ESNext;
    return this.packageTypeOf(from) === 'module' ? ModuleKind.ESNext : ModuleKind.CommonJS;
  }

  private packageTypeOf(file: string): string | undefined {
    for (const dir of ancestors(file)) {
      if (this.typeOfDir.has(dir)) return this.typeOfDir.get(dir);
      const text = this.input.configs.get(`${dir === '/' ? '' : dir}/package.json`);
      if (text === undefined) continue;
      const type = packageJsonField(text, 'type');
      this.typeOfDir.set(dir, type);
      return type;
    }
    return undefined;
  }

  private configFor(file: string): string | undefined {
    // A folder known to have no config (undefined) is as settled as one that has one.
    const folder = dirname(file);
    if (this.configOfDir.has(folder)) return this.configOfDir.get(folder);
    const dirs = ancestors(file);
    const unknown: string[] = [];
    let config: string | undefined;
    for (const dir of dirs) {
      if (this.configOfDir.has(dir)) {
        config = this.configOfDir.get(dir);
        break;
      }
      unknown.push(dir);
      const own = [`${dir === '/' ? '' : dir}/tsconfig.json`, `${dir === '/' ? '' : dir}/jsconfig.json`].find((f) =>
        this.input.configs.has(f),
      );
      if (own) {
        config = own;
        break;
      }
    }
    for (const dir of unknown) this.configOfDir.set(dir, config);
    return config;
  }

  private optionsFor(config: string | undefined): TS.CompilerOptions {
    const key = config ?? '';
    let options = this.optionsByConfig.get(key);
    if (options) return options;
    const ts = this.ts;
    const defaults: TS.CompilerOptions = {
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      module: ts.ModuleKind.ESNext,
      allowJs: true,
    };
    options = defaults;
    if (config) {
      const text = this.input.configs.get(config) ?? '';
      const json = ts.parseJsonText(config, text);
      const parseHost: TS.ParseConfigHost = {
        useCaseSensitiveFileNames: true,
        readDirectory: () => [],
        fileExists: (path) => this.host.fileExists(path),
        readFile: (path) => this.host.readFile(path),
      };
      const parsed = ts.parseJsonSourceFileConfigFileContent(json, parseHost, dirname(config), undefined, config);
      for (const error of parsed.errors) {
        // No input files is expected: the graph lists files itself.
        if (error.code === 18003) continue;
        this.configErrors.push({ file: config, message: ts.flattenDiagnosticMessageText(error.messageText, '\n') });
      }
      options = { ...parsed.options, allowJs: true };
      if (options.moduleResolution === undefined) {
        options.moduleResolution = ts.ModuleResolutionKind.Bundler;
        if (options.module === undefined || options.module < ts.ModuleKind.ES2015)
          options.module = ts.ModuleKind.ESNext;
      }
    }
    this.optionsByConfig.set(key, options);
    return options;
  }
}

/** A string field of a package.json (`name`, `type`); undefined when absent or when the file is not JSON. */
function packageJsonField(text: string, field: 'name' | 'type'): string | undefined {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

function matchesPaths(specifier: string, options: TS.CompilerOptions): boolean {
  for (const pattern of Object.keys(options.paths ?? {})) {
    const star = pattern.indexOf('*');
    if (
      star < 0
        ? specifier === pattern
        : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))
    )
      return true;
  }
  return false;
}

const BUILTINS = new Set(builtinModules);
