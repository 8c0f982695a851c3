import type { AccessMode, DataAccess, DataSource } from '../model';
import type { FactsIndex } from './facts-index';
import type { EntityDeclaration, Span } from './file-scan-model';
import { modeOfMethod } from './orm-vocabulary';
import type { SqlTables } from './sql-tables';

/** A data access with the offsets it covers, so a transaction can tell which accesses lie inside it. */
export interface LocatedAccess extends DataAccess {
  span: Span;
}

/** Names a Knex instance goes by when it is a parameter or a property rather than a binding we can follow. */
const KNEX_NAMES = new Set(['knex', 'Knex', 'trx']);

/**
 * The tables each file reads and writes: SQL through the query optimizer's facts, and the ORMs' models and
 * repositories, following a binding to the file that declares the entity (through barrels).
 */
export function extractDataAccess(
  index: FactsIndex,
  files: readonly string[],
  prisma: ReadonlyMap<string, string>,
  sql: ReadonlyMap<string, SqlTables>,
): LocatedAccess[] {
  const out: LocatedAccess[] = [];
  for (const [file, tables] of sql)
    for (const entry of tables.accesses)
      for (const [names, mode] of [
        [entry.reads, 'read'],
        [entry.writes, 'write'],
      ] as const)
        for (const table of names) out.push({ file, table, mode, source: 'sql', range: entry.range, span: entry.span });
  for (const file of files) {
    const scan = index.scan(file);
    if (!scan) continue;
    const push = (table: string, mode: AccessMode, source: DataSource, span: Span) =>
      out.push({ file, table, mode, source, range: index.range(file, span), span });
    const entityOf = (binding: string): EntityDeclaration | undefined => entityBehind(index, file, binding);
    for (const use of scan.modelUses) {
      const entity = entityOf(use.binding);
      if (entity) push(entity.table, use.mode, entity.source, use);
    }
    for (const call of scan.calls) {
      if (!call.member || call.self) continue;
      const mode = modeOfMethod(call.member);
      if (!mode) continue;
      const entity = entityOf(call.binding) ?? (call.firstArgument ? entityOf(call.firstArgument) : undefined);
      if (entity) push(entity.table, mode, entity.source, call);
    }
    for (const use of scan.prismaUses) {
      const table = prisma.get(use.delegate);
      if (table) push(table, use.mode, 'prisma', use);
    }
    for (const use of scan.tableUses) push(use.table, use.mode, use.source, use);
    for (const use of scan.knexUses) if (isKnex(index, file, use.root)) push(use.table, use.mode, 'knex', use);
  }
  return dedupe(out).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start));
}

/**
 * The entity a binding of `file` stands for: an entity declared where the binding comes from, or the entity of a
 * custom repository class declared there (resolved from the repository's own file).
 */
function entityBehind(index: FactsIndex, file: string, binding: string, depth = 0): EntityDeclaration | undefined {
  const origin = index.resolve(file, binding);
  if (!origin) return undefined;
  const scan = index.scan(origin.file);
  const named = <T extends { local: string }>(list: readonly T[]) =>
    list.find((e) => e.local === origin.local) ?? list.find((e) => e.local === origin.name);
  const entity = named(scan?.entities ?? []);
  if (entity || depth > 0) return entity;
  const repository = named(scan?.repositoryClasses ?? []);
  return repository ? entityBehind(index, origin.file, repository.entity, depth + 1) : undefined;
}

function isKnex(index: FactsIndex, file: string, root: string): boolean {
  if (KNEX_NAMES.has(root)) return true;
  const origin = index.resolve(file, root);
  if (!origin) return false;
  const instances = index.scan(origin.file)?.knexInstances ?? [];
  return instances.includes(origin.local) || instances.includes(origin.name);
}

function dedupe(accesses: LocatedAccess[]): LocatedAccess[] {
  const seen = new Set<string>();
  return accesses.filter((a) => {
    const key = `${a.file}\0${a.table}\0${a.mode}\0${a.span.start}\0${a.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
