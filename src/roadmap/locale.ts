import type { Impact, Severity } from '../core/finding';
import type { Locale } from '../core/translate';
import type { PhaseId, RiskLevel } from './model';

/**
 * The roadmap's own words in each language: the Markdown export's headings and labels, and the phase names the
 * panel shows as well. This layer knows no `vscode.l10n`, so the languages are tables here (the editor passes
 * `vscode.env.language`, the CLI `--locale` or LANG). Task titles and rationales come from rule metadata and
 * stay English. `{0}`, `{1}` are filled with core/translate.ts's fillArgs.
 */
export interface RoadmapText {
  /** A noun with its count: `[one, many]`, the count in `{0}`. */
  findings: readonly [string, string];
  files: readonly [string, string];
  tasks: readonly [string, string];
  places: readonly [string, string];
  severities: Record<Severity, readonly [string, string]>;
  phases: Record<PhaseId, { title: string; horizon: string }>;
  impact: Record<Impact, string>;
  risk: Record<RiskLevel, string>;
  title: string;
  titleOf: string;
  /** findings (with their severities), files, tasks, hours. */
  summary: string;
  assessment: string;
  noAssessment: string;
  estimatesNote: string;
  columns: { phase: string; horizon: string; tasks: string; hours: string; capacity: string };
  phaseLoad: string;
  phaseLoadOfCapacity: string;
  noTasksInPhase: string;
  narrative: string;
  effort: string;
  impactLabel: string;
  impactValue: string;
  measuredGain: string;
  riskLabel: string;
  skills: string;
  dependsOn: string;
  whyThisPhase: string;
  placesLabel: string;
  assessmentSource: string;
  more: string;
  /** "≈{0}× faster (measured{1}: {2} → {3}, {4})", {1} the rows when known. */
  measured: string;
  measuredOnRows: string;
}

const EN: RoadmapText = {
  findings: ['{0} finding', '{0} findings'],
  files: ['{0} file', '{0} files'],
  tasks: ['{0} task', '{0} tasks'],
  places: ['{0} place', '{0} places'],
  severities: {
    error: ['{0} error', '{0} errors'],
    warning: ['{0} warning', '{0} warnings'],
    info: ['{0} info', '{0} info'],
    hint: ['{0} hint', '{0} hints'],
  },
  phases: {
    'quick-wins': { title: 'Quick wins and foundation', horizon: '0–3 months' },
    'core-infrastructure': { title: 'Core infrastructure scaling', horizon: '3–6 months' },
    'advanced-optimisation': { title: 'Advanced optimisation', horizon: '6–12 months' },
    'strategic-evolution': { title: 'Strategic evolution', horizon: '12+ months' },
  },
  impact: { low: 'low', medium: 'medium', high: 'high' },
  risk: { low: 'low', medium: 'medium', high: 'high' },
  title: 'Scaling roadmap',
  titleOf: 'Scaling roadmap: {0}',
  summary: '{0} in {1} → {2}, an estimated {3} of work in four phases.',
  assessment: 'Readiness assessment: `{0}`.',
  noAssessment: 'No readiness assessment: phases have no capacity limit.',
  estimatesNote:
    "Hours are estimates (from each rule's metadata and the number of places, or typical sizes for the assessment's tasks), " +
    'not measurements; measured gains say so. Tasks are ordered by impact over effort within each phase.',
  columns: { phase: 'Phase', horizon: 'Horizon', tasks: 'Tasks', hours: 'Estimated hours', capacity: 'Capacity' },
  phaseLoad: '{0}, an estimated {1}.',
  phaseLoadOfCapacity: '{0}, an estimated {1} of {2} capacity{3}.',
  noTasksInPhase: 'No tasks in this phase.',
  narrative: 'Narrative (written by Claude)',
  effort: 'Effort',
  impactLabel: 'Impact',
  impactValue: '{0}, score {1}/100 ({2})',
  measuredGain: 'Measured gain',
  riskLabel: 'Risk',
  skills: 'Skills',
  dependsOn: 'Depends on',
  whyThisPhase: 'Why this phase',
  placesLabel: 'Places',
  assessmentSource: 'assessment',
  more: 'and {0} more',
  measured: '≈{0}× faster (measured{1}: {2} → {3}, {4})',
  measuredOnRows: ' on {0} synthetic rows',
};

const DE: RoadmapText = {
  findings: ['{0} Befund', '{0} Befunde'],
  files: ['{0} Datei', '{0} Dateien'],
  tasks: ['{0} Aufgabe', '{0} Aufgaben'],
  places: ['{0} Stelle', '{0} Stellen'],
  severities: {
    error: ['{0} Fehler', '{0} Fehler'],
    warning: ['{0} Warnung', '{0} Warnungen'],
    info: ['{0} Info', '{0} Infos'],
    hint: ['{0} Hinweis', '{0} Hinweise'],
  },
  phases: {
    'quick-wins': { title: 'Quick Wins und Fundament', horizon: '0–3 Monate' },
    'core-infrastructure': { title: 'Skalierung der Kerninfrastruktur', horizon: '3–6 Monate' },
    'advanced-optimisation': { title: 'Fortgeschrittene Optimierung', horizon: '6–12 Monate' },
    'strategic-evolution': { title: 'Strategische Weiterentwicklung', horizon: '12+ Monate' },
  },
  impact: { low: 'niedrig', medium: 'mittel', high: 'hoch' },
  risk: { low: 'Niedrig', medium: 'Mittel', high: 'Hoch' },
  title: 'Skalierungs-Roadmap',
  titleOf: 'Skalierungs-Roadmap: {0}',
  summary: '{0} in {1} → {2}, geschätzt {3} Arbeit in vier Phasen.',
  assessment: 'Readiness-Assessment: `{0}`.',
  noAssessment: 'Kein Readiness-Assessment: Die Phasen haben keine Kapazitätsgrenze.',
  estimatesNote:
    'Die Stunden sind Schätzungen (aus den Metadaten jeder Regel und der Zahl der Stellen, bei Aufgaben aus dem ' +
    'Assessment aus typischen Größen), keine Messungen; gemessene Gewinne sind als solche ausgewiesen. Innerhalb ' +
    'jeder Phase sind die Aufgaben nach Wirkung im Verhältnis zum Aufwand geordnet.',
  columns: {
    phase: 'Phase',
    horizon: 'Zeithorizont',
    tasks: 'Aufgaben',
    hours: 'Geschätzte Stunden',
    capacity: 'Kapazität',
  },
  phaseLoad: '{0}, geschätzt {1}.',
  phaseLoadOfCapacity: '{0}, geschätzt {1} von {2} Kapazität{3}.',
  noTasksInPhase: 'Keine Aufgaben in dieser Phase.',
  narrative: 'Einordnung (von Claude verfasst)',
  effort: 'Aufwand',
  impactLabel: 'Wirkung',
  impactValue: '{0}, Bewertung {1}/100 ({2})',
  measuredGain: 'Gemessener Gewinn',
  riskLabel: 'Risiko',
  skills: 'Kenntnisse',
  dependsOn: 'Hängt ab von',
  whyThisPhase: 'Warum diese Phase',
  placesLabel: 'Stellen',
  assessmentSource: 'Assessment',
  more: 'und {0} weitere',
  measured: '≈{0}× schneller (gemessen{1}: {2} → {3}, {4})',
  measuredOnRows: ' auf {0} synthetischen Zeilen',
};

export const ROADMAP_TEXT: Readonly<Record<Locale, RoadmapText>> = { en: EN, de: DE };

export function roadmapText(locale: Locale = 'en'): RoadmapText {
  return ROADMAP_TEXT[locale];
}
