import type { DecompositionPlan } from '../../assistants/decomposition/contract';

/**
 * How the deep review asks the decomposition planner for the plan it holds (the one its panel shows, what-if moves
 * included): an internal command between two features, so neither holds the other. Answers undefined when no plan
 * is held; it never plans (the deep review runs *Plan Monolith Decomposition* itself when it needs one).
 */
export const HELD_DECOMPOSITION_PLAN_COMMAND = 'scalingAssistant.decomposition.heldPlan';

/** The plan held, and the workspace-relative folder it covers ('' for a whole workspace folder). */
export interface HeldDecompositionPlan {
  root: string;
  plan: DecompositionPlan;
}
