import type { AssistantId, Impact, MeasuredEvidence, Severity } from '../../src/core/finding';
import { fillArgs } from '../../src/core/translate';
import { counted } from '../../src/roadmap/format';
import type { PhaseId, RiskLevel } from '../../src/roadmap/model';
import type { RoadmapStrings } from '../../src/roadmap/panel-strings';
import { PHASE_STRING_KEYS } from '../../src/roadmap/panel-strings';
import { formatNumber } from './dom';

export const SEVERITY_ICONS: Record<Severity, string> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  hint: 'lightbulb',
};

const SEVERITY_PLURALS: Record<Severity, 'errors' | 'warnings' | 'infos' | 'hints'> = {
  error: 'errors',
  warning: 'warnings',
  info: 'infos',
  hint: 'hints',
};

/** "Errors", "Warnings", … in the panel's language. */
export function severityNames(strings: RoadmapStrings, severity: Severity): string {
  return strings[SEVERITY_PLURALS[severity]];
}

/** An assistant (or the assessment) as the panel names it; an unknown id as it is. */
export function assistantName(strings: RoadmapStrings, id: AssistantId | 'assessment' | string): string {
  return id in ASSISTANT_KEYS ? strings[ASSISTANT_KEYS[id as AssistantId | 'assessment']] : id;
}

const ASSISTANT_KEYS: Record<AssistantId | 'assessment', keyof RoadmapStrings> = {
  k8s: 'k8s',
  sql: 'sql',
  react: 'react',
  decomposition: 'decomposition',
  assessment: 'assessment',
};

/** A phase's name and horizon in the panel's language (the plan carries them in English). */
export function phaseText(strings: RoadmapStrings, id: PhaseId): { title: string; horizon: string } {
  const keys = PHASE_STRING_KEYS[id];
  return { title: strings[keys.title], horizon: strings[keys.horizon] };
}

/** "low", "medium", "high" of an impact or a risk. */
export function levelName(strings: RoadmapStrings, level: Impact | RiskLevel): string {
  return strings[level];
}

/** "3 places", "1 task": `count(strings, 'place', 3)`. */
export function count(
  strings: RoadmapStrings,
  noun: 'finding' | 'file' | 'task' | 'phase' | 'place',
  n: number,
): string {
  return counted([strings[`${noun}One`], strings[`${noun}Many`]], n);
}

/** "≈76× faster (measured: 310.2 ms → 4.1 ms)". */
export function measuredText(strings: RoadmapStrings, measured: MeasuredEvidence): string {
  const factor = measured.speedup >= 10 ? String(Math.round(measured.speedup)) : formatNumber(measured.speedup);
  return fillArgs(strings.measured, [factor, formatNumber(measured.beforeMs), formatNumber(measured.afterMs)]);
}

export function capitalise(text: string): string {
  return text ? `${text[0].toUpperCase()}${text.slice(1)}` : text;
}
