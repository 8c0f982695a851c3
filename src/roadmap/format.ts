import type { MeasuredEvidence } from '../core/finding';

/**
 * Small text helpers the plan's basis strings and the Markdown share, locale-independent so output never
 * changes with the machine's language settings.
 */

/** `1 place`, `6 places`; `plural(2, 'patch', 'patches')`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Thousands separated by commas, at most two decimals: 100000 → "100,000", 0.75 → "0.75". */
export function formatNumber(value: number): string {
  const rounded = round2(value);
  const [whole, fraction] = Math.abs(rounded).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Hours as the plan shows them: "2.5 h". */
export function formatHours(hours: number): string {
  return `${formatNumber(hours)} h`;
}

/** Rounded to two decimals (quarter hours survive), so sums of estimates show no floating-point dust. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** "≈76× faster (measured on 100,000 synthetic rows: 310.2 ms → 4.1 ms, pglite)". */
export function describeMeasured(measured: MeasuredEvidence): string {
  const factor =
    measured.speedup >= 10
      ? formatNumber(Math.round(measured.speedup))
      : formatNumber(Math.round(measured.speedup * 10) / 10);
  const on = measured.rows !== undefined ? ` on ${formatNumber(measured.rows)} synthetic rows` : '';
  return `≈${factor}× faster (measured${on}: ${formatMs(measured.beforeMs)} → ${formatMs(measured.afterMs)}, ${measured.engine})`;
}

function formatMs(ms: number): string {
  return `${formatNumber(ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10)} ms`;
}
