import { strict as assert } from 'node:assert';
import { defaultAssessmentTemplate, parseAssessment } from '../../../src/roadmap/assessment';
import type { FieldKind } from '../../../src/roadmap/messages';
import { ASSESSMENT_SECTIONS, checkAssessment } from '../../../src/roadmap/messages';

/**
 * The assessment's fields are described twice: for reading the file (assessment.ts, with help text for the
 * template) and for the panel's form and message checks (messages.ts, with size limits). Until they are one
 * table, this keeps them from drifting apart: same fields, and every value one accepts the other accepts.
 */

function samples(spec: FieldKind): unknown[] {
  switch (spec.kind) {
    case 'text':
      return ['x'];
    case 'lines':
      return [['one', 'two']];
    case 'number':
      return [spec.min ?? 0, spec.integer ? (spec.min ?? 0) + 1 : (spec.min ?? 0) + 0.5].filter((n) => spec.max === undefined || n <= spec.max);
    case 'choice':
      return [...spec.options];
  }
}

describe('assessment field tables', () => {
  it('the file template and the form list the same fields', () => {
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
          assert.deepEqual(parsed.errors.map((e) => e.message), [], `file: ${JSON.stringify(assessment)}`);
          assert.deepEqual(parsed.assessment, assessment);
        }
      }
    }
  });
});
