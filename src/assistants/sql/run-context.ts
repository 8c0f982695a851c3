/**
 * Where a statement runs, judged from its file's path by the conventions projects follow: application code runs
 * per request; a migration, a backfill, a seed or a one-off script runs once; a test, a fixture or a benchmark
 * never runs in production. Query rules judge what a statement costs each time a request runs it, so their
 * findings mean little on once-only SQL and nothing on test SQL.
 *
 * The conventions are read on the path inside the project: below the outermost folder holding a project manifest
 * (the repository's root in a monorepo, so `packages/api/test/…` is a test, and so is a fixture project with a
 * manifest of its own under `test/`), so a checkout that happens to live under a folder named `test` or
 * `scripts` is not taken for one.
 */

export type RunKind = 'per-request' | 'once' | 'test';

export interface RunContext {
  kind: RunKind;
  /** What the file is, for messages: "a migration", "a seed script", "a test"; empty for application code. */
  what: string;
}

export const PER_REQUEST: RunContext = { kind: 'per-request', what: '' };

/** Files that mark a project's root; their folders are where the conventions below are read from. */
export const PROJECT_MANIFEST =
  /(?:^|\/)(?:package\.json|deno\.jsonc?|composer\.json|go\.mod|(?:docker-)?compose\.ya?ml)$/i;

/** Folder names, each with what a file under it is: a test anywhere on the path wins, else the nearest folder. */
const FOLDERS: readonly { pattern: RegExp; context: RunContext }[] = [
  {
    // `helpers.test/`, `api-tests/`: a folder named for the tests it holds.
    pattern:
      /^(?:__tests__|tests?|spec|specs|e2e|integration-tests?|test-?utils|__mocks__|mocks|[\w-]+[._-](?:tests?|specs?))$/i,
    context: test('a test'),
  },
  { pattern: /^(?:fixtures?|__fixtures__|testdata|test-data)$/i, context: test('a test fixture') },
  { pattern: /^(?:bench|benchmarks?|perf|perf-?tests?|load-?tests?|stress-?tests?)$/i, context: test('a benchmark') },
  {
    pattern: /^(?:migrations?|migrate|db-migrations|schema-migrations|data-migrations)$/i,
    context: once('a migration'),
  },
  { pattern: /^(?:seeds?|seeders?|seed-data|seeding)$/i, context: once('a seed script') },
  { pattern: /^(?:backfills?|one-?offs?|oneoffs)$/i, context: once('a backfill') },
  { pattern: /^(?:scripts?)$/i, context: once('a script') },
];

/** File names, checked before the folders: `orders.test.ts` under `src/` is a test all the same. */
const NAMES: readonly { pattern: RegExp; context: RunContext }[] = [
  { pattern: /[._-](?:test|spec|e2e)\.[cm]?[jt]sx?$|^test_[^/]*\.sql$|_test\.(?:sql|go)$/i, context: test('a test') },
  { pattern: /[._-](?:bench|benchmark)\.[cm]?[jt]sx?$/i, context: test('a benchmark') },
  // Commands for an end-to-end runner (`installCypressServerCommand.ts`) serve its tests, wherever they live.
  { pattern: /(?:cypress|playwright)[^/]*\.[cm]?[jt]sx?$/i, context: test('an end-to-end test helper') },
  { pattern: /(?:^|[._-])seeds?(?:[._-][^/]*)?\.(?:[cm]?[jt]sx?|sql)$/i, context: once('a seed script') },
  { pattern: /(?:^|[._-])backfill(?:[._-][^/]*)?\.(?:[cm]?[jt]sx?|sql)$/i, context: once('a backfill') },
];

function test(what: string): RunContext {
  return { kind: 'test', what };
}

function once(what: string): RunContext {
  return { kind: 'once', what };
}

/**
 * The run context of a file. `roots` are the folders of the project manifests in the workspace (same kind of
 * path as `file`); `migration` says the engine already knows the file for a migration (by its folder or name).
 */
export function runContextOf(file: string, roots: readonly string[] = [], migration = false): RunContext {
  const path = insideProject(normalise(file), roots);
  const segments = path.split('/').filter(Boolean);
  const name = segments.pop() ?? '';
  const found: RunContext[] = [];
  for (const { pattern, context } of NAMES) if (pattern.test(name)) found.push(context);
  for (let i = segments.length - 1; i >= 0; i--) {
    for (const { pattern, context } of FOLDERS) if (pattern.test(segments[i])) found.push(context);
  }
  // SQL under a test never reaches production, whatever else its path says (a seed among a test's fixtures).
  return found.find((c) => c.kind === 'test') ?? found[0] ?? (migration ? once('a migration') : PER_REQUEST);
}

/**
 * The run context of a statement in a function's (or procedure's) PL/pgSQL body: the migration that creates the
 * function runs once, but the body runs each time the function is called, like application code. A `DO` block's
 * body runs where it stands, so it keeps its file's context; so does test SQL, which never reaches production.
 */
export function routineRunContext(file: RunContext, inFunctionBody: boolean): RunContext {
  return inFunctionBody && file.kind === 'once' ? PER_REQUEST : file;
}

/** The folders of the manifests among these files. */
export function projectRoots(manifests: readonly string[]): string[] {
  return manifests.map((file) => normalise(file).replace(/[^/]*$/, ''));
}

/** `file:///x/y` and `C:\x\y` as `/x/y` and `C:/x/y`: one shape for roots and files. */
function normalise(file: string): string {
  return file.replace(/\\/g, '/').replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
}

/** The path below the outermost root that holds it; the path itself when none does. */
function insideProject(path: string, roots: readonly string[]): string {
  let best: string | undefined;
  for (const root of roots) if (path.startsWith(root) && (best === undefined || root.length < best.length)) best = root;
  return path.slice(best?.length ?? 0);
}
