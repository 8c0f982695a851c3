import type { Finding } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { FileModel } from '../model';
import type { ReactRule } from '../rule';
import type { FileCompilation } from './components';
import { componentAt } from './components';

/**
 * Manual-memoisation advice against what the compiler does: a finding of a `manualMemo` rule in a component the
 * compiler compiles is dropped (the compiler memoises those values itself, and a hand-written useMemo there is
 * noise it has to preserve); in a component it bails out on, the finding stays and says why the compiler does
 * not help. A component the compiler leaves alone ("use no memo", annotation mode) keeps the advice as is.
 */
export function weighManualMemo(
  findings: readonly Finding[],
  rules: readonly ReactRule[],
  model: FileModel,
  lines: LineIndex,
  compilation: FileCompilation | undefined,
): Finding[] {
  if (!compilation) return [...findings];
  const manual = new Set(rules.filter((rule) => rule.manualMemo).map((rule) => rule.id));
  const out: Finding[] = [];
  for (const finding of findings) {
    const owner = manual.has(finding.ruleId) ? componentAt(model, lines.offsetAt(finding.range.start)) : undefined;
    const state = owner && compilation.components.get(owner);
    if (state?.state === 'compiled') continue;
    if (state?.state === 'bailed')
      out.push({
        ...finding,
        message: `${finding.message} The React Compiler does not compile ${owner!.name} (${state.reason}), so this memoisation is still yours to do.`,
      });
    else out.push(finding);
  }
  return out;
}
