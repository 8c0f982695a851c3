import { applyTextEdits as applyEdits } from '../../../src/core/apply-text-edits';
import type { Finding, Fix } from '../../../src/core/finding';

// The fixes' edits are applied in memory by the render measurement too: one implementation for both.
export { applyEdits };

/** The fix an editor offers first: the preferred one, else the only one. */
export function preferredFix(finding: Finding): Fix | undefined {
  const fixes = finding.fixes ?? [];
  return fixes.find((f) => f.isPreferred) ?? (fixes.length === 1 ? fixes[0] : undefined);
}

/** Applies the preferred fix of every finding at once (as "Fix all" would), edits for `file` only. */
export function applyPreferredFixes(text: string, file: string, findings: readonly Finding[]): string {
  const edits = findings.flatMap((f) => preferredFix(f)?.edits ?? []);
  const foreign = edits.filter((e) => e.file !== file);
  if (foreign.length > 0) throw new Error(`fix edits another file: ${foreign.map((e) => e.file).join(', ')}`);
  return applyEdits(text, edits);
}
