import type { AnalysisError, Range, RelatedInformation } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import type { AssessmentBudget } from './assessment-budget';
import type { ObjectGraph } from './graph';
import type { K8sObject, ParsedManifest } from './manifest';
import { fileOf, placeOf } from './node-origin';
import type { K8sRuleContext } from './rule';
import type { K8sSettings } from './settings';
import type { AnyPair } from './yaml-nodes';
import { nodeRange, pairRange } from './yaml-nodes';

/**
 * What every rule is handed for one analysed file: the ranges of its findings land only on fields written in
 * that file (`fileOf`), related information in whichever file wrote the field, and held-back conclusions are
 * gathered into one `partial` error per reason.
 */
export interface RuleContextParts {
  /** The analysed file, with the objects its rules check (its own, or the builds its fields went into). */
  manifest: ParsedManifest;
  graph: ObjectGraph;
  settings: K8sSettings;
  /** The monthly infrastructure budget the workspace's readiness assessment states, if it states one. */
  budget?: AssessmentBudget;
}

export class HeldBack {
  private readonly byReason = new Map<string, Set<string>>();

  add(object: K8sObject, reason: string): void {
    const objects = this.byReason.get(reason) ?? new Set<string>();
    objects.add(`${object.kind} ${object.name}`);
    this.byReason.set(reason, objects);
  }

  errors(file: string): AnalysisError[] {
    return [...this.byReason].map(([reason, objects]) => ({
      file,
      kind: 'partial' as const,
      message: `checks that conclude from an absence are held back for ${[...objects].join(', ')}: ${reason}`,
    }));
  }
}

export function ruleContext(
  { manifest, graph, settings, budget }: RuleContextParts,
  heldBack: HeldBack,
  report: K8sRuleContext['report'],
): K8sRuleContext {
  const here = (node: unknown, object: K8sObject) => fileOf(node, object.file) === manifest.file;
  const linesOf = (file: string) => (file === manifest.file ? manifest.lines : graph.manifestOf(file)?.lines);
  // A pair whose value another file wrote (a JSON patch moved it there) is placed on its key alone; one whose value
  // a chart's values file set, on that value.
  const fieldRange = (object: K8sObject, pair: AnyPair, lines: LineIndex) =>
    placeOf(pair) !== pair.key
      ? nodeRange(pair.value, lines)
      : pair.value &&
          typeof pair.value === 'object' &&
          fileOf(pair.value, object.file) !== fileOf(pair.key, object.file)
        ? nodeRange(pair.key, lines)
        : pairRange(pair, lines);
  return {
    manifest,
    graph,
    settings,
    budget,
    report,
    rangeOf: (object: K8sObject, pair: AnyPair | undefined): Range | undefined =>
      pair && here(placeOf(pair), object) ? fieldRange(object, pair, manifest.lines) : undefined,
    rangeOfNode: (object: K8sObject, node: unknown): Range | undefined =>
      node && here(node, object) ? nodeRange(node, manifest.lines) : undefined,
    relatedAt: (object: K8sObject, pair: AnyPair | undefined, message: string): RelatedInformation[] | undefined => {
      if (!pair) return undefined;
      const file = fileOf(placeOf(pair), object.file);
      const lines = linesOf(file);
      const range = lines ? fieldRange(object, pair, lines) : undefined;
      return range ? [{ file, range, message }] : undefined;
    },
    holdBack: (object: K8sObject, reason: string) => heldBack.add(object, reason),
  };
}
