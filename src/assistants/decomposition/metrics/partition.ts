import type { Range } from '../../../core/finding';
import type { Span } from '../../../core/module-graph';
import type { DataAccess, DecompositionFacts, TransactionFact, UseCase } from '../model';

/**
 * A proposal as the metrics read it: each file's service, and the files that are a library rather than a
 * service's code (the planner's `shared`; in a baseline, the files most of its services use). Use-case, data and
 * communication metrics pass over library files: a library is linked into each service, not called over a network.
 */
export interface Partition {
  assignment: ReadonlyMap<string, string>;
  library: ReadonlySet<string>;
}

/** One file using another's export: a call site, or (without call facts) an imported value name. */
export interface Dependency {
  from: string;
  to: string;
  /** The exported name in `to`, after barrels ('*' for a namespace or a bare require). */
  symbol: string;
  kind: 'call' | 'import';
  /** A call's place. */
  range?: Range;
  /** An imported name's place (offsets into `from`). */
  span?: Span;
}

/** What the metrics and the plan read from the facts, worked out once per set of facts. */
export interface PartitionFacts {
  files: string[];
  /** Import edges between the files, weighted as the module graph weighs them. */
  imports: { from: string; to: string; weight: number }[];
  /** Call sites when the facts have them, else imported value names: how services would talk. */
  uses: Dependency[];
  /** Imported value names, traced through barrels (crossings list these beside the calls). */
  importUses: Dependency[];
  useCases: UseCase[];
  data: DataAccess[];
  transactions: TransactionFact[];
}

export function partitionFacts(facts: DecompositionFacts, files: readonly string[] = facts.files): PartitionFacts {
  const set = new Set(files);
  const imports = files.flatMap((file) =>
    facts.graph
      .importsOf(file)
      .filter((edge) => set.has(edge.to) && edge.to !== file)
      .map((edge) => ({ from: edge.from, to: edge.to, weight: edge.weight })),
  );
  const calls = facts.calls.filter((c) => set.has(c.from) && set.has(c.to) && c.from !== c.to);
  const importUses = importedValues(facts, files, set);
  const uses: Dependency[] =
    calls.length > 0
      ? calls.map((c) => ({ from: c.from, to: c.to, symbol: c.symbol, kind: 'call', range: c.range }))
      : importUses;
  return {
    files: [...files],
    imports,
    uses,
    importUses,
    useCases: facts.useCases,
    data: facts.data.filter((d) => set.has(d.file)),
    transactions: facts.transactions,
  };
}

/** Value names imported from another of the files, traced through barrels to the file that defines them. */
function importedValues(facts: DecompositionFacts, files: readonly string[], set: ReadonlySet<string>): Dependency[] {
  const uses: Dependency[] = [];
  for (const file of files) {
    for (const reference of facts.graph.module(file)?.references ?? []) {
      const target = reference.target;
      if (!target || !set.has(target) || target === file || reference.typeOnly) continue;
      if (reference.kind === 're-export' || reference.kind === 'export-star') continue;
      const names = reference.names.filter((n) => !n.typeOnly);
      if (reference.names.length > 0 && names.length === 0) continue;
      if (names.length === 0) {
        uses.push({ from: file, to: target, symbol: '*', kind: 'import', span: reference.span });
        continue;
      }
      for (const name of names) {
        const origin = name.name === '*' ? undefined : facts.graph.resolveExport(target, name.name);
        const to = origin && !origin.unresolved && set.has(origin.file) ? origin.file : target;
        uses.push({ from: file, to, symbol: origin?.name ?? name.name, kind: 'import', span: name.span });
      }
    }
  }
  return uses;
}

/** The service of a file for the use-case, data and communication metrics; undefined for library files. */
export function serviceOf(partition: Partition, file: string): string | undefined {
  return partition.library.has(file) ? undefined : partition.assignment.get(file);
}

/** Services of the partition that are not the library. */
export function servicesOf(partition: Partition): string[] {
  const names = new Set<string>();
  for (const [file, service] of partition.assignment) if (!partition.library.has(file)) names.add(service);
  return [...names].sort();
}
