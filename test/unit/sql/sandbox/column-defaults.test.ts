import { strict as assert } from 'node:assert';
import { buildSandboxSchema } from '../../../../src/assistants/sql/sandbox/catalog-spec';
import { SandboxDatabase } from '../../../../src/assistants/sql/sandbox/database';
import type { LoadReport, SandboxSchema } from '../../../../src/assistants/sql/sandbox/schema-spec';
import { catalogOf } from './helpers';

/** A reactions table in the shape of a Go app's schema: NOT NULL columns the application leaves to their defaults. */
const SCHEMA: Record<string, string> = {
  'db/migrations/001_reaction.sql': `
    CREATE SEQUENCE reaction_ticket_seq;
    CREATE FUNCTION now_micros() RETURNS bigint LANGUAGE sql AS $$ SELECT (extract(epoch from now()) * 1000000)::bigint $$;
    CREATE TABLE reaction (
      id serial PRIMARY KEY,
      created_ts bigint NOT NULL DEFAULT extract(epoch from now()),
      updated_us bigint NOT NULL DEFAULT now_micros(),
      seen_at timestamptz NOT NULL DEFAULT now(),
      token uuid NOT NULL DEFAULT gen_random_uuid(),
      ticket bigint NOT NULL DEFAULT nextval('reaction_ticket_seq'::regclass),
      legacy_key text NOT NULL DEFAULT uuid_generate_v4()::text,
      creator_id integer NOT NULL,
      content_id text NOT NULL,
      reaction_type text NOT NULL,
      UNIQUE (creator_id, content_id, reaction_type)
    );`,
  'db/migrations/002_note.sql': `
    ALTER TABLE reaction ADD COLUMN note text NOT NULL DEFAULT 'none', ADD COLUMN weight numeric(4, 1) NOT NULL DEFAULT (1.5 * 2)::numeric(4, 1);
    ALTER TABLE reaction ALTER COLUMN note SET DEFAULT 'n/a';`,
};

describe('sql sandbox: column defaults (real PGlite)', function () {
  this.timeout(180_000);
  let schema: SandboxSchema;
  let db: SandboxDatabase;
  let report: LoadReport;

  before(async () => {
    schema = buildSandboxSchema(await catalogOf(SCHEMA));
    db = await SandboxDatabase.start();
    report = await db.load(schema, { rows: 500 });
  });

  after(async () => {
    await db?.close();
  });

  it('carries each DEFAULT as written, the last SET DEFAULT winning; none on the identity key', () => {
    const defaults = Object.fromEntries(schema.tables[0].columns.map((c) => [c.name, c.default]));
    assert.deepEqual(defaults, {
      id: undefined,
      created_ts: 'extract(epoch from now())',
      updated_us: 'now_micros()',
      seen_at: 'now()',
      token: 'gen_random_uuid()',
      ticket: "nextval('reaction_ticket_seq'::regclass)",
      legacy_key: 'uuid_generate_v4()::text',
      creator_id: undefined,
      content_id: undefined,
      reaction_type: undefined,
      note: "'n/a'",
      weight: '(1.5 * 2)::numeric(4, 1)',
    });
  });

  it("an INSERT … SELECT that leaves the NOT NULL defaulted columns out runs and gets the schema's values", async () => {
    const rows = await db.query<Record<string, unknown>>(
      `INSERT INTO reaction (creator_id, content_id, reaction_type, legacy_key)
       SELECT 1000000 + g, 'memo/' || g, 'like', 'key-' || g FROM generate_series(1, 3) g
       RETURNING created_ts, updated_us, seen_at, token, ticket, note, weight`,
    );
    assert.equal(rows.length, 3);
    const epoch = Date.now() / 1000;
    for (const row of rows) {
      assert.ok(Math.abs(Number(row.created_ts) - epoch) < 3600, `created_ts ${String(row.created_ts)} is now`);
      assert.ok(Math.abs(Number(row.updated_us) / 1e6 - epoch) < 3600, "the schema's own function is the default");
      assert.ok(row.seen_at instanceof Date);
      assert.match(String(row.token), /^[0-9a-f-]{36}$/);
      assert.equal(row.note, 'n/a');
      assert.equal(Number(row.weight), 3);
    }
    const synthetic = Number(
      Object.values((await db.query('SELECT max(ticket) AS m FROM reaction WHERE creator_id < 1000000'))[0])[0],
    );
    const tickets = rows.map((r) => Number(r.ticket));
    assert.ok(
      tickets.every((t) => t > synthetic),
      `the sequence starts after the synthetic rows' largest ticket (${synthetic}): ${tickets.join(', ')}`,
    );
  });

  it('a default PGlite cannot evaluate is left out and reported, the column keeps NOT NULL and the synthetic rows fill it', async () => {
    assert.equal(report.rows['public.reaction'], 500);
    const empty = await db.query('SELECT 1 FROM reaction WHERE legacy_key IS NULL');
    assert.equal(empty.length, 0);
    await assert.rejects(
      db.query(`INSERT INTO reaction (creator_id, content_id, reaction_type) VALUES (2000000, 'memo/x', 'like')`),
      /null value in column "legacy_key"/,
      'an INSERT leaving it out fails as it would without the extension',
    );
    const reasons = report.skipped.map((s) => `${s.object}: ${s.reason}`);
    assert.ok(
      reasons.some((r) => /reaction\.legacy_key: DEFAULT uuid_generate_v4\(\)::text not set: .*does not exist/.test(r)),
      reasons.join('\n'),
    );
    assert.equal(reasons.filter((r) => /DEFAULT/.test(r)).length, 1, reasons.join('\n'));
  });
});
