import type { DecompositionFacts, Move, PlanOptions, SignalWeights } from '../model';
import { folderAssignment } from '../metrics/baselines';
import type { PartitionFacts } from '../metrics/partition';
import type { FusedGraph } from './fused-graph';
import { fuseSignals, tiesOf, withoutFiles } from './fused-graph';
import { MIGRATION, SHARED, findCompositionRoots, findHubs, setAside } from './hubs';
import type { Communities } from './louvain';
import { LOUVAIN_SEED, communitiesToCount, tiedCount } from './louvain';
import { chooseGranularity } from './granularity';
import { placeDeclarations } from './declarations';
import type { DomainCount } from './domains';
import { domainCount } from './domains';
import type { RuntimeRole } from '../facts/runtime-entries';
import { runtimeRoles } from '../facts/runtime-entries';
import type { RolePartition } from './roles';
import { BY_SEVERAL_ROLES, chooseRoles, roleServiceName } from './roles';
import type { ServiceName } from './naming';
import { nameServices } from './naming';
import { resolveWeights } from './weights';

export interface ProposedGroup {
  name: string;
  nameFrom: string;
  files: string[];
}

/** The clustering's answer: who goes where, and why where it is not obvious. */
export interface Proposal {
  weights: SignalWeights;
  /** Every file of the folder: its service, SHARED, or ENTRY. */
  assignment: Map<string, string>;
  services: ProposedGroup[];
  shared: string[];
  outliers: { file: string; why: string }[];
  /** How the proposal was reached (resolution, merges, hubs), for the plan's notes. */
  notes: string[];
}

/**
 * The assignment of composition roots (entry points wiring the services): in no service and not the shared
 * library; the metrics treat them as library (neutral) and the plan names them among the outliers.
 */
export const ENTRY = '(entry)';

/** A file's ties are split when its second service is tied at least this closely to its first. */
const SPLIT_RATIO = 0.8;

/**
 * Proposes services for the facts' files: the fused graph is clustered (seeded Louvain at the resolution of highest
 * surprise, granularity.ts, or to `services` groups); hubs (files most of those groups use) are taken out as the
 * shared library and the rest clustered again, so a database client or a types file neither glues services
 * together nor lands in one of them. Files with no tie at all join the group holding most of their folder. Groups
 * are named from the domain; outliers (split ties, no tie, composition roots) are named with why; the user's moves
 * are applied last.
 */
export function propose(
  facts: DecompositionFacts,
  pf: PartitionFacts,
  options: PlanOptions = {},
  clustering: Clustering = clusterFacts(facts, pf, options),
): Proposal {
  const assignment = new Map(clustering.assignment);
  const notes = [...clustering.notes];
  applyMoves(assignment, options.moves ?? [], notes);
  const byService = new Map<string, string[]>();
  for (const file of facts.files) {
    const service = assignment.get(file);
    if (service === undefined || service === SHARED || service === ENTRY) continue;
    byService.set(service, [...(byService.get(service) ?? []), file]);
  }
  const nameFrom = new Map(clustering.names.map((n) => [n.name, n.nameFrom]));
  const services = [...byService]
    .map(([name, files]) => ({ name, nameFrom: nameFrom.get(name) ?? 'moved here by the user', files }))
    .sort((a, b) => b.files.length - a.files.length || (a.name < b.name ? -1 : 1));
  const shared = facts.files.filter((f) => assignment.get(f) === SHARED);
  return { weights: clustering.weights, assignment, services, shared, outliers: [...clustering.outliers], notes };
}

/** The clustering before the user's moves: it depends on the facts, the weights and the number asked for only. */
export interface Clustering {
  weights: SignalWeights;
  assignment: ReadonlyMap<string, string>;
  names: ServiceName[];
  outliers: { file: string; why: string }[];
  notes: string[];
}

/** The key under which a clustering of the same facts can be reused (a what-if changes only the moves). */
export function clusteringKey(options: PlanOptions): string {
  return JSON.stringify([resolveWeights(options.weights), options.services ?? null]);
}

export interface ClusterOptions extends Pick<PlanOptions, 'services' | 'weights'> {
  /** Louvain's seed (the bench varies it to show how much the seed alone moves a score). */
  seed?: number;
}

export function clusterFacts(facts: DecompositionFacts, pf: PartitionFacts, options: ClusterOptions): Clustering {
  const weights = resolveWeights(options.weights);
  const notes: string[] = [];
  const fused = fuseSignals(facts, facts.files, weights);
  const dependencies = [...pf.imports, ...pf.uses];

  const domains = domainCount(facts);
  // Declarations (types, schemas) tie into many small tight groups: the resolution is judged on the ties between
  // files of code, and each declaration then goes where it is used (declarations.ts). Asked for N services, the
  // clustering is the same as before: only the free mode's choice sets them apart.
  const aside = new Set(facts.files.filter(setAside));
  const declared = new Set(
    options.services === undefined ? (facts.declarations ?? []).filter((file) => !aside.has(file)) : [],
  );
  if (declared.size >= fused.files.length - 1) declared.clear();
  const first = cluster(fused, options, notes, domains, declared);
  const provisional = groupAssignment(first);
  // The folders are a second opinion: on a small code base a database client can pull the first clustering into
  // too few groups for anything to look like a hub.
  const folders = folderAssignment(facts.root, facts.files);
  const hubs = new Set([...findHubs(provisional, dependencies), ...findHubs(folders, dependencies)]);
  const roots = findCompositionRoots(provisional, dependencies);
  for (const [file, count] of findCompositionRoots(folders, dependencies))
    if (!hubs.has(file)) roots.set(file, Math.max(count, roots.get(file) ?? 0));
  let groups = first;
  let graph: FusedGraph = fused;
  if (hubs.size > 0 || roots.size > 0) {
    graph = withoutFiles(fused, new Set([...hubs, ...roots.keys(), ...aside]));
    notes.length = 0;
    groups = cluster(graph, options, notes, domains, declared);
    if (hubs.size > 0)
      notes.push(
        `${plural(hubs.size, 'file')} used by most services taken out as the shared library before clustering again`,
      );
    if (roots.size > 0)
      notes.push(`${plural(roots.size, 'composition root')} (wiring most services together) left out of the services`);
  }
  // Roles decide what is shared by what each process reaches, so the domain clustering's hubs stay in the graph.
  const roles = chooseRoles(
    withoutFiles(fused, new Set([...roots.keys(), ...facts.files.filter(setAside)])),
    runtimeRoles(facts.useCases, facts.processes),
  );
  const byRoles = roles?.partition ? byRole(roles.partition, roles.roles) : undefined;
  // Asked for a number of services, the roles are still the first cut when they fit in it: the count is spent
  // splitting the largest role by domain. Fewer services than roles: the domain clustering answers alone.
  const fits = byRoles && (options.services === undefined || options.services >= byRoles.grouped.length);
  if (roles)
    notes.push(
      byRoles && !fits
        ? `${roles.note.replace(/; split by runtime role.*$/, '')}; ${options.services} services asked for, fewer than the ${byRoles.grouped.length} roles: split by domain`
        : roles.note,
    );
  let declarationsShared: string[] = [];
  let declarationsUnused: { file: string; index: number }[] = [];
  const domain = (): Grouped => {
    const placed = placeUntied(
      groups.map((files) => files.filter((file) => !declared.has(file))).filter((files) => files.length > 0),
      graph,
    );
    const rest = [...declared].filter((file) => !hubs.has(file) && !roots.has(file));
    if (rest.length === 0) return withDomainNames(placed, facts);
    const put = placeDeclarations(placed.grouped, rest, pf.imports);
    declarationsShared = put.shared;
    declarationsUnused = put.unused;
    notes.push(
      `${plural(rest.length, 'file')} of declarations only (types, constants, schemas: nothing that runs) put where they are used: ${put.placed} with the service importing them most, ${put.shared.length} in the shared library (used by most services)${put.unused.length > 0 ? `, ${put.unused.length} that no code uses by their folder` : ''}`,
    );
    return withDomainNames({ grouped: put.grouped, unplaced: placed.unplaced }, facts);
  };
  const { grouped, unplaced, names } =
    byRoles && fits
      ? splitLargestRole(byRoles, graph, options.services, options.seed ?? LOUVAIN_SEED, facts, notes)
      : domain();
  const assignment = new Map<string, string>();
  grouped.forEach((files, i) => files.forEach((file) => assignment.set(file, names[i].name)));
  if (roles?.partition && fits)
    for (const [file, label] of roles.partition.assignment)
      if (label === BY_SEVERAL_ROLES) assignment.set(file, SHARED);
  if (!fits) for (const hub of [...hubs, ...declarationsShared]) assignment.set(hub, SHARED);

  const outliers: { file: string; why: string }[] = [];
  for (const { file, index } of unplaced) {
    const service = names[index].name;
    outliers.push({
      file,
      why: `nothing ties it to other files (no imports, calls, tables, use cases or co-changes); put in ${service} by its folder`,
    });
  }
  for (const { file, index } of declarationsUnused)
    outliers.push({
      file,
      why: `declarations (types, constants, schemas) no code of the folder uses; put in ${names[index].name} by its folder`,
    });
  outliers.push(...splitTies(graph, assignment));
  for (const [file, count] of roots) {
    assignment.set(file, ENTRY);
    outliers.push({
      file,
      why:
        count > 0
          ? `composition root: it wires ${count} services together; it stays with the monolith as the strangler façade (routing) while services are cut out`
          : 'entry point: it starts the composition root; it stays with the monolith as the strangler façade',
    });
  }
  for (const file of facts.files)
    if (setAside(file) && !hubs.has(file)) {
      assignment.set(file, ENTRY);
      outliers.push({
        file,
        why: MIGRATION.test(file)
          ? "a database migration or seed: the schema's history, not part of any service; it goes with the tables it changes when their data moves"
          : 'a configuration or set-up script: not part of any service',
      });
    }

  outliers.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { weights, assignment, names, outliers, notes };
}

function cluster(
  graph: FusedGraph,
  options: ClusterOptions,
  notes: string[],
  domains: DomainCount,
  judgedWithout?: ReadonlySet<string>,
): Communities {
  const { services, seed = LOUVAIN_SEED } = options;
  if (services === undefined) {
    const chosen = chooseGranularity(graph, seed, judgedWithout);
    const tried = chosen.tried.map((t) => `${t.resolution} → ${t.services}`).join(', ');
    const counted = `${plural(domains.tableFamilies, 'table family', 'table families')} and ${plural(domains.routeResources, 'route resource')}`;
    const judged = judgedWithout && judgedWithout.size > 0 ? ' between files of code (declarations apart)' : '';
    notes.push(
      `resolution ${chosen.resolution} chosen by asymptotic surprise (ties${judged} inside services against what their sizes would hold by chance), ${plural(tiedCount(chosen.communities, graph), 'service')} for the ${counted} its data and API name; tried ${tried}`,
    );
    return chosen.communities;
  }
  const result = communitiesToCount(graph, services, seed);
  notes.push(`${services} services asked for: ${result.how}`);
  return result.communities;
}

interface Grouped {
  grouped: string[][];
  unplaced: { file: string; index: number }[];
  names: ServiceName[];
}

function withDomainNames(
  placed: { grouped: string[][]; unplaced: { file: string; index: number }[] },
  facts: DecompositionFacts,
): Grouped {
  return { ...placed, names: nameServices(placed.grouped, facts, facts.root) };
}

/**
 * The role services, with the largest split by domain into as many groups as the number asked for leaves
 * (`services` − roles + 1), by the same clustering the domain services use, on its files' ties alone.
 */
function splitLargestRole(
  byRoles: Grouped,
  graph: FusedGraph,
  services: number | undefined,
  seed: number,
  facts: DecompositionFacts,
  notes: string[],
): Grouped {
  const pieces = services === undefined ? 1 : services - byRoles.grouped.length + 1;
  if (pieces <= 1) return byRoles;
  const largest = byRoles.grouped.reduce(
    (best, files, i) => (files.length > byRoles.grouped[best].length ? i : best),
    0,
  );
  const inside = new Set(byRoles.grouped[largest]);
  const sub = withoutFiles(graph, new Set(graph.files.filter((f) => !inside.has(f))));
  const split = placeUntied(communitiesToCount(sub, pieces, seed).communities, sub).grouped;
  if (split.length === 0) return byRoles;
  const placed = new Set(split.flat());
  const rest = byRoles.grouped[largest].filter((f) => !placed.has(f));
  if (rest.length > 0) split[0].push(...rest);
  notes.push(
    `${services} services asked for: the ${byRoles.names[largest].name} role split by domain into ${split.length}`,
  );
  const grouped = [...byRoles.grouped.filter((_, i) => i !== largest), ...split];
  const domain = nameServices(split, facts, facts.root);
  const taken = new Set(byRoles.names.map((n) => n.name));
  const names = [
    ...byRoles.names.filter((_, i) => i !== largest),
    ...domain.map((n) => (taken.has(n.name) ? { ...n, name: `${n.name}-domain` } : n)),
  ];
  return { grouped, unplaced: [], names };
}

/** One service per runtime role; the files several roles reach are left for the shared library. */
function byRole(partition: RolePartition, roles: readonly RuntimeRole[]): Grouped {
  const grouped: string[][] = [];
  const names: ServiceName[] = [];
  for (const role of roles) {
    const files = [...partition.assignment].filter(([, label]) => label === role.name).map(([file]) => file);
    if (files.length === 0) continue;
    grouped.push(files.sort());
    names.push({
      name: roleServiceName(role),
      nameFrom:
        role.kind === 'server'
          ? `its runtime role: the server of ${plural(role.useCases, 'route')}`
          : `its runtime role: the background process started in ${role.entries.join(', ')}`,
    });
  }
  return { grouped, unplaced: [], names };
}

function groupAssignment(groups: Communities): Map<string, string> {
  const assignment = new Map<string, string>();
  groups.forEach((files, i) => files.forEach((file) => assignment.set(file, String(i))));
  return assignment;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/**
 * Groups with ties stay; a file with no tie joins the tied group with most files in its folder (or the closest
 * ancestor folder), or failing that the largest group. Those files are returned with the index of the group.
 */
function placeUntied(
  groups: Communities,
  graph: FusedGraph,
): { grouped: string[][]; unplaced: { file: string; index: number }[] } {
  const linked = new Set(graph.edges.flatMap((e) => [e.a, e.b]));
  const tied = groups.filter((g) => g.some((f) => linked.has(f))).map((g) => [...g]);
  const loose = groups
    .filter((g) => !g.some((f) => linked.has(f)))
    .flat()
    .filter((f) => !setAside(f));
  if (tied.length === 0) return { grouped: loose.length > 0 ? [loose] : [], unplaced: [] };
  const joined: { file: string; index: number }[] = [];
  for (const file of loose) {
    let index = 0;
    for (let folder = folderOf(file); ; folder = folderOf(folder)) {
      const counts = tied.map((g) => g.filter((f) => f.startsWith(`${folder}/`) || folder === '').length);
      const most = Math.max(...counts);
      if (most > 0) {
        index = counts.indexOf(most);
        break;
      }
      if (folder === '') break;
    }
    joined.push({ file, index });
  }
  for (const { file, index } of joined) tied[index].push(file);
  const grouped = tied.map((g) => g.sort());
  return { grouped, unplaced: joined };
}

/** Files whose second-strongest service tie is nearly as strong as the first. */
function splitTies(graph: FusedGraph, assignment: ReadonlyMap<string, string>): { file: string; why: string }[] {
  const outliers: { file: string; why: string }[] = [];
  for (const [file, neighbours] of tiesOf(graph)) {
    const byService = new Map<string, number>();
    let total = 0;
    for (const [other, weight] of neighbours) {
      const service = assignment.get(other);
      if (service === undefined || service === SHARED) continue;
      byService.set(service, (byService.get(service) ?? 0) + weight);
      total += weight;
    }
    const [first, second] = [...byService].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    if (!first || !second || second[1] < first[1] * SPLIT_RATIO) continue;
    const share = (w: number) => `${Math.round((w / total) * 100)}%`;
    outliers.push({
      file,
      why: `split: its ties go to ${first[0]} (${share(first[1])}) and ${second[0]} (${share(second[1])}) almost equally; put in ${assignment.get(file)}`,
    });
  }
  return outliers;
}

/** A what-if: each move puts a file, or every file under a folder, into the named service (or `shared`). */
function applyMoves(assignment: Map<string, string>, moves: readonly Move[], notes: string[]): void {
  for (const move of moves) {
    const folder = move.path.replace(/\/+$/, '');
    let moved = 0;
    for (const file of assignment.keys())
      if (file === folder || file.startsWith(`${folder}/`)) {
        assignment.set(file, move.service);
        moved++;
      }
    notes.push(
      moved > 0
        ? `moved by the user: ${move.path} (${moved} file${moved === 1 ? '' : 's'}) to ${move.service}`
        : `move of ${move.path} to ${move.service}: no file of the folder matches that path`,
    );
  }
}
