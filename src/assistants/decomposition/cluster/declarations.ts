import { hubThreshold } from './hubs';

export interface PlacedDeclarations {
  /** The groups, each with the declarations it uses most added. */
  grouped: string[][];
  /** Declarations files of at least half the groups use (and never fewer than 3): the shared library's. */
  shared: string[];
  /** Declarations no code uses, even through other declarations, with the group they were put in by folder. */
  unused: { file: string; index: number }[];
  /** How many went to a group. */
  placed: number;
}

/**
 * Files that only declare (request schemas, DTOs, enums, OpenAPI objects, GraphQL type definitions) run nothing:
 * they are the shapes other code runs with, and they import each other (a schema referring to another), so left
 * in the clustering they form tight groups of their own and raise the resolution surprise prefers (Unleash: 418
 * of its 915 files are declarations, and the free mode proposed 81 services, six of them numbered `openapi`
 * groups). The resolution is judged without them (granularity.ts); each then goes where it is used: to the group whose files
 * import it most, or, when files of at least half the groups (never fewer than 3) import it, to the shared
 * library, as a hub file does. A declaration only other declarations use follows them (a schema used by a
 * schema a controller uses ends with the controller); one nothing uses joins the group holding most of its
 * folder.
 */
export function placeDeclarations(
  grouped: readonly string[][],
  declarations: readonly string[],
  imports: readonly { from: string; to: string; weight: number }[],
): PlacedDeclarations {
  const SHARED_PLACE = -1;
  const placeOf = new Map<string, number>();
  grouped.forEach((files, i) => files.forEach((file) => placeOf.set(file, i)));
  const pending = new Set(declarations.filter((file) => !placeOf.has(file)));
  const importers = new Map<string, { from: string; weight: number }[]>();
  for (const { from, to, weight } of imports)
    if (pending.has(to) && from !== to) importers.set(to, [...(importers.get(to) ?? []), { from, weight }]);
  const threshold = hubThreshold(grouped.length);
  const result = grouped.map((files) => [...files]);
  const shared: string[] = [];
  let placed = 0;
  // Rounds: a declaration is placed once something placed uses it, so chains of schemas resolve from the code.
  for (let changed = true; changed && pending.size > 0;) {
    changed = false;
    const round = new Map<string, number>();
    for (const file of pending) {
      const weights = new Map<number, number>();
      for (const { from, weight } of importers.get(file) ?? []) {
        const place = placeOf.get(from);
        if (place !== undefined) weights.set(place, (weights.get(place) ?? 0) + weight);
      }
      if (weights.size === 0) continue;
      const groups = [...weights.keys()].filter((place) => place !== SHARED_PLACE);
      round.set(
        file,
        groups.length === 0 || (grouped.length >= 3 && groups.length >= threshold)
          ? SHARED_PLACE
          : [...weights].filter(([place]) => place !== SHARED_PLACE).sort(([a, x], [b, y]) => y - x || a - b)[0][0],
      );
    }
    for (const [file, place] of round) {
      pending.delete(file);
      placeOf.set(file, place);
      changed = true;
      if (place === SHARED_PLACE) shared.push(file);
      else {
        result[place].push(file);
        placed++;
      }
    }
  }
  const unused: { file: string; index: number }[] = [];
  for (const file of [...pending].sort()) {
    const index = byFolder(result, file);
    if (index === undefined) continue;
    result[index].push(file);
    unused.push({ file, index });
  }
  return { grouped: result.map((files) => files.sort()), shared: shared.sort(), unused, placed };
}

/** The group holding most files of the file's folder (or the closest ancestor folder that has some). */
function byFolder(groups: readonly string[][], file: string): number | undefined {
  if (groups.length === 0) return undefined;
  for (let folder = file.slice(0, Math.max(0, file.lastIndexOf('/'))); ;) {
    const counts = groups.map((g) => g.filter((f) => folder === '' || f.startsWith(`${folder}/`)).length);
    const most = Math.max(...counts);
    if (most > 0) return counts.indexOf(most);
    if (folder === '') return 0;
    folder = folder.slice(0, Math.max(0, folder.lastIndexOf('/')));
  }
}
