import type { Crossing } from '../model';
import type { Partition, PartitionFacts } from '../metrics/partition';
import type { LineIndexes } from './positions';
import { rangeOf } from './positions';
import { crossUses } from './services';

/**
 * Imports and calls that cross a proposed boundary, each at its place: the imported name in the import
 * statement, the call expression. An import and a call of the same name both count (the editor marks both).
 */
export function findCrossings(pf: PartitionFacts, partition: Partition, lines: LineIndexes): Crossing[] {
  const calls = pf.uses.filter((u) => u.kind === 'call');
  const crossings = crossUses([...pf.importUses, ...calls], partition).map((use) => ({
    file: use.from,
    range: rangeOf(lines, use.from, use.span, use.range),
    fromService: use.fromService,
    toService: use.toService,
    symbol: use.symbol,
  }));
  return crossings.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      compare(a.symbol, b.symbol),
  );
}

/** The files whose import spans a crossing needs turned into lines (calls come with ranges). */
export function filesNeedingLines(pf: PartitionFacts, partition: Partition): string[] {
  return [...new Set(crossUses(pf.importUses, partition).map((u) => u.from))].sort();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
