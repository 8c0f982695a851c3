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
  /**
   * Where a finding about this field of an analysed object goes (key to end of value), or undefined when
   * the field was not written in the analysed file: an object kustomize builds mixes fields of the base,
   * its patches and the kustomization, and each finding belongs where its field's value was set. Use it
   * (or `rangeOfNode`) for every finding's range, never `manifest.lines` on a node directly.
   */
  rangeOf(object: K8sObject, pair: AnyPair | undefined): Range | undefined;
  /** As `rangeOf`, for a node (a value without its key). */
  rangeOfNode(object: K8sObject, node: unknown): Range | undefined;
  /** Related information pointing at a field of any object in the workspace. */
  relatedAt(object: K8sObject, pair: AnyPair | undefined, message: string): RelatedInformation[] | undefined;
  /**
   * A conclusion from absence about this object was not drawn, and why (`ObjectGraph.absenceUnknown`): the
   * engine says so once per reason, as a `partial` analysis error naming the objects held back.
   */
  holdBack(object: K8sObject, reason: string): void;
}

export interface K8sRule extends RuleMeta {
  assistant: 'k8s';
  check(context: K8sRuleContext): void;
}
