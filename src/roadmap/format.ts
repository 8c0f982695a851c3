import { formatMs, formatNumber, formatSpeedup } from '../core/format';
import type { MeasuredEvidence } from '../core/finding';
import { fillArgs } from '../core/translate';
import type { RoadmapText } from './locale';
import { roadmapText } from './locale';

/**
 * Small text helpers the plan's basis strings and the Markdown share; numbers come from core/format.ts so a
 * measurement reads the same here as in the editor and the CLI.
 */

export { formatNumber };

/** `1 place`, `6 places`; `plural(2, 'patch', 'patches')`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** A count with its noun in the roadmap's language: `counted(text.files, 3)` → "3 files" / "3 Dateien". */
export function counted(forms: readonly [string, string], count: number): string {
  return fillArgs(forms[count === 1 ? 0 : 1], [formatNumber(count)]);
}

/** Hours as the plan shows them: "2.5 h". */
export function formatHours(hours: number): string {
  return `${formatNumber(hours)} h`;
}

/** Rounded to two decimals (quarter hours survive), so sums of estimates show no floating-point dust. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** "≈76× faster (measured on 100,000 synthetic rows: 310 ms → 4.1 ms, pglite)". */
export function describeMeasured(measured: MeasuredEvidence, text: RoadmapText = roadmapText()): string {
  const on = measured.rows !== undefined ? fillArgs(text.measuredOnRows, [formatNumber(measured.rows)]) : '';
  return fillArgs(text.measured, [
    formatSpeedup(measured.speedup),
    on,
    formatMs(measured.beforeMs),
    formatMs(measured.afterMs),
    measured.engine,
  ]);
}
