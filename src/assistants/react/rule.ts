import type { RuleMeta, RuleReport } from '../../core/rule';
import type { ComponentGraph } from './component-graph';
import type { ReactEdits } from './edits';
import type { ImportCostResult, ImportEntry } from './import-cost';
import type { FileModel } from './model';

export interface ReactRuleContext {
  /** The analysed file's components, elements and hooks. */
  model: FileModel;
  /** Which component an element renders, across files (local definitions only without a workspace). */
  graph: Pick<ComponentGraph, 'definitionOf' | 'isContext'>;
  /** Ranges and edits on the analysed file. */
  edits: ReactEdits;
  report(finding: RuleReport): void;
  /**
   * What importing `entries` costs, measured before the rules ran for the entries the rule's `measures`
   * asked for (anything else: not measured, with the reason).
   */
  importCost(entries: ImportEntry[]): ImportCostResult;
}

export interface ReactRule extends RuleMeta {
  assistant: 'react';
  /** The rule advises manual memoisation (useMemo, useCallback, memo), which the React Compiler does itself. */
  manualMemo?: boolean;
  check(context: ReactRuleContext): void;
  /** Imports whose cost the rule reports: measured in the workspace's node_modules before `check` runs. */
  measures?(model: FileModel): ImportEntry[][];
}
