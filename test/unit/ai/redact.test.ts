import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadRedactionParsers, redact, scrubKey } from '../../../src/ai/redact';

/**
 * A corpus of secret shapes: each must be gone from the redacted text, replaced by a marker of its kind,
 * with every line kept. Tokens are assembled at run time so the repository holds no string a secret
 * scanner would (rightly) flag.
 */
const rand = (n: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') =>
  Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');

const AWS_ID = ['AKIA', 'Z7QX3M5K2P9R4T6W'].join('');
const AWS_SECRET = rand(40, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+');
const GITHUB = ['gh', 'p_', rand(36)].join('');
const GITHUB_PAT = ['github', '_pat_', rand(60, 'abcdefghijklmnopqrstuvwxyz0123456789_')].join('');
const SLACK = ['xo', 'xb-', '1234567890-', rand(24)].join('');
const STRIPE = ['sk', '_live_', rand(24)].join('');
const ANTHROPIC = ['sk-', 'ant-', 'api03-', rand(40)].join('');
const OPENAI = ['sk-', 'proj-', rand(48)].join('');
const JWT = [
  'eyJ',
  'hbGciOiJIUzI1NiJ9',
  '.eyJ',
  'zdWIiOiIxMjM0NTY3ODkwIn0',
  '.',
  rand(43, 'abcdefghijklmnopqrstuvwxyz0123456789_-'),
].join('');
const PEM_BODY = [rand(64), rand(64), rand(40)];
const AZURE_KEY = `${rand(86)}==`;
const GOOGLE = ['AI', 'za', rand(35)].join('');

interface Case {
  name: string;
  file: string;
  text: string;
  kinds: string[];
  secrets: string[];
  /** Text that must still be there (names, structure). */
  keeps?: string[];
}

const CORPUS: Case[] = [
  {
    name: 'Kubernetes Secret (YAML): data, stringData, block scalar',
    file: 'k8s/secret.yaml',
    text: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'type: Opaque',
      'data:',
      '  username: YWRtaW4=',
      '  password: czNjcjN0LXBhc3N3b3Jk',
      'stringData:',
      '  config.yaml: |',
      '    apiUrl: https://api.example.com',
      '    token: plain-token-value-1234',
      '  note: hello-world-value',
      '',
    ].join('\n'),
    kinds: ['k8s-secret'],
    secrets: [
      'YWRtaW4=',
      'czNjcjN0LXBhc3N3b3Jk',
      'plain-token-value-1234',
      'hello-world-value',
      'https://api.example.com',
    ],
    keeps: [
      'kind: Deployment\nmetadata:\n  name: web',
      '  password: «redacted:k8s-secret»',
      '  config.yaml: |\n    «redacted:k8s-secret»\n    «redacted:k8s-secret»\n',
    ],
  },
  {
    name: 'Kubernetes Secret (JSON)',
    file: 'k8s/secret.json',
    text: '{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "metadata": {"name": "db"},\n  "data": {\n    "password": "czNjcjN0",\n    "user": "YWRtaW4="\n  }\n}\n',
    kinds: ['k8s-secret'],
    secrets: ['czNjcjN0', 'YWRtaW4='],
  },
  {
    name: 'connection strings with passwords',
    file: 'src/db.ts',
    text: [
      "const pg = 'postgres://app:pgPa55word@db.internal:5432/shop';",
      "const pg2 = 'postgresql://app:pg2Secret!@db/shop?sslmode=require';",
      'const my = `mysql://root:my5qlRoot@mysql:3306/app`;',
      'MONGO_URL="mongodb+srv://svc:m0ng0Pass@cluster0.example.mongodb.net/db"',
      "redis: 'redis://:r3disPass@cache:6379/0'",
      "amqp = 'amqps://guest:rabb1tPass@mq.example:5671/vhost'",
      'jdbc:postgresql://db:5432/shop?user=app&password=jdbcPa55&ssl=true',
      'Server=tcp:sql.example;Database=shop;User Id=app;Password=AdoPa55word;',
      '',
    ].join('\n'),
    kinds: ['connection-password'],
    secrets: [
      'pgPa55word',
      'pg2Secret!',
      'my5qlRoot',
      'm0ng0Pass',
      'r3disPass',
      'rabb1tPass',
      'jdbcPa55',
      'AdoPa55word',
    ],
  },
  {
    name: 'AWS access key id and secret key',
    file: 'config/aws.ts',
    text: `export const aws = {\n  accessKeyId: '${AWS_ID}',\n  secretAccessKey: '${AWS_SECRET}',\n};\naws_secret_access_key = ${AWS_SECRET}\n`,
    kinds: ['aws-access-key-id'],
    secrets: [AWS_ID, AWS_SECRET],
  },
  {
    name: 'GCP service account JSON',
    file: 'sa.json',
    text: `{\n  "type": "service_account",\n  "private_key_id": "${'0123456789abcdef'.repeat(2)}01234567",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${PEM_BODY.join('\\n')}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "svc@proj.iam.gserviceaccount.com"\n}\n`,
    kinds: ['private-key', 'gcp-key-id'],
    secrets: [PEM_BODY[0], PEM_BODY[2], `${'0123456789abcdef'.repeat(2)}01234567`],
  },
  {
    name: 'Azure storage connection string and SAS',
    file: 'appsettings.json',
    text: `{\n  "Storage": "DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net",\n  "Blob": "https://shop.blob.core.windows.net/c?sv=2022-11-02&sig=${rand(30)}%3D"\n}\n`,
    kinds: ['azure-key', 'azure-sas'],
    secrets: [AZURE_KEY, rand(30)],
  },
  ...['RSA ', 'EC ', 'OPENSSH ', ''].map((label) => ({
    name: `PEM ${label || 'PKCS#8 '}private key`,
    file: 'certs/key.pem',
    text: `-----BEGIN ${label}PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END ${label}PRIVATE KEY-----\n`,
    kinds: ['private-key'],
    secrets: PEM_BODY,
  })),
  {
    name: 'PGP private key block',
    file: 'keys/team.asc',
    text: `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${PEM_BODY.join('\n')}\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----\n`,
    kinds: ['private-key'],
    secrets: PEM_BODY,
  },
  {
    name: 'bearer tokens and Authorization headers',
    file: 'src/api.ts',
    text: [
      `fetch(url, { headers: { Authorization: 'Bearer ${rand(32)}' } });`,
      `curl -H "Authorization: Basic ${rand(20)}=" https://api.example.com`,
      `headers['x-api-key'] = '${rand(28)}';`,
      '',
    ].join('\n'),
    kinds: ['bearer-token', 'authorization'],
    secrets: [rand(32), rand(20), rand(28)],
  },
  {
    name: 'GitHub, Slack, Stripe, Anthropic, OpenAI, Google tokens and a JWT',
    file: 'src/tokens.py',
    text: [
      `gh = "${GITHUB}"`,
      `pat = "${GITHUB_PAT}"`,
      `slack = "${SLACK}"`,
      `stripe = "${STRIPE}"`,
      `claude = "${ANTHROPIC}"`,
      `openai = "${OPENAI}"`,
      `maps = "${GOOGLE}"`,
      `session = "${JWT}"`,
      '',
    ].join('\n'),
    kinds: ['github-token', 'slack-token', 'stripe-key', 'anthropic-key', 'openai-key', 'google-api-key', 'jwt'],
    secrets: [GITHUB, GITHUB_PAT, SLACK, STRIPE, ANTHROPIC, OPENAI, GOOGLE, JWT],
  },
  {
    name: '.env file: every value',
    file: 'app/.env.production',
    text: '# production\nDATABASE_URL=postgres://u:envPass@db/shop\nFEATURE_FLAG=true\nexport PORT=8080\nEMPTY=\nGREETING="hello world"\n',
    kinds: ['env-value'],
    secrets: ['envPass', 'true', '8080', 'hello world'],
    keeps: ['EMPTY=\n', 'GREETING="«redacted:env-value»"', 'export PORT=«redacted:env-value»'],
  },
  {
    name: 'secret assignments in code and config',
    file: 'config/settings.yaml',
    text: [
      'db:',
      '  password: hunter2hunter2',
      '  api_key: "k-12345-abcdef"',
      'smtp_secret: s3cr3tSmtp',
      'env:',
      '  - name: DB_PASSWORD',
      '    value: "envHunter22"',
      '',
    ].join('\n'),
    kinds: ['secret-assignment'],
    secrets: ['hunter2hunter2', 'k-12345-abcdef', 's3cr3tSmtp', 'envHunter22'],
    keeps: [
      'db:\n  password: «redacted:secret-assignment»\n',
      '  api_key: "«redacted:secret-assignment»"',
      '  - name: DB_PASSWORD\n    value: "«redacted:secret-assignment»"',
    ],
  },
  {
    name: 'secret assignments in TypeScript',
    file: 'src/config.ts',
    text: "const DB_PASSWORD = 'tsHunter22';\nexport const config = { apiKey: \"tsApiKey-998877\", clientSecret: `tsClient-5566` };\nconst PRIVATE_KEY = 'pk-value-1234';\n",
    kinds: ['secret-assignment'],
    secrets: ['tsHunter22', 'tsApiKey-998877', 'tsClient-5566', 'pk-value-1234'],
  },
];

/** Ordinary code and manifests: nothing (or nearly nothing) to redact. */
const NEGATIVE: Array<{ file: string; text: string }> = [
  // Shapes met in real projects' tests, lock files and CI workflows (rewritten here), once redacted by mistake.
  {
    file: 'test/jobs.test.ts',
    text: [
      'expect(jobs.length).toBeGreaterThanOrEqual(1);',
      'expect(handler).toHaveBeenNthCalledWith(2, { id: 7 });',
      'const instance = new ExponentialBackoffRetryStrategy();',
      '',
    ].join('\n'),
  },
  {
    file: 'package-lock.json',
    text: [
      '{',
      '  "dependencies": { "jsonwebtoken": "^9.0.2", "js-tokens": "^4.0.0", "passport-jwt": ">=4.0.1" },',
      '  "node_modules/ms": {',
      '    "version": "2.1.3-0.7f3c9a1e2b4d6f8091a3c5e7f9b1d3e5a7c9e1f3",',
      '    "integrity": "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="',
      '  }',
      '}',
      '',
    ].join('\n'),
  },
  {
    file: 'manifests/deployment.yaml',
    text: [
      'metadata:',
      '  annotations:',
      '    checksum/app-config: 7d1e5a90c3b24f6e8a1d2c3b4e5f6a7b',
      '    description: basicAuth defines the Basic Authentication credentials used by the scraper',
      '',
    ].join('\n'),
  },
  {
    file: 'jsonnetfile.lock.json',
    text: ['{ "sum": "q9Xw1bN4mT7yR2vK8pL3sD6fG0hJ5cZ1aE4uI7oP2nB=" }', ''].join('\n'),
  },
  {
    file: '.github/workflows/release.yml',
    text: [
      'steps:',
      '  - uses: docker/login-action@v3',
      '    with:',
      '      username: ${{ vars.REGISTRY_USER }}',
      '      password: ${{ secrets.REGISTRY_TOKEN }}',
      '',
    ].join('\n'),
  },
  {
    file: 'src/auth.ts',
    text: [
      "import { getToken } from './session';",
      'const token = getToken();',
      'const password = form.elements.password.value;',
      "const passwordField = 'password';",
      "const tokenType = 'Bearer';",
      'const headers = { Authorization: `Bearer ${token}` };',
      "const secretName = 'db-credentials';",
      'if (password.length < 12) throw new Error("too short");',
      "const url = 'https://api.example.com/v1/orders?page=2';",
      "const apiKeyHeader = 'x-api-key';",
      'export function hash(secret: string) { return sha256(secret); }',
      '',
    ].join('\n'),
  },
  {
    file: 'k8s/deploy.yaml',
    text: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: registry.example.com/web:1.4.2',
      '          env:',
      '            - name: DB_PASSWORD',
      '              valueFrom:',
      '                secretKeyRef:',
      '                  name: db',
      '                  key: password',
      '            - name: LOG_LEVEL',
      '              value: info',
      '            - name: API_TOKEN',
      '              value: ${API_TOKEN}',
      '',
    ].join('\n'),
  },
  {
    file: 'db/orders.sql',
    text: [
      'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL, api_key_id bigint);',
      "SELECT id FROM users WHERE email = 'a@example.com' AND password_hash IS NOT NULL;",
      'CREATE INDEX users_email ON users (email);',
      '',
    ].join('\n'),
  },
  {
    file: 'src/auth/session.ts',
    text: [
      "import { getSecret } from './vault';",
      'const token = await getToken(req);',
      "const dbPassword = await getSecret('prod/db-password');",
      "const secret = await secretsManager.getSecretValue({ SecretId: 'prod/api' });",
      'const passwordHash = await bcrypt.hash(password, 12);',
      'if (token.length < 32) throw new Error(`token too short: ${token.length}`);',
      "const tokenUrl = 'https://auth.example.com/oauth/token';",
      "const CACHE_KEY = 'orders:v2';",
      "const keyword = keywordToken(context, 'INDEX');",
      'const isValid = password === confirmPassword;',
      'export const PASSWORD_MIN_LENGTH = 12; // the password must be at least 12 characters',
      '// Rotate the API token every 90 days; the password is stored hashed.',
      "const options = { maxTokens: 4096, tokenizer: 'cl100k_base', passwordField: 'password' };",
      'const getServerSidePropsForCustomerOrderHistory = () => ({ props: {} });',
      "import { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';",
      "const path = 'src/assistants/sql/advice/plan-findings.ts';",
      '',
    ].join('\n'),
  },
  {
    file: 'db/migrations/007_accounts.sql',
    text: [
      'CREATE TABLE accounts (',
      '  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),',
      '  password_hash text NOT NULL,',
      '  password_digest text,',
      '  api_key_id bigint REFERENCES api_keys (id),',
      "  status text NOT NULL DEFAULT 'active'",
      ');',
      "INSERT INTO accounts (id, status) VALUES ('550e8400-e29b-41d4-a716-446655440000', 'active');",
      'SELECT id FROM accounts WHERE password_hash = crypt($1, password_hash);',
      'SELECT token FROM sessions WHERE user_id = 42 AND expires_at > now();',
      "COMMENT ON COLUMN accounts.password_hash IS 'bcrypt hash, never the password';",
      'CREATE INDEX idx_accounts_status_created_at_desc ON accounts (status, id DESC);',
      '',
    ].join('\n'),
  },
  {
    file: 'k8s/api.yaml',
    text: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: api}',
      'spec:',
      '  template:',
      '    spec:',
      '      imagePullSecrets: [{name: regcred}]',
      '      containers:',
      '        - name: api',
      '          image: registry.example.com/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      '          envFrom: [{secretRef: {name: api-secrets}}]',
      '          env:',
      '            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}',
      '            - {name: REQUEST_ID_HEADER, value: x-request-id}',
      '            - {name: MAX_TOKENS, value: "4096"}',
      '      volumes:',
      '        - name: tls',
      '          secret: {secretName: api-tls}',
      '',
    ].join('\n'),
  },
  {
    file: '.github/workflows/ci.yml',
    text: [
      'on: [push]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      API_TOKEN: ${{ secrets.API_TOKEN }}',
      '    steps:',
      '      - uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab',
      '      - run: ./deploy.sh --token "$API_TOKEN" --env staging',
      '',
    ].join('\n'),
  },
  {
    file: 'package-lock.json',
    text: [
      '{',
      '  "packages": {',
      '    "node_modules/yaml": {',
      '      "version": "2.9.1",',
      '      "resolved": "https://npm.example.com/yaml/-/yaml-2.9.1.tgz",',
      '      "integrity": "sha512-Hu7P6Iq9Vx3TzWu8EE8sH1Kb2x5nW6xKXm0r1Oq8Gk8hN0m4Y3hQm2o4P5wXrX8a0ZcLkTz3r9tJ2g9bJ6mQvA=="',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  },
  {
    file: 'docs/deploy.md',
    text: [
      '# Deploying',
      '',
      'The password is stored hashed; the token is rotated daily. Set `DB_PASSWORD` in the environment.',
      '',
      '| variable | meaning |',
      '| --- | --- |',
      '| DB_PASSWORD | the database password |',
      '',
      'Fixed in commit 3f2a9c8e1b7d4f6a0c5e9b2d8f1a7c3e6b0d4f9a; release checksum 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae.',
      'Request ids look like 123e4567-e89b-12d3-a456-426614174000.',
      '',
    ].join('\n'),
  },
  {
    file: 'Dockerfile',
    text: ['FROM node:20-alpine', 'ARG NPM_TOKEN', 'ENV NODE_ENV production', 'RUN npm ci --omit=dev', ''].join('\n'),
  },
];

describe('ai: redaction', () => {
  before(() => loadRedactionParsers());

  for (const c of CORPUS) {
    it(`redacts ${c.name}`, () => {
      const { text, redactions } = redact(c.text, c.file);
      for (const secret of c.secrets) assert.ok(!text.includes(secret), `${secret} survived in:\n${text}`);
      for (const kind of c.kinds) assert.ok(text.includes(`«redacted:${kind}»`), `no ${kind} marker in:\n${text}`);
      for (const kept of c.keeps ?? []) assert.ok(text.includes(kept), `${kept} lost in:\n${text}`);
      assert.equal(text.split('\n').length, c.text.split('\n').length, 'every line is kept');
      const counted = new Set(redactions.map((r) => r.kind));
      for (const kind of c.kinds) assert.ok(counted.has(kind) || kind === 'bearer-token', `${kind} counted`);
      assert.ok(redactions.every((r) => r.count > 0));
    });
  }

  it('keeps the lines around a PEM block and its BEGIN/END lines (placements stay right)', () => {
    const text = `line 1\n-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY.join('\n')}\n-----END RSA PRIVATE KEY-----\nline 7\n`;
    const out = redact(text, 'x.txt').text.split('\n');
    assert.equal(out[0], 'line 1');
    assert.equal(out[1], '-----BEGIN RSA PRIVATE KEY-----');
    assert.deepEqual(out.slice(2, 5), Array(3).fill('«redacted:private-key»'));
    assert.equal(out[6], 'line 7');
  });

  it('counts per kind', () => {
    const { redactions } = redact("a = 'postgres://u:p1ss@h/db'\nb = 'mysql://u:p2ss@h/db'\n", 'x.py');
    assert.deepEqual(redactions, [{ kind: 'connection-password', count: 2 }]);
  });

  it('is stable: redacting twice changes nothing more', () => {
    for (const c of CORPUS) {
      const once = redact(c.text, c.file).text;
      assert.equal(redact(once, c.file).text, once, c.name);
    }
  });

  for (const n of NEGATIVE) {
    it(`leaves ordinary ${n.file} alone`, () => {
      const { text, redactions } = redact(n.text, n.file);
      assert.equal(text, n.text, `changed:\n${text}`);
      assert.deepEqual(redactions, []);
    });
  }

  it('leaves the workshop sample manifests and SQL nearly untouched', () => {
    const root = path.resolve(__dirname, '../../../samples/workshop-ecommerce');
    for (const file of ['k8s/hpa.yaml', 'db/queries.sql']) {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), 'utf8');
      } catch {
        continue; // the sample's layout may change; the inline negative corpus above is the guard
      }
      const { redactions } = redact(text, file);
      assert.ok(redactions.reduce((n, r) => n + r.count, 0) <= 1, `${file}: ${JSON.stringify(redactions)}`);
    }
  });

  it('finishes on huge single lines (minified code, long dotted runs, base64) without backtracking blow-up', () => {
    // No timing assertion: a quadratic pattern would not finish within the test timeout on these inputs.
    const inputs = [
      'a.b-c.d_e.'.repeat(40_000),
      `x=${'Zm9v'.repeat(100_000)}`,
      Array.from({ length: 20_000 }, (_, i) => `var a${i}=b.c-d.e_f.g${i};`).join(''),
    ];
    for (const text of inputs) assert.equal(redact(text, 'bundle.min.js').text.length > 0, true);
  });

  describe('a file its parser cannot read gets the line rules and the entropy net', () => {
    const broken: Array<[string, string, string[], string[]]> = [
      [
        'k8s/broken.yaml',
        'kind: Secret\ndata:\n  password: YnJva2VuWWFtbA==\n  other: [unclosed\nstringData: {token: brokenFlowTok\n',
        ['YnJva2VuWWFtbA==', 'brokenFlowTok'],
        ['kind: Secret', 'stringData: {token:'],
      ],
      [
        'db/broken.sql',
        "-- password: brokenSqlComment1\nCREATE USER app PASSWORD 'brokenSqlPw1';\nSELECT crypt('brokenCrypt2', gen_salt('bf'));\nSELECT 'never closed\n",
        ['brokenSqlComment1', 'brokenSqlPw1', 'brokenCrypt2'],
        ['CREATE USER app PASSWORD', "SELECT 'never closed"],
      ],
      [
        'src/broken.ts',
        "const password = 'brokenTsPw2' +;\nfunction ( {\n// token: brokenComment3\nconst apiKey = `brokenTpl4`\n",
        ['brokenTsPw2', 'brokenComment3', 'brokenTpl4'],
        ['function ( {', 'const apiKey ='],
      ],
    ];
    for (const [file, text, secrets, keeps] of broken) {
      it(file, () => {
        const out = redact(text, file).text;
        for (const secret of secrets) assert.ok(!out.includes(secret), `${secret} survived in:\n${out}`);
        for (const kept of keeps) assert.ok(out.includes(kept), `${kept} lost in:\n${out}`);
        assert.equal(out.split('\n').length, text.split('\n').length);
      });
    }
  });

  it('survives input nested deeper than a parser can follow, with the secrets still redacted', () => {
    const cases: Array<[string, string, string]> = [
      [
        'deep.ts',
        `const password = 'deepTsPw1';\nconst x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n`,
        'deepTsPw1',
      ],
      ['deep.yaml', `password: deepYamlPw2\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'deepYamlPw2'],
      [
        'deep.sql',
        `ALTER ROLE a PASSWORD 'deepSqlPw3';\nSELECT ${'('.repeat(5_000)}1${')'.repeat(5_000)};\n`,
        'deepSqlPw3',
      ],
    ];
    for (const [file, text, secret] of cases) {
      const out = redact(text, file).text;
      assert.ok(!out.includes(secret), file);
      assert.equal(out.length > text.length / 2, true, `${file}: the rest is kept`);
    }
  });

  it('names a secret found by a parser and by a line rule once, by the most specific rule', () => {
    const { redactions } = redact("ALTER ROLE app PASSWORD 'onceOnly-1';\n", 'db/once.sql');
    assert.deepEqual(redactions, [{ kind: 'sql-password', count: 1 }]);
  });

  it('scrubKey removes the key and a long prefix of it from any text', () => {
    const key = ANTHROPIC;
    assert.equal(scrubKey(`x ${key} y`, key), 'x «redacted:api-key» y');
    assert.equal(scrubKey(`starts ${key.slice(0, 24)}…`, key), 'starts «redacted:api-key»…');
    assert.equal(scrubKey('nothing here', key), 'nothing here');
    assert.equal(scrubKey('short', ''), 'short');
  });
});
