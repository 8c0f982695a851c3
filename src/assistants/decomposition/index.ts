import type { Assistant } from '../../core/assistant';
import type { ChangeHistory } from './model';
import { DEFAULT_WEIGHTS, SIGNALS, parseWeights, resolveWeights } from './cluster/weights';
import { createDecompositionPlanner } from './planner';
import { readGitHistory } from './facts/git-history';
import { dependencyCruiserConfig, eslintConfig } from './plan/guardrails';
import { planToJson } from './plan/json';
import { planToMarkdown } from './plan/markdown';

/**
 * The decomposition planner's engine chunk (dist/assistants/decomposition.js). It reasons over a folder, not a
 * document, so as an `Assistant` it has no per-file rules; its work is the planner (`createPlanner`) and the plan's
 * renderings.
 */
export const decompositionEngine: {
  createPlanner: typeof createDecompositionPlanner;
  /**
   * `git log` of a folder as change history (facts/git-history.ts, with paths prefixed by `prefix`); absent in a
   * build without it, and then plans have no change coupling. Never call it in Restricted Mode.
   */
  readHistory?: (folder: string, options: { prefix?: string }) => Promise<ChangeHistory | undefined>;
  defaultWeights: typeof DEFAULT_WEIGHTS;
  signals: typeof SIGNALS;
  parseWeights: typeof parseWeights;
  resolveWeights: typeof resolveWeights;
  dependencyCruiserConfig: typeof dependencyCruiserConfig;
  eslintConfig: typeof eslintConfig;
  planToJson: typeof planToJson;
  planToMarkdown: typeof planToMarkdown;
} = {
  createPlanner: createDecompositionPlanner,
  readHistory: readGitHistory,
  defaultWeights: DEFAULT_WEIGHTS,
  signals: SIGNALS,
  parseWeights,
  resolveWeights,
  dependencyCruiserConfig,
  eslintConfig,
  planToJson,
  planToMarkdown,
};

export type DecompositionEngine = typeof decompositionEngine;

/** The catalog's face of the engine: no document rules (a folder is planned through `decompositionEngine`). */
export const decompositionAssistant: Assistant<never> = {
  id: 'decomposition',
  rules: [],
  analyze: () => ({ findings: [], errors: [] }),
};
