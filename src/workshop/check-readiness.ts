import { ASSESSMENT_PATH, parseAssessment } from '../roadmap/index';
import type { CheckInput } from './check-input';
import { exactFile } from './engine-findings';
import type { Criterion } from './result';

/** The figures the roadmap cannot plan without: where the shop is, where it must get to, with what. */
const REQUIRED: ReadonlyArray<readonly string[]> = [
  ['currentScale', 'activeUsers'],
  ['scaleTarget', 'targetUsers'],
  ['constraints', 'teamSize'],
];

/** The readiness assessment: valid for the roadmap (no field rejected) and its key figures filled in. */
export async function checkReadiness(input: CheckInput): Promise<Criterion[]> {
  const { t } = input;
  const [file] = await input.workspace.files(exactFile(ASSESSMENT_PATH));
  const text = await file?.read();
  const label = t('{0} is valid: the roadmap takes every field', ASSESSMENT_PATH);
  const filledLabel = t('Current users, target users and team size are filled in');
  if (text === undefined) {
    const hint = t('{0} is missing: run Edit Readiness Assessment.', ASSESSMENT_PATH);
    return [
      { id: 'assessment-valid', passed: false, label, hint, place: { file: ASSESSMENT_PATH } },
      { id: 'assessment-filled', passed: false, label: filledLabel, hint, place: { file: ASSESSMENT_PATH } },
    ];
  }
  const parsed = parseAssessment(ASSESSMENT_PATH, text, t);
  const error = parsed.errors[0];
  const missing = REQUIRED.filter((path) => valueAt(parsed.assessment, path) === undefined);
  return [
    {
      id: 'assessment-valid',
      passed: parsed.assessment !== undefined && !error,
      label,
      hint: error ? error.message : t('The roadmap reads every field of the assessment.'),
      place: { file: ASSESSMENT_PATH, line: error?.range?.start.line },
    },
    {
      id: 'assessment-filled',
      passed: parsed.assessment !== undefined && missing.length === 0,
      label: filledLabel,
      hint:
        missing.length > 0
          ? t('Not filled in: {0}', missing.map((p) => p.join('.')).join(', '))
          : t('The roadmap can size its phases to the team and the goal.'),
      place: { file: ASSESSMENT_PATH, line: missing[0] ? parsed.rangeOf(missing[0])?.start.line : undefined },
    },
  ];
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value === null ? undefined : value;
}
