import type { CallSite } from '../model';
import type { FactsIndex } from './facts-index';

/**
 * Calls (and `new`) in each file of functions and classes another workspace file exports, after barrels.
 * A method called on an imported object (`ordersService.create()`), or on a constructor parameter typed by an
 * imported class (`this.ordersService.create()`), is a call of that export.
 */
export function extractCalls(index: FactsIndex, files: readonly string[]): CallSite[] {
  const out: CallSite[] = [];
  for (const file of files) {
    for (const call of index.scan(file)?.calls ?? []) {
      if (call.self || !index.imports(file, call.binding)) continue;
      const origin = index.resolve(file, call.binding, call.member);
      if (!origin?.imported || origin.file === file || /\.d\.[cm]?ts$/.test(origin.file)) continue;
      out.push({ from: file, to: origin.file, symbol: origin.name, range: index.range(file, call) });
    }
  }
  return out;
}
