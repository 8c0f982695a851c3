import { assistantName } from '../core/assistant-names';
import type { CheckInput } from './check-input';
import { checkDecomposition } from './check-decomposition';
import { checkFrontend } from './check-frontend';
import { checkHpa } from './check-hpa';
import { checkQueries } from './check-queries';
import { checkReadiness } from './check-readiness';
import { checkRoadmap } from './check-roadmap';
import type { ExerciseId } from './exercises';
import { catalogAvailable, exercise } from './exercises';
import type { Criterion, ExerciseResult } from './result';
import { statusOf } from './result';

const CHECKS: Record<ExerciseId, (input: CheckInput) => Promise<Criterion[]>> = {
  readiness: checkReadiness,
  queries: checkQueries,
  frontend: checkFrontend,
  hpa: checkHpa,
  decomposition: checkDecomposition,
  roadmap: checkRoadmap,
};

/**
 * Runs one exercise's checks with the assistants' own engines. An exercise whose assistant is not built is
 * `unavailable` and says so.
 */
export async function checkExercise(id: ExerciseId, input: CheckInput): Promise<ExerciseResult> {
  const { t } = input;
  const checkedAt = new Date().toISOString();
  const { assistant } = exercise(id);
  const available = input.available ?? catalogAvailable;
  if (assistant && !available(assistant)) {
    const note = t(
      'The {0} is not built yet: this exercise cannot be checked and completes nothing.',
      assistantName(assistant, t),
    );
    return { exercise: id, status: 'unavailable', criteria: [], note, checkedAt };
  }
  const criteria = await CHECKS[id](input);
  if (input.signal?.aborted)
    return {
      exercise: id,
      status: 'incomplete',
      criteria,
      note: t('Cancelled before every criterion was checked.'),
      checkedAt,
    };
  const unmeasured = input.measure === false && criteria.some((c) => c.id === 'catalog-query-faster');
  return {
    exercise: id,
    status:
      unmeasured && criteria.every((c) => c.passed || c.id === 'catalog-query-faster')
        ? 'incomplete'
        : statusOf(criteria),
    criteria,
    checkedAt,
  };
}
