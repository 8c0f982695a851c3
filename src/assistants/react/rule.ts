import type { RuleMeta, RuleReport } from '../../core/rule';
import type { ComponentGraph } from './component-graph';
import type { ReactEdits } from './edits';
import type { FileModel } from './model';

export interface ReactRuleContext {
  /** The analysed file's components, elements and hooks. */
  model: FileModel;
  /** Which component an element renders, across files (local definitions only without a workspace). */
  graph: Pick<ComponentGraph, 'definitionOf' | 'isContext'>;
  /** Ranges and edits on the analysed file. */
  edits: ReactEdits;
  report(finding: RuleReport): void;
}

export interface ReactRule extends RuleMeta {
  assistant: 'react';
  check(context: ReactRuleContext): void;
}
