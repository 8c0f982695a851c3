import type { Span } from './file-scan-model';
import type { FactsIndex } from './facts-index';

export interface Reached {
  file: string;
  span: Span;
  /** Files crossed to get here from the start. */
  hops: number;
}

/**
 * What a piece of code reaches through the calls it makes, breadth first, at the granularity of functions:
 * a call of an exported function follows that function's body, not its whole file; a call of something that
 * is no function (an instance, an object) takes the whole file it lives in. `maxHops` bounds the files
 * crossed (a transaction looks two files deep; a use case follows every call).
 */
export function reachFrom(index: FactsIndex, file: string, span: Span, maxHops = Number.POSITIVE_INFINITY): Reached[] {
  // Spans are the scans' own objects (units, callbacks, WHOLE_FILE), so identity tells them apart per file.
  const seen = new Map<string, Set<Span>>([[file, new Set([span])]]);
  const out: Reached[] = [{ file, span, hops: 0 }];
  for (let i = 0; i < out.length; i++) {
    const here = out[i];
    for (const next of index.targetsIn(here.file, here.span)) {
      const hops = here.hops + (next.file === here.file ? 0 : 1);
      if (hops > maxHops) continue;
      let spans = seen.get(next.file);
      if (!spans) seen.set(next.file, (spans = new Set()));
      if (spans.has(next.span)) continue;
      spans.add(next.span);
      out.push({ file: next.file, span: next.span, hops });
    }
  }
  return out;
}

/** Distinct files of a reach, in the order first reached. */
export function filesOf(reached: readonly Reached[]): string[] {
  return [...new Set(reached.map((r) => r.file))];
}
