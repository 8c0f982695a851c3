/**
 * Redaction of secrets before anything leaves the machine. Every value that looks like a credential is
 * replaced by a stable marker («redacted:<kind>») on the same line: lines are never removed or joined, so
 * the line numbers Claude cites still point at the user's file. Runs on everything sent (document, facts,
 * findings), and the counts per kind are shown in the consent modal and the log.
 */

export interface RedactionCount {
  kind: string;
  count: number;
}

export interface Redacted {
  text: string;
  redactions: RedactionCount[];
}

export const REDACTION_MARKER_PREFIX = '«redacted:';

export function marker(kind: string): string {
  return `${REDACTION_MARKER_PREFIX}${kind}»`;
}

/** Counts per kind, merged across several texts. */
export class RedactionTally {
  private readonly counts = new Map<string, number>();

  add(kind: string, count = 1): void {
    if (count > 0) this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
  }

  merge(counts: readonly RedactionCount[]): void {
    for (const { kind, count } of counts) this.add(kind, count);
  }

  list(): RedactionCount[] {
    return [...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([kind, count]) => ({ kind, count }));
  }
}

const ALREADY = /«redacted:/;

/**
 * An identifier (bounded, and starting where an identifier starts) that may hold a secret; whether it does is
 * decided by SECRET_WORD afterwards. Matching the keyword inside the pattern (`[\w.-]*password[\w.-]*`)
 * backtracks quadratically on long dotted runs such as minified code.
 */
const IDENTIFIER = '(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{1,80})';
/** Names that hold a secret: db_password, clientSecret, API_KEY, authToken, … */
const SECRET_WORD =
  /passw(?:or)?d|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?|passphrase/i;
/** …but not names that describe one: tokenType, passwordField, secretName, tokenUrl, apiKeyHeader. */
const DESCRIBES_A_SECRET =
  /(?:type|name|names|field|label|url|uri|path|file|header|endpoint|length|count|placeholder|regex|pattern|prefix|policy|expiry|expires|ttl|timeout|ref|id|key_id|keyid|env|var)$/i;
/** Values that are references or placeholders, not secrets. */
const NOT_A_VALUE =
  /^(?:\$\{?[\w.:-]+\}?|\{\{.*\}\}|process\.env\b.*|<[^>]*>|\*+|x+|null|none|undefined|true|false|password|secret|token|changeme\b.*)$/i;

interface Rule {
  kind: string;
  /** Applies only to files of this kind. */
  only?: (fileName: string) => boolean;
  apply: (text: string, count: (n?: number) => void) => string;
}

/** Replaces capture group `group` of each match (and only it), keeping the text around it. */
function replaceGroup(
  pattern: RegExp,
  group: number,
  kind: string,
  accept?: (value: string, match: RegExpExecArray) => boolean,
): Rule['apply'] {
  const withIndices = new RegExp(pattern.source, pattern.flags.includes('d') ? pattern.flags : `${pattern.flags}d`);
  return (text, count) => {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(withIndices)) {
      const value = match[group];
      const span = match.indices?.[group];
      if (value === undefined || value === '' || !span || ALREADY.test(value)) continue;
      if (accept && !accept(value, match)) continue;
      count();
      out += text.slice(last, span[0]) + marker(kind);
      last = span[1];
    }
    return last === 0 ? text : out + text.slice(last);
  };
}

function isEnvFile(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return /^\.env(?:\..+)?$/i.test(base) || /\.env$/i.test(base);
}

/** Formats where an unquoted `password: value` is a value (not code, where it would be an expression). */
function isConfigFile(fileName: string): boolean {
  return (
    isEnvFile(fileName) ||
    /\.(?:ya?ml|properties|ini|conf|cfg|toml|env)$/i.test(fileName) ||
    /(?:^|[\\/])Dockerfile[^\\/]*$/.test(fileName)
  );
}

/** PEM private keys, line by line so the block keeps its height; also a key inside one JSON string. */
function privateKeys(text: string, count: (n?: number) => void): string {
  const pem =
    /(-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----)([\s\S]*?)(-----END \2-----)/g;
  return text.replace(pem, (_whole, begin: string, _label: string, body: string, end: string) => {
    count();
    const redactedBody = body.replace(/[^\r\n]+/g, (line) => {
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      const rest = line.slice(indent.length);
      return rest.trim() === '' ? line : `${indent}${marker('private-key')}`;
    });
    return `${begin}${redactedBody}${end}`;
  });
}

/** Kubernetes Secret `data` / `stringData` values, YAML (per document) and JSON. */
function kubernetesSecrets(text: string, count: (n?: number) => void, fileName: string): string {
  if (!/\bkind["']?\s*:\s*["']?Secret\b/.test(text)) return text;
  if (/\.json$/i.test(fileName) || /^\s*[{[]/.test(text)) return kubernetesSecretsJson(text, count);
  const lines = text.split(/(\r\n|\n|\r)/);
  // lines holds [line, eol, line, eol, …]; work on the even indices.
  const docs: number[][] = [[]];
  for (let i = 0; i < lines.length; i += 2) {
    if (/^---(?:\s|$)/.test(lines[i])) docs.push([]);
    else docs[docs.length - 1].push(i);
  }
  for (const doc of docs) {
    if (!doc.some((i) => /^kind\s*:\s*["']?Secret["']?\s*(?:#.*)?$/.test(lines[i]))) continue;
    let blockIndent = -1; // indentation of the `data:` key while inside its mapping
    let scalarIndent = -1; // indentation of a block scalar's key while inside its lines
    for (const i of doc) {
      const line = lines[i];
      const indent = /^\s*/.exec(line)?.[0].length ?? 0;
      const blank = line.trim() === '' || line.trim().startsWith('#');
      if (scalarIndent >= 0) {
        if (blank || indent > scalarIndent) {
          if (!blank) lines[i] = `${line.slice(0, indent)}${marker('k8s-secret')}`;
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
      if (!entry || entry[2].trim() === '' || ALREADY.test(entry[2])) continue;
      count();
      if (/^[|>][-+0-9]*\s*(?:#.*)?$/.test(entry[2].trim())) {
        scalarIndent = indent;
        continue;
      }
      lines[i] = `${entry[1]}${marker('k8s-secret')}`;
    }
  }
  return lines.join('');
}

function kubernetesSecretsJson(text: string, count: (n?: number) => void): string {
  return text.replace(
    /("(?:data|stringData)"\s*:\s*\{)([^{}]*)(\})/g,
    (whole, open: string, body: string, close: string) => {
      const redacted = body.replace(/("(?:[^"\\]|\\.)*"\s*:\s*)"(?:[^"\\]|\\.)*"/g, (_entry, name: string) => {
        count();
        return `${name}"${marker('k8s-secret')}"`;
      });
      return redacted === body ? whole : `${open}${redacted}${close}`;
    },
  );
}

/** Every value of a .env file. */
function envFile(text: string, count: (n?: number) => void): string {
  return text.replace(
    /^([ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_.-]{0,200}[ \t]*=[ \t]*)(.+?)([ \t]*)$/gm,
    (whole, name: string, value: string, tail: string) => {
      if (value.trim() === '' || value.trim() === '""' || value.trim() === "''" || ALREADY.test(value)) return whole;
      count();
      return `${name}${marker('env-value')}${tail}`;
    },
  );
}

/** `- name: DB_PASSWORD` followed by `value: hunter2` (a container's env in a manifest). */
function manifestEnvValues(text: string, count: (n?: number) => void): string {
  const nameLine = /^\s*-?\s*name\s*:\s*["']?([A-Za-z0-9_.-]{1,80})["']?\s*$/;
  const lines = text.split(/(\r\n|\n|\r)/);
  for (let i = 0; i + 2 < lines.length; i += 2) {
    const name = nameLine.exec(lines[i]);
    if (!name || !SECRET_WORD.test(name[1]) || DESCRIBES_A_SECRET.test(name[1])) continue;
    const value = /^(\s*value\s*:\s*)(.+?)\s*$/.exec(lines[i + 2]);
    if (!value || ALREADY.test(value[2])) continue;
    const bare = value[2].replace(/^["']|["']$/g, '');
    if (bare === '' || NOT_A_VALUE.test(bare)) continue;
    count();
    lines[i + 2] = `${value[1]}${marker('secret-assignment')}`;
  }
  return lines.join('');
}

function acceptAssignment(name: string, value: string): boolean {
  if (!SECRET_WORD.test(name)) return false;
  if (DESCRIBES_A_SECRET.test(name.replace(/["']/g, ''))) return false;
  const bare = value.trim();
  return bare.length >= 4 && !NOT_A_VALUE.test(bare) && !/^https?:\/\/[^@]*$/.test(bare);
}

const RULES: readonly Rule[] = [
  { kind: 'private-key', apply: privateKeys },
  { kind: 'env-value', only: isEnvFile, apply: envFile },
  // Tokens with a recognisable shape, most specific first (sk-ant- before the OpenAI sk-).
  { kind: 'anthropic-key', apply: replaceGroup(/()(\bsk-ant-[A-Za-z0-9_-]{16,})()/g, 2, 'anthropic-key') },
  {
    kind: 'openai-key',
    apply: replaceGroup(/()(\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})()/g, 2, 'openai-key'),
  },
  {
    kind: 'github-token',
    apply: replaceGroup(
      /()(\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255}))()/g,
      2,
      'github-token',
    ),
  },
  { kind: 'slack-token', apply: replaceGroup(/()(\bxox[abposr]-[A-Za-z0-9-]{10,})()/g, 2, 'slack-token') },
  {
    kind: 'slack-webhook',
    apply: replaceGroup(/(https:\/\/hooks\.slack\.com\/services\/)([A-Za-z0-9/_-]{20,})()/g, 2, 'slack-webhook'),
  },
  { kind: 'stripe-key', apply: replaceGroup(/()(\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})()/g, 2, 'stripe-key') },
  { kind: 'npm-token', apply: replaceGroup(/()(\bnpm_[A-Za-z0-9]{36})()/g, 2, 'npm-token') },
  { kind: 'google-api-key', apply: replaceGroup(/()(\bAIza[0-9A-Za-z_-]{35})()/g, 2, 'google-api-key') },
  {
    kind: 'jwt',
    apply: replaceGroup(/()(\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})()/g, 2, 'jwt'),
  },
  {
    kind: 'aws-access-key-id',
    apply: replaceGroup(/()(\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA)[0-9A-Z]{16})\b()/g, 2, 'aws-access-key-id'),
  },
  {
    kind: 'aws-secret-key',
    apply: replaceGroup(
      /(aws_?secret_?access_?key|secret_?access_?key|aws_?secret(?:_?key)?)(["']?\s*(?::|=|=>)\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
      3,
      'aws-secret-key',
    ),
  },
  { kind: 'gcp-key-id', apply: replaceGroup(/("private_key_id"\s*:\s*")([a-f0-9]{40})(")/g, 2, 'gcp-key-id') },
  {
    kind: 'azure-key',
    apply: replaceGroup(/(\b(?:AccountKey|SharedAccessKey|SharedSecretValue)\s*=\s*)([^;'"`\s]+)()/gi, 2, 'azure-key'),
  },
  { kind: 'azure-sas', apply: replaceGroup(/([?&;](?:sig|SharedAccessSignature)=)([^&;'"`\s]+)()/g, 2, 'azure-sas') },
  // user:password@host in any URL-style connection string (postgres, mysql, mongodb+srv, redis, amqp, https).
  {
    kind: 'connection-password',
    apply: replaceGroup(
      /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/'"`]{0,256}:)([^\s@/'"`]{1,256})(@)/gi,
      2,
      'connection-password',
    ),
  },
  // JDBC / ADO.NET / libpq key-value: password=…; pwd=…
  {
    kind: 'connection-password',
    // No spaces around "=": that is a connection string's key=value, not `password = form.value` in code.
    apply: replaceGroup(
      /((?:[?&;\s"'`]|^)(?:password|pwd)=)([^&;'"`\s]+)()/gim,
      2,
      'connection-password',
      (value) => !NOT_A_VALUE.test(value) && value.length >= 3,
    ),
  },
  {
    kind: 'bearer-token',
    apply: replaceGroup(/(\b(?:Bearer|Basic|Token)\s+)([A-Za-z0-9\-._~+/]{12,}=*)()/g, 2, 'bearer-token'),
  },
  {
    kind: 'authorization',
    apply: replaceGroup(
      /(\b(?:authorization|x-api-key|api-key)["'\]]*[ \t]*[:=][ \t]*["'`]?)((?!Bearer\b|Basic\b|Token\b)[A-Za-z0-9\-._~+/=]{12,})()/gi,
      2,
      'authorization',
    ),
  },
  { kind: 'secret-assignment', only: isConfigFile, apply: manifestEnvValues },
  // name = "value" in code and config: quoted literals only, so `token = getToken()` stays.
  {
    kind: 'secret-assignment',
    apply: replaceGroup(
      new RegExp(`${IDENTIFIER}(["']?[ \\t]*(?::|=|:=|=>)[ \\t]*)(["'\`])([^"'\`\\r\\n]+)(\\3)`, 'gi'),
      4,
      'secret-assignment',
      (value, match) => acceptAssignment(match[1], value),
    ),
  },
  // …and unquoted values in config formats (YAML, properties, ini, Dockerfile ENV).
  {
    kind: 'secret-assignment',
    only: isConfigFile,
    apply: replaceGroup(
      new RegExp(
        `^([ \\t]*(?:ENV[ \\t]+|export[ \\t]+|-[ \\t]+)?${IDENTIFIER}[ \\t]*[:=][ \\t]*)([^\\s"'#|>&*!][^\\r\\n#]*?)([ \\t]*(?:#[^\\r\\n]*)?)$`,
        'gim',
      ),
      3,
      'secret-assignment',
      (value, match) => acceptAssignment(match[2], value),
    ),
  },
];

/**
 * Replaces every secret in `text` by a marker naming its kind, keeping every line (and so every line number).
 * `fileName` decides the rules that depend on the format (.env files, Kubernetes Secrets, config files).
 */
export function redact(text: string, fileName: string): Redacted {
  const tally = new RedactionTally();
  let out = text;
  out = kubernetesSecrets(out, (n = 1) => tally.add('k8s-secret', n), fileName);
  for (const rule of RULES) {
    if (rule.only && !rule.only(fileName)) continue;
    out = rule.apply(out, (n = 1) => tally.add(rule.kind, n));
  }
  return { text: out, redactions: tally.list() };
}

/** Replaces the API key wherever it appears: the last guard on every message, log line and error text. */
export function scrubKey(text: string, apiKey: string | undefined): string {
  if (!apiKey || apiKey.length < 8) return text;
  let out = text.split(apiKey).join(marker('api-key'));
  // A key may also be echoed partly (an error quoting its first characters): drop any long run of it.
  const head = apiKey.slice(0, Math.min(apiKey.length, 24));
  if (head.length >= 16) out = out.split(head).join(marker('api-key'));
  return out;
}
