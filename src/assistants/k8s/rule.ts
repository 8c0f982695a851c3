import type { Range, RelatedInformation } from '../../core/finding';
import type { RuleMeta, RuleReport } from '../../core/rule';
import type { AssessmentBudget } from './assessment-budget';
import type { ObjectGraph } from './graph';
import type { K8sObject, ParsedManifest } from './manifest';
import type { K8sSettings } from './settings';
import type { AnyPair } from './yaml-nodes';

/** What a Kubernetes rule reports; the engine fills in file, assistant, rule id and metadata. */
export type K8sReport = RuleReport;

export interface K8sRuleContext {
  /** The file being analysed: rules report findings on its objects only. */
  manifest: ParsedManifest;
  /** Every Kubernetes object in the workspace (this file's included), for the other end of a relation. */
  graph: ObjectGraph;
  settings: K8sSettings;
  /** The monthly infrastructure budget the workspace's readiness assessment states, if it states one. */
  budget?: AssessmentBudget;
  report(finding: K8sReport): void;
  /** Range of a field (key to end of value) in whichever file its object lives. */
  rangeOf(object: K8sObject, pair: AnyPair | undefined): Range | undefined;
  /** Related information pointing at a field of any object in the workspace. */
  relatedAt(object: K8sObject, pair: AnyPair | undefined, message: string): RelatedInformation[] | undefined;
}

export interface K8sRule extends RuleMeta {
  assistant: 'k8s';
  check(context: K8sRuleContext): void;
}
