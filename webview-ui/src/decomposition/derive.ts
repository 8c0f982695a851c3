import type { MetricRow, PanelView } from '../../../src/editor/decomposition/common/messages';

/*
 * What the decomposition panel works out from the view before drawing it: no DOM here, so the unit tests run it.
 */

/** Which of the three columns is best for the row (none for counts to read, or when all are equal). */
export function bestColumns(row: MetricRow): Set<'ours' | 'folders' | 'louvain'> {
  const values = { ours: row.ours, folders: row.folders, louvain: row.louvain };
  const measured = Object.values(values).filter((v): v is number => v !== null);
  if (row.better === 'none' || measured.length === 0) return new Set();
  const best = row.better === 'higher' ? Math.max(...measured) : Math.min(...measured);
  const winners = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] === best);
  return winners.length === 3 ? new Set() : new Set(winners);
}

/** An id for a service's details that survives any name a folder or route gives it. */
export function cssId(name: string): string {
  return Array.from(name, (c) => (/[A-Za-z0-9_-]/.test(c) ? c : `_${c.codePointAt(0)?.toString(16)}`)).join('');
}

/**
 * A movable path and where it is now: a service, the shared library, outside every service (an outlier the planner
 * left with the monolith), or, for a folder, split across services ('' then).
 */
export interface MovableRow {
  path: string;
  folder: boolean;
  service: string;
  place: 'service' | 'shared' | 'outlier' | 'split';
}

/** Folders first, then files, each with where it sits in the plan; filtered by a substring of the path. */
export function movableRows(view: PanelView, filter: string): MovableRow[] {
  const owner = new Map<string, string>();
  for (const service of view.services) for (const file of service.files) owner.set(file, service.name);
  const shared = new Set(view.shared);
  // An outlier the planner still put in a service (by its folder) is listed once, under that service.
  const files = [...new Set([...owner.keys(), ...view.shared, ...view.outliers.map((o) => o.file)])].sort();
  const place = (file: string): MovableRow['place'] =>
    owner.has(file) ? 'service' : shared.has(file) ? 'shared' : 'outlier';
  const folderService = (folder: string) => {
    const inside = files.filter((f) => f.startsWith(`${folder}/`)).map((f) => owner.get(f) ?? '');
    return inside.length && inside.every((s) => s === inside[0]) ? inside[0] : '';
  };
  const needle = filter.trim().toLowerCase();
  const match = (path: string) => needle === '' || path.toLowerCase().includes(needle);
  return [
    ...view.folders.filter(match).map((path): MovableRow => {
      const service = folderService(path);
      return { path, folder: true, service, place: service ? 'service' : 'split' };
    }),
    ...files
      .filter(match)
      .map((path): MovableRow => ({ path, folder: false, service: owner.get(path) ?? '', place: place(path) })),
  ];
}

/**
 * The move a drop asks for, when it is one: a file or folder of the view dropped on one of its services other than
 * the one it is in. The path comes from a drag's data, which any page could have put there: checked here, and by
 * the host again.
 */
export function dropMove(
  view: PanelView,
  path: string,
  service: string,
): { path: string; service: string } | undefined {
  if (!view.services.some((s) => s.name === service)) return undefined;
  const row = movableRows(view, '').find((r) => r.path === path);
  if (!row || (row.place === 'service' && row.service === service)) return undefined;
  return { path, service };
}
