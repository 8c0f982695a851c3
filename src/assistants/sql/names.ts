import type { Payload } from './ast';
import type { TableInfo } from './schema';

/** How the SQL assistant writes names in messages and suggested SQL: tables, identifiers, new indexes. */

/** `public.orders` → `orders`; other schemas stay qualified. */
export function tableLabel(table: TableInfo | undefined, rangeVar?: Payload): string {
  if (table) return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
  if (rangeVar?.relname)
    return rangeVar.schemaname ? `${rangeVar.schemaname}.${rangeVar.relname}` : String(rangeVar.relname);
  return 'the table';
}

/** Quotes an identifier when PostgreSQL would fold or reject it bare. */
export function ident(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) &&
    !/^(user|order|group|select|table|from|where|limit|offset|check|primary|references|default)$/.test(name)
    ? name
    : `"${name.replace(/"/g, '""')}"`;
}

/** Index name PostgreSQL would pick, shortened to 63 bytes. */
export function indexName(table: string, columns: readonly string[], suffix = 'idx'): string {
  const name = `${table}_${columns.join('_')}_${suffix}`.replace(/[^a-zA-Z0-9_]+/g, '_');
  return name.length > 63 ? name.slice(0, 63) : name;
}

/** Schemas of PostgreSQL's own catalogs. */
const SYSTEM_SCHEMAS = new Set(['information_schema', 'pg_catalog', 'pg_toast']);

/**
 * A relation of PostgreSQL's own catalog (`information_schema.tables`, `pg_catalog.pg_class`, an unqualified
 * `pg_indexes`): not a user table, so no rule about user tables applies to it.
 */
export function isSystemRelation(rangeVar: Payload | undefined): boolean {
  if (!rangeVar?.relname) return false;
  if (rangeVar.schemaname) return SYSTEM_SCHEMAS.has(String(rangeVar.schemaname).toLowerCase());
  return /^pg_/i.test(String(rangeVar.relname));
}
