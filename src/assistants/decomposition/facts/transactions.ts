import type { TransactionFact } from '../model';
import type { LocatedAccess } from './data-access';
import type { FactsIndex } from './facts-index';
import type { Span } from './file-scan-model';
import type { SqlTables } from './sql-tables';
import { filesOf } from './reach';

/**
 * Files a transaction follows calls into. Two: a block usually calls a service or a repository which runs the
 * statements, and that is where its tables are; deeper chains mostly reach shared helpers (logging, mapping)
 * and would credit the block with tables it never touches.
 */
export const TRANSACTION_DEPTH = 2;

/**
 * Transaction blocks and the tables touched inside them, directly or through the functions they call. A
 * function that opens a transaction around a callback it is given (`transaction(async (tx) => …)` over
 * `BEGIN`/`COMMIT`) is a wrapper: each call of it with a callback is a block at the callback, and the
 * wrapper's own body, which touches no table, is not reported again.
 */
export function extractTransactions(
  index: FactsIndex,
  files: readonly string[],
  accesses: readonly LocatedAccess[],
  sql: ReadonlyMap<string, SqlTables>,
): TransactionFact[] {
  const byFile = new Map<string, LocatedAccess[]>();
  for (const access of accesses) {
    const list = byFile.get(access.file);
    if (list) list.push(access);
    else byFile.set(access.file, [access]);
  }
  const inside = (file: string, span: Span) =>
    (byFile.get(file) ?? []).filter((a) => a.span.start >= span.start && a.span.end <= span.end);

  const blocks: { file: string; span: Span }[] = [];
  const wrappers = new Set<string>();
  for (const file of files) {
    const scan = index.scan(file);
    if (!scan) continue;
    for (const call of scan.calls) {
      if (!call.callback) continue;
      // Only a function of the workspace can be a wrapper: not `items.map(…)`.
      if (!index.imports(file, call.binding) && !index.unitsOf(file).has(call.binding)) continue;
      const target = index.target(file, call);
      if (!target) continue;
      const opened = index
        .scan(target.file)
        ?.transactions.some(
          (t) => t.opens === 'function' && t.start === target.span.start && t.end === target.span.end,
        );
      if (!opened) continue;
      wrappers.add(`${target.file}\0${target.span.start}`);
      blocks.push({ file, span: call.callback });
    }
  }
  for (const file of files) {
    for (const t of index.scan(file)?.transactions ?? []) {
      const wrapper = wrappers.has(`${file}\0${t.start}`) && inside(file, t).length === 0;
      if (!wrapper) blocks.push({ file, span: t });
    }
  }

  const out: TransactionFact[] = [];
  for (const { file, span } of blocks) {
    const reached = index.reach(file, span, TRANSACTION_DEPTH);
    const touched = reached.flatMap((r) => inside(r.file, r.span));
    const withAccess = new Set(touched.map((a) => a.file));
    out.push({
      file,
      range: index.range(file, span),
      tables: [...new Set(touched.map((a) => a.table))].sort(),
      files: filesOf(reached).filter((f) => f === file || withAccess.has(f)),
    });
  }
  // `sql` holds the folder's files only: its `.sql` files' BEGIN … COMMIT blocks.
  for (const [file, tables] of sql)
    for (const { span, range } of tables.transactions) {
      const touched = inside(file, span);
      out.push({ file, range, tables: [...new Set(touched.map((a) => a.table))].sort(), files: [file] });
    }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line));
}
