/**
 * A generated SQL workspace for the static-rule benchmark: a schema migration, query files mixing the rule
 * patterns with clean statements, and one migration per lock-safety pattern (plus clean ones). Every
 * statement is recorded with its line range and pattern class, so each tool's findings can be scored
 * against a known ground truth.
 */

export interface Statement {
  file: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Pattern class; `clean` (queries) and `clean-migration` statements should draw no finding. */
  pattern: string;
  bad: boolean;
}

export interface GeneratedCorpus {
  files: Map<string, string>;
  statements: Statement[];
}

type Template = (t: string, i: number) => string;

/** Query patterns (bad) and clean queries, each a function of a table name. */
export const QUERY_PATTERNS: Record<string, Template[]> = {
  'function-on-column': [
    (t) => `SELECT id, name FROM ${t} WHERE lower(email) = lower($1);`,
    (t) => `SELECT id FROM ${t}\nWHERE created_at::date = $1;`,
  ],
  'leading-wildcard-like': [
    (t) => `SELECT id, name FROM ${t} WHERE name LIKE '%smith%' LIMIT 50;`,
    (t) => `SELECT id FROM ${t}\nWHERE email ILIKE '%@example.com';`,
  ],
  'implicit-cast': [
    (t, i) => `SELECT id, status FROM ${t} WHERE id = ${i}.0;`,
    (t) => `SELECT id FROM ${t} WHERE user_id = $1::numeric;`,
  ],
  'date-trunc-equality': [(t) => `SELECT count(*) FROM ${t}\nWHERE date_trunc('day', created_at) = '2024-03-01';`],
  'not-in-subquery': [(t) => `SELECT u.id FROM users u\nWHERE u.id NOT IN (SELECT ref_id FROM ${t});`],
  'order-by-random': [(t) => `SELECT id, name FROM ${t} ORDER BY random() LIMIT 5;`],
  'deep-offset': [(t, i) => `SELECT id, name FROM ${t} ORDER BY id LIMIT 50 OFFSET ${10_000 + i * 50};`],
  'update-delete-without-where': [(t) => `DELETE FROM ${t};`, (t) => `UPDATE ${t} SET status = 'archived';`],
  'cartesian-join': [(t) => `SELECT a.id, b.email FROM ${t} a, users b WHERE a.status = 'new';`],
  'count-instead-of-exists': [
    (t) => `SELECT u.id FROM users u\nWHERE (SELECT count(*) FROM ${t} x WHERE x.user_id = u.id) > 0\n  AND u.id = $1;`,
  ],
  clean: [
    (t) => `SELECT id, email, status FROM ${t} WHERE id = $1;`,
    (t) => `SELECT id, name, status, created_at\nFROM ${t}\nWHERE user_id = $1\nORDER BY created_at DESC\nLIMIT 20;`,
    (t) => `INSERT INTO ${t} (user_id, email, name, status, qty)\nVALUES ($1, $2, $3, 'new', 1)\nRETURNING id;`,
    (t) => `UPDATE ${t} SET status = $2 WHERE id = $1;`,
    (t) => `SELECT x.id, u.email\nFROM ${t} x\nJOIN users u ON u.id = x.user_id\nWHERE x.id = $1;`,
    (t) => `SELECT count(*) FROM ${t} WHERE user_id = $1 AND created_at >= $2 AND created_at < $3;`,
    (t) => `SELECT id FROM ${t} WHERE email = $1;`,
    (t) => `DELETE FROM ${t} WHERE id = $1;`,
    (t) => `SELECT u.id FROM users u\nWHERE NOT EXISTS (SELECT 1 FROM ${t} x WHERE x.user_id = u.id)\n  AND u.id = $1;`,
    (t) =>
      `WITH recent AS (\n  SELECT user_id, max(created_at) AS last_at\n  FROM ${t}\n  WHERE user_id = ANY($1::bigint[])\n  GROUP BY user_id\n)\nSELECT u.id, r.last_at FROM users u JOIN recent r ON r.user_id = u.id;`,
  ],
};

/** Migration patterns on a table that existed before (each file sets the timeouts first, so only the pattern is at fault). */
export const MIGRATION_PATTERNS: Record<string, Template[]> = {
  'create-index-not-concurrently': [(t) => `CREATE INDEX ${t}_status_idx ON ${t} (status);`],
  'add-foreign-key-validating': [
    (t) => `ALTER TABLE ${t} ADD CONSTRAINT ${t}_ref_fk FOREIGN KEY (ref_id) REFERENCES users (id);`,
  ],
  'add-check-validating': [(t) => `ALTER TABLE ${t} ADD CONSTRAINT ${t}_qty_check CHECK (qty >= 0);`],
  'set-not-null': [(t) => `ALTER TABLE ${t} ALTER COLUMN name SET NOT NULL;`],
  'add-column-volatile-default': [(t) => `ALTER TABLE ${t} ADD COLUMN token uuid DEFAULT gen_random_uuid();`],
  'alter-column-type': [(t) => `ALTER TABLE ${t} ALTER COLUMN qty TYPE bigint;`],
  'vacuum-full': [(t) => `VACUUM FULL ${t};`],
  'missing-lock-timeout': [(t) => `ALTER TABLE ${t} ADD COLUMN note text;`],
  'clean-migration': [
    (t) => `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${t}_name_idx ON ${t} (name);`,
    (t) => `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS label text;`,
    (t) => `ALTER TABLE ${t} ADD CONSTRAINT ${t}_qty_positive CHECK (qty > 0) NOT VALID;`,
  ],
};

const TABLES = 40;

function schema(): string {
  const out: string[] = [
    '-- Generated schema for the static-rule benchmark.',
    'CREATE TABLE users (\n    id         bigint PRIMARY KEY,\n    email      text NOT NULL UNIQUE,\n    created_at timestamptz NOT NULL DEFAULT now()\n);',
  ];
  for (let i = 0; i < TABLES; i++) {
    const t = `items_${i}`;
    out.push(
      `CREATE TABLE ${t} (\n    id         bigint PRIMARY KEY,\n    user_id    bigint NOT NULL REFERENCES users (id),\n    ref_id     bigint,\n` +
        `    email      text NOT NULL,\n    name       text,\n    status     text NOT NULL,\n    qty        integer NOT NULL DEFAULT 0,\n` +
        `    created_at timestamptz NOT NULL DEFAULT now()\n);`,
      `CREATE INDEX ${t}_user_created_idx ON ${t} (user_id, created_at);`,
      `CREATE INDEX ${t}_email_idx ON ${t} (email);`,
      `CREATE INDEX ${t}_created_idx ON ${t} (created_at);`,
      `CREATE INDEX ${t}_ref_idx ON ${t} (ref_id);`,
    );
  }
  return out.join('\n\n') + '\n';
}

/** Records a statement placed at line `at` (1-based). */
function place(statements: Statement[], file: string, at: number, sql: string, pattern: string, bad: boolean): void {
  statements.push({ file, startLine: at, endLine: at + sql.split('\n').length - 1, pattern, bad });
}

/**
 * `queryFiles` files of `perFile` statements (a third bad, cycling through the patterns) and
 * `migrations` migration files (one pattern each, cycling, a clean one every third).
 */
export function generateCorpus(queryFiles = 200, perFile = 20, migrations = 300): GeneratedCorpus {
  const files = new Map<string, string>();
  const statements: Statement[] = [];
  files.set('db/migrations/0001_schema.sql', schema());
  const badQuery = Object.keys(QUERY_PATTERNS).filter((p) => p !== 'clean');
  let n = 0;
  let b = 0;
  for (let f = 0; f < queryFiles; f++) {
    const file = `app/queries/q${String(f).padStart(4, '0')}.sql`;
    const lines: string[] = [`-- Queries of module ${f}.`, ''];
    for (let s = 0; s < perFile; s++, n++) {
      const t = `items_${(f * 7 + s) % TABLES}`;
      const bad = s % 3 === 0;
      const pattern = bad ? badQuery[b % badQuery.length] : 'clean';
      const variants = QUERY_PATTERNS[pattern];
      const sql = variants[Math.floor((bad ? b : n) / (bad ? badQuery.length : 1)) % variants.length](t, n);
      if (bad) b++;
      place(statements, file, lines.length + 1, sql, pattern, bad);
      lines.push(...sql.split('\n'), '');
    }
    files.set(file, lines.join('\n'));
  }
  const migrationPatterns = Object.keys(MIGRATION_PATTERNS);
  for (let m = 0; m < migrations; m++) {
    const file = `db/migrations/${String(m + 2).padStart(4, '0')}_change_${m}.sql`;
    const pattern = migrationPatterns[m % migrationPatterns.length];
    const t = `items_${m % TABLES}`;
    const variants = MIGRATION_PATTERNS[pattern];
    const sql = variants[Math.floor(m / migrationPatterns.length) % variants.length](t, m);
    const lines =
      pattern === 'missing-lock-timeout'
        ? [`-- Migration ${m}.`]
        : [`-- Migration ${m}.`, "SET lock_timeout = '5s';", "SET statement_timeout = '10min';"];
    place(statements, file, lines.length + 1, sql, pattern, pattern !== 'clean-migration');
    lines.push(...sql.split('\n'), '');
    files.set(file, lines.join('\n'));
  }
  return { files, statements };
}
