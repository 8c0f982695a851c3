import { strict as assert } from 'node:assert';
import { defaultAssessmentTemplate, parseAssessment } from '../../../src/roadmap/assessment';
import { fieldPaths } from '../../../src/roadmap/assessment-fields';
import type { FieldKind } from '../../../src/roadmap/messages';
import type { Assessment } from '../../../src/roadmap/model';
import { ASSESSMENT_SECTIONS, checkAssessment } from '../../../src/roadmap/messages';

/**
 * The assessment's fields are one table (assessment-fields.ts) read by the file reader, the template, the
 * form and the message checks. These tests hold the table to the `Assessment` type and prove the reader and
 * the message checks accept the same values.
 */

type DeepRequired<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends string[] | string | number
    ? NonNullable<T[K]>
    : DeepRequired<NonNullable<T[K]>>;
};

/** Every field of Assessment, set: the compiler fails this literal when the type gains or loses a field. */
const FULL: DeepRequired<Assessment> = {
  application: 'shop',
  currentArchitecture: {
    applicationPattern: 'monolith',
    databasePattern: 'single_db',
    deploymentPattern: 'containerized',
    cachingStrategy: 'basic',
    notes: ['n'],
  },
  currentScale: {
    activeUsers: 500,
    concurrentUsers: 50,
    dailyRequests: 10_000,
    peakRequestsPerSecond: 12.5,
    dataVolume: '5GB',
    databaseConnections: 20,
    averageResponseTimeMs: 300,
    uptimePercent: 99.5,
  },
  growthProjections: {
    sixMonthUserTarget: 5000,
    oneYearUserTarget: 100_000,
    expectedTrafficGrowthPercent: 200,
    expectedDataGrowthPercent: 50,
  },
  scaleTarget: {
    targetUsers: 100_000,
    targetConcurrentUsers: 5000,
    targetRequestsPerSecond: 1000,
    maxResponseTimeMs: 200,
    targetUptimePercent: 99.9,
  },
  constraints: {
    budget: '€5000/month',
    monthlyInfrastructureBudget: 5000,
    teamSize: 4,
    technicalDebt: 'medium',
    complianceRequirements: ['GDPR'],
    timeToMarket: 'normal',
  },
  knownLimitations: ['one database'],
};

function paths(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? paths(inner as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function samples(spec: FieldKind): unknown[] {
  switch (spec.kind) {
    case 'text':
      return ['x'];
    case 'lines':
      return [['one', 'two']];
    case 'number':
      return [spec.min ?? 0, spec.integer ? (spec.min ?? 0) + 1 : (spec.min ?? 0) + 0.5].filter(
        (n) => spec.max === undefined || n <= spec.max,
      );
    case 'choice':
      return [...spec.options];
  }
}

describe('assessment field tables', () => {
  it('the table names exactly the fields of the Assessment type', () => {
    assert.deepEqual([...fieldPaths()].sort(), paths(FULL).sort());
    const parsed = parseAssessment('a.json', JSON.stringify(FULL));
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.assessment, FULL);
    assert.deepEqual(checkAssessment(FULL, true).errors, []);
  });

  it('the file template lists every field of the table', () => {
    const template = JSON.parse(defaultAssessmentTemplate()) as Record<string, unknown>;
    const fromTemplate: string[] = [];
    for (const [key, value] of Object.entries(template)) {
      if (key === 'about' || key === '//') continue;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const inner of Object.keys(value)) if (inner !== '//') fromTemplate.push(`${key}.${inner}`);
      } else fromTemplate.push(key);
    }
    const fromForm = ASSESSMENT_SECTIONS.flatMap((s) => s.fields.map((f) => (s.key ? `${s.key}.${f.key}` : f.key)));
    assert.deepEqual([...fromTemplate].sort(), [...fromForm].sort());
  });

  it('every value the form accepts, the file reader accepts too', () => {
    for (const section of ASSESSMENT_SECTIONS) {
      for (const field of section.fields) {
        for (const value of samples(field.spec)) {
          const assessment = section.key ? { [section.key]: { [field.key]: value } } : { [field.key]: value };
          assert.deepEqual(checkAssessment(assessment, true).errors, [], `form: ${JSON.stringify(assessment)}`);
          const parsed = parseAssessment('a.json', JSON.stringify(assessment));
          assert.deepEqual(
            parsed.errors.map((e) => e.message),
            [],
            `file: ${JSON.stringify(assessment)}`,
          );
          assert.deepEqual(parsed.assessment, assessment);
        }
      }
    }
  });
});
