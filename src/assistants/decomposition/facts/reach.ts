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
  const seen = new Set<string>([`${file}\0${span.start}\0${span.end}`]);
  const out: Reached[] = [{ file, span, hops: 0 }];
  for (let i = 0; i < out.length; i++) {
    const here = out[i];
    for (const call of index.callsIn(here.file, here.span)) {
      const next = index.target(here.file, call);
      if (!next) continue;
      const hops = here.hops + (next.file === here.file ? 0 : 1);
      if (hops > maxHops) continue;
      const key = `${next.file}\0${next.span.start}\0${next.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: next.file, span: next.span, hops });
    }
  }
  return out;
}

/** Distinct files of a reach, in the order first reached. */
export function filesOf(reached: readonly Reached[]): string[] {
  return [...new Set(reached.map((r) => r.file))];
}
