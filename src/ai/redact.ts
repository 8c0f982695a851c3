/**
 * Redaction of secrets before anything leaves the machine. Every value that holds a credential is replaced
 * by a stable marker («redacted:<kind>») on the same line: lines are never removed or joined, so the line
 * numbers Claude cites still point at the user's file. Runs on everything sent (document, facts, findings);
 * the counts per kind are shown in the consent modal and the log.
 *
 * Three layers, each adding to the one before (a secret any of them finds is gone):
 * 1. the parsers, by position: YAML/JSON (redact-yaml.ts), PostgreSQL (redact-sql.ts), TypeScript and
 *    JavaScript (redact-code.ts), loaded by `loadRedactionParsers()` before the first redaction;
 * 2. the line rules (redact-lines.ts): token shapes, connection strings, PEM blocks, assignments, flags,
 *    environment names, prose — all a file gets when its parser fails, so a broken file never sends more;
 * 3. the entropy net (redact-entropy.ts): long random-looking tokens wherever they stand.
 */
import { entropySpans } from './redact-entropy';
import { codeSpans } from './redact-code';
import { commentLines, isCodeFile, LINE_RULES, SHAPE_RULES } from './redact-lines';
import { redactionParsers } from './redact-parsers';
import { sqlSpans } from './redact-sql';
import { yamlSpans } from './redact-yaml';
import type { Redacted } from './redaction-spans';
import { marker, SpanSet } from './redaction-spans';

export { loadRedactionParsers } from './redact-parsers';
export { marker, RedactionTally } from './redaction-spans';
export type { RedactionCount, Redacted } from './redaction-spans';
export { REDACTION_MARKER_PREFIX } from './secret-names';

const YAML_FILE = /\.(?:ya?ml|json|jsonc|json5)$/i;
const SQL_FILE = /\.(?:sql|psql|pgsql)$/i;
const CODE_FILE = /\.(?:[cm]?[jt]sx?)$/i;
/** A kubeconfig or manifest under a name without an extension (`config`, `kubeconfig`). */
const LOOKS_LIKE_YAML = /^(?:apiVersion|kind|clusters|users|contexts|current-context)\s*:/m;

/**
 * Replaces every secret in `text` by a marker naming its kind, keeping every line (and so every line number).
 * `fileName` decides the format. Structural rules need `loadRedactionParsers()` to have resolved (YAML needs
 * nothing); without it SQL and TypeScript get the line rules and the entropy net only.
 */
export function redact(text: string, fileName: string): Redacted {
  const spans = new SpanSet(text);
  for (const rule of SHAPE_RULES) rule(spans, fileName);
  if (!structure(spans, fileName) && isCodeFile(fileName)) commentLines(spans, fileName);
  for (const rule of LINE_RULES) rule(spans, fileName);
  entropySpans(spans);
  return spans.apply();
}

/**
 * The parser's spans for the file's format; false when no parser read it (its comments need the line rule).
 * A parser that gives up on hostile input (a stack overflow on an expression nested 50,000 deep) is a file
 * that does not parse: whatever it reported before stays, and the line rules and the net still run.
 */
function structure(spans: SpanSet, fileName: string): boolean {
  try {
    return parsed(spans, fileName);
  } catch {
    return false;
  }
}

function parsed(spans: SpanSet, fileName: string): boolean {
  const { ts, pg } = redactionParsers();
  if (YAML_FILE.test(fileName) || (!isCodeFile(fileName) && LOOKS_LIKE_YAML.test(spans.text))) {
    yamlSpans(spans);
    return true;
  }
  if (SQL_FILE.test(fileName)) return pg !== undefined && sqlSpans(spans, pg);
  if (CODE_FILE.test(fileName) && ts) {
    codeSpans(spans, ts, fileName, pg && ((sql) => void sqlSpans(sql, pg)));
    return true;
  }
  return false;
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
