import type { Spans } from './redaction-spans';
import { isSecretName, isSecretValue } from './secret-names';

/**
 * The line-based rules: recognisable token shapes, connection strings, PEM blocks, `.env` files, assignments,
 * command-line flags, environment names and prose. They run on every text, whatever its format, and they are
 * all a file gets when its parser fails; the parsers (YAML, SQL, TypeScript) add what only structure shows.
 */

export type Find = (spans: Spans, fileName: string) => void;

/** Reports group `group` of every match of `pattern` (which must have the `d` flag) when `accept` agrees. */
function groups(
  pattern: RegExp,
  group: number,
  kind: string,
  accept: (value: string, match: RegExpExecArray) => boolean = () => true,
): Find {
  return (spans) => {
    for (const match of spans.text.matchAll(pattern)) {
      const span = match.indices?.[group];
      const value = match[group];
      if (!span || value === undefined || !accept(value, match)) continue;
      spans.add(span[0], span[1], kind);
    }
  };
}

/**
 * As `groups`, for a value that must also be a real one (not a reference, placeholder or marker) and, with
 * `name`, bound to a secret's name; `environment` says whether that name is an environment variable's.
 */
function values(
  pattern: RegExp,
  group: number,
  kind: string,
  name?: (match: RegExpExecArray) => string,
  environment: (fileName: string) => boolean = () => false,
): Find {
  return (spans, fileName) => {
    const env = environment(fileName);
    groups(
      pattern,
      group,
      kind,
      (value, match) => isSecretValue(value) && (!name || isSecretName(name(match), env)),
    )(spans, fileName);
  };
}

/** As `values`, for a value bound to the environment variable's (or config key's) name in group 1. */
function environmentValues(pattern: RegExp, group: number, kind: string): Find {
  return values(
    pattern,
    group,
    kind,
    (m) => m[1],
    () => true,
  );
}

/** Outside code, an upper-case name is an environment variable's (in code, `CACHE_KEY` is a constant). */
const outsideCode = (fileName: string) => !isCodeFile(fileName);

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

export function isEnvFile(fileName: string): boolean {
  const base = baseName(fileName);
  return /^\.env(?:\..+)?$/i.test(base) || /\.env$/i.test(base);
}

/**
 * Formats where an unquoted `password: value` is a value (not code, where it would be an expression); a file
 * without an extension (`~/.aws/credentials`, `config`) counts as one.
 */
export function isConfigFile(fileName: string): boolean {
  return (
    isEnvFile(fileName) ||
    !/\.[A-Za-z0-9]+$/.test(baseName(fileName)) ||
    /\.(?:ya?ml|json|properties|ini|conf|cfg|toml|env|npmrc|pgpass|netrc|tfvars|hcl|sh|bash|zsh|ps1|bat|cmd)$/i.test(
      fileName,
    ) ||
    /(?:^|[\\/])(?:Dockerfile[^\\/]*|Makefile|Procfile|\.npmrc|\.pgpass|\.netrc|\.pypirc|\.git-credentials)$/.test(
      fileName,
    )
  );
}

/** Shell scripts and Dockerfiles: a value ends at the first space (`TOKEN=… make deploy`). */
export function isShellFile(fileName: string): boolean {
  return (
    /\.(?:sh|bash|zsh|ps1|bat|cmd)$/i.test(fileName) ||
    /(?:^|[\\/])(?:Dockerfile[^\\/]*|Makefile|Procfile)$/.test(fileName)
  );
}

/** Source code: there, an unquoted word after `=` is an expression, not a value. */
export function isCodeFile(fileName: string): boolean {
  return /\.(?:[cm]?[jt]sx?|py|rb|go|java|kts?|cs|php|rs|swift|scala|sql|psql|pgsql|c|cc|cpp|h|hpp|vue|svelte)$/i.test(
    fileName,
  );
}

/** PEM private keys: the body, line by line (BEGIN/END lines stay); also a key inside one JSON string. */
const privateKeys: Find = (spans) => {
  const pem =
    /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----([\s\S]*?)-----END \1-----/dg;
  for (const match of spans.text.matchAll(pem)) {
    const body = match.indices?.[2];
    if (body) spans.add(body[0], body[1], 'private-key');
  }
};

/** Kubernetes Secret `data` / `stringData` values, line by line: the fallback when the YAML does not parse. */
const kubernetesSecretLines: Find = (spans) => {
  const text = spans.text;
  if (!/\bkind["']?\s*:\s*["']?Secret\b/.test(text)) return;
  const lines = [...text.matchAll(/[^\r\n]*(?:\r\n|\n|\r|$)/g)].map((m) => ({ start: m.index, line: m[0] }));
  const docs: (typeof lines)[] = [[]];
  for (const entry of lines) {
    if (/^---(?:\s|$)/.test(entry.line)) docs.push([]);
    else docs[docs.length - 1].push(entry);
  }
  for (const doc of docs) {
    if (!doc.some(({ line }) => /^kind\s*:\s*["']?Secret["']?\s*(?:#.*)?$/.test(line.trimEnd()))) continue;
    let blockIndent = -1;
    let scalarIndent = -1;
    for (const { start, line: raw } of doc) {
      const line = raw.replace(/[\r\n]+$/, '');
      const indent = /^\s*/.exec(line)?.[0].length ?? 0;
      const blank = line.trim() === '' || line.trim().startsWith('#');
      if (scalarIndent >= 0) {
        if (blank || indent > scalarIndent) {
          if (!blank) spans.add(start + indent, start + line.length, 'k8s-secret');
          continue;
        }
        scalarIndent = -1;
      }
      if (blockIndent >= 0 && !blank && indent <= blockIndent) blockIndent = -1;
      const key = /^(\s*)(data|stringData)\s*:\s*(?:#.*)?$/.exec(line);
      if (key) {
        blockIndent = key[1].length;
        continue;
      }
      if (blockIndent < 0 || blank) continue;
      const entry = /^(\s*["']?[^:#]+?["']?\s*:\s*)(.*)$/.exec(line);
      if (!entry || entry[2].trim() === '') continue;
      if (/^[|>][-+0-9]*\s*(?:#.*)?$/.test(entry[2].trim())) {
        scalarIndent = indent;
        continue;
      }
      spans.add(start + entry[1].length, start + line.length, 'k8s-secret');
    }
  }
};

/** Every value of a .env file. */
const envFile: Find = (spans, fileName) => {
  if (!isEnvFile(fileName)) return;
  const pattern = /^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.-]{0,200}[ \t]*=[ \t]*(["']?)(.+?)\1[ \t]*$/dgm;
  groups(pattern, 2, 'env-value', (value) => value.trim() !== '')(spans, fileName);
};

/** `.pgpass` (`host:port:db:user:password`) and `.netrc` (`machine … login … password …`): the passwords. */
const credentialFiles: Find = (spans, fileName) => {
  const base = baseName(fileName).toLowerCase();
  if (base === '.pgpass' || base === 'pgpass' || base === 'pgpass.conf')
    groups(/^(?!#)(?:[^:\r\n]*:){4}(.+)$/dgm, 1, 'connection-password')(spans, fileName);
  if (base === '.netrc' || base === '_netrc')
    values(/\bpassword[ \t]+(\S+)/dg, 1, 'connection-password')(spans, fileName);
};

/** `- name: DB_PASSWORD` followed by `value: hunter2`: a container's env written line by line. */
const manifestEnvLines: Find = (spans, fileName) => {
  if (!isConfigFile(fileName)) return;
  const pattern =
    /^[ \t]*-?[ \t]*name[ \t]*:[ \t]*["']?([A-Za-z0-9_.-]{1,80})["']?[ \t]*\r?\n[ \t]*value[ \t]*:[ \t]*(["']?)(.+?)\2[ \t]*$/dgm;
  environmentValues(pattern, 3, 'secret-assignment')(spans, fileName);
};

const IDENTIFIER = '(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,80})';
/** A quoted value: group `n` is the quote, `n + 1` the content. */
const quoted = (n: number) => `(["'\`])([^"'\`\\r\\n]+)\\${n}`;

/** Shapes that name themselves: most specific first (sk-ant- before the OpenAI sk-). */
const TOKEN_SHAPES: ReadonlyArray<[string, RegExp, number]> = [
  ['anthropic-key', /\bsk-ant-[A-Za-z0-9_-]{16,}/dg, 0],
  ['openai-key', /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/dg, 0],
  ['github-token', /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})/dg, 0],
  ['gitlab-token', /\bglpat-[A-Za-z0-9_-]{20,}/dg, 0],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/dg, 0],
  ['slack-webhook', /https:\/\/hooks\.slack\.com\/services\/([A-Za-z0-9/_-]{20,})/dg, 1],
  ['stripe-key', /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/dg, 0],
  ['npm-token', /\bnpm_[A-Za-z0-9]{36}/dg, 0],
  ['google-api-key', /\bAIza[0-9A-Za-z_-]{35}/dg, 0],
  ['sendgrid-key', /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/dg, 0],
  ['jwt', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/dg, 0],
  ['aws-access-key-id', /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/dg, 0],
  [
    'aws-secret-key',
    /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret(?:_?key)?)["']?\s*(?::|=|=>)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
    1,
  ],
  ['gcp-key-id', /"private_key_id"\s*:\s*"([a-f0-9]{40})"/dg, 1],
  ['azure-key', /\b(?:AccountKey|SharedAccessKey|SharedSecretValue)\s*=\s*([^;'"`\s]+)/dgi, 1],
  ['azure-sas', /[?&;](?:sig|SharedAccessSignature)=([^&;'"`\s]+)/dg, 1],
  // user:password@host in any URL-style connection string (postgres, mysql, mongodb+srv, redis, amqp, https).
  ['connection-password', /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/'"`]{0,256}:([^\s@/'"`]{1,256})@/dgi, 1],
  ['bearer-token', /\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9\-._~+/]{12,}=*)/dg, 1],
  [
    'authorization',
    /\b(?:authorization|x-api-key|api-key)["'\]]*[ \t]*[:=][ \t]*["'`]?((?!Bearer\b|Basic\b|Token\b)[A-Za-z0-9\-._~+/=]{12,})/dgi,
    1,
  ],
];

const tokenShapes: Find = (spans, fileName) => {
  // After `Basic` or `Token` a word is prose, not a credential: "Basic Authentication", "Token refreshing".
  for (const [kind, pattern, group] of TOKEN_SHAPES)
    groups(
      pattern,
      group,
      kind,
      (value) => kind !== 'bearer-token' || !/^[A-Za-z][a-z]+$/.test(value),
    )(spans, fileName);
};

/**
 * `key=value` with no spaces around `=`: JDBC, ADO.NET and libpq connection strings (`password=…;`), URL
 * queries (`?access_token=…`), `.npmrc` (`:_authToken=…`). Code puts spaces there (`password = form.value`).
 */
const keyValues: Find = (spans, fileName) => {
  for (const match of spans.text.matchAll(/(?:^|[?&;\s"'`(:,])([A-Za-z_][\w.-]{0,80})=([^&;'"`\s),]+)/dgm)) {
    const span = match.indices?.[2];
    if (!span || !isSecretName(match[1], !isCodeFile(fileName))) continue;
    const kind = /^(?:password|passwd|pwd)$/i.test(match[1]) ? 'connection-password' : 'secret-parameter';
    spans.addValue(span[0], match[2], kind);
  }
};

/** A secret set in or read with a default from the environment: `os.getenv("API_KEY", "…")`, `os.Setenv("TOKEN", "…")`. */
const environmentDefaults = environmentValues(
  /\b(?:getenv|environ\.get|env\.get|ENV\.fetch|Getenv|GetEnvironmentVariable|Setenv|setenv|putenv|SetEnvironmentVariable)\(\s*["']([A-Za-z_][\w.]*)["']\s*,\s*(["'])([^"'\r\n]+)\2/dg,
  3,
  'secret-assignment',
);

/** `name = "value"` in code and config: quoted literals only, so `token = getToken()` stays. */
const quotedAssignments = values(
  new RegExp(`${IDENTIFIER}["']?[ \\t]*(?::|=|:=|=>|\\?\\?|\\|\\|)[ \\t]*${quoted(2)}`, 'dgi'),
  3,
  'secret-assignment',
  (m) => m[1],
  outsideCode,
);

/** …and unquoted values in config formats (YAML, properties, ini, Dockerfile ENV); in shell, up to a space. */
const unquotedAssignments: Find = (spans, fileName) => {
  if (!isConfigFile(fileName)) return;
  const [value, rest] = isShellFile(fileName)
    ? ['[^\\s"\'#|>&*!{\\[$][^\\s;&|#]*', '(?:[ \\t#;&|][^\\r\\n]*)?']
    : ['[^\\s"\'#|>&*!{\\[][^\\r\\n#]*?', '(?:#[^\\r\\n]*)?'];
  const pattern = new RegExp(
    `^[ \\t]*(?:ENV[ \\t]+|ARG[ \\t]+|export[ \\t]+|-[ \\t]+)?${IDENTIFIER}[ \\t]*[:=][ \\t]*(${value})[ \\t]*${rest}$`,
    'dgim',
  );
  environmentValues(pattern, 2, 'secret-assignment')(spans, fileName);
};

/** SQL written anywhere: `PASSWORD '…'`, `IDENTIFIED BY '…'`, `OPTIONS (password '…')`: a secret's name, then a literal. */
const sqlLiterals: Find = (spans, fileName) => {
  values(/\b(?:PASSWORD|IDENTIFIED[ \t]+BY)[ \t]+E?'((?:[^'\r\n]|'')*)'/dgi, 1, 'sql-password')(spans, fileName);
  values(/\b([A-Za-z_][A-Za-z0-9_]*)[ \t]+E?'((?:[^'\r\n]|'')*)'/dg, 2, 'sql-secret', (m) => m[1])(spans, fileName);
  values(/\bcrypt[ \t]*\([ \t]*E?'((?:[^'\r\n]|'')*)'/dgi, 1, 'sql-secret')(spans, fileName);
  // The key of pgcrypto's symmetric and raw functions is their second argument.
  values(
    /\b(?:pgp_sym_(?:en|de)crypt(?:_bytea)?|encrypt(?:_iv)?|decrypt(?:_iv)?|hmac)[ \t]*\((?:[^,()'\r\n]|'[^'\r\n]*'|\([^()\r\n]*\))*,[ \t]*E?'((?:[^'\r\n]|'')*)'/dgi,
    1,
    'sql-secret',
  )(spans, fileName);
};

/**
 * `--db-password=…`, `--token …`, Go-style `-token=…`, JVM `-Ddb.password=…` in scripts, CI files, Dockerfiles,
 * docs and code alike. A single dash takes a lower-case name only: `-pS3cret` is a short option with its value.
 */
const FLAG = '(?<=^|[\\s"\'`([=,])(?:--([A-Za-z][\\w.-]{0,80})|-D?([a-z][a-z_.-]{0,80}))';
const FLAG_VALUES: ReadonlyArray<readonly [RegExp, number]> = [
  [new RegExp(`${FLAG}(?:=|[ \\t]+)(["'])([^"'\\r\\n]+)\\3`, 'dg'), 4],
  [new RegExp(`${FLAG}(?:=|[ \\t]+)([^\\s"'\`;&|)\\\\$<{(-][^\\s"'\`;&|)\\\\]*)`, 'dg'), 3],
];
const commandLineFlags: Find = (spans, fileName) => {
  for (const [pattern, group] of FLAG_VALUES)
    values(pattern, group, 'secret-argument', (m) => m[1] ?? m[2])(spans, fileName);
};

/** Tools that take a password in an argument of their own: `mysql -p…`, `curl -u user:…`, `sshpass -p …`. */
const toolCredentials: Find = (spans, fileName) => {
  for (const pattern of [
    /\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\r\n]*?[ \t]-p([^\s"'`;&|]+)/dg,
    /\b(?:curl|wget)\b[^\r\n]*?[ \t](?:-u|--user|--http-password=?)[ \t]*["']?[^:\s"']*:([^\s"'@]+)/dg,
    /\b(?:sshpass|docker[ \t]+login|podman[ \t]+login)\b[^\r\n]*?[ \t]-p[ \t]+["']?([^\s"'`;&|]+)/dg,
  ])
    values(pattern, 1, 'secret-argument')(spans, fileName);
};

/** A user and password pair: `auth=("user", "…")`, `credentials: ['user', '…']`. */
const credentialPairs = values(
  new RegExp(
    `${IDENTIFIER}[ \\t]*[:=][ \\t]*[([][ \\t]*(["'])[^"'\\r\\n]*\\2[ \\t]*,[ \\t]*(["'])([^"'\\r\\n]+)\\3[ \\t]*[)\\]]`,
    'dg',
  ),
  4,
  'secret-assignment',
  (m) => m[1],
);

/** XML and .NET config: `<password>…</password>`, `<add key="ApiKey" value="…" />`. */
const xmlValues: Find = (spans, fileName) => {
  values(/<([A-Za-z_][\w.:-]{0,80})>([^<\r\n]+)<\/\1>/dg, 2, 'secret-assignment', (m) => m[1])(spans, fileName);
  values(
    /\b(?:key|name)=["']([^"']{1,80})["'][ \t]+value=["']([^"'\r\n]+)["']/dg,
    2,
    'secret-assignment',
    (m) => m[1],
  )(spans, fileName);
};

/** Environment names ending in KEY, TOKEN, SECRET, PASSWORD, PASS or CREDENTIALS: `API_TOKEN=…`, `ENV API_KEY …`. */
const ENV_NAME = '(?<![\\w.$-])([A-Z][A-Z0-9_]{1,80})';
const ENV_PATTERNS: ReadonlyArray<readonly [RegExp, number]> = [
  [new RegExp(`${ENV_NAME}[ \\t]*[=:][ \\t]*${quoted(2)}`, 'dg'), 3],
  [new RegExp(`${ENV_NAME}(?:=|:[ \\t]+)([^\\s"'\`;&|#$<{(][^\\s"'\`;&|#]*)`, 'dg'), 2],
  [new RegExp(`^[ \\t]*(?:ENV|ARG)[ \\t]+${ENV_NAME}[ \\t]+([^\\s"'\`=]+)[ \\t]*$`, 'dgm'), 2],
];
const envNames: Find = (spans, fileName) => {
  // In code an upper-case constant is not an environment variable (`CACHE_KEY = '…'`): the code rules judge it.
  if (isCodeFile(fileName)) return;
  for (const [pattern, group] of ENV_PATTERNS) environmentValues(pattern, group, 'env-secret')(spans, fileName);
};

/** Bare words after `password:` in prose that are not values: types, articles, the usual verbs. */
const PROSE_STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'its',
  'your',
  'our',
  'their',
  'string',
  'number',
  'boolean',
  'object',
  'unknown',
  'any',
  'buffer',
  'required',
  'optional',
  'see',
  'must',
  'should',
  'will',
  'can',
  'not',
  'never',
  'from',
  'in',
  'of',
  'for',
  'with',
  'read',
  'set',
  'stored',
  'hashed',
  'encrypted',
  'missing',
  'empty',
  'invalid',
  'expired',
  'given',
  'value',
  'values',
]);

/**
 * Secrets told in words: `password: hunter2`, `the token is "abc"`, `pwd = s3cret`. After `is`/`was` a bare
 * word counts only when it has a digit or a symbol ("the password is stored hashed" is prose, not a secret).
 * Also the flags and environment assignments a comment or a README shows.
 */
const PROSE =
  /\b(?:password|passwd|passphrase|pwd|pw|secret|token|api[ _-]?key|credentials?|pass)(?:[ \t]*[:=]|[ \t]+(is|was)\b|(?=[ \t]+["'`]))[ \t]*(?:(["'`])([^"'`\r\n]+)\2|([^\s"'`,;)]+))/dgi;

export function proseSpans(spans: Spans): void {
  for (const match of spans.text.matchAll(PROSE)) {
    const group = match[3] !== undefined ? 3 : 4;
    const span = match.indices?.[group];
    if (!span) continue;
    // A bare word loses the punctuation around it: "(true)", "hunter2." and "s3cret," are "true", "hunter2", "s3cret".
    if (group === 4 && /^[{[]|:$/.test(match[4])) continue; // a structure or a key (`secret: {secretName: …}`)
    const lead = group === 4 ? (/^[(<]+/.exec(match[4])?.[0].length ?? 0) : 0;
    const value = group === 4 ? match[4].slice(lead).replace(/[)\]}>.,!?:]+$/, '') : match[3];
    if (!isSecretValue(value)) continue;
    // Quoted right after the word, with no `:` or `is`: "the Secret `data`", "the `password` field" are prose.
    const told = /[:=]|\b(?:is|was)\b/i.test(match[0].slice(0, span[0] - match.index));
    if (!told && /^[A-Za-z_]+$/.test(value)) continue;
    if (group === 4) {
      if (PROSE_STOP_WORDS.has(value.toLowerCase())) continue;
      if (match[1] !== undefined && /^[A-Za-z]+$/.test(value)) continue;
      if (/^[A-Za-z_$][\w$.]*\(/.test(value) || /^[a-z_$][\w$]*(?:\.[\w$]+)+$/i.test(value)) continue; // code: `getToken(`, `form.value`
    }
    spans.add(span[0] + lead, span[0] + lead + value.length, 'prose-secret');
  }
  commandLineFlags(spans, 'prose.txt');
  envNames(spans, 'prose.txt');
}

/** Comment lines of a code file no parser read: `//`, `#`, `--`, `/* … *\/` and ` * …` lines. */
export const commentLines: Find = (spans) => {
  for (const match of spans.text.matchAll(/(?:^|[ \t])(?:\/\/|#|--|\/\*|\*)[^\r\n]*/gm))
    proseSpans(spans.view(match.index, match.index + match[0].length));
};

/** Prose outside code: READMEs, notes, YAML and config (code files get it in their comments only). */
const prose: Find = (spans, fileName) => {
  if (!isCodeFile(fileName)) proseSpans(spans);
};

/** Shapes that name themselves, run before the parsers so a token keeps its own kind wherever it stands. */
export const SHAPE_RULES: readonly Find[] = [privateKeys, tokenShapes];

/** The other line rules, after the parsers (a span found earlier keeps its kind). */
export const LINE_RULES: readonly Find[] = [
  kubernetesSecretLines,
  envFile,
  credentialFiles,
  keyValues,
  environmentDefaults,
  manifestEnvLines,
  sqlLiterals,
  quotedAssignments,
  unquotedAssignments,
  envNames,
  commandLineFlags,
  toolCredentials,
  credentialPairs,
  xmlValues,
  prose,
];
