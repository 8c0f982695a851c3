/**
 * Which names hold a secret and which values are real ones. Shared by every redaction rule (YAML keys, SQL
 * columns and options, TypeScript bindings and properties, command-line flags, environment names, prose), so
 * `db_password`, `dbPassword`, `DB_PASSWORD`, `db-password` and `dbpassword` are one decision.
 *
 * Names are judged by whole words (`tokenizer`, `bypass`, `monkey` hold no secret), the last word decides
 * what the name describes (`passwordHash`, `tokenUrl`, `secretName`, `api_key_id` hold none either).
 */

/** Words that make a name a secret's name wherever they stand. */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'passcode',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'creds',
  'apikey',
  'apikeys',
  'requirepass', // Redis
  'masterauth',
]);

/** Run-together spellings (`dbpassword`, `clientsecret`, `authtoken`, `secretkey`): the word ends in one. */
const SECRET_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'credentials',
  'apikey',
  'secretkey',
  'privatekey',
  'accesskey',
  'signingkey',
];

/** `key` is a secret's name only with one of these before it (`api_key`, `client-key-data`, `signingKey`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'decryption',
  'master',
  'auth',
  'client',
  'license',
  'licence',
  'service',
  'admin',
  'app',
  'account',
  'session',
  'storage',
  'shared',
  'preshared',
  'consumer',
  'webhook',
  'hmac',
  'jwt',
  'ssh',
  'gpg',
  'pgp',
  'root',
  'deploy',
  'subscription',
  'cipher',
  'crypto',
  'aes',
  'rsa',
  'tls',
  'ssl',
  'server',
]);

/**
 * Last words that still name the secret itself (`secretKey`, `client-key-data`, `tokenValue`, `secret_key_base`).
 * Any other last word after a secret's word says what the name is about instead: `tokenShapes`, `passwordHash`,
 * `secretName`, `tokenUrl`, `api_key_id`, `passwordMinLength` hold no secret.
 */
const HOLDING = new Set([
  'key',
  'keys',
  'value',
  'values',
  'data',
  'string',
  'str',
  'text',
  'b64',
  'base64',
  'hex',
  'raw',
  'plain',
  'plaintext',
  'pem',
  'json',
  'base',
  'confirmation',
  'confirm',
  'encoded',
  'bytes',
  'buffer',
  'default',
  'fallback',
  'override',
  'literal',
  'secret',
  'token',
  'password',
  'passphrase',
  'pass',
  'pwd',
  'credentials',
]);

/** Words that make the name a number about secrets (`max_tokens`, `token_limit`, `total_tokens`). */
const COUNTING = new Set(['max', 'min', 'num', 'count', 'limit', 'total', 'used', 'usage', 'per', 'remaining']);

/** Words of an identifier, lower case, trailing digits dropped: `clientSecret2`, `DB_PASSWORD`, `x-api-key`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase().replace(/(?<=[a-z])\d+$/, ''))
    .filter((w) => w !== '');
}

/** Index of the last word that makes the name a secret's, or -1. */
function secretWordAt(words: readonly string[], environment: boolean): number {
  const last = words.length - 1;
  for (let i = last; i >= 0; i--) {
    const word = words[i];
    if (SECRET_WORDS.has(word)) return i;
    if (word.length > 6 && SECRET_ENDINGS.some((ending) => word.endsWith(ending))) return i;
    if (word === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])) return i;
  }
  const tail = words[last];
  // An environment variable's name ending in KEY is a key (STRIPE_KEY); `pass`, `pwd` and `pw` end a name.
  if (environment && tail === 'key' && last > 0) return last;
  if (tail === 'pass' || tail === 'pwd' || tail === 'pw') return last;
  return words.length === 1 && tail === 'auth' ? last : -1;
}

/**
 * True when `name` is the name of something that holds a secret (a binding, key, column, flag, option).
 * `environment`: the name is an environment variable's (a YAML or shell name, `process.env.X`), where a name
 * ending in KEY is a key; in code `CACHE_KEY` or `CONSENT_KEY` names a storage slot.
 */
export function isSecretName(name: string, environment = false): boolean {
  const bare = name.replace(/^["'`[]+|["'`\]]+$/g, '');
  if (bare.length === 0 || bare.length > 120) return false;
  if (/^(?:OLD)?PWD$/.test(bare)) return false; // the shell's working directory
  const words = nameWords(bare);
  if (words.length === 0 || words.some((w) => COUNTING.has(w))) return false;
  const at = secretWordAt(words, environment && /^[A-Z][A-Z0-9_]*$/.test(bare));
  if (at < 0) return false;
  return at === words.length - 1 || HOLDING.has(words[words.length - 1]);
}

/** Values that are references or placeholders, not secrets: `${DB_PASSWORD}`, `{{ .Values.x }}`, `<token>`, `***`. */
const PLACEHOLDER =
  /^(?:\$\{?[\w.:-]+\}?|\$\{\{.*\}\}|\{\{.*\}\}|%\{.*\}|%env\(.*\)%|process\.env\b.*|import\.meta\.env\b.*|env\(.*\)|<[^<>]*>|\[[^[\]]*\]|\*+|x+|•+|null|nil|none|undefined|true|false|yes|no|on|off|~|password|passwd|secret|token|changeme|change[-_ ]me|redacted|placeholder|example|dummy|test|todo|fixme|secretKeyRef|valueFrom)$/i;

export const REDACTION_MARKER_PREFIX = '«redacted:';

/** A version or version range (`^9.0.2`, `>=1.2`): a dependency named like a secret (`jsonwebtoken`), not a secret. */
const VERSION = /^(?:[~^]|[<>]=?|=)?v?\d+(?:\.\d+){1,3}(?:[-+][\w.-]+)?$/;
/** The start of a reference a template fills in (`${{ secrets.TOKEN }}`, `{{ .Values.password }}`, `${DB_PASSWORD}`). */
const REFERENCE_START = /^(?:\$\{\{|\{\{|\$\{|\$\(|%\{)/;

/** A sentence: five words or more, or three and more ending like one ("A Secret holds credentials: …"). */
const SENTENCE = /^(?:\S+\s+){4,}\S+$|^[A-Za-z]\S*(?:\s+\S+){2,}[.:!?]$/;
/** A dotted name of words (`scalingAssistant.ai.consent`): a setting's or storage slot's name, not its value. */
const DOTTED_NAME = /^[A-Za-z][A-Za-z_-]*(?:\.[A-Za-z][A-Za-z_-]*)+$/;

/**
 * True when `value` (without its quotes) is a value worth hiding: not empty, not a reference, a placeholder, a
 * marker, an endpoint without credentials, a version, a sentence or a dotted name.
 */
export function isSecretValue(value: string): boolean {
  const bare = value.trim();
  if (bare.length < 3 || bare.includes(REDACTION_MARKER_PREFIX)) return false;
  if (REFERENCE_START.test(bare) || VERSION.test(bare)) return false;
  if (/^https?:\/\/[^@\s]*$/.test(bare)) return false; // user:pass@ in a URL is the connection-string rule's
  return !PLACEHOLDER.test(bare) && !SENTENCE.test(bare) && !DOTTED_NAME.test(bare);
}
