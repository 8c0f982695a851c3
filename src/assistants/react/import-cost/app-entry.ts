import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleGraph } from '../../../core/module-graph';
import type { Workspace, WorkspaceFile } from '../../../core/workspace';

/** The module a browser loads first for the analysed file's app: what its static imports bring is in every page. */
export interface AppEntry {
  /** The entry module, as the workspace names it. */
  file: string;
  /** How it was found: `index.html's module script`, `package.json "module"`, `Next.js pages/_app`, `src/main.tsx`. */
  how: string;
  /**
   * A folder whose modules the app's bundler splits into chunks of their own (TanStack Router's `autoCodeSplitting`
   * splits each route file's component): the entry reaches them, but not what they import. Forward slashes.
   */
  splitRoutes?: string;
}

/** The files that name an entry: package.json (`module`, `main`), Vite's index.html, and Vite's config. */
export const ENTRY_CONFIG = /(?:^|[\\/])(?:package\.json|index\.html|vite\.config\.[cm]?[jt]s)$/;
/** TanStack Router's Vite plugin splitting route components (`tanstackRouter({ autoCodeSplitting: true })`). */
const AUTO_CODE_SPLITTING = /\bautoCodeSplitting\s*:\s*true\b/;
const ROUTES_DIRECTORY = /\broutesDirectory\s*:\s*['"`]([^'"`]+)['"`]/;
const IN_NODE_MODULES = /(?:^|[\\/])node_modules[\\/]/;
const EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mjs'];
/** Entries by convention, in the order they are tried: Next.js's custom App and root layout, then a SPA's main. */
const CONVENTIONS: [string, string][] = [
  ['pages/_app', 'Next.js pages/_app'],
  ['src/pages/_app', 'Next.js pages/_app'],
  ['app/layout', 'Next.js app/layout'],
  ['src/app/layout', 'Next.js app/layout'],
  ['src/main', 'src/main'],
  ['src/index', 'src/index'],
];
/** `<script type="module" src="/src/main.tsx">`, attributes in either order. */
const MODULE_SCRIPT = /<script\b(?=[^>]*\btype\s*=\s*["']module["'])[^>]*\bsrc\s*=\s*["']([^"'?#]+)/i;

/**
 * The entry of the app `file` belongs to, in the project folder (the nearest one above it with a package.json):
 * Vite's `index.html` module script, package.json `module` or `main` when it names a source module, Next.js's
 * `pages/_app` or `app/layout`, else `src/main` or `src/index`. Only a module of the workspace's graph counts;
 * undefined when none is found. `root` places relative names on disk, for an index.html the workspace does not list.
 */
export async function findAppEntry(
  workspace: Workspace,
  graph: ModuleGraph,
  file: string,
  root: unknown,
): Promise<AppEntry | undefined> {
  let memo = memos.get(workspace);
  if (!memo) memos.set(workspace, (memo = { texts: new Map() }));
  const listing = await workspace.files(ENTRY_CONFIG);
  // The workspace lists the same array until a file is added or removed: the index by name is kept with it.
  if (memo.listing !== listing) {
    memo.listing = listing;
    memo.configs = new Map();
    for (const entry of listing) if (!IN_NODE_MODULES.test(entry.file)) memo.configs.set(slashed(entry.file), entry);
  }
  const configs = memo.configs!;
  let project = folderOf(slashed(file));
  while (!configs.has(joined(project, 'package.json')) && project !== folderOf(project)) project = folderOf(project);
  if (!configs.has(joined(project, 'package.json'))) project = folderOf(slashed(file));
  const isModule = (name: string) => graph.module(name) !== undefined;
  const read = (listed: WorkspaceFile | undefined, name?: string) => readText(memo!.texts, listed, name, root);
  const found = await entryOf(configs, project, isModule, read);
  return found && (await withSplitRoutes(found, configs, project, read));
}

/**
 * What findAppEntry keeps per workspace: the texts it read, by stamp (its answers are kept per folder by
 * AppEntries, which also knows when the module graph changed).
 */
interface EntryMemo {
  listing?: WorkspaceFile[];
  configs?: Map<string, WorkspaceFile>;
  texts: Map<string, { stamp: string; text: string | undefined }>;
}

const memos = new WeakMap<Workspace, EntryMemo>();

function isViteConfig(name: string, project: string): boolean {
  return folderOf(name) === project && /\/vite\.config\.[^/]+$/.test(`/${name}`);
}

/** The entry with the folder of route modules TanStack Router's `autoCodeSplitting` splits, where Vite's config asks. */
async function withSplitRoutes(
  found: AppEntry,
  configs: ReadonlyMap<string, WorkspaceFile>,
  project: string,
  read: (listed: WorkspaceFile | undefined) => Promise<string | undefined>,
): Promise<AppEntry> {
  const config = [...configs].find(([name]) => isViteConfig(name, project));
  const vite = config ? await read(config[1]) : undefined;
  if (!vite || !AUTO_CODE_SPLITTING.test(vite)) return found;
  const routes = ROUTES_DIRECTORY.exec(vite)?.[1] ?? 'src/routes';
  return { ...found, splitRoutes: joined(project, routes).replace(/\/$/, '') };
}

async function entryOf(
  configs: ReadonlyMap<string, WorkspaceFile>,
  project: string,
  isModule: (name: string) => boolean,
  read: (listed: WorkspaceFile | undefined, name?: string) => Promise<string | undefined>,
): Promise<AppEntry | undefined> {
  const withExtension = (base: string) => [base, ...EXTENSIONS.map((ext) => `${base}${ext}`)].find(isModule);

  const html = await read(configs.get(joined(project, 'index.html')), joined(project, 'index.html'));
  const script = html && MODULE_SCRIPT.exec(html)?.[1];
  const fromHtml = script && withExtension(joined(project, script.replace(/^\//, '')));
  if (fromHtml) return { file: fromHtml, how: "index.html's module script" };

  const manifest = await read(configs.get(joined(project, 'package.json')));
  for (const field of ['module', 'main']) {
    const value = manifest === undefined ? undefined : stringField(manifest, field);
    const found = value && withExtension(joined(project, value));
    if (found) return { file: found, how: `package.json "${field}"` };
  }
  for (const [base, how] of CONVENTIONS) {
    const found = withExtension(joined(project, base));
    if (found) return { file: found, how };
  }
  return undefined;
}

/** A listed file's text, read once per stamp; else (an index.html the workspace does not list) from disk. */
async function readText(
  texts: Map<string, { stamp: string; text: string | undefined }>,
  listed: WorkspaceFile | undefined,
  name: string | undefined,
  root: unknown,
): Promise<string | undefined> {
  if (listed) {
    const held = texts.get(listed.file);
    if (held?.stamp === listed.stamp) return held.text;
    const text = await listed.read().catch(() => undefined);
    texts.set(listed.file, { stamp: listed.stamp, text });
    return text;
  }
  const onDisk = name === undefined ? undefined : diskPath(name, root);
  return onDisk === undefined ? undefined : fs.readFile(onDisk, 'utf8').catch(() => undefined);
}

function diskPath(name: string, root: unknown): string | undefined {
  if (name.startsWith('file://')) return fileURLToPath(name);
  if (path.isAbsolute(name)) return name;
  return typeof root === 'string' && path.isAbsolute(root) ? path.join(root, name) : undefined;
}

function stringField(json: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(json) as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A workspace name with forward slashes (the graph finds a module by either). */
function slashed(name: string): string {
  return name.replace(/\\/g, '/');
}

/** The folder of a forward-slash name; '' above a relative name's top folder. */
function folderOf(name: string): string {
  const cut = name.lastIndexOf('/');
  if (cut < 0) return '';
  // `file:///`, `/`, `C:/`: the top of the tree is its own folder.
  return /^(?:[a-z]+:\/\/|[A-Za-z]:)?\/?$/.test(name.slice(0, cut + 1)) ? name.slice(0, cut + 1) : name.slice(0, cut);
}

/** `folder` and a relative path (`./src/main.tsx`, `src/../main.ts`), normalised, in the workspace's naming. */
function joined(folder: string, relative: string): string {
  const scheme = /^[a-z]+:\/\//.exec(folder)?.[0] ?? '';
  const rest = folder.slice(scheme.length);
  const normal = path.posix.normalize(rest ? `${rest.replace(/\/$/, '')}/${relative}` : relative);
  return `${scheme}${normal}`;
}
