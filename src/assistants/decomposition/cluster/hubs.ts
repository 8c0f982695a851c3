/** The name of the library that hub files go to: not a service, linked into each service that uses it. */
export const SHARED = 'shared';

/** A file is a hub when files of at least this many services use it: half of them, and never fewer than 3. */
export function hubThreshold(services: number): number {
  return Math.max(3, Math.ceil(services / 2));
}

/**
 * Files used by most services (shared utilities, the database client, common types): a dependency `from → to`
 * (an import or a call) makes `to` used by `from`'s service. With fewer than three services nothing is a hub
 * (two services sharing a file is a boundary question, not a library).
 */
export function findHubs(
  assignment: ReadonlyMap<string, string>,
  dependencies: readonly { from: string; to: string }[],
): Set<string> {
  const services = new Set([...assignment.values()].filter((s) => s !== SHARED)).size;
  const users = new Map<string, Set<string>>();
  for (const { from, to } of dependencies) {
    const service = assignment.get(from);
    if (service === undefined || service === SHARED || from === to || !assignment.has(to)) continue;
    const set = users.get(to) ?? new Set<string>();
    set.add(service);
    users.set(to, set);
  }
  const threshold = hubThreshold(services);
  return new Set([...users].filter(([, set]) => services >= 3 && set.size >= threshold).map(([file]) => file));
}

/** Configuration and build scripts are not an application's entry point. */
export const SCRIPT = /(?:^|\/)[^/]*\.(?:config|preset|setup)\.[cm]?[jt]s$/;

/**
 * Database migrations and seeds: the schema's history, run once by a deploy, not code a service runs. Left in the
 * clustering, hundreds of files that import nothing (Outline's 280 Sequelize migrations) join whichever group
 * holds most of their parent folder and name it `migrations`.
 */
export const MIGRATION = /(?:^|\/)(?:migrations?|seeders?|seeds)\//;

/** Files the clustering leaves out of every service: configuration scripts and migrations. */
export function setAside(file: string): boolean {
  return SCRIPT.test(file) || MIGRATION.test(file);
}

/**
 * Files that use most services but that nothing uses: an entry point wiring the application together (the
 * Express app, the Nest module). Not a library: it becomes the strangler façade.
 */
export function findCompositionRoots(
  assignment: ReadonlyMap<string, string>,
  dependencies: readonly { from: string; to: string }[],
): Map<string, number> {
  const services = new Set([...assignment.values()].filter((s) => s !== SHARED)).size;
  const used = new Set<string>();
  const uses = new Map<string, Set<string>>();
  for (const { from, to } of dependencies) {
    if (from === to) continue;
    used.add(to);
    const service = assignment.get(to);
    if (service === undefined || service === SHARED) continue;
    const set = uses.get(from) ?? new Set<string>();
    set.add(service);
    uses.set(from, set);
  }
  const threshold = hubThreshold(services);
  const roots = new Map<string, number>();
  if (services < 3) return roots;
  const usedBy = new Map<string, Set<string>>();
  const usesFiles = new Map<string, Set<string>>();
  for (const { from, to } of dependencies) {
    if (from === to) continue;
    usedBy.set(to, (usedBy.get(to) ?? new Set()).add(from));
    usesFiles.set(from, (usesFiles.get(from) ?? new Set()).add(to));
  }
  // A router module used only by the entry (main.ts → routes.ts → every feature) is a root as well, and so is
  // an entry whose only dependencies are roots: grow the set until it stops changing.
  const onlyRoots = (files: Set<string> | undefined) => [...(files ?? [])].every((f) => roots.has(f));
  for (let changed = true; changed;) {
    changed = false;
    for (const file of assignment.keys()) {
      if (roots.has(file) || setAside(file)) continue;
      const wide = (uses.get(file)?.size ?? 0) >= threshold;
      const entry = usesFiles.has(file) && onlyRoots(usesFiles.get(file)) && roots.size > 0;
      // Used by nothing, or only by roots and by files nothing uses (the entry above a router).
      const top = [...(usedBy.get(file) ?? [])].every((f) => roots.has(f) || (!used.has(f) && wide));
      if ((wide || entry) && top) {
        roots.set(file, wide ? (uses.get(file)?.size ?? 0) : 0);
        changed = true;
      }
    }
  }
  return roots;
}
