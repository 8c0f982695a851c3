import { fillArgs } from '../core/translate';
import type { Assessment } from './model';

/**
 * The readiness assessment's fields, once: the file reader (assessment.ts), the template's help notes, the
 * panel's form (labels, hints, choice names) and the checks on messages from the webview all read this
 * table, so a field added here appears everywhere and cannot drift. DOM- and vscode-free: the webview
 * bundles it too.
 */

/** Bounds on free text; a real assessment stays far below them, a runaway or hostile value does not. */
export const FIELD_LIMITS = { text: 20_000, shortText: 500, listItems: 200 } as const;

/** What kind of value a field holds. */
export type FieldKind =
  | { kind: 'text'; max?: number }
  | { kind: 'lines' }
  | { kind: 'number'; integer?: boolean; min?: number; max?: number }
  | { kind: 'choice'; options: readonly string[] };

export interface FieldSpec {
  key: string;
  spec: FieldKind;
  /** The form's label. */
  label: string;
  /** A short hint under the form field (units, format). */
  hint?: string;
  /** One line of help in the new file's `//` note. */
  help: string;
}

export type SectionKey = 'currentArchitecture' | 'currentScale' | 'growthProjections' | 'scaleTarget' | 'constraints';

export interface SectionSpec {
  /** undefined: the fields sit at the top level of the assessment. */
  key?: SectionKey;
  /** The form's section id and heading, and the line under it. */
  id: string;
  title: string;
  about: string;
  fields: readonly FieldSpec[];
}

const count: FieldKind = { kind: 'number', integer: true, min: 0, max: 1e12 };
const amount: FieldKind = { kind: 'number', min: 0, max: 1e12 };
const percent: FieldKind = { kind: 'number', min: 0, max: 100 };
const growth: FieldKind = { kind: 'number', min: 0, max: 1e9 };
const text: FieldKind = { kind: 'text', max: FIELD_LIMITS.shortText };
const lines: FieldKind = { kind: 'lines' };
const choice = (...options: string[]): FieldKind => ({ kind: 'choice', options });

/** Every field of `Assessment` (model.ts), in the order the form shows them. */
export const ASSESSMENT_SECTIONS: readonly SectionSpec[] = [
  {
    id: 'application',
    title: 'Application',
    about: 'What is assessed.',
    fields: [
      {
        key: 'application',
        spec: text,
        label: 'Application',
        hint: 'the product or the services assessed',
        help: 'what is assessed (the product or the services)',
      },
    ],
  },
  {
    key: 'currentArchitecture',
    id: 'currentArchitecture',
    title: 'Current architecture',
    about: 'How the system is built today.',
    fields: [
      {
        key: 'applicationPattern',
        spec: choice('monolith', 'modular_monolith', 'microservices', 'serverless'),
        label: 'Application pattern',
        help: 'how the application is split',
      },
      {
        key: 'databasePattern',
        spec: choice('single_db', 'read_replicas', 'sharded', 'polyglot'),
        label: 'Database pattern',
        help: 'how data is stored',
      },
      {
        key: 'deploymentPattern',
        spec: choice('single_server', 'load_balanced', 'containerized', 'cloud_native'),
        label: 'Deployment pattern',
        help: 'how it runs',
      },
      {
        key: 'cachingStrategy',
        spec: choice('none', 'basic', 'multi_layer', 'distributed'),
        label: 'Caching strategy',
        help: 'what is cached',
      },
      { key: 'notes', spec: lines, label: 'Notes', hint: 'one per line', help: 'anything the patterns do not say' },
    ],
  },
  {
    key: 'currentScale',
    id: 'currentScale',
    title: 'Current scale',
    about: 'Load today, at the peak where it says so.',
    fields: [
      { key: 'activeUsers', spec: count, label: 'Active users', help: 'active users (e.g. monthly)' },
      {
        key: 'concurrentUsers',
        spec: count,
        label: 'Concurrent users',
        hint: 'at the peak',
        help: 'users at the same time, at the peak',
      },
      { key: 'dailyRequests', spec: count, label: 'Requests per day', help: 'requests a day' },
      {
        key: 'peakRequestsPerSecond',
        spec: amount,
        label: 'Peak requests per second',
        help: 'requests per second at the peak',
      },
      { key: 'dataVolume', spec: text, label: 'Data volume', hint: 'e.g. 50GB', help: 'size of the data, e.g. "50GB"' },
      {
        key: 'databaseConnections',
        spec: count,
        label: 'Database connections',
        hint: 'open at the peak',
        help: 'open database connections at the peak',
      },
      {
        key: 'averageResponseTimeMs',
        spec: amount,
        label: 'Average response time',
        hint: 'milliseconds',
        help: 'average response time in milliseconds',
      },
      {
        key: 'uptimePercent',
        spec: percent,
        label: 'Uptime',
        hint: 'percent, e.g. 99.5',
        help: 'measured availability in percent, e.g. 99.5',
      },
    ],
  },
  {
    key: 'growthProjections',
    id: 'growthProjections',
    title: 'Growth projections',
    about: 'Where the business expects to be.',
    fields: [
      { key: 'sixMonthUserTarget', spec: count, label: 'Users in six months', help: 'active users in six months' },
      { key: 'oneYearUserTarget', spec: count, label: 'Users in a year', help: 'active users in a year' },
      {
        key: 'expectedTrafficGrowthPercent',
        spec: growth,
        label: 'Traffic growth',
        hint: 'percent; 100 = twice today',
        help: 'traffic growth in percent (100 = twice today)',
      },
      {
        key: 'expectedDataGrowthPercent',
        spec: growth,
        label: 'Data growth',
        hint: 'percent',
        help: 'data growth in percent',
      },
    ],
  },
  {
    key: 'scaleTarget',
    id: 'scaleTarget',
    title: 'Scale target',
    about: 'What the system must handle.',
    fields: [
      { key: 'targetUsers', spec: count, label: 'Users', help: 'active users' },
      { key: 'targetConcurrentUsers', spec: count, label: 'Concurrent users', help: 'users at the same time' },
      {
        key: 'targetRequestsPerSecond',
        spec: amount,
        label: 'Requests per second',
        hint: 'at the peak',
        help: 'requests per second at the peak',
      },
      {
        key: 'maxResponseTimeMs',
        spec: amount,
        label: 'Maximum response time',
        hint: 'milliseconds',
        help: 'response time to stay under, in milliseconds',
      },
      {
        key: 'targetUptimePercent',
        spec: percent,
        label: 'Uptime',
        hint: 'percent, e.g. 99.9',
        help: 'availability to reach, in percent, e.g. 99.9',
      },
    ],
  },
  {
    key: 'constraints',
    id: 'constraints',
    title: 'Constraints',
    about: 'What limits the plan. The team size sets each phase’s capacity.',
    fields: [
      { key: 'budget', spec: text, label: 'Budget', hint: 'e.g. €5000/month', help: 'e.g. "€5000/month"' },
      {
        key: 'monthlyInfrastructureBudget',
        spec: amount,
        label: 'Monthly infrastructure budget',
        hint: 'a number, in the currency of the cost estimates (USD unless scalingAssistant.k8s.prices says otherwise)',
        help: 'what the infrastructure may cost a month, as a number in the currency of scalingAssistant.k8s.prices; the HPA reviewer compares its peak cost estimate with it',
      },
      {
        key: 'teamSize',
        spec: { kind: 'number', integer: true, min: 1, max: 100_000 },
        label: 'Team size',
        hint: 'engineers who can work on scaling',
        help: "engineers who can work on scaling (sets each phase's capacity)",
      },
      {
        key: 'technicalDebt',
        spec: choice('low', 'medium', 'high', 'critical'),
        label: 'Technical debt',
        help: 'how much old work slows new work',
      },
      {
        key: 'complianceRequirements',
        spec: lines,
        label: 'Compliance requirements',
        hint: 'one per line',
        help: 'e.g. ["GDPR"]',
      },
      {
        key: 'timeToMarket',
        spec: choice('flexible', 'normal', 'aggressive'),
        label: 'Time to market',
        help: 'aggressive puts the highest-impact quick wins first',
      },
    ],
  },
  {
    id: 'limitations',
    title: 'Known limitations',
    about: 'What the team already knows hurts.',
    fields: [
      {
        key: 'knownLimitations',
        spec: lines,
        label: 'Known limitations',
        hint: 'one per line',
        help: 'what the team already knows hurts',
      },
    ],
  },
];

/** How the form names a choice's value. */
export const CHOICE_LABELS: Readonly<Record<string, string>> = {
  monolith: 'Monolith',
  modular_monolith: 'Modular monolith',
  microservices: 'Microservices',
  serverless: 'Serverless',
  single_db: 'Single database',
  read_replicas: 'Read replicas',
  sharded: 'Sharded',
  polyglot: 'Polyglot persistence',
  single_server: 'Single server',
  load_balanced: 'Load balanced',
  containerized: 'Containerised',
  cloud_native: 'Cloud native',
  none: 'None',
  basic: 'Basic',
  multi_layer: 'Multi-layer',
  distributed: 'Distributed',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
  flexible: 'Flexible',
  normal: 'Normal',
  aggressive: 'Aggressive',
};

/** Top-level keys of `Assessment`, for merging a saved form into a file that also holds other keys. */
export const ASSESSMENT_KEYS: readonly string[] = ASSESSMENT_SECTIONS.flatMap((s) =>
  s.key ? [s.key] : s.fields.map((f) => f.key),
);

/** `section.field` (or `field` at the top level) for every field, in form order. */
export function fieldPaths(): string[] {
  return ASSESSMENT_SECTIONS.flatMap((s) => s.fields.map((f) => (s.key ? `${s.key}.${f.key}` : f.key)));
}

/** The sentences of checkField, `{0}` the field as the reader knows it (its path, or the form's label). */
export interface FieldCheckWords {
  text: string;
  lines: string;
  number: string;
  wholeNumber: string;
  atLeast: string;
  atMost: string;
  oneOf: string;
}

export const FIELD_CHECKS_EN: FieldCheckWords = {
  text: '{0} must be a text of at most {1} characters',
  lines: '{0} must be a list of at most {1} texts',
  number: '{0} must be a number',
  wholeNumber: '{0} must be a whole number',
  atLeast: '{0} must be at least {1}',
  atMost: '{0} must be at most {1}',
  oneOf: '{0} must be one of {1}',
};

/**
 * Why a value does not fit a field (`where` names the field in the message), or undefined when it does. The form
 * passes its language's sentences (assessment-words.ts); the host's checks of a message keep the English.
 */
export function checkField(
  value: unknown,
  spec: FieldKind,
  where: string,
  words: FieldCheckWords = FIELD_CHECKS_EN,
): string | undefined {
  switch (spec.kind) {
    case 'text': {
      const max = spec.max ?? FIELD_LIMITS.text;
      return typeof value === 'string' && value.length <= max ? undefined : fillArgs(words.text, [where, max]);
    }
    case 'lines':
      return Array.isArray(value) &&
        value.length <= FIELD_LIMITS.listItems &&
        value.every((v) => typeof v === 'string' && v.length <= FIELD_LIMITS.shortText)
        ? undefined
        : fillArgs(words.lines, [where, FIELD_LIMITS.listItems]);
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fillArgs(words.number, [where]);
      if (spec.integer && !Number.isInteger(value)) return fillArgs(words.wholeNumber, [where]);
      if (spec.min !== undefined && value < spec.min) return fillArgs(words.atLeast, [where, spec.min]);
      if (spec.max !== undefined && value > spec.max) return fillArgs(words.atMost, [where, spec.max]);
      return undefined;
    }
    case 'choice':
      return typeof value === 'string' && spec.options.includes(value)
        ? undefined
        : fillArgs(words.oneOf, [where, spec.options.join(', ')]);
  }
}

/**
 * Compile-time proof that the table and the `Assessment` type name the same fields: each section key is a
 * key of Assessment whose value is an object, and every other top-level field is a key of Assessment.
 */
type TopLevelKeys = Exclude<keyof Assessment, SectionKey>;
const TOP_LEVEL_FIELDS: Record<TopLevelKeys, true> = { application: true, knownLimitations: true };
void TOP_LEVEL_FIELDS;
