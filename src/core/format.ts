/**
 * Numbers as every presentation prints them (editor hovers and messages, the CLI's text, the roadmap, quick-fix
 * titles): one set of helpers so a measurement reads the same wherever it appears. Locale-independent, so the
 * output never changes with the machine's language settings.
 */

/** Thousands separated by commas, at most two decimals: 100000 → "100,000", 0.75 → "0.75". */
export function formatNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  const [whole, fraction] = Math.abs(rounded).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A count of rows, nodes, places: rounded to a whole number, thousands separated. */
export function formatCount(n: number): string {
  return formatNumber(Math.round(n));
}

/** A duration: whole milliseconds from 100 ms, one decimal from 1 ms, two below ("0.42 ms"). */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${formatCount(ms)} ms`;
  return ms >= 1 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

/** A speed-up factor rounded for people: one decimal under 10×, whole numbers above ("38", "2.4"). */
export function formatSpeedup(speedup: number): string {
  if (!Number.isFinite(speedup)) return '∞';
  return speedup >= 10 ? formatCount(speedup) : speedup.toFixed(1);
}
