import { isCancelled, isOverBudget } from './budget';
import type { AnalysisError, Finding, Range } from './finding';
import type { RuleMeta, RuleReport } from './rule';
import { completeFinding } from './rule';

/**
 * How every engine runs its rules over one unit of work (a manifest, a SQL statement, a plan node): the
 * budget is checked before each rule, and a rule that throws costs only its own findings. The rest of the
 * document's findings still arrive, with one error that names the rule, so a bug in one check never hides
 * what the others found. Which units there are, and what a rule's check is handed, is the engine's business.
 */

/** What the runner needs of a budget: a `TimeBudget`, or a cancellation check when the run has no time limit. */
export interface BudgetCheck {
  /** Throws `OverBudgetError` or `CancelledError`; the runner lets both through. */
  check(): void;
}

export interface RuleRun<R extends RuleMeta, P = RuleReport, F = Finding> {
  rules: readonly R[];
  /** The analysed document: findings and errors name it. */
  file: string;
  budget?: BudgetCheck;
  /** Runs one rule's check on the engine's unit; the rule reports through `report`. */
  check(rule: R, report: (partial: P) => void): void;
  /** Turns what a rule reports into the engine's finding; `completeFinding` when the rule reports a `RuleReport`. */
  complete?(rule: R, partial: P): F;
  /** Where a failing rule's error points (the statement it was checking); the whole document when absent. */
  errorRange?: () => Range | undefined;
}

/**
 * What an engine's factory takes besides its defaults: its cache (benchmarks make fresh engines to measure
 * cold runs) and the rules to run instead of its own (a test's rule that throws).
 */
export interface EngineOptions<Cache, Rule> {
  cache?: Cache;
  rules?: readonly Rule[];
}

export interface RuleResults<F = Finding> {
  findings: F[];
  errors: AnalysisError[];
}

export function runRules<R extends RuleMeta>(run: RuleRun<R>): RuleResults;
export function runRules<R extends RuleMeta, P, F>(
  run: RuleRun<R, P, F> & Required<Pick<RuleRun<R, P, F>, 'complete'>>,
): RuleResults<F>;
export function runRules<R extends RuleMeta, P, F>(run: RuleRun<R, P, F>): RuleResults<F> {
  return createRunner(run)(run.rules);
}

/**
 * `runRules` for an engine that runs rules on many units with the same check (the statements of a SQL fragment):
 * the returned function runs a list of rules on the current unit, and its reporter is made once, not once per unit.
 */
export function ruleRunner<R extends RuleMeta>(run: Omit<RuleRun<R>, 'rules'>): (rules: readonly R[]) => RuleResults;
export function ruleRunner<R extends RuleMeta, P, F>(
  run: Omit<RuleRun<R, P, F>, 'rules'> & Required<Pick<RuleRun<R, P, F>, 'complete'>>,
): (rules: readonly R[]) => RuleResults<F>;
export function ruleRunner<R extends RuleMeta, P, F>(
  run: Omit<RuleRun<R, P, F>, 'rules'>,
): (rules: readonly R[]) => RuleResults<F> {
  return createRunner(run);
}

function createRunner<R extends RuleMeta, P, F>(
  run: Omit<RuleRun<R, P, F>, 'rules'>,
): (rules: readonly R[]) => RuleResults<F> {
  const complete =
    run.complete ?? ((rule: R, partial: P) => completeFinding(rule, run.file, partial as RuleReport) as F);
  // One reporter for all the units, pointed at the rule being checked and at the unit's list of findings: engines
  // run this per statement, and a function per rule and unit was a measurable part of their time. A rule reports
  // only inside its check.
  let current: R;
  let findings: F[] = [];
  const report = (partial: P) => findings.push(complete(current, partial));
  return (rules) => {
    const errors: AnalysisError[] = [];
    const found: F[] = (findings = []);
    for (const rule of rules) {
      run.budget?.check();
      current = rule;
      try {
        run.check(rule, report);
      } catch (error) {
        if (stopsTheRun(error)) throw error;
        errors.push(ruleFailure(rule, run.file, error, run.errorRange?.()));
      }
    }
    return { findings: found, errors };
  };
}

/** Over budget and cancelled end the whole analysis (the pipeline reports them); nothing else a rule throws does. */
function stopsTheRun(error: unknown): boolean {
  return isCancelled(error) || isOverBudget(error) || (error instanceof Error && error.name === 'AbortError');
}

/** The error a failing rule leaves: its id and what it threw, for the document (and the unit) it was checking. */
function ruleFailure(rule: Pick<RuleMeta, 'id'>, file: string, error: unknown, range?: Range): AnalysisError {
  const message = error instanceof Error ? error.message : String(error);
  return { file, kind: 'internal', message: `rule ${rule.id} failed: ${message}`, ...(range ? { range } : {}) };
}
