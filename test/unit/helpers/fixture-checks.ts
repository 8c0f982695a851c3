import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import type { Finding, Range } from '../../../src/core/finding';
import type { LineIndex } from '../../../src/core/text';
import { applyPreferredFixes, preferredFix } from './apply-edits';

/**
 * What every assistant's fixture harness checks of a bad fixture once its engine has run: the findings
 * sit exactly on the lines the `expect-next-line` markers name, and, where a `.fixed` file exists, the
 * preferred fixes turn the fixture into it and leave no finding of the rule behind.
 */

/** What a fixture's markers expect: 0-based line → rule ids starting a finding there; error kind → how many. */
export interface Expectations {
  findings: Map<number, string[]>;
  errors: Map<string, number>;
}

/**
 * The markers of a fixture whose comments start with one of `prefixes` (`#`; `--` and `//`):
 * `expect-next-line <rule-id>[, <rule-id>…]` on the line before a finding, `expect-error <kind>` anywhere.
 */
export function parseMarkers(text: string, file: string, prefixes: readonly string[]): Expectations {
  const comment = prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const findingMarker = new RegExp(`^\\s*(?:${comment})\\s*expect-next-line\\s+(.+?)\\s*$`);
  const errorMarker = new RegExp(`^\\s*(?:${comment})\\s*expect-error\\s+(\\w+)\\s*$`);
  const findings = new Map<number, string[]>();
  const errors = new Map<string, number>();
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    const finding = findingMarker.exec(line);
    const error = errorMarker.exec(line);
    if (finding) {
      assert.ok(
        i + 1 < lines.length && lines[i + 1].trim() !== '',
        `${file}:${i + 1}: expect-next-line marker without a line after it`,
      );
      findings.set(i + 1, [...(findings.get(i + 1) ?? []), ...finding[1].split(/[\s,]+/).filter(Boolean)]);
    }
    if (error) errors.set(error[1], (errors.get(error[1]) ?? 0) + 1);
  });
  return { findings, errors };
}

export function describeFinding(f: Finding): string {
  return `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/** A range that lies inside the text, start before end. */
export function assertRangeInside(range: Range, lines: LineIndex, what: string): void {
  assert.ok(range.start.line >= 0 && range.start.character >= 0, `${what}: negative start`);
  assert.ok(
    range.start.line < range.end.line ||
      (range.start.line === range.end.line && range.start.character <= range.end.character),
    `${what}: end before start ${JSON.stringify(range)}`,
  );
  for (const p of [range.start, range.end]) {
    assert.ok(p.line < lines.lineCount, `${what}: line ${p.line} past the end`);
    assert.ok(
      p.character <= lines.lineText(p.line).length,
      `${what}: character ${p.character} past the end of line ${p.line}`,
    );
  }
}

export function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** One finding per marker line, of every rule a marker names (and of the fixture's own rule), and no other. */
export function assertMarkedFindings(
  findings: readonly Finding[],
  markers: ReadonlyMap<number, readonly string[]>,
  ruleId: string,
  label: string,
  marker: string,
): void {
  const checkedRules = new Set<string>([ruleId, ...[...markers.values()].flat()]);
  const expectedCount = [...markers.values()].flat().filter((id) => id === ruleId).length;
  assert.ok(expectedCount > 0, `${label}: a bad fixture needs at least one "${marker} ${ruleId}" marker`);
  for (const id of checkedRules) {
    const ofRule = findings.filter((f) => f.ruleId === id);
    const wanted = [...markers].filter(([, ids]) => ids.includes(id)).map(([line]) => line);
    for (const line of wanted) {
      const here = ofRule.filter((f) => f.range.start.line === line);
      assert.equal(
        here.length,
        1,
        `${label}:${line + 1}: expected exactly one ${id} finding, got ${here.length} (all: ${ofRule.map(describeFinding).join(', ') || 'none'})`,
      );
    }
    const unexpected = ofRule.filter((f) => !wanted.includes(f.range.start.line));
    assert.deepEqual(
      unexpected.map(describeFinding),
      [],
      `${label}: ${id} findings without an expect-next-line marker`,
    );
  }
}

/**
 * With a `.fixed` file beside the fixture: every finding of the rule has a preferred fix, applying them
 * gives that file (in the variant's line breaks), and analysing the result finds nothing of the rule.
 */
export async function assertFixesGive(options: {
  text: string;
  file: string;
  fixedPath: string;
  fixedLabel: string;
  variant: string;
  label: string;
  ruleId: string;
  findings: readonly Finding[];
  reanalyze: (text: string) => Promise<{ findings: Finding[] }>;
}): Promise<void> {
  const { text, file, fixedPath, variant, label, ruleId } = options;
  if (!fs.existsSync(fixedPath)) return;
  const fixedOnDisk = fs.readFileSync(fixedPath, 'utf8');
  const wantFixed = variant === 'CRLF' ? toCrlf(fixedOnDisk) : fixedOnDisk;
  const ofRule = options.findings.filter((f) => f.ruleId === ruleId);
  assert.deepEqual(
    ofRule.filter((f) => !preferredFix(f)).map(describeFinding),
    [],
    `${label}: findings without a preferred fix, but ${options.fixedLabel} exists`,
  );
  const fixed = applyPreferredFixes(text, file, ofRule);
  assert.equal(fixed, wantFixed, `${label}: applying the preferred fixes does not give ${options.fixedLabel}`);
  const again = await options.reanalyze(fixed);
  assert.deepEqual(
    again.findings.filter((f) => f.ruleId === ruleId).map(describeFinding),
    [],
    `${label}: the fixed text still has findings`,
  );
}
