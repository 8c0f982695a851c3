/**
 * Secrets planted in realistic snippets, one shape per row: each secret must be gone from what is sent, and the
 * code around it must still be there. Token-shaped values are assembled at run time so the repository holds no
 * string a secret scanner would (rightly) flag.
 */
export interface Planted {
  shape: string;
  file: string;
  text: string;
  /** Every one must be absent after redaction. */
  secrets: string[];
  /** Text around the secrets that must survive (names, keywords, structure). */
  keeps: string[];
}

/** Deterministic pseudo-random text (a linear congruential generator), so failures reproduce. */
export function randomText(length: number, seed: number, alphabet = ALNUM): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE64 = `${ALNUM}+/`;
const HEX = '0123456789abcdef';

const AWS_ID = ['AK', 'IA', 'Q7ZX3M5K2P9R4T6W'].join('');
const AWS_SECRET = randomText(40, 11, BASE64);
const GITHUB = ['gh', 'p_', randomText(36, 12)].join('');
const STRIPE = ['sk', '_live_', randomText(24, 13)].join('');
const AZURE_SHARED_KEY = `${randomText(86, 14, BASE64)}==`;
const ENTROPY_ARG = randomText(40, 15, BASE64);
const HEX_KEY = randomText(64, 16, HEX);
const WEBHOOK_PATH = randomText(32, 17);
const KUBE_KEY_DATA = `LS0t${randomText(60, 18, BASE64)}`;
const KUBE_TOKEN = `${randomText(20, 19)}.${randomText(16, 20)}`;
const SEALED = randomText(48, 21, BASE64);
const GITLAB = ['glp', 'at-', randomText(20, 22)].join('');
const SENDGRID = ['S', 'G.', randomText(22, 23), '.', randomText(43, 24)].join('');

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

export const PLANTED: Planted[] = [
  // --- SQL: roles, user mappings, defaults, pgcrypto, comments ---------------------------------------------
  {
    shape: 'CREATE USER … WITH PASSWORD',
    file: 'db/migrations/003_roles.sql',
    text: lines("CREATE USER reporting WITH PASSWORD 'Rep0rt!ng2024';", 'GRANT SELECT ON orders TO reporting;'),
    secrets: ['Rep0rt!ng2024'],
    keeps: ['CREATE USER reporting WITH PASSWORD', 'GRANT SELECT ON orders TO reporting;'],
  },
  {
    shape: 'CREATE ROLE … LOGIN ENCRYPTED PASSWORD … VALID UNTIL',
    file: 'db/roles.sql',
    text: lines("CREATE ROLE app LOGIN ENCRYPTED PASSWORD 'appRolePw#77' VALID UNTIL '2030-01-01';"),
    secrets: ['appRolePw#77'],
    keeps: ["VALID UNTIL '2030-01-01'", 'CREATE ROLE app LOGIN ENCRYPTED PASSWORD'],
  },
  {
    shape: 'ALTER ROLE … WITH PASSWORD',
    file: 'db/migrations/010_rotate.sql',
    text: lines('BEGIN;', "ALTER ROLE app WITH PASSWORD 'r0tated-Pa55';", 'COMMIT;'),
    secrets: ['r0tated-Pa55'],
    keeps: ['ALTER ROLE app WITH PASSWORD', 'COMMIT;'],
  },
  {
    shape: 'alter user … password (lower case)',
    file: 'db/ops.sql',
    text: lines("alter user etl password 'lowercasePw9';"),
    secrets: ['lowercasePw9'],
    keeps: ['alter user etl password'],
  },
  {
    shape: 'CREATE USER MAPPING … OPTIONS (password)',
    file: 'db/fdw.sql',
    text: lines(
      "CREATE SERVER legacy FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'legacy.internal', dbname 'shop');",
      "CREATE USER MAPPING FOR app SERVER legacy OPTIONS (user 'legacy_ro', password 'fdwMapPw1');",
    ),
    secrets: ['fdwMapPw1'],
    keeps: ["host 'legacy.internal'", "user 'legacy_ro'", 'CREATE USER MAPPING FOR app SERVER legacy'],
  },
  {
    shape: 'ALTER USER MAPPING … OPTIONS (SET password)',
    file: 'db/fdw-rotate.sql',
    text: lines("ALTER USER MAPPING FOR app SERVER legacy OPTIONS (SET password 'fdwRotated2');"),
    secrets: ['fdwRotated2'],
    keeps: ['ALTER USER MAPPING FOR app SERVER legacy OPTIONS (SET password'],
  },
  {
    shape: 'string default of a key-like column',
    file: 'db/migrations/004_integrations.sql',
    text: lines(
      'CREATE TABLE integrations (',
      '  id bigserial PRIMARY KEY,',
      "  provider text NOT NULL DEFAULT 'stripe',",
      "  api_key text NOT NULL DEFAULT 'intgDefaultKey42',",
      "  webhook_secret text DEFAULT 'whsecDefault77'",
      ');',
    ),
    secrets: ['intgDefaultKey42', 'whsecDefault77'],
    keeps: ["provider text NOT NULL DEFAULT 'stripe'", 'api_key text NOT NULL DEFAULT', 'webhook_secret text DEFAULT'],
  },
  {
    shape: 'ALTER TABLE … SET DEFAULT on a secret column',
    file: 'db/migrations/005_default.sql',
    text: lines("ALTER TABLE integrations ALTER COLUMN signing_key SET DEFAULT 'alterDefaultSk9';"),
    secrets: ['alterDefaultSk9'],
    keeps: ['ALTER TABLE integrations ALTER COLUMN signing_key SET DEFAULT'],
  },
  {
    shape: "crypt('…', gen_salt(…))",
    file: 'db/seed.sql',
    text: lines(
      "INSERT INTO users (email, password_hash) VALUES ('admin@example.com', crypt('S33dAdmin!', gen_salt('bf')));",
    ),
    secrets: ['S33dAdmin!'],
    keeps: ["'admin@example.com'", "gen_salt('bf')", 'INSERT INTO users (email, password_hash)'],
  },
  {
    shape: "pgp_sym_encrypt(…, '…')",
    file: 'db/queries/cards.sql',
    text: lines("UPDATE cards SET number_enc = pgp_sym_encrypt(number, 'cardSymKey#1') WHERE number_enc IS NULL;"),
    secrets: ['cardSymKey#1'],
    keeps: ['UPDATE cards SET number_enc = pgp_sym_encrypt(number,', 'WHERE number_enc IS NULL;'],
  },
  {
    shape: "pgp_sym_decrypt(…, '…') in a SELECT",
    file: 'db/queries/report.sql',
    text: lines("SELECT id, pgp_sym_decrypt(number_enc, 'cardSymKey#2') AS number", 'FROM cards', 'WHERE id = 42;'),
    secrets: ['cardSymKey#2'],
    keeps: ['SELECT id, pgp_sym_decrypt(number_enc,', 'AS number', 'WHERE id = 42;'],
  },
  {
    shape: "hmac(…, '…', 'sha256')",
    file: 'db/queries/sign.sql',
    text: lines("SELECT encode(hmac(payload, 'hmacSignKey5', 'sha256'), 'hex') FROM outbox;"),
    secrets: ['hmacSignKey5'],
    keeps: ["'sha256'), 'hex') FROM outbox;"],
  },
  {
    shape: 'password in a SQL line comment',
    file: 'db/migrations/006_users.sql',
    text: lines('-- staging admin login: admin / password: St4gingAdm1n', 'CREATE INDEX users_email ON users (email);'),
    secrets: ['St4gingAdm1n'],
    keeps: ['-- staging admin login: admin / password:', 'CREATE INDEX users_email ON users (email);'],
  },
  {
    shape: 'password in a SQL block comment, told in words',
    file: 'db/notes.sql',
    text: lines('/* the replication pw is Repl1c@te-42 (ask ops) */', 'SELECT 1;'),
    secrets: ['Repl1c@te-42'],
    keeps: ['/* the replication pw is', '(ask ops) */'],
  },
  {
    shape: 'INSERT … VALUES by column position',
    file: 'db/seed-clients.sql',
    text: lines(
      'INSERT INTO api_clients (name, client_secret, scopes)',
      "VALUES ('billing', 'billingCs-5512', 'read'), ('search', 'searchCs-7781', 'read,write');",
    ),
    secrets: ['billingCs-5512', 'searchCs-7781'],
    keeps: ["('billing',", "'read,write'", 'INSERT INTO api_clients (name, client_secret, scopes)'],
  },
  {
    shape: 'UPDATE … SET password = …',
    file: 'db/fix.sql',
    text: lines("UPDATE service_accounts SET password = 'svcReset#2025' WHERE name = 'exporter';"),
    secrets: ['svcReset#2025'],
    keeps: ["WHERE name = 'exporter';", 'UPDATE service_accounts SET password ='],
  },
  {
    shape: 'WHERE api_token = …',
    file: 'db/debug.sql',
    text: lines("SELECT user_id FROM sessions WHERE api_token = 'sessTok-99812' LIMIT 1;"),
    secrets: ['sessTok-99812'],
    keeps: ['SELECT user_id FROM sessions WHERE api_token =', 'LIMIT 1;'],
  },
  {
    shape: 'SET app.jwt_secret = …',
    file: 'db/session.sql',
    text: lines("SET app.jwt_secret = 'jwtSettingSecret1';", "SELECT current_setting('app.jwt_secret');"),
    secrets: ['jwtSettingSecret1'],
    keeps: ["SELECT current_setting('app.jwt_secret');", 'SET app.jwt_secret ='],
  },
  {
    shape: "set_config('app.encryption_key', '…', false)",
    file: 'db/config.sql',
    text: lines("SELECT set_config('app.encryption_key', 'encCfgKey-31', false);"),
    secrets: ['encCfgKey-31'],
    keeps: ["SELECT set_config('app.encryption_key',", 'false);'],
  },
  {
    shape: 'CREATE SUBSCRIPTION … CONNECTION with password=',
    file: 'db/replication.sql',
    text: lines(
      "CREATE SUBSCRIPTION orders_sub CONNECTION 'host=primary.internal dbname=shop user=repl password=SubReplPw8' PUBLICATION orders_pub;",
    ),
    secrets: ['SubReplPw8'],
    keeps: ['host=primary.internal dbname=shop user=repl password=', 'PUBLICATION orders_pub;'],
  },
  {
    shape: 'MySQL-style IDENTIFIED BY (does not parse as PostgreSQL)',
    file: 'db/mysql/users.sql',
    text: lines("CREATE USER 'app'@'%' IDENTIFIED BY 'MyS9lAppPw';", "GRANT ALL ON shop.* TO 'app'@'%';"),
    secrets: ['MyS9lAppPw'],
    keeps: ["CREATE USER 'app'@'%' IDENTIFIED BY", "GRANT ALL ON shop.* TO 'app'@'%';"],
  },
  {
    shape: 'a templated statement that does not parse',
    file: 'models/roles.sql',
    text: lines("CREATE ROLE {{ var('role') }} WITH LOGIN PASSWORD 'dbtRolePw55';"),
    secrets: ['dbtRolePw55'],
    keeps: ["CREATE ROLE {{ var('role') }} WITH LOGIN PASSWORD"],
  },
  {
    shape: 'a password told in a COMMENT ON string',
    file: 'db/comments.sql',
    text: lines("COMMENT ON ROLE batch IS 'batch job; password: Batch-Job-77';"),
    secrets: ['Batch-Job-77'],
    keeps: ["COMMENT ON ROLE batch IS 'batch job; password:"],
  },

  // --- TypeScript / JavaScript ------------------------------------------------------------------------------
  {
    shape: "process.env.X ?? '…'",
    file: 'src/db.ts',
    text: lines("export const password = process.env.DB_PASSWORD ?? 'devFallbackPw1';"),
    secrets: ['devFallbackPw1'],
    keeps: ['export const password = process.env.DB_PASSWORD ??'],
  },
  {
    shape: "process.env.X || '…'",
    file: 'src/mail.js',
    text: lines("const smtpPass = process.env.SMTP_PASS || 'smtpOrFallback2';"),
    secrets: ['smtpOrFallback2'],
    keeps: ['const smtpPass = process.env.SMTP_PASS ||'],
  },
  {
    shape: 'pass: in a connection object',
    file: 'src/queue.ts',
    text: lines("export const amqp = { host: 'mq.internal', user: 'orders', pass: 'mqPassValue3' };"),
    secrets: ['mqPassValue3'],
    keeps: ["host: 'mq.internal'", "user: 'orders'", 'pass:'],
  },
  {
    shape: 'password: in a knex config',
    file: 'knexfile.js',
    text: lines(
      'module.exports = {',
      "  client: 'pg',",
      "  connection: { host: 'db', user: 'app', password: 'knexPw-4411', database: 'shop' },",
      '};',
    ),
    secrets: ['knexPw-4411'],
    keeps: ["client: 'pg'", "database: 'shop'", 'password:'],
  },
  {
    shape: 'apiKey: in an SDK constructor',
    file: 'src/search.ts',
    text: lines("const search = algoliasearch('APP1D', { apiKey: 'algoliaAdminK3y' });"),
    secrets: ['algoliaAdminK3y'],
    keeps: ["algoliasearch('APP1D', { apiKey:"],
  },
  {
    shape: "a quoted property name ('x-api-key')",
    file: 'src/client.ts',
    text: lines("const headers = { 'content-type': 'application/json', 'x-api-key': 'hdrApiKey-8890' };"),
    secrets: ['hdrApiKey-8890'],
    keeps: ["'content-type': 'application/json'", "'x-api-key':"],
  },
  {
    shape: 'class field with a secret',
    file: 'src/oauth.ts',
    text: lines(
      'export class OAuth {',
      "  private readonly clientSecret = 'oauthClientS3c';",
      "  private readonly clientId = 'web';",
      '}',
    ),
    secrets: ['oauthClientS3c'],
    keeps: ["private readonly clientId = 'web';", 'private readonly clientSecret ='],
  },
  {
    shape: 'parameter default',
    file: 'src/connect.ts',
    text: lines(
      "export function connect(user = 'app', password = 'paramDefaultPw') {",
      '  return open(user, password);',
      '}',
    ),
    secrets: ['paramDefaultPw'],
    keeps: ["user = 'app'", 'return open(user, password);'],
  },
  {
    shape: 'destructuring default',
    file: 'src/session.ts',
    text: lines("const { token = 'destructTok-12', ttl = 3600 } = options;"),
    secrets: ['destructTok-12'],
    keeps: ['ttl = 3600 } = options;', 'const { token ='],
  },
  {
    shape: 'assignment to a secret property',
    file: 'src/setup.ts',
    text: lines("config.database.password = 'assignedDbPw7';", "config.database.host = 'db';"),
    secrets: ['assignedDbPw7'],
    keeps: ["config.database.host = 'db';", 'config.database.password ='],
  },
  {
    shape: 'process.env.X = … (environment names ending in SECRET)',
    file: 'test/setup.ts',
    text: lines("process.env.SESSION_SECRET = 'testSessionS3cret';", "process.env.NODE_ENV = 'test';"),
    secrets: ['testSessionS3cret'],
    keeps: ["process.env.NODE_ENV = 'test';"],
  },
  {
    shape: "headers['X-Api-Key'] = …",
    file: 'src/api.ts',
    text: lines("headers['X-Api-Key'] = 'bracketKey-5521';"),
    secrets: ['bracketKey-5521'],
    keeps: ["headers['X-Api-Key'] ="],
  },
  {
    shape: 'setPassword(…)',
    file: 'src/admin.ts',
    text: lines("await admin.setPassword('alice', 'setterPw-9001');"),
    secrets: ['setterPw-9001'],
    keeps: ['await admin.setPassword('],
  },
  {
    shape: 'auth(…) on a Redis client',
    file: 'src/cache.ts',
    text: lines("await redis.auth('redisAuthPw2');"),
    secrets: ['redisAuthPw2'],
    keeps: ['await redis.auth('],
  },
  {
    shape: 'a call named …Secret',
    file: 'src/vault.ts',
    text: lines("vault.storeSecret('payments/stripe', 'storedSecretV4');"),
    secrets: ['storedSecretV4'],
    keeps: ['vault.storeSecret('],
  },
  {
    shape: 'jwt.sign(payload, …)',
    file: 'src/auth/jwt.ts',
    text: lines("export const sign = (payload: object) => jwt.sign(payload, 'jwtSignSecret8', { expiresIn: '1h' });"),
    secrets: ['jwtSignSecret8'],
    keeps: ["{ expiresIn: '1h' }", 'jwt.sign(payload,'],
  },
  {
    shape: "createHmac('sha256', …)",
    file: 'src/webhooks.ts',
    text: lines("const mac = crypto.createHmac('sha256', 'hmacWebhookK1').update(body).digest('hex');"),
    secrets: ['hmacWebhookK1'],
    keeps: ["crypto.createHmac('sha256',", ".update(body).digest('hex');"],
  },
  {
    shape: 'bcrypt.hash of a literal password',
    file: 'scripts/seed.ts',
    text: lines("const hash = await bcrypt.hash('seedUserPw!3', 12);"),
    secrets: ['seedUserPw!3'],
    keeps: ['const hash = await bcrypt.hash(', ', 12);'],
  },
  {
    shape: 'comparison with a secret',
    file: 'src/middleware.ts',
    text: lines("if (req.headers['x-admin-token'] === 'cmpAdminTok5') next();"),
    secrets: ['cmpAdminTok5'],
    keeps: ["if (req.headers['x-admin-token'] ===", 'next();'],
  },
  {
    shape: 'JSX attribute',
    file: 'src/Map.tsx',
    text: lines('export const StoreMap = () => <GoogleMap apiKey="jsxMapsKey-77" zoom={12} />;'),
    secrets: ['jsxMapsKey-77'],
    keeps: ['<GoogleMap apiKey=', 'zoom={12} />;'],
  },
  {
    shape: 'enum member',
    file: 'src/keys.ts',
    text: lines('export enum Keys {', "  Region = 'eu-west-1',", "  WebhookSecret = 'enumWhSecret-3',", '}'),
    secrets: ['enumWhSecret-3'],
    keeps: ["Region = 'eu-west-1',"],
  },
  {
    shape: 'cloud secret key passed as a plain argument',
    file: 'src/storage.ts',
    text: lines(`const credentials = new AWS.Credentials('${AWS_ID}', '${AWS_SECRET}');`),
    secrets: [AWS_ID, AWS_SECRET],
    keeps: ['const credentials = new AWS.Credentials('],
  },
  {
    shape: 'Azure shared key credential',
    file: 'src/blob.ts',
    text: lines(`const credential = new StorageSharedKeyCredential('shopstorage', '${AZURE_SHARED_KEY}');`),
    secrets: [AZURE_SHARED_KEY],
    keeps: ['new StorageSharedKeyCredential('],
  },
  {
    shape: 'password told in a code comment',
    file: 'src/legacy.ts',
    text: lines('// TODO remove before launch: the admin password is Adm1n-Launch!', 'export const admin = true;'),
    secrets: ['Adm1n-Launch!'],
    keeps: ['// TODO remove before launch: the admin password is', 'export const admin = true;'],
  },
  {
    shape: 'flag and value in an argument list',
    file: 'scripts/backup.ts',
    text: lines("spawn('pg_dump', ['--host', 'db', '--password', 'spawnPgPw-6', 'shop']);"),
    secrets: ['spawnPgPw-6'],
    keeps: ["spawn('pg_dump', ['--host', 'db', '--password',", "'shop']);"],
  },
  {
    shape: 'SQL with a password inside a TypeScript string',
    file: 'src/migrate.ts',
    text: lines('await db.query("ALTER ROLE app PASSWORD \'tsEmbeddedPw1\'");'),
    secrets: ['tsEmbeddedPw1'],
    keeps: ['await db.query("ALTER ROLE app PASSWORD'],
  },
  {
    shape: 'SQL with a password inside a tagged template',
    file: 'src/provision.ts',
    text: lines("await sql`CREATE USER ${name} WITH PASSWORD 'tmplUserPw-2'`;"),
    secrets: ['tmplUserPw-2'],
    keeps: ['await sql`CREATE USER ${name} WITH PASSWORD'],
  },
  {
    shape: 'connection string in code',
    file: 'src/pool.ts',
    text: lines("const pool = new Pool({ connectionString: 'postgres://app:poolConnPw9@db.internal:5432/shop' });"),
    secrets: ['poolConnPw9'],
    keeps: ['postgres://app:', '@db.internal:5432/shop'],
  },
  {
    shape: 'high-entropy string in an unnamed position',
    file: 'src/verify.ts',
    text: lines(`const ok = verifySignature(body, '${ENTROPY_ARG}');`),
    secrets: [ENTROPY_ARG],
    keeps: ['const ok = verifySignature(body,'],
  },
  {
    shape: 'hex key in an unnamed position',
    file: 'src/cipher.ts',
    text: lines(`const cipher = makeCipher(Buffer.from('${HEX_KEY}', 'hex'));`),
    secrets: [HEX_KEY],
    keeps: ["'hex'));"],
  },
  {
    shape: 'Python environment default',
    file: 'worker/settings.py',
    text: lines('API_KEY = os.getenv("API_KEY", "pyEnvDefault-4")', 'DEBUG = False'),
    secrets: ['pyEnvDefault-4'],
    keeps: ['API_KEY = os.getenv("API_KEY",', 'DEBUG = False'],
  },

  // --- YAML: Secrets, env entries, kubeconfig, compose, Helm ------------------------------------------------
  {
    shape: 'Secret data in block style',
    file: 'k8s/db-secret.yaml',
    text: lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'type: Opaque',
      'data:',
      '  password: YmxvY2tQYXNzd29yZA==',
    ),
    secrets: ['YmxvY2tQYXNzd29yZA=='],
    keeps: ['kind: Secret', '  name: db', '  password:'],
  },
  {
    shape: 'Secret data in flow style',
    file: 'k8s/flow-secret.yaml',
    text: lines('apiVersion: v1', 'kind: Secret', 'metadata: {name: api}', 'data: {token: Zmxvd1Rva2Vu, user: YXBp}'),
    secrets: ['Zmxvd1Rva2Vu', 'YXBp'],
    keeps: ['metadata: {name: api}', 'data: {token:'],
  },
  {
    shape: 'Secret stringData holding a JSON document',
    file: 'k8s/json-secret.yaml',
    text: lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: cfg}',
      'stringData: {"config.json": "{\\"dsn\\": \\"inner-dsn-value\\"}"}',
    ),
    secrets: ['inner-dsn-value'],
    keeps: ['stringData: {"config.json":'],
  },
  {
    shape: 'Secret inside a List',
    file: 'k8s/list.yaml',
    text: lines(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Secret',
      '    metadata: {name: inner}',
      '    stringData:',
      '      apiKey: listedSecretVal',
    ),
    secrets: ['listedSecretVal'],
    keeps: ['kind: List', '    kind: Secret'],
  },
  {
    shape: "a Secret's last-applied annotation (repeats its data)",
    file: 'k8s/applied.yaml',
    text: lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: applied',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"apiVersion":"v1","data":{"pw":"YXBwbGllZFB3"},"kind":"Secret"}',
      'data:',
      '  pw: YXBwbGllZFB3',
    ),
    secrets: ['YXBwbGllZFB3'],
    keeps: ['kubectl.kubernetes.io/last-applied-configuration: |', '  name: applied'],
  },
  {
    shape: 'env entry {name, value} in flow style',
    file: 'k8s/deploy-flow.yaml',
    text: lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: api}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          env:',
      '            - {name: DB_PASSWORD, value: flowEnvPw-1}',
      '            - {name: LOG_LEVEL, value: info}',
    ),
    secrets: ['flowEnvPw-1'],
    keeps: ['{name: LOG_LEVEL, value: info}', '{name: DB_PASSWORD, value:'],
  },
  {
    shape: 'env entry with value: before name:',
    file: 'k8s/deploy-order.yaml',
    text: lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: worker}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: worker',
      '          env:',
      '            - value: "valueFirstTok9"',
      '              name: QUEUE_TOKEN',
      '            - {value: flowFirstSecret, name: STRIPE_SECRET}',
    ),
    secrets: ['valueFirstTok9', 'flowFirstSecret'],
    keeps: ['              name: QUEUE_TOKEN', 'name: STRIPE_SECRET}'],
  },
  {
    shape: 'kubeconfig client-key-data and token',
    file: 'ops/kubeconfig',
    text: lines(
      'apiVersion: v1',
      'kind: Config',
      'users:',
      '  - name: admin',
      '    user:',
      '      client-certificate-data: LS0tLS1CRUdJTiBDRVJU',
      `      client-key-data: ${KUBE_KEY_DATA}`,
      '  - name: ci',
      '    user:',
      `      token: ${KUBE_TOKEN}`,
    ),
    secrets: [KUBE_KEY_DATA, KUBE_TOKEN],
    keeps: ['client-certificate-data:', '  - name: ci'],
  },
  {
    shape: 'kubeconfig password and auth-provider secrets',
    file: 'ops/kube/config.yaml',
    text: lines(
      'users:',
      '  - name: basic',
      '    user: {username: admin, password: kubeBasicPw-3}',
      '  - name: oidc',
      '    user:',
      '      auth-provider:',
      '        name: oidc',
      '        config:',
      '          client-secret: oidcClientS3c',
      '          refresh-token: oidcRefreshT0k',
    ),
    secrets: ['kubeBasicPw-3', 'oidcClientS3c', 'oidcRefreshT0k'],
    keeps: ['username: admin', '        name: oidc'],
  },
  {
    shape: 'docker-compose environment map',
    file: 'docker-compose.yml',
    text: lines(
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      POSTGRES_USER: shop',
      '      POSTGRES_PASSWORD: composePgPw7',
    ),
    secrets: ['composePgPw7'],
    keeps: ['POSTGRES_USER: shop', 'image: postgres:16'],
  },
  {
    shape: 'docker-compose environment list (NAME=value, name ending in KEY)',
    file: 'compose.yaml',
    text: lines(
      'services:',
      '  api:',
      '    environment:',
      '      - NODE_ENV=production',
      '      - MAPS_KEY=composeMapsK9',
    ),
    secrets: ['composeMapsK9'],
    keeps: ['- NODE_ENV=production', '- MAPS_KEY='],
  },
  {
    shape: 'Helm values nested in flow style',
    file: 'charts/shop/values.yaml',
    text: lines('redis: {enabled: true, auth: {enabled: true, password: helmRedisPw4}}', 'replicaCount: 3'),
    secrets: ['helmRedisPw4'],
    keeps: ['replicaCount: 3', 'redis: {enabled: true, auth: {enabled: true, password:'],
  },
  {
    shape: 'ConfigMap with an embedded properties file',
    file: 'k8s/app-config.yaml',
    text: lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: app}',
      'data:',
      '  application.properties: |',
      '    spring.datasource.url=jdbc:postgresql://db:5432/shop',
      '    spring.datasource.password=springDsPw-8',
    ),
    secrets: ['springDsPw-8'],
    keeps: ['spring.datasource.url=jdbc:postgresql://db:5432/shop', 'spring.datasource.password='],
  },
  {
    shape: 'a SealedSecret-style encrypted value',
    file: 'k8s/sealed.yaml',
    text: lines(
      'apiVersion: bitnami.com/v1alpha1',
      'kind: SealedSecret',
      'spec:',
      '  encryptedData:',
      `    password: ${SEALED}`,
    ),
    secrets: [SEALED],
    keeps: ['kind: SealedSecret', '  encryptedData:'],
  },
  {
    shape: 'a CI step passing a token on the command line',
    file: '.github/workflows/deploy.yml',
    text: lines('jobs:', '  deploy:', '    steps:', '      - run: ./deploy.sh --token ciLiteralTok-5 --env prod'),
    secrets: ['ciLiteralTok-5'],
    keeps: ['./deploy.sh --token', '--env prod'],
  },

  // --- command lines, environment files, Dockerfiles, prose --------------------------------------------------
  {
    shape: '--db-password=…',
    file: 'scripts/migrate.sh',
    text: lines('#!/bin/sh', 'migrate --db-host=db --db-password=cliEqPw-22 up'),
    secrets: ['cliEqPw-22'],
    keeps: ['migrate --db-host=db --db-password=', ' up'],
  },
  {
    shape: '--token … (space separated)',
    file: 'Makefile',
    text: lines('publish:', '\tnpx publisher --token mkPublishTok8 --tag latest'),
    secrets: ['mkPublishTok8'],
    keeps: ['npx publisher --token', '--tag latest'],
  },
  {
    shape: '--password "…" (quoted)',
    file: 'docs/restore.md',
    text: lines('Restore with:', '', '    pg_restore --username app --password "quotedFlagPw 9" dump.sql'),
    secrets: ['quotedFlagPw 9'],
    keeps: ['pg_restore --username app --password', 'dump.sql'],
  },
  {
    shape: 'environment name ending in KEY in a shell script',
    file: 'scripts/env.sh',
    text: lines('export STRIPE_KEY=shStripeK3y', 'export REGION=eu-west-1'),
    secrets: ['shStripeK3y'],
    keeps: ['export REGION=eu-west-1', 'export STRIPE_KEY='],
  },
  {
    shape: 'environment name ending in TOKEN before a command',
    file: 'scripts/release.sh',
    text: lines('GITHUB_TOKEN=inlineGhTok7 gh release create v1.2.0'),
    secrets: ['inlineGhTok7'],
    keeps: ['gh release create v1.2.0'],
  },
  {
    shape: 'Dockerfile ENV with a space',
    file: 'Dockerfile',
    text: lines('FROM node:20-alpine', 'ENV API_TOKEN dockerEnvTok4', 'ENV NODE_ENV production'),
    secrets: ['dockerEnvTok4'],
    keeps: ['ENV NODE_ENV production', 'FROM node:20-alpine'],
  },
  {
    shape: 'Dockerfile ARG default',
    file: 'services/api/Dockerfile',
    text: lines('ARG NPM_TOKEN=dockerArgTok6', 'RUN npm ci'),
    secrets: ['dockerArgTok6'],
    keeps: ['RUN npm ci'],
  },
  {
    shape: 'environment name ending in PASS in docs',
    file: 'README.md',
    text: lines('Run the tests against a local database:', '', '    DB_PASS=readmeDbPass5 npm test'),
    secrets: ['readmeDbPass5'],
    keeps: ['Run the tests against a local database:', 'npm test'],
  },
  {
    shape: 'environment name ending in CREDENTIALS',
    file: '.envrc',
    text: lines('export GOOGLE_CREDENTIALS=envrcCredsJson1'),
    secrets: ['envrcCredsJson1'],
    keeps: ['export GOOGLE_CREDENTIALS='],
  },
  {
    shape: 'password in prose',
    file: 'docs/onboarding.md',
    text: lines('# Staging', '', 'Log in as `admin`, password: hunter2-staging, then change it.'),
    secrets: ['hunter2-staging'],
    keeps: ['Log in as `admin`, password:', 'then change it.'],
  },
  {
    shape: 'token in prose with "is" and quotes',
    file: 'NOTES.txt',
    text: lines('The shared sandbox token is "sandboxTokWords" for now.'),
    secrets: ['sandboxTokWords'],
    keeps: ['The shared sandbox token is', 'for now.'],
  },
  {
    shape: '.npmrc auth token',
    file: '.npmrc',
    text: lines('registry=https://npm.example.com/', '//npm.example.com/:_authToken=npmrcAuthTok3'),
    secrets: ['npmrcAuthTok3'],
    keeps: ['registry=https://npm.example.com/', '//npm.example.com/:_authToken='],
  },
  {
    shape: '.pgpass password',
    file: 'ops/.pgpass',
    text: lines('# host:port:database:user:password', 'db.internal:5432:shop:app:pgpassFilePw1'),
    secrets: ['pgpassFilePw1'],
    keeps: ['# host:port:database:user:password', 'db.internal:5432:shop:app:'],
  },
  {
    shape: '.netrc password',
    file: '.netrc',
    text: lines('machine api.example.com login deploy password netrcFilePw2'),
    secrets: ['netrcFilePw2'],
    keeps: ['machine api.example.com login deploy password'],
  },
  {
    shape: 'token in a URL query',
    file: 'docs/webhooks.md',
    text: lines('Point the webhook at https://hooks.example.com/in?access_token=queryAccessTk2&team=ops'),
    secrets: ['queryAccessTk2'],
    keeps: ['https://hooks.example.com/in?access_token=', '&team=ops'],
  },
  {
    shape: 'random path segment of a webhook URL',
    file: 'config/alerts.yaml',
    text: lines(`url: https://hooks.example.com/services/${WEBHOOK_PATH}`),
    secrets: [WEBHOOK_PATH],
    keeps: ['url: https://hooks.example.com/services/'],
  },
  {
    shape: 'mysql -p…, curl -u user:…, docker login -p …',
    file: 'scripts/ops.sh',
    text: lines(
      'mysql -h db -u root -pMyRootPw7 shop < dump.sql',
      'curl -sf -u deploy:curlUserPw8 https://ci.example.com/job/build',
      'echo ok | docker login registry.example.com -u ci -p dockerLoginPw9',
    ),
    secrets: ['MyRootPw7', 'curlUserPw8', 'dockerLoginPw9'],
    keeps: [
      'mysql -h db -u root -p',
      'shop < dump.sql',
      'https://ci.example.com/job/build',
      'docker login registry.example.com -u ci -p',
    ],
  },
  {
    shape: 'Redis requirepass on a command line in a compose file',
    file: 'compose.redis.yml',
    text: lines(
      'services:',
      '  cache:',
      '    image: redis:7',
      '    command: redis-server --requirepass redisReqPw4 --appendonly yes',
    ),
    secrets: ['redisReqPw4'],
    keeps: ['redis-server --requirepass', '--appendonly yes'],
  },
  {
    shape: 'XML and .NET config',
    file: 'src/App.config',
    text: lines(
      '<configuration>',
      '  <appSettings>',
      '    <add key="ApiKey" value="xmlApiKeyVal5" />',
      '    <add key="Region" value="eu-west-1" />',
      '  </appSettings>',
      '  <smtp><host>smtp.example.com</host><password>xmlSmtpPw6</password></smtp>',
      '</configuration>',
    ),
    secrets: ['xmlApiKeyVal5', 'xmlSmtpPw6'],
    keeps: ['<add key="Region" value="eu-west-1" />', '<host>smtp.example.com</host><password>'],
  },
  {
    shape: 'AWS credentials file (no extension)',
    file: 'ops/aws/credentials',
    text: lines(
      '[default]',
      `aws_access_key_id = ${AWS_ID}`,
      'aws_secret_access_key = credsFileSecretKey1',
      'region = eu-west-1',
    ),
    secrets: [AWS_ID, 'credsFileSecretKey1'],
    keeps: ['[default]', 'region = eu-west-1', 'aws_secret_access_key ='],
  },
  {
    shape: 'Go os.Setenv',
    file: 'cmd/seed/main.go',
    text: lines('func init() {', '\tos.Setenv("SESSION_SECRET", "goSetenvSecret2")', '}'),
    secrets: ['goSetenvSecret2'],
    keeps: ['os.Setenv("SESSION_SECRET",'],
  },
  {
    shape: 'Helm --set with a secret key',
    file: 'deploy/install.sh',
    text: lines('helm upgrade --install shop ./chart --set image.tag=1.4.2 --set postgresql.auth.password=helmSetPw3'),
    secrets: ['helmSetPw3'],
    keeps: ['--set image.tag=1.4.2', '--set postgresql.auth.password='],
  },
  {
    shape: 'dollar-quoted role password',
    file: 'db/dollar.sql',
    text: lines('CREATE ROLE ops LOGIN PASSWORD $pw$dollarRolePw4$pw$;'),
    secrets: ['dollarRolePw4'],
    keeps: ['CREATE ROLE ops LOGIN PASSWORD $pw$'],
  },
  {
    shape: 'properties file',
    file: 'src/main/resources/application.properties',
    text: lines('spring.datasource.username=shop', 'spring.datasource.password=propsDsPw-4'),
    secrets: ['propsDsPw-4'],
    keeps: ['spring.datasource.username=shop'],
  },
  {
    shape: 'JSON settings',
    file: 'appsettings.Production.json',
    text: lines('{', '  "Smtp": { "Host": "smtp.example.com", "Password": "jsonSmtpPw6" }', '}'),
    secrets: ['jsonSmtpPw6'],
    keeps: ['"Host": "smtp.example.com"', '"Password":'],
  },
  {
    shape: 'well-known token shapes (GitHub, Stripe, GitLab, SendGrid)',
    file: 'ops/tokens.txt',
    text: lines(`github ${GITHUB}`, `stripe ${STRIPE}`, `gitlab ${GITLAB}`, `sendgrid ${SENDGRID}`),
    secrets: [GITHUB, STRIPE, GITLAB, SENDGRID],
    keeps: ['github ', 'stripe ', 'gitlab ', 'sendgrid '],
  },
];

/** How many secrets the table plants. */
export const PLANTED_COUNT = PLANTED.reduce((n, row) => n + row.secrets.length, 0);
