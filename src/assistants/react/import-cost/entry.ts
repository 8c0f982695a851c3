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
   * What the app's entry already loads, left out of the bundle so the figure is what the import adds beside it:
   * package names and workspace modules (absolute paths). The bundle leaves out the union over its entries.
   */
  external?: string[];
}

/** The union of the entries' `external` lists, sorted. */
export function externalsOf(entries: readonly ImportEntry[]): string[] {
  return [...new Set(entries.flatMap((entry) => entry.external ?? []))].sort();
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
  const external = externalsOf(entries);
  return external.length ? `${key}\0external:${external.join(',')}` : key;
}
