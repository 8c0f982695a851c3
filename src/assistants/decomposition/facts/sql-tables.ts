import type { TableAccessProvider } from '../../../core/facts';
import type { AnalysisError, Range } from '../../../core/finding';
import type { Span } from './file-scan-model';
import { offsetAt, rangeAt } from './lines';

/** The tables a file's SQL statements touch, as the query optimizer reads them, with their offsets. */
export interface SqlTables {
  accesses: { range: Range; span: Span; reads: string[]; writes: string[] }[];
  /** `BEGIN; … COMMIT;` blocks of a `.sql` file (in code, the scan finds `query('BEGIN')` itself). */
  transactions: { span: Span; range: Range }[];
  errors: AnalysisError[];
}

/** Files of SQL alone; the scripts among the provider's files are asked only when their scan saw SQL in them. */
export const SQL_ONLY_FILE = /\.(?:sql|psql|pgsql)$/i;

const SQL_BLOCK = /^[ \t]*(?:BEGIN|START\s+TRANSACTION)\b[^;]*;[\s\S]*?^[ \t]*(?:COMMIT|END)\b[^;]*;/gim;

/**
 * Asks the query optimizer's facts (`factsProvider('table-access')`, which loads its SQL parser) about one
 * file. Definitions (CREATE, ALTER, DROP: migrations) are left out: they say where a table is made, not who
 * uses it, and a migrations folder would otherwise "write" every table.
 */
export async function sqlTablesOf(
  provider: TableAccessProvider,
  file: string,
  text: string,
  lines: readonly number[],
): Promise<SqlTables> {
  const facts = await provider.tableAccess({ file, text });
  const accesses = facts.accesses
    .filter((access) => !access.changesSchema)
    .map((access) => ({
      range: access.range,
      span: { start: offsetAt(lines, access.range.start), end: offsetAt(lines, access.range.end) },
      reads: access.reads,
      writes: access.writes,
    }));
  const transactions: SqlTables['transactions'] = [];
  if (SQL_ONLY_FILE.test(file))
    for (const match of text.matchAll(SQL_BLOCK)) {
      const span = { start: match.index, end: match.index + match[0].length };
      transactions.push({ span, range: rangeAt(lines, span.start, span.end) });
    }
  return { accesses, transactions, errors: facts.errors };
}
