import type { MeasuredEvidence, Severity } from '../../src/core/finding';
import { formatNumber } from './dom';

export const ASSISTANT_NAMES: Record<string, string> = {
  k8s: 'Kubernetes',
  sql: 'SQL',
  react: 'React',
  decomposition: 'Decomposition',
  assessment: 'Assessment',
};

export const SEVERITY_ICONS: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  hint: 'lightbulb',
};

export const SEVERITY_NAMES: Record<Severity, string> = {
  error: 'Errors',
  warning: 'Warnings',
  info: 'Info',
  hint: 'Hints',
};

/** "≈76× faster (measured: 310.2 ms → 4.1 ms)". */
export function measuredText(measured: MeasuredEvidence): string {
  const factor = measured.speedup >= 10 ? String(Math.round(measured.speedup)) : formatNumber(measured.speedup);
  return `≈${factor}× faster (measured: ${formatNumber(measured.beforeMs)} ms → ${formatNumber(measured.afterMs)} ms)`;
}

export function capitalise(text: string): string {
  return text ? `${text[0].toUpperCase()}${text.slice(1)}` : text;
}
