import type { ExerciseId } from './exercises';

/** A place a criterion points at: a workspace-relative file and, when known, a 0-based line. */
export interface Place {
  file: string;
  line?: number;
}

/** A figure a check measured, for the report: the English label's translation, and the value as shown. */
export interface Figure {
  label: string;
  value: string;
}

/** One criterion of an exercise, already in the participant's language. */
export interface Criterion {
  id: string;
  passed: boolean;
  /** What is asked, e.g. "k8s/api.yaml: no spec.replicas under the HPA". */
  label: string;
  /** What to do when it fails (or what was found when it passes). */
  hint: string;
  place?: Place;
  figures?: Figure[];
}

/**
 * passed: every criterion passed; failed: one did not; unavailable: its assistant is not built yet (nothing to
 * check, nothing completes); incomplete: not checked this time (the measurement was skipped or cancelled).
 */
export type ExerciseStatus = 'passed' | 'failed' | 'unavailable' | 'incomplete';

export interface ExerciseResult {
  exercise: ExerciseId;
  status: ExerciseStatus;
  criteria: Criterion[];
  /** A sentence for the whole exercise (why it is unavailable, why it was not checked). */
  note?: string;
  /** ISO time of the check. */
  checkedAt: string;
}

export function statusOf(criteria: readonly Criterion[]): ExerciseStatus {
  return criteria.length > 0 && criteria.every((c) => c.passed) ? 'passed' : 'failed';
}

/** Exercises whose check can pass, and whether each did: the report is complete when all of these passed. */
export function completion(results: ReadonlyArray<ExerciseResult>): { passed: number; total: number } {
  const counted = results.filter((r) => r.status !== 'unavailable' && r.criteria.length > 0);
  return { passed: counted.filter((r) => r.status === 'passed').length, total: counted.length };
}
