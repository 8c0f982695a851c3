import type { RuleMeta, RuleReport } from '../../core/rule';
import type { ComponentGraph } from './component-graph';
import type { FileCompilation } from './compiler';
import type { ProjectFramework } from './framework';
import type { ReactEdits } from './edits';
import type { ImportCostResult, ImportEntry } from './import-cost';
import type { LocalModules } from './import-cost/for-file';
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
  /** The assistant's settings (`scalingAssistant.react.*`, or the CLI's). */
  settings: Readonly<Record<string, unknown>>;
  /** The workspace modules the file imports (absolute paths, for `importCost` entries), through the module graph. */
  local: LocalModules;
  /** The framework of the file's project (Next.js from its package.json or config, not only the file's imports). */
  framework: ProjectFramework;
  /** What the React Compiler does with the file's components; absent when it does not build the file. */
  compiler?: FileCompilation;
  /** The first bytes of a file the rule's `reads` asked for; undefined when it is missing or was not read. */
  fileBytes(file: string): Uint8Array | undefined;
}

export interface MeasureContext {
  local: LocalModules;
  settings: Readonly<Record<string, unknown>>;
  /** The first round's answers, on the second asking. */
  measured?: (entries: ImportEntry[]) => ImportCostResult;
}

export interface ReactRule extends RuleMeta {
  assistant: 'react';
  /** The rule advises manual memoisation (useMemo, useCallback, memo), which the React Compiler does itself. */
  manualMemo?: boolean;
  /**
   * The rule reads other files of the workspace (the component graph, the module graph): it is left out of an
   * answer given before the workspace is read (`contextPending`), rather than concluding from files not yet read.
   */
  crossFile?: boolean;
  check(context: ReactRuleContext): void;
  /**
   * Imports whose cost the rule reports: measured in the workspace's node_modules before `check` runs. Asked
   * again with `measured` once the first answers are in, so a rule can ask for more only where they call for it.
   */
  measures?(model: FileModel, context: MeasureContext): ImportEntry[][];
  /** Files (named as the document is: relative to the same root, or absolute) read before `check` runs. */
  reads?(model: FileModel): string[];
}
