import type { Locale } from '../core/translate';
import type { FieldCheckWords } from './assessment-fields';
import { ASSESSMENT_SECTIONS, CHOICE_LABELS, FIELD_CHECKS_EN } from './assessment-fields';

/**
 * The assessment form's words in each language: section headings, field labels and hints, choice names and the
 * sentences of its checks. The English is the field table's own (assessment-fields.ts), so a field added there is
 * English at once; the German is written here, and the l10n completeness test fails while a field, a hint or a
 * choice has none. The form's keys in the file (`currentScale.activeUsers`, `monolith`) stay as they are: the
 * file is the team's, and the plan reads it in any language.
 */
export interface AssessmentWords {
  /** Section id → its heading and the line under it. */
  sections: Record<string, { title: string; about: string }>;
  /** Field path (`currentScale.activeUsers`, `application`) → its label and the hint under it. */
  fields: Record<string, { label: string; hint?: string }>;
  /** A choice's value (`modular_monolith`) → its name. */
  choices: Record<string, string>;
  checks: FieldCheckWords;
}

function englishWords(): AssessmentWords {
  const words: AssessmentWords = { sections: {}, fields: {}, choices: { ...CHOICE_LABELS }, checks: FIELD_CHECKS_EN };
  for (const section of ASSESSMENT_SECTIONS) {
    words.sections[section.id] = { title: section.title, about: section.about };
    for (const field of section.fields)
      words.fields[section.key ? `${section.key}.${field.key}` : field.key] = {
        label: field.label,
        ...(field.hint ? { hint: field.hint } : {}),
      };
  }
  return words;
}

const DE: AssessmentWords = {
  sections: {
    application: { title: 'Anwendung', about: 'Was bewertet wird.' },
    currentArchitecture: { title: 'Aktuelle Architektur', about: 'Wie das System heute aufgebaut ist.' },
    currentScale: { title: 'Aktuelle Last', about: 'Die heutige Last; wo angegeben, zur Spitzenzeit.' },
    growthProjections: { title: 'Wachstumsprognose', about: 'Wo das Geschäft voraussichtlich stehen wird.' },
    scaleTarget: { title: 'Skalierungsziel', about: 'Was das System bewältigen muss.' },
    constraints: {
      title: 'Rahmenbedingungen',
      about: 'Was den Plan begrenzt. Die Teamgröße bestimmt die Kapazität jeder Phase.',
    },
    limitations: { title: 'Bekannte Schwachstellen', about: 'Was dem Team heute schon Probleme macht.' },
  },
  fields: {
    application: { label: 'Anwendung', hint: 'das Produkt oder die bewerteten Services' },
    'currentArchitecture.applicationPattern': { label: 'Anwendungsarchitektur' },
    'currentArchitecture.databasePattern': { label: 'Datenbankarchitektur' },
    'currentArchitecture.deploymentPattern': { label: 'Betriebsmodell' },
    'currentArchitecture.cachingStrategy': { label: 'Caching-Strategie' },
    'currentArchitecture.notes': { label: 'Anmerkungen', hint: 'eine pro Zeile' },
    'currentScale.activeUsers': { label: 'Aktive Nutzer' },
    'currentScale.concurrentUsers': { label: 'Gleichzeitige Nutzer', hint: 'zur Spitzenzeit' },
    'currentScale.dailyRequests': { label: 'Anfragen pro Tag' },
    'currentScale.peakRequestsPerSecond': { label: 'Anfragen pro Sekunde zur Spitzenzeit' },
    'currentScale.dataVolume': { label: 'Datenvolumen', hint: 'z. B. 50GB' },
    'currentScale.databaseConnections': { label: 'Datenbankverbindungen', hint: 'zur Spitzenzeit offen' },
    'currentScale.averageResponseTimeMs': { label: 'Mittlere Antwortzeit', hint: 'Millisekunden' },
    'currentScale.uptimePercent': { label: 'Verfügbarkeit', hint: 'Prozent, z. B. 99.5' },
    'growthProjections.sixMonthUserTarget': { label: 'Nutzer in sechs Monaten' },
    'growthProjections.oneYearUserTarget': { label: 'Nutzer in einem Jahr' },
    'growthProjections.expectedTrafficGrowthPercent': {
      label: 'Wachstum des Traffics',
      hint: 'Prozent; 100 = doppelt so viel wie heute',
    },
    'growthProjections.expectedDataGrowthPercent': { label: 'Wachstum der Daten', hint: 'Prozent' },
    'scaleTarget.targetUsers': { label: 'Nutzer' },
    'scaleTarget.targetConcurrentUsers': { label: 'Gleichzeitige Nutzer' },
    'scaleTarget.targetRequestsPerSecond': { label: 'Anfragen pro Sekunde', hint: 'zur Spitzenzeit' },
    'scaleTarget.maxResponseTimeMs': { label: 'Maximale Antwortzeit', hint: 'Millisekunden' },
    'scaleTarget.targetUptimePercent': { label: 'Verfügbarkeit', hint: 'Prozent, z. B. 99.9' },
    'constraints.budget': { label: 'Budget', hint: 'z. B. 5000 €/Monat' },
    'constraints.monthlyInfrastructureBudget': {
      label: 'Monatliches Infrastrukturbudget',
      hint: 'eine Zahl in der Währung der Kostenschätzungen (USD, sofern scalingAssistant.k8s.prices keine andere nennt)',
    },
    'constraints.teamSize': { label: 'Teamgröße', hint: 'Personen, die an der Skalierung arbeiten können' },
    'constraints.technicalDebt': { label: 'Technische Schulden' },
    'constraints.complianceRequirements': { label: 'Compliance-Anforderungen', hint: 'eine pro Zeile' },
    'constraints.timeToMarket': { label: 'Time-to-Market' },
    knownLimitations: { label: 'Bekannte Schwachstellen', hint: 'eine pro Zeile' },
  },
  choices: {
    monolith: 'Monolith',
    modular_monolith: 'Modularer Monolith',
    microservices: 'Microservices',
    serverless: 'Serverless',
    single_db: 'Eine Datenbank',
    read_replicas: 'Lesereplikate',
    sharded: 'Sharding',
    polyglot: 'Mehrere Datenbanksysteme',
    single_server: 'Ein Server',
    load_balanced: 'Mehrere Server hinter einem Load Balancer',
    containerized: 'Container',
    cloud_native: 'Cloud-nativ',
    none: 'Kein Caching',
    basic: 'Einfach',
    multi_layer: 'Mehrstufig',
    distributed: 'Verteilt',
    low: 'Gering',
    medium: 'Mittel',
    high: 'Hoch',
    critical: 'Kritisch',
    flexible: 'Flexibel',
    normal: 'Normal',
    aggressive: 'Ambitioniert',
  },
  checks: {
    text: '{0} darf höchstens {1} Zeichen lang sein',
    lines: '{0} muss eine Liste mit höchstens {1} Einträgen sein',
    number: '{0} muss eine Zahl sein',
    wholeNumber: '{0} muss eine ganze Zahl sein',
    atLeast: '{0} muss mindestens {1} sein',
    atMost: '{0} darf höchstens {1} sein',
    oneOf: '{0} muss einer dieser Werte sein: {1}',
  },
};

export const ASSESSMENT_WORDS: Readonly<Record<Locale, AssessmentWords>> = { en: englishWords(), de: DE };

/** Where a word sits in the panel's string table: `form.field.currentScale.activeUsers.label`, `form.choice.none`. */
export const formKey = {
  sectionTitle: (id: string) => `form.section.${id}.title` as const,
  sectionAbout: (id: string) => `form.section.${id}.about` as const,
  label: (path: string) => `form.field.${path}.label` as const,
  hint: (path: string) => `form.field.${path}.hint` as const,
  choice: (value: string) => `form.choice.${value}` as const,
  check: (name: keyof FieldCheckWords) => `form.check.${name}` as const,
};

export type FormStringKey = `form.${string}`;

/** The form's words as entries of the roadmap panel's string table (panel-strings.ts), which the host sends. */
export function formStrings(words: AssessmentWords): Record<FormStringKey, string> {
  const out: Record<FormStringKey, string> = {};
  for (const [id, section] of Object.entries(words.sections)) {
    out[formKey.sectionTitle(id)] = section.title;
    out[formKey.sectionAbout(id)] = section.about;
  }
  for (const [path, field] of Object.entries(words.fields)) {
    out[formKey.label(path)] = field.label;
    if (field.hint !== undefined) out[formKey.hint(path)] = field.hint;
  }
  for (const [value, name] of Object.entries(words.choices)) out[formKey.choice(value)] = name;
  for (const [name, sentence] of Object.entries(words.checks))
    out[formKey.check(name as keyof FieldCheckWords)] = sentence;
  return out;
}

/** The form's check sentences back out of a string table. */
export function formChecks(strings: Readonly<Record<FormStringKey, string>>): FieldCheckWords {
  return Object.fromEntries(
    Object.keys(FIELD_CHECKS_EN).map((name) => [name, strings[formKey.check(name as keyof FieldCheckWords)]]),
  ) as unknown as FieldCheckWords;
}
