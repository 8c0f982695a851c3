import type { DecompositionFacts } from '../model';
import { relativeTo } from '../metrics/baselines';
import { SHARED } from './hubs';

/** Folders and words that say how code is laid out, not what it is about. */
export const STRUCTURAL = new Set(
  (
    'src lib libs app apps packages package modules module services service server api apis domain domains features ' +
    'feature components controllers controller routes router routers models model entities entity repositories ' +
    'repository handlers handler utils util helpers common internal pkg index main dto dtos types interfaces ' +
    'schemas schema impl http rest v1 v2 v3 resolvers middleware middlewares config test spec jobs'
  ).split(' '),
);

/**
 * Words of file names that say what code does or how it is built, not which domain it serves: a group named
 * `check`, `last`, `type` or `field` (Unleash) tells the reader nothing. Only the file-name words skip them; a
 * folder or a table of that name still names a group.
 */
const GENERIC_WORDS = new Set(
  (
    'add get set put create update delete remove new base abstract default custom can catch check last first type ' +
    'types field fields value values item items data list all find has is one many result results options option ' +
    'params param request response input output helper factory provider store read write model fake mock test ' +
    'generate process resolver'
  ).split(' '),
);

/** Tables of the database itself, not of the application: PostgreSQL's catalogs, SQLite's, the information schema. */
const SYSTEM_TABLE = /^(?:pg_|sqlite_|information_schema\.)|^.{1,2}$/;

export interface ServiceName {
  name: string;
  nameFrom: string;
}

interface Candidate {
  name: string;
  from: string;
}

/** Lower-case words joined by dashes; empty when nothing readable is left. */
export function slug(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The deepest folder holding at least `share` of the files, named by its last segment that is not structural
 * (a smaller share says so in `from`).
 */
function folderCandidate(files: readonly string[], root: string, share = 0.6): Candidate | undefined {
  const counts = new Map<string, number>();
  for (const file of files) {
    const parts = relativeTo(root, file).split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
  }
  const dominant = [...counts]
    .filter(([folder, n]) => n >= files.length * share && !STRUCTURAL.has(slug(folder.split('/').pop() ?? '')))
    .sort(([a], [b]) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1))[0]?.[0];
  if (!dominant) return undefined;
  const segments = dominant.split('/');
  for (let i = segments.length - 1; i >= 0; i--) {
    const name = slug(segments[i]);
    if (name && !STRUCTURAL.has(name)) {
      const folder = segments.slice(0, i + 1).join('/');
      const n = counts.get(dominant) ?? 0;
      return { name, from: share < 0.6 ? `folder ${folder} (${n} of ${files.length} files)` : `folder ${folder}` };
    }
  }
  return undefined;
}

/**
 * The layout folder (`util`, `types`) holding most of the files, or the file name most of them share (Outline's
 * `routes/api/<resource>/schema.ts`): a group of plumbing, named for what it is.
 */
function layoutCandidate(files: readonly string[], root: string): Candidate | undefined {
  const most = (key: (parts: string[]) => string) => {
    const counts = new Map<string, number>();
    for (const file of files) {
      const name = key(relativeTo(root, file).split('/'));
      if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const [top, n] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0] ?? [];
    return top !== undefined && n !== undefined && n >= files.length * 0.6 ? { top, n } : undefined;
  };
  const library = 'a layout name, so more a library than a domain';
  const folder = most((parts) => parts.slice(0, -1).join('/'));
  const folderName = folder && slug(folder.top.split('/').pop() ?? '');
  if (folder && folderName)
    return { name: folderName, from: `folder ${folder.top} (${folder.n} of ${files.length} files; ${library})` };
  const file = most((parts) => (parts[parts.length - 1] ?? '').replace(/\.[^.]+$/, ''));
  const fileName = file && slug(file.top);
  return file && fileName
    ? { name: fileName, from: `file name ${file.top} (${file.n} of ${files.length} files; ${library})` }
    : undefined;
}

/** The first path segment most of the service's routes share (`/api/v1/orders/:id` → orders). */
function routeCandidate(files: ReadonlySet<string>, facts: DecompositionFacts): Candidate | undefined {
  const counts = new Map<string, number>();
  let routes = 0;
  for (const useCase of facts.useCases) {
    if (useCase.kind !== 'http-route' || !files.has(useCase.file)) continue;
    routes++;
    const path = useCase.name.split(' ').pop() ?? '';
    const segment = path
      .split('/')
      .filter(Boolean)
      .find((s) => !s.startsWith(':') && !s.startsWith('{') && !STRUCTURAL.has(slug(s)));
    // RPC-style paths name the resource before the dot (`/documents.list` → documents).
    const resource = segment && slug(segment.split('.')[0]);
    if (resource) counts.set(resource, (counts.get(resource) ?? 0) + 1);
  }
  const [name, n] = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0] ?? [];
  return name && n !== undefined && n >= routes * 0.5 ? { name, from: `routes /${name}` } : undefined;
}

/**
 * The API core: a group serving at least half of the monolith's routes (ten or more) across resources, none of
 * which has half of them. Named after the table it writes most, it would read as that table's service (Outline's
 * API, 148 routes over 40 resources, came out as `notifications`).
 */
function apiCoreCandidate(files: ReadonlySet<string>, facts: DecompositionFacts): Candidate | undefined {
  const routes = facts.useCases.filter((u) => u.kind === 'http-route');
  const own = routes.filter((u) => files.has(u.file));
  if (own.length < 10 || own.length < routes.length / 2) return undefined;
  const resources = new Set(own.map((u) => resourceWord(u.name)).filter(Boolean));
  return {
    name: 'api',
    from: `the API core: it serves ${own.length} of the ${routes.length} routes, over ${resources.size} resources`,
  };
}

function resourceWord(name: string): string | undefined {
  const path = name.split(' ').pop() ?? '';
  const segment = path
    .split('/')
    .filter(Boolean)
    .find((s) => !s.startsWith(':') && !s.startsWith('{') && !STRUCTURAL.has(slug(s)));
  return segment ? slug(segment.split('.')[0]) : undefined;
}

/**
 * The table the service writes most (reads when it writes none), when enough of its files touch that table for
 * the table to say what the group is: a tenth of them. A large group of start-up and wiring
 * code with one file touching a table (Outline's 88 files named `user-passkeys`) is not that table's service.
 */
function tableCandidate(files: ReadonlySet<string>, facts: DecompositionFacts): Candidate | undefined {
  const counts = new Map<string, number>();
  const touching = new Map<string, Set<string>>();
  for (const access of facts.data)
    if (files.has(access.file) && !SYSTEM_TABLE.test(access.table.replace(/^public\./, ''))) {
      counts.set(access.table, (counts.get(access.table) ?? 0) + (access.mode === 'write' ? 1000 : 1));
      touching.set(access.table, (touching.get(access.table) ?? new Set()).add(access.file));
    }
  const table = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0];
  const by = table ? (touching.get(table)?.size ?? 0) : 0;
  if (!table || by < files.size / 10) return undefined;
  const name = slug(table.split('.').pop() ?? table);
  return name ? { name, from: `table ${table}` } : undefined;
}

/** The word of the file names most particular to the service (frequent in it, rare elsewhere). */
function wordCandidate(
  files: readonly string[],
  everywhere: ReadonlyMap<string, number>,
  root: string,
  least = 0.2,
  share = 0,
) {
  const counts = wordCounts(files, root);
  let best: Candidate | undefined;
  let bestScore = 0;
  for (const [word, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A word only one file's name holds names that file, not the group (Unleash: "add", "catch", "can").
    if (n < 2 || n < files.length * share) continue;
    const score = (n / files.length) * (n / (everywhere.get(word) ?? n));
    if (score > bestScore) {
      bestScore = score;
      best = { name: word, from: `file names (${n} of ${files.length} mention "${word}")` };
    }
  }
  return bestScore >= least && bestScore > 0 ? best : undefined;
}

function wordCounts(files: readonly string[], root: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of files) {
    const words = new Set(
      slug(relativeTo(root, file).replace(/\.[^./]+$/, ''))
        .split('-')
        .filter((w) => w.length > 2 && !STRUCTURAL.has(w) && !GENERIC_WORDS.has(w) && !/^\d+$/.test(w)),
    );
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/**
 * Names for the groups (largest first gets first pick): each tries its dominant folder, the prefix of its routes,
 * the table it writes most, the word of its file names most its own, then weaker evidence (a folder with a quarter
 * of its files, any word particular to it); a name already taken (or `shared`) passes to the next. The last resort is the first candidate with a number (`orders-2`), or `service-N`.
 */
export function nameServices(groups: readonly string[][], facts: DecompositionFacts, root: string): ServiceName[] {
  const everywhere = wordCounts(facts.files, root);
  const taken = new Set<string>([SHARED]);
  return groups.map((files, index) => {
    const set = new Set(files);
    const candidates = [
      folderCandidate(files, root),
      routeCandidate(set, facts),
      apiCoreCandidate(set, facts),
      tableCandidate(set, facts),
      wordCandidate(files, everywhere, root),
      // Weaker evidence, before a number: the folder holding a quarter of the files, the most particular word
      // a quarter of the files mention, then a layout folder holding most of them (`util`: a library, and the
      // name says so, where a word of two file names would pass it off as a domain).
      folderCandidate(files, root, 0.25),
      wordCandidate(files, everywhere, root, 0, 0.25),
      layoutCandidate(files, root),
    ].filter((c): c is Candidate => c !== undefined);
    const free = candidates.find((c) => !taken.has(c.name));
    let chosen: ServiceName;
    if (free) chosen = { name: free.name, nameFrom: free.from };
    else {
      const base = candidates[0] && candidates[0].name !== SHARED ? candidates[0].name : 'service';
      let n = base === 'service' ? index + 1 : 2;
      while (taken.has(`${base}-${n}`)) n++;
      chosen = { name: `${base}-${n}`, nameFrom: candidates[0] ? `${candidates[0].from}, numbered` : 'numbered' };
    }
    taken.add(chosen.name);
    return chosen;
  });
}
