import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Where PGlite comes from. PGlite finds pglite.wasm, pglite.data and the extension tarballs relative to
 * its own module file, which a bundle would break; so it is never bundled. The build copies its CommonJS
 * files and assets to `dist/pglite/` (esbuild.mjs), and a built chunk under `dist/assistants/` loads it
 * from there by path; from source (tests, tsx) it is the package in node_modules. The require is built at
 * run time so esbuild leaves it alone.
 */

/** The subset of PGlite the sandbox uses. */
export interface Pglite {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'array' | 'object'; serializers?: Record<number, (value: unknown) => string> },
  ): Promise<{ rows: T[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number }>;
  exec(sql: string): Promise<{ rows: Record<string, unknown>[] }[]>;
  close(): Promise<void>;
}

export interface PgliteModules {
  /** Directory the modules were loaded from (`dist/pglite` or the package's dist). */
  from: string;
  create(options: { extensions: Record<string, unknown> }): Promise<Pglite>;
  extensions: Record<string, unknown>;
}

/** A copied PGlite beside the built chunk (dist/assistants/x.js → dist/pglite). */
export function bundledPgliteDir(baseDir: string = __dirname): string | undefined {
  for (const dir of [path.join(baseDir, '..', 'pglite'), path.join(baseDir, 'pglite')]) {
    if (existsSync(path.join(dir, 'index.cjs')) && existsSync(path.join(dir, 'pglite.wasm'))) return dir;
  }
  return undefined;
}

export function loadPglite(): PgliteModules {
  const load = createRequire(__filename);
  const dir = process.env.SA_PGLITE_DIR || bundledPgliteDir();
  const spec = (sub: string): string =>
    dir
      ? path.join(dir, sub.replace(/^$/, 'index.cjs').replace(/^contrib\/(\w+)$/, 'contrib/$1.cjs'))
      : `@electric-sql/pglite${sub ? `/${sub}` : ''}`;
  const main = load(spec('')) as { PGlite: { create(options: unknown): Promise<Pglite> } };
  const extensions: Record<string, unknown> = {};
  for (const name of ['pg_trgm', 'btree_gin']) {
    try {
      const mod = load(spec(`contrib/${name}`)) as Record<string, unknown>;
      if (mod[name]) extensions[name] = mod[name];
    } catch {
      // An extension that is missing from the copy only narrows the candidates that can be measured.
    }
  }
  return {
    from: dir ?? path.dirname(load.resolve('@electric-sql/pglite')),
    create: (options) => main.PGlite.create(options),
    extensions,
  };
}
