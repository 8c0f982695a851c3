import type { DeclaredProcess } from '../model';
import { isUnder } from './folder-paths';

/** The files that say how a project starts its processes: package.json, Procfile, Dockerfiles. */
export const PROCESS_FILE = /(?:^|\/)(?:package\.json|Procfile|[\w.-]*Dockerfile[\w.-]*)$/;

/** Scripts that start a long-running process (`start`, `start:prod`, `start-workers`, `worker`, `cron:run`). */
const START_SCRIPT = /^(?:start|serve|worker|workers|cron|crons|consumer|scheduler|queue|jobs?)(?:$|[:_-])/i;
/** Scripts that start the same process for development, tests or debugging: not another process. */
const NOT_A_PROCESS = /(?:^|[:_-])(?:dev|develop|watch|test|tests|e2e|debug|inspect|ci|lint)(?:$|[:_-])/i;
/** Programs that run a JavaScript or TypeScript file given as an argument. */
const RUNNER =
  /^(?:node|nodejs|ts-node|ts-node-dev|tsnd|tsx|nodemon|babel-node|bun|deno|esno|esr|swc-node|node-dev|forever|pm2)$/;
/** Build output folders, mapped back to the sources they were compiled from. */
const OUTPUT = /^(?:dist|build|out|lib)(?=\/|$)/;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

export interface ProcessFileText {
  file: string;
  text: string;
}

/**
 * The processes a project declares it starts, each with the source file it runs: package.json `start*`, `worker*`
 * and `cron*` scripts (not their dev, test or debug variants), `bin` commands and the `main` of packages nested in
 * the folder; Procfile lines; Dockerfile `ENTRYPOINT` and `CMD`. A command's file is the first argument of a runner
 * (node, ts-node, tsx, nodemon, …) that names a source file of the folder, compiled output (`dist/workers`) read as
 * its source (`src/workers/index.ts`); a script the command runs through the package manager (`npm run worker`,
 * `yarn start`) is read in its place. A command that names no source file (`next start`, `nest start`) declares no
 * entry and is left out; processes running the same file are one, their names joined. Declarations that cannot be
 * read (a package.json that is not JSON) are returned in `errors`, the rest still read.
 */
export function declaredProcesses(
  texts: readonly ProcessFileText[],
  root: string,
  files: readonly string[],
): { processes: DeclaredProcess[]; errors: { file: string; message: string }[] } {
  const sources = new Set(files);
  const byEntry = new Map<string, DeclaredProcess>();
  const errors: { file: string; message: string }[] = [];
  const prefix = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const inFolder = [...texts]
    .filter(({ file }) => isUnder(file, prefix) && !/(?:^|\/)node_modules\//.test(file))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const packages = new Map<string, unknown>();
  for (const { file, text } of inFolder) {
    if (file.slice(file.lastIndexOf('/') + 1) !== 'package.json') continue;
    try {
      packages.set(file, JSON.parse(text));
    } catch (error) {
      errors.push({ file, message: `not read for the processes it starts: ${(error as Error).message}` });
    }
  }
  const declare = (name: string, declaredIn: string, command: string) => {
    const folder = folderOf(declaredIn);
    const scripts = scriptsOf(packages.get(folder === '' ? 'package.json' : `${folder}/package.json`));
    for (const path of commandPaths(expandScripts(command, scripts))) {
      const entry = sourceOf(folder, path, sources);
      if (!entry) continue;
      const known = byEntry.get(entry);
      if (!known) byEntry.set(entry, { name, declaredIn, command, entry });
      else if (!known.name.split(', ').includes(name)) known.name += `, ${name}`;
      return;
    }
  };
  for (const { file, text } of inFolder) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (base === 'package.json') {
      if (packages.has(file)) readPackage(packages.get(file), file, folderOf(file) !== prefix, declare);
    } else if (base === 'Procfile') {
      for (const line of text.split('\n')) {
        const match = /^([\w.-]+):\s*(.+)$/.exec(line.trim());
        if (match) declare(match[1], file, match[2]);
      }
    } else if (!NOT_A_PROCESS.test(processNameOf(file)))
      // `Dockerfile.dev`, `test.Dockerfile`: images for development and tests, not a process of the deployment.
      for (const command of dockerCommands(text)) declare(processNameOf(file), file, command);
  }
  return { processes: [...byEntry.values()], errors };
}

type Declare = (name: string, declaredIn: string, command: string) => void;

function scriptsOf(json: unknown): Record<string, string> {
  const scripts = json && typeof json === 'object' ? (json as { scripts?: unknown }).scripts : undefined;
  if (!scripts || typeof scripts !== 'object') return {};
  return Object.fromEntries(
    Object.entries(scripts as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** A package manager running a script of the package (`npm run start:worker`, `yarn worker`, `npm start`). */
const RUN_SCRIPT = /(?:^|\s)(?:npm|yarn|pnpm|bun)\s+(?:run(?:-script)?\s+|--silent\s+)?([\w:.-]+)/g;

/** The command with each script it runs through the package manager written out (three levels at most). */
export function expandScripts(command: string, scripts: Readonly<Record<string, string>>, depth = 3): string {
  if (depth === 0) return command;
  return command.replace(RUN_SCRIPT, (whole, name: string) => {
    const script = scripts[name];
    return script === undefined ? whole : ` ${expandScripts(script, scripts, depth - 1)}`;
  });
}

function readPackage(json: unknown, file: string, nested: boolean, declare: Declare): void {
  if (!json || typeof json !== 'object') return;
  const pkg = json as { name?: unknown; main?: unknown; bin?: unknown; scripts?: unknown };
  const packageName = typeof pkg.name === 'string' ? pkg.name.replace(/^@[^/]+\//, '') : folderOf(file);
  for (const [name, command] of Object.entries(scriptsOf(json)))
    if (START_SCRIPT.test(name) && !NOT_A_PROCESS.test(name)) declare(name, file, command);
  // A `bin` or `main` is a path, run as `node <path>` would run it.
  if (typeof pkg.bin === 'string') declare(packageName, file, `node ${pkg.bin}`);
  else if (pkg.bin && typeof pkg.bin === 'object')
    for (const [name, path] of Object.entries(pkg.bin as Record<string, unknown>))
      if (typeof path === 'string') declare(name, file, `node ${path}`);
  // The folder's own `main` is what it exports to others (a library's entry); a nested package's is how the
  // monolith starts that part of itself.
  if (nested && typeof pkg.main === 'string') declare(packageName, file, `node ${pkg.main}`);
}

/** Arguments of each runner in a shell command (`A=1 node --flag dist/worker.js && …`), in order. */
export function commandPaths(command: string): string[] {
  const paths: string[] = [];
  for (const part of command.split(/&&|\|\||;|\|/)) {
    const words = part.trim().split(/\s+/).map(unquote);
    const runner = words.findIndex((word) => RUNNER.test(word.split('/').pop() ?? ''));
    if (runner < 0) continue;
    for (const word of words.slice(runner + 1))
      if (word !== '' && !word.startsWith('-') && !/^\w+=/.test(word)) paths.push(word);
  }
  return paths;
}

/** `ENTRYPOINT` and `CMD` of a Dockerfile, in exec or shell form, the entry point's words before the command's. */
export function dockerCommands(text: string): string[] {
  let entrypoint = '';
  let cmd = '';
  for (const line of text.replace(/\\\r?\n/g, ' ').split('\n')) {
    const match = /^\s*(ENTRYPOINT|CMD)\s+(.+)$/i.exec(line);
    if (!match) continue;
    const words = execForm(match[2].trim());
    if (match[1].toUpperCase() === 'ENTRYPOINT') entrypoint = words;
    else cmd = words;
  }
  const command = `${entrypoint} ${cmd}`.trim();
  return command === '' ? [] : [command];
}

function execForm(text: string): string {
  if (!text.startsWith('[')) return text;
  try {
    const words = JSON.parse(text) as unknown;
    return Array.isArray(words) ? words.filter((w) => typeof w === 'string').join(' ') : text;
  } catch {
    return text;
  }
}

/** A Dockerfile's process name: `worker.Dockerfile` → worker, `Dockerfile.worker` → worker, `Dockerfile` → its folder's. */
function processNameOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const named = base.replace(/^Dockerfile\.?/, '').replace(/\.?Dockerfile$/, '');
  return named || folderOf(file).split('/').pop() || 'docker';
}

/** The source file a path of a command names, relative to the declaring file's folder. */
function sourceOf(folder: string, path: string, sources: ReadonlySet<string>): string | undefined {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean === '' || clean.startsWith('/') || clean.includes('..')) return undefined;
  const candidates = [clean];
  if (OUTPUT.test(clean)) candidates.push(clean.replace(OUTPUT, 'src'), clean.replace(OUTPUT, '').replace(/^\//, ''));
  for (const candidate of candidates) {
    const base = folder === '' ? candidate : candidate === '' ? folder : `${folder}/${candidate}`;
    const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
    for (const option of [
      base,
      ...SOURCE_EXTENSIONS.map((ext) => `${stem}${ext}`),
      ...SOURCE_EXTENSIONS.map((ext) => `${base}/index${ext}`),
    ])
      if (sources.has(option)) return option;
  }
  return undefined;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

function unquote(word: string): string {
  return word.replace(/^['"]|['"]$/g, '');
}
