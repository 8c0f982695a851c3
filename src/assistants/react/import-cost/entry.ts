import { createHash } from 'node:crypto';

/**
 * What a page already loads, left out of a measurement: package names and workspace modules (absolute paths).
 * One list is shared by every entry of a measurement and by every measurement of a file (it can hold hundreds of
 * modules): a key names it by its hash, computed once, rather than spelling it out again in each key.
 */
export class ExternalList {
  readonly names: readonly string[];
  readonly key: string;

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].sort();
    this.key = createHash('sha1').update(this.names.join('\0')).digest('hex').slice(0, 24);
  }

  /** In a lookup key (JSON of the entries) the list is its hash. */
  toJSON(): string {
    return this.key;
  }
}

/**
 * What a measurement bundles: modules and the names taken from each (`default`, `*` for the whole
 * namespace, or named exports). The entry re-exports exactly those, so the bundler keeps what the import
 * keeps and tree-shakes the rest where the package allows it.
 */
export interface ImportEntry {
  /** A package specifier, or a workspace module's absolute path. */
  module: string;
  names: string[];
  /**
   * Measure as a chunk of the workspace (as workspace modules always are): the files read are stamped, and an
   * import that resolves to nothing is left out and listed instead of failing the measurement.
   */
  asChunk?: true;
  /**
   * What the page already loads, left out of the bundle so the figure is what the import adds beside it. The
   * bundle leaves out the union over its entries. (Crossing to the measuring thread it arrives as a plain object.)
   */
  external?: Pick<ExternalList, 'names' | 'key'>;
}

/** The entries' distinct `external` lists. */
function listsOf(entries: readonly ImportEntry[]): Pick<ExternalList, 'names' | 'key'>[] {
  const lists = new Map<string, Pick<ExternalList, 'names' | 'key'>>();
  for (const entry of entries) if (entry.external) lists.set(entry.external.key, entry.external);
  return [...lists.values()];
}

/** The union of the entries' `external` lists, sorted. */
export function externalsOf(entries: readonly ImportEntry[]): string[] {
  const lists = listsOf(entries);
  if (lists.length === 1) return [...lists[0].names];
  return [...new Set(lists.flatMap((list) => list.names))].sort();
}

/** `[{ module: 'lodash', names: ['debounce'] }]` → `export { debounce as e0 } from "lodash";` */
export function entrySource(entries: readonly ImportEntry[]): string {
  let next = 0;
  const lines: string[] = [];
  for (const entry of entries) {
    const from = JSON.stringify(entry.module);
    const named = entry.names.filter((name) => name !== '*');
    if (entry.names.includes('*')) {
      const alias = `e${next++}`;
      lines.push(`import * as ${alias} from ${from};`, `export { ${alias} };`);
    }
    if (named.length) lines.push(`export { ${named.map((name) => `${name} as e${next++}`).join(', ')} } from ${from};`);
    if (!entry.names.length) lines.push(`import ${from};`);
  }
  return lines.join('\n');
}

/** The same entries always give the same key: modules and names sorted. */
export function entriesKey(entries: readonly ImportEntry[], versions: ReadonlyMap<string, string>): string {
  const key = entries
    .map((e) => `${e.module}@${versions.get(e.module) ?? '?'}:${[...new Set(e.names)].sort().join(',')}`)
    .sort()
    .join(';');
  const external = listsOf(entries)
    .map((list) => list.key)
    .sort();
  return external.length ? `${key}\0external:${external.join(',')}` : key;
}
