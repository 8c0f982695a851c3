import type { Finding, TextEdit } from './finding';
import { LineIndex } from './text';

/**
 * Inline suppression comments, honoured the same way by every assistant, the editor and the CLI:
 *
 *   # scaling-assistant-disable-next-line workload-replicas-with-hpa
 *   replicas: 3   # scaling-assistant-disable-line workload-replicas-with-hpa
 *
 * Several rule ids may be listed, separated by commas or spaces; no id means every rule. The directive
 * must sit in a comment (after `#`, `--`, `//` or `/*`) so the word in a string literal does not count.
 */

const DIRECTIVE = /(?:#|--|\/\/|\/\*)\s*scaling-assistant-disable-(next-line|line)\b([^\r\n]*)/;

interface LineSuppression {
  all: boolean;
  rules: Set<string>;
}

/** A directive's text before a " -- because …" description people like to add. */
function withoutDescription(rest: string): string {
  const description = /\s--\s/.exec(rest);
  return description ? rest.slice(0, description.index) : rest;
}

function parseRuleList(rest: string): LineSuppression {
  // Stop at a block-comment end and at a "--" description.
  const cleaned = withoutDescription(rest.replace(/\*\/.*$/, ''));
  const ids = cleaned.split(/[\s,]+/).filter((id) => /^[a-z0-9][a-z0-9-]*$/i.test(id));
  return { all: ids.length === 0, rules: new Set(ids) };
}

/** Map of 0-based line → what is suppressed on that line. */
export function collectSuppressions(text: string): Map<number, LineSuppression> {
  const result = new Map<number, LineSuppression>();
  if (!text.includes('scaling-assistant-disable-')) return result;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    const target = match[1] === 'next-line' ? index + 1 : index;
    const parsed = parseRuleList(match[2]);
    const existing = result.get(target);
    if (existing) {
      existing.all ||= parsed.all;
      parsed.rules.forEach((r) => existing.rules.add(r));
    } else {
      result.set(target, parsed);
    }
  });
  return result;
}

/** Drops findings whose start line is suppressed for their rule. */
export function applySuppressions(findings: readonly Finding[], text: string): readonly Finding[] {
  const suppressions = collectSuppressions(text);
  if (suppressions.size === 0) return findings;
  return findings.filter((finding) => {
    const s = suppressions.get(finding.range.start.line);
    return !(s && (s.all || s.rules.has(finding.ruleId)));
  });
}

/** Line-comment prefix for a file, or undefined where the format has no comments (plain JSON). */
export function commentPrefixFor(file: string): string | undefined {
  const lower = file.toLowerCase();
  if (/\.(ya?ml|sh|bash|py|toml|rb|dockerfile)$/.test(lower) || /(^|[\\/])dockerfile$/.test(lower)) return '#';
  if (/\.(sql|psql|pgsql)$/.test(lower)) return '--';
  if (/\.(m|c)?(t|j)sx?$/.test(lower) || /\.jsonc$/.test(lower)) return '//';
  return undefined;
}

/**
 * The edit behind "Disable <rule> for this line": a `disable-next-line` comment above the finding's line,
 * indented like it; when such a comment is already there, the rule is added to it instead of stacking
 * a second one.
 */
export function suppressionEdit(text: string, file: string, line: number, ruleId: string): TextEdit | undefined {
  const prefix = commentPrefixFor(file);
  if (!prefix) return undefined;
  const index = new LineIndex(text);
  if (line > 0) {
    const above = index.lineText(line - 1);
    const match = /scaling-assistant-disable-next-line\b(.*)$/.exec(above);
    if (match && above.trimStart().startsWith(prefix)) {
      const rest = match[1];
      // Add the id to the list, before a description (parseRuleList ignores everything after it).
      const list = withoutDescription(rest);
      const listEnd = index.lineStart(line - 1) + above.length - rest.length + list.trimEnd().length;
      const hasList = list.trim().length > 0;
      return {
        file,
        range: index.rangeOf(listEnd, listEnd),
        newText: hasList ? `, ${ruleId}` : ` ${ruleId}`,
      };
    }
  }
  const target = index.lineText(line);
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  const at = index.lineStart(line);
  return {
    file,
    range: index.rangeOf(at, at),
    newText: `${indent}${prefix} scaling-assistant-disable-next-line ${ruleId}${index.eol}`,
  };
}
