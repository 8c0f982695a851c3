import type { UseCase, UseCaseKind } from '../model';
import type { FactsIndex } from './facts-index';
import { WHOLE_FILE } from './facts-index';
import type { Handler, ScannedRoute, Span } from './file-scan-model';
import { joinPath } from './file-scan';
import { filesOf } from './reach';

/** A receiver whose name says it is an app or a router, when where it was made cannot be followed. */
const ROUTERISH = /^(?:app|router|server|fastify|instance|api|routes?|r)$|(?:Router|Routes|App|Server|Api)$/;
const NEXT_PAGES_API = /(?:^|\/)pages\/api\/(.+)\.[cm]?[jt]sx?$/;
/** Next.js `app/**\/route.ts`, and the same convention under an `api/` folder (Medusa: `src/api/admin/…/route.ts`). */
const ROUTE_FILE = /(?:^|\/)(app|api)\/(?:(.*)\/)?route\.[cm]?[jt]sx?$/;
const NEXT_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const JOB_FOLDER = /(?:^|\/)(?:jobs?|cron|crons|schedulers?)\/([^/]+?)\.[cm]?[jt]sx?$/;

/**
 * The ways into the folder's code: HTTP routes with their mounted prefixes joined in, queue consumers, event
 * handlers and scheduled jobs. `reaches` follows the calls made from the handler function itself (reach.ts),
 * so a route reaches the service functions it calls, not every file its router's file imports.
 */
export function extractUseCases(index: FactsIndex, files: readonly string[]): UseCase[] {
  const out: UseCase[] = [];
  const add = (kind: UseCaseKind, name: string, file: string, span: Span, handler: Handler | undefined) => {
    out.push({
      id: `${kind}:${name}:${file}`,
      kind,
      name,
      file,
      range: index.range(file, span),
      reaches: reachesOf(index, file, span, handler),
    });
  };

  const prefixes = mountedPrefixes(index, files);
  const globalPrefix = files.map((f) => index.scan(f)?.globalPrefix).find((p) => p !== undefined) ?? '';
  for (const file of files) {
    const scan = index.scan(file);
    if (!scan) continue;
    for (const route of scan.routes) {
      if (route.router === '@nest') {
        add('http-route', `${route.method} ${joinPath(globalPrefix, route.path)}`, file, route, route.handler);
        continue;
      }
      if (!isRoute(index, file, route, prefixes)) continue;
      const key = routerKey(index, file, route.router);
      for (const prefix of prefixes.of(key))
        add('http-route', `${method(route.method)} ${joinPath(prefix, route.path)}`, file, route, route.handler);
    }
    for (const entry of scan.entries) add(entry.kind, entry.name, file, entry, entry.handler);
    fileRoutes(index, file, add);
    const config = scan.exportedConfig;
    const main = scan.units.find((u) => u.name === 'default');
    if (config && scan.hasDefaultExport) {
      for (const event of config.events) add('event-handler', `event ${event}`, file, main ?? WHOLE_FILE, main);
      if (config.schedule) add('scheduled-job', `cron ${config.schedule}`, file, main ?? WHOLE_FILE, main);
    }
    // A file of a `cron/` or `jobs/` folder that declares routes is the route that triggers the jobs (Outline's
    // POST /api/cron.:period), served by the web server: no process of its own.
    const job = JOB_FOLDER.exec(file);
    if (job && scan.hasDefaultExport && scan.entries.length === 0 && scan.routes.length === 0 && !config?.schedule) {
      const unit = scan.units.find((u) => u.name === 'default' || u.name === 'export=');
      add('scheduled-job', `job ${job[1]}`, file, unit ?? WHOLE_FILE, unit);
    }
  }
  return uniqueIds(out);
}

function method(verb: string): string {
  return verb === 'DEL' ? 'DELETE' : verb;
}

function reachesOf(index: FactsIndex, file: string, at: Span, handler: Handler | undefined): string[] {
  let start: { file: string; span: Span } = { file, span: at };
  if (handler && 'binding' in handler) {
    const target = index.target(file, {
      binding: handler.binding,
      ...(handler.member ? { member: handler.member } : {}),
      start: at.start,
      end: at.end,
    });
    if (target) start = target;
  } else if (handler) start = { file, span: handler };
  const reached = filesOf(index.reach(start.file, start.span));
  return reached[0] === file ? reached : [file, ...reached.filter((f) => f !== file)];
}

function routerKey(index: FactsIndex, file: string, binding: string): string {
  const origin = index.resolve(file, binding);
  return origin ? `${origin.file}\0${origin.local}` : `${file}\0${binding}`;
}

interface Prefixes {
  declared: Set<string>;
  of(key: string): string[];
}

/**
 * The paths each router is reached at: its own prefix (`new Router({ prefix })`) under every prefix it is
 * mounted at (`app.use('/orders', orders)`, `fastify.register(plugin, { prefix })`), through any depth of
 * routers mounted in routers; a router mounted nowhere is at the root.
 */
function mountedPrefixes(index: FactsIndex, files: readonly string[]): Prefixes {
  const own = new Map<string, string>();
  const parents = new Map<string, { parent: string; prefix: string }[]>();
  for (const file of index.scanned.keys()) {
    const scan = index.scan(file)!;
    for (const router of scan.routers) own.set(routerKey(index, file, router.binding), router.prefix);
  }
  for (const file of files) {
    for (const mount of index.scan(file)?.mounts ?? []) {
      const child = routerKey(index, file, mount.target);
      const list = parents.get(child) ?? [];
      list.push({ parent: routerKey(index, file, mount.router), prefix: mount.prefix });
      parents.set(child, list);
    }
  }
  const memo = new Map<string, string[]>();
  const of = (key: string, seen: Set<string> = new Set()): string[] => {
    const known = memo.get(key);
    if (known) return known;
    if (seen.has(key)) return [''];
    seen.add(key);
    const mine = own.get(key) ?? '';
    const above = parents.get(key);
    const result = above
      ? [...new Set(above.flatMap(({ parent, prefix }) => of(parent, seen).map((p) => joinPath(p, prefix, mine))))]
      : [joinPath(mine)];
    seen.delete(key);
    memo.set(key, result);
    return result;
  };
  return { declared: new Set(own.keys()), of: (key) => of(key) };
}

/** A route on something made as a router, mounted as one, or named like one; `cache.get('/x', fn)` is not. */
function isRoute(index: FactsIndex, file: string, route: ScannedRoute, prefixes: Prefixes): boolean {
  if (prefixes.declared.has(routerKey(index, file, route.router))) return true;
  if (prefixes.declared.has(routerKey(index, file, route.receiver))) return true;
  return ROUTERISH.test(route.receiver);
}

/** Routes from the file's place: `pages/api/orders/[id].ts`, `app/orders/[id]/route.ts` (GET, POST…). */
function fileRoutes(
  index: FactsIndex,
  file: string,
  add: (kind: UseCaseKind, name: string, file: string, span: Span, handler: Handler | undefined) => void,
): void {
  const scan = index.scan(file)!;
  const pages = NEXT_PAGES_API.exec(file);
  if (pages && scan.hasDefaultExport) {
    const unit = scan.units.find((u) => u.name === 'default');
    add('http-route', `ALL ${nextPath(`api/${pages[1]}`)}`, file, unit ?? WHOLE_FILE, unit);
    return;
  }
  const route = ROUTE_FILE.exec(file);
  if (!route) return;
  const path = route[2] ?? '';
  for (const name of scan.exportedFunctions) {
    if (!NEXT_METHODS.has(name)) continue;
    const unit = scan.units.find((u) => u.name === name);
    add('http-route', `${name} ${nextPath(path)}`, file, unit ?? WHOLE_FILE, unit);
  }
}

function nextPath(path: string): string {
  const segments = path
    .split('/')
    .filter((s) => s !== '' && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => s.replace(/^\[\[?\.\.\.(\w+)\]?\]$/, '*$1').replace(/^\[(\w+)\]$/, ':$1'));
  if (segments[segments.length - 1] === 'index') segments.pop();
  return joinPath(...segments);
}

function uniqueIds(useCases: UseCase[]): UseCase[] {
  const seen = new Map<string, number>();
  for (const useCase of useCases) {
    const count = (seen.get(useCase.id) ?? 0) + 1;
    seen.set(useCase.id, count);
    if (count > 1) useCase.id = `${useCase.id}#${count}`;
  }
  return useCases;
}
