import type { Spans } from './redaction-spans';

/**
 * The safety net under the named rules: a long token that reads as random (high Shannon entropy per character,
 * no run of words in it) is redacted wherever it stands, named or not.
 *
 * Not redacted, by decision: identifiers and paths however long (they read as words: `getServerSidePropsContext`,
 * `idx_orders_customer_id_created_at`, `src/assistants/sql`), UUIDs (ids in fixtures, rows and URLs; a UUID
 * used as a key is redacted by its name, `api_key: …`), numbers, and hex or base64 that the line names as a
 * hash (`sha256`, `commit`, `checksum`, `integrity`, `etag`, `digest`, a lock file's `version`, `resolved` and
 * `sum`…), which is what reviews need to see.
 */

/** Base64, base64url and hex runs; `=` only as padding, so `KEY=value` stays two tokens. */
const TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?:[0-9a-f]+|[0-9A-F]+)$/;
/**
 * Words just before a token that say it is a hash, not a secret (also qualified, `checksum/config:`, and after a
 * version's numbers, `"version": "4.16.1-1.<sha>"`); or an `@` (a pinned ref: `checkout@<sha>`).
 */
const HASH_CONTEXT =
  /(?:(?:sha-?(?:1|224|256|384|512)?|md5|hash(?:es)?|digest|checksum|integrity|commit|revision|rev|etag|fingerprint|crc32?|blake2b?|shasum|oid|version|resolved|sum)(?:[/._-][\w.-]+)?(?:[\s"'`:=@/#([-]|sum)*(?:v?\d+[.+-])*|@)$/i;
const HASH_PREFIX = /^(?:sha-?(?:1|224|256|384|512)|md5|blake2b?)[-:_]/i;

/**
 * An identifier in camel or Pascal case of letters only (`toBeGreaterThanOrEqual`, `HttpRequestHandler`): every
 * capital starts a lower-case word. Random letters rarely keep that shape (and then have no digit either).
 */
const CAMEL_CASE = /^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+$/;

/** Shortest token the net considers; below this a random string and a word are too alike. */
export const MIN_TOKEN_LENGTH = 20;
/** Hex needs more characters for the same confidence (4 bits per character at most). */
export const MIN_HEX_LENGTH = 32;

/** Shannon entropy of `text`, in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * The share of the token's letters that sit in word-like pieces: runs of three or more letters that contain a
 * vowel, split at case changes, digits and separators. Identifiers are nearly all words; random text is not.
 */
export function wordShare(token: string): number {
  const letters = token.replace(/[^A-Za-z]/g, '').length;
  if (letters === 0) return 0;
  const pieces = token.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  let wordy = 0;
  for (const piece of pieces) if (piece.length >= 3 && /[aeiouyAEIOUY]/.test(piece)) wordy += piece.length;
  return wordy / letters;
}

/**
 * How often the character class changes from one character to the next (letter and digit, lower to upper; an
 * upper-case letter starting a word is no change), per character. Random base62 changes about every other
 * character, identifiers about once per word.
 */
export function classChanges(token: string): number {
  const kind = (c: string) => (c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : c >= '0' && c <= '9' ? 3 : 0);
  let changes = 0;
  for (let i = 1; i < token.length; i++) {
    const a = kind(token[i - 1]);
    const b = kind(token[i]);
    if (a !== b && a !== 0 && b !== 0 && !(a === 2 && b === 1)) changes++;
  }
  return changes / Math.max(1, token.length - 1);
}

/**
 * Entropy a token must reach: a floor that only repetitive strings (`aaaa1111…`) miss. Randomness is judged by
 * the shape (class changes and words), which is what tells `getElementsByTagNameNS` from `k3JqP9zXw2Lm`.
 */
export function entropyThreshold(length: number, hex: boolean): number {
  return hex ? Math.min(3.0, 0.66 * Math.log2(length)) : Math.min(4.0, 0.72 * Math.log2(length));
}

/**
 * Tuned on 8,844 distinct identifiers of 20+ characters (TypeScript's and the SDK's declaration files, none
 * flagged but two camel-case names with acronyms) against random tokens: 20-character base62 and base64 are
 * caught 99% of the time, lower-case-and-digit ones 89%, 40-character ones 94–100%.
 */
const RANDOM_SHAPE = 0.33;

/** Whether a token is redacted by the net; `before` is the text just before it on its line. */
export function looksRandom(token: string, before = ''): boolean {
  const body = token.replace(/=+$/, '');
  if (body.length < MIN_TOKEN_LENGTH) return false;
  if (UUID.test(body) || /^[0-9_-]+$/.test(body) || HASH_PREFIX.test(body) || CAMEL_CASE.test(body)) return false;
  if (HASH_CONTEXT.test(before)) return false;
  if (HEX.test(body))
    return (
      body.length >= MIN_HEX_LENGTH &&
      /[0-9]/.test(body) &&
      /[a-f]/i.test(body) &&
      entropy(body) >= entropyThreshold(body.length, true)
    );
  // Lower-case letters alone are words; a number with a letter or two (`9223372036854775807n`) is a number.
  if (!/[0-9A-Z]/.test(body) || (body.match(/[a-zA-Z]/g) ?? []).length < 4) return false;
  if (entropy(body) < entropyThreshold(body.length, false)) return false;
  return classChanges(body) + 0.5 * (1 - wordShare(body)) >= RANDOM_SHAPE;
}

/** A part of a path or URL that is a word (`services`, `api-v2` is not, `hooks`, `com`). */
function pathWord(part: string): boolean {
  return part.length >= 3 && /^[A-Za-z][A-Za-z_-]*$/.test(part) && wordShare(part) >= 0.7;
}

/**
 * Tokens that look random. In a path or URL (a token with `/` and a word among its parts), only the parts that
 * look random on their own go (`…/services/<random>`); base64 that happens to hold a `/` goes whole.
 */
export function entropySpans(spans: Spans): void {
  const text = spans.text;
  for (const match of text.matchAll(TOKEN)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const before = (at: number) => text.slice(Math.max(lineStart, at - 48), at);
    const token = match[0];
    // A hash the line names (`"integrity": "sha512-…/…"`) stays whole, however its base64 splits at `/`.
    if (HASH_PREFIX.test(token) || HASH_CONTEXT.test(before(match.index))) continue;
    const parts = token.split('/');
    if (parts.length === 1 || !parts.some(pathWord)) {
      if (looksRandom(token, before(match.index))) spans.add(match.index, match.index + token.length, 'high-entropy');
      continue;
    }
    let offset = match.index;
    for (const part of parts) {
      if (looksRandom(part, before(offset))) spans.add(offset, offset + part.length, 'high-entropy');
      offset += part.length + 1;
    }
  }
}
