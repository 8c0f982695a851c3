import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadSqlParser } from '../../../../src/assistants/sql/parser';
import type { Catalog } from '../../../../src/assistants/sql/schema';
import { SchemaCache } from '../../../../src/assistants/sql/schema-cache';
import { DEFAULT_SQL_SETTINGS } from '../../../../src/assistants/sql/settings';
import { memoryWorkspace } from '../../../../src/core/workspace';

/** A catalog from migration texts, through the same SchemaCache the engine uses. */
export async function catalogOf(files: Record<string, string>): Promise<Catalog> {
  await loadSqlParser();
  return new SchemaCache().catalog(await memoryWorkspace(files).files(/\.sql$/), DEFAULT_SQL_SETTINGS);
}

const ROOT = path.resolve(__dirname, '../../../..');

/** The workshop sample's migrations as a catalog. */
export async function workshopCatalog(): Promise<Catalog> {
  const dir = path.join(ROOT, 'samples/workshop-ecommerce/db/migrations');
  const files: Record<string, string> = {};
  for (const file of readdirSync(dir))
    if (file.endsWith('.sql')) files[`db/migrations/${file}`] = readFileSync(path.join(dir, file), 'utf8');
  return catalogOf(files);
}

/** A schema with the awkward parts: custom types, quoted identifiers, self and cyclic references, composite keys. */
export const AWKWARD_SCHEMA: Record<string, string> = {
  'db/migrations/001_types.sql': `
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
    CREATE TABLE "Accounts" (
      "Id" bigserial PRIMARY KEY,
      "E-mail" varchar(40) NOT NULL UNIQUE,
      mood mood,
      score positive_int,
      active boolean NOT NULL DEFAULT true,
      nickname text,
      deleted_at timestamptz,
      seen_at timestamp(3) with time zone,
      wait interval,
      created_at timestamptz NOT NULL DEFAULT now()
    );`,
  'db/migrations/002_tree.sql': `
    CREATE TABLE categories (
      id int PRIMARY KEY,
      parent_id int REFERENCES categories (id),
      name text NOT NULL,
      depth smallint NOT NULL CHECK (depth BETWEEN 0 AND 3)
    );
    CREATE TABLE regions (code char(2), country char(2), name text, PRIMARY KEY (code, country));`,
  'db/migrations/003_shops.sql': `
    CREATE TABLE shops (
      id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_id bigint NOT NULL REFERENCES "Accounts" ("Id"),
      region_code char(2),
      region_country char(2),
      kind text NOT NULL CHECK (kind IN ('online', 'retail', 'popup')),
      rating numeric(3, 2) CHECK (rating >= 0 AND rating <= 5),
      opened_on date,
      tags text[],
      FOREIGN KEY (region_code, region_country) REFERENCES regions (code, country)
    );
    CREATE TABLE shop_members (
      shop_id int NOT NULL REFERENCES shops (id),
      account_id bigint NOT NULL REFERENCES "Accounts" ("Id"),
      role text NOT NULL,
      PRIMARY KEY (shop_id, account_id)
    );
    CREATE TABLE a_side (id int PRIMARY KEY, b_id int);
    CREATE TABLE b_side (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a_side (id));
    ALTER TABLE a_side ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b_side (id);
    CREATE INDEX CONCURRENTLY accounts_lower_email ON "Accounts" (lower("E-mail"));
    CREATE INDEX shops_online ON shops (owner_id) WHERE kind = 'online';
    CREATE UNIQUE INDEX shops_owner_kind ON shops (owner_id, kind);`,
};
