import { loadSqlParser, parseSql } from '../../../../src/assistants/sql/parser';
import type { SqlStatement } from '../../../../src/assistants/sql/parser';
import { Catalog } from '../../../../src/assistants/sql/schema';

/** A catalog from DDL text, as the workspace's migrations would build it. */
export async function catalogOf(ddl: string): Promise<Catalog> {
  await loadSqlParser();
  const catalog = new Catalog();
  catalog.applyFile('db/migrations/001_init.sql', parseSql(ddl), 0);
  return catalog;
}

export function statementOf(sql: string, index = 0): SqlStatement {
  const parsed = parseSql(sql);
  if (parsed.errors.length > 0) throw new Error(parsed.errors[0].message);
  return parsed.statements[index];
}

export const SHOP = `
CREATE TABLE categories (id bigint PRIMARY KEY, parent_id bigint REFERENCES categories (id), name text NOT NULL);
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE TABLE products (
  id bigint PRIMARY KEY, category_id bigint NOT NULL REFERENCES categories (id), name text NOT NULL,
  price numeric(10,2) NOT NULL, active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE reviews (id bigint PRIMARY KEY, product_id bigint NOT NULL REFERENCES products (id), user_id bigint REFERENCES users (id), rating smallint NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), status text NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id), product_id bigint REFERENCES products (id) ON DELETE SET NULL, quantity int NOT NULL);
`;
