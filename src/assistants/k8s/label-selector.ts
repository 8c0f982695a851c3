import { isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import type { ObjectGraph } from './graph';
import type { K8sObject } from './manifest';
import type { PodSource } from './pod-sources';
import { podSourceMatches } from './pod-sources';
import type { Workload } from './workload';
import type { AnyPair } from './yaml-nodes';
import { deref, pairAt, scalarText, seqItems } from './yaml-nodes';

/**
 * Kubernetes label selectors (`matchLabels` and `matchExpressions`) read from the AST and evaluated
 * against a pod template's labels, and the PodDisruptionBudget ↔ workload relation built on them.
 * Services select with a plain label map (`graph.servicesFor`); PDBs need `matchExpressions`, the empty
 * selector and the policy/v1 vs v1beta1 difference too, or they would call a covered workload uncovered.
 * Every answer that depends on something unreadable is `undefined` ("cannot tell"), never `false`.
 */

export interface SelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface LabelSelector {
  matchLabels: Map<string, string>;
  expressions: SelectorRequirement[];
  /** Something in it could not be read (a computed value, an unknown operator): matching is unknown. */
  unreadable: boolean;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Reads a `LabelSelector` map; undefined when the node is not a map. */
export function readLabelSelector(node: unknown, doc: Document.Parsed): LabelSelector | undefined {
  const map = deref(node, doc);
  if (!isMap(map)) return undefined;
  const selector: LabelSelector = { matchLabels: new Map(), expressions: [], unreadable: false };
  for (const item of map.items) {
    const key = scalarText(item.key);
    const value = deref(item.value, doc);
    if (key === 'matchLabels') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) {
        selector.unreadable = true;
        continue;
      }
      for (const label of value.items) {
        const k = scalarText(label.key);
        const v = scalarText(deref(label.value, doc));
        if (k === undefined || v === undefined) selector.unreadable = true;
        else selector.matchLabels.set(k, v);
      }
    } else if (key === 'matchExpressions') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isSeq(value)) {
        selector.unreadable = true;
        continue;
      }
      for (const expression of seqItems(value, doc)) {
        const k = scalarText(deref(pairAt(expression, ['key'], doc)?.value, doc));
        const operator = scalarText(deref(pairAt(expression, ['operator'], doc)?.value, doc));
        const values = seqItems(pairAt(expression, ['values'], doc)?.value, doc).map((v) => scalarText(v));
        if (
          k === undefined ||
          operator === undefined ||
          !OPERATORS.has(operator) ||
          values.some((v) => v === undefined)
        ) {
          selector.unreadable = true;
          continue;
        }
        selector.expressions.push({ key: k, operator, values: values as string[] });
      }
    }
  }
  return selector;
}

/** `{}`: no label and no expression. Kubernetes reads it as "every pod" (policy/v1) — callers decide. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return !selector.unreadable && selector.matchLabels.size === 0 && selector.expressions.length === 0;
}

/**
 * Whether the labels satisfy the selector, as `metav1.LabelSelectorAsSelector` evaluates it (an empty
 * selector matches everything). Undefined when part of the selector could not be read.
 */
export function selectorMatchesLabels(
  selector: LabelSelector,
  labels: ReadonlyMap<string, string>,
): boolean | undefined {
  if (selector.unreadable) return undefined;
  for (const [key, value] of selector.matchLabels) if (labels.get(key) !== value) return false;
  for (const { key, operator, values } of selector.expressions) {
    const has = labels.has(key);
    const value = labels.get(key);
    switch (operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return undefined;
    }
  }
  return true;
}

export function isPdb(object: K8sObject): boolean {
  return object.kind === 'PodDisruptionBudget' && object.apiVersion.startsWith('policy/');
}

/**
 * What a PodDisruptionBudget's `spec.selector` covers:
 * - `none`: no selector, or `selector: null` (both apiVersions), or `{}` in policy/v1beta1;
 * - `all`: `{}` in policy/v1 (every pod of the namespace);
 * - `some`: a selector to evaluate; `unknown`: one we cannot read.
 */
export interface PdbSelector {
  scope: 'none' | 'all' | 'some' | 'unknown';
  selector?: LabelSelector;
  pair?: AnyPair;
}

const pdbSelectors = new WeakMap<K8sObject, PdbSelector>();

/** Cached per object (parses are cached per file version): every workload of a namespace asks again. */
export function pdbSelector(pdb: K8sObject): PdbSelector {
  let cached = pdbSelectors.get(pdb);
  if (!cached) {
    cached = readPdbSelector(pdb);
    pdbSelectors.set(pdb, cached);
  }
  return cached;
}

function readPdbSelector(pdb: K8sObject): PdbSelector {
  const pair = pairAt(pdb.root, ['spec', 'selector'], pdb.doc);
  const value = pair ? deref(pair.value, pdb.doc) : undefined;
  if (!pair || value === null || value === undefined || (isScalar(value) && value.value === null))
    return { scope: 'none', pair };
  const selector = readLabelSelector(value, pdb.doc);
  if (!selector || selector.unreadable) return { scope: 'unknown', pair, selector };
  if (isEmptySelector(selector)) return { scope: pdb.apiVersion === 'policy/v1beta1' ? 'none' : 'all', pair, selector };
  return { scope: 'some', pair, selector };
}

/** Whether a PDB covers pods with these labels; undefined when its selector cannot be read. */
export function pdbCovers(pdb: K8sObject, labels: ReadonlyMap<string, string>): boolean | undefined {
  const { scope, selector } = pdbSelector(pdb);
  if (scope === 'none') return false;
  if (scope === 'all') return true;
  if (scope === 'unknown' || !selector) return undefined;
  return selectorMatchesLabels(selector, labels);
}

/**
 * The PodDisruptionBudgets of the workload's namespace that cover its pods. `uncertain` is true when
 * some PDB's selector could not be read (it may cover them) or the workload has no readable template.
 */
export function pdbsCovering(graph: ObjectGraph, workload: Workload): { pdbs: K8sObject[]; uncertain: boolean } {
  const labels = workload.template?.labels;
  if (!workload.template || !labels) return { pdbs: [], uncertain: true };
  const pdbs: K8sObject[] = [];
  let uncertain = false;
  const required = (pdb: K8sObject) => pdbSelector(pdb).selector?.matchLabels;
  for (const pdb of graph.selectorCandidates('PodDisruptionBudget', workload.object.namespace, labels, required)) {
    if (!isPdb(pdb)) continue;
    const covers = pdbCovers(pdb, labels);
    if (covers === undefined) uncertain = true;
    else if (covers) pdbs.push(pdb);
  }
  return { pdbs, uncertain };
}

/**
 * The workspace's workloads (same namespace) whose pod template a PDB's selector matches, and the pod sources
 * (operator-made pods) it matches. `uncertain` when the selector, some workload's labels or some source's
 * labels cannot be read.
 */
export function workloadsCoveredBy(
  graph: ObjectGraph,
  pdb: K8sObject,
): { workloads: Workload[]; sources: PodSource[]; uncertain: boolean } {
  const workloads: Workload[] = [];
  const sources: PodSource[] = [];
  // The budget's selector is read once, not once per workload: large workspaces have many of both.
  const { scope, selector } = pdbSelector(pdb);
  if (scope === 'none') return { workloads, sources, uncertain: false };
  if (scope === 'unknown' || (scope === 'some' && !selector)) return { workloads, sources, uncertain: true };
  let uncertain = false;
  // Only workloads carrying one label the selector requires can match; without one, all are candidates.
  const first = scope === 'some' ? selector?.matchLabels.entries().next().value : undefined;
  for (const workload of graph.workloadsWithLabel(pdb.namespace, first)) {
    if (!workload.template) {
      uncertain = true;
      continue;
    }
    const covers =
      scope === 'all' ? true : selector ? selectorMatchesLabels(selector, workload.template.labels) : undefined;
    if (covers === undefined) uncertain = true;
    else if (covers) workloads.push(workload);
  }
  for (const source of graph.podSourcesIn(pdb.namespace)) {
    const covers = scope === 'all' ? true : selector ? podSourceMatches(selector, source) : undefined;
    if (covers === undefined) uncertain = true;
    else if (covers) sources.push(source);
  }
  return { workloads, sources, uncertain };
}

/** "app=web, tier=api": labels (or a selector's matchLabels) as a message shows them. */
export function labelsText(labels: ReadonlyMap<string, string>): string {
  return [...labels].map(([k, v]) => `${k}=${v}`).join(', ');
}

/** What a selector asks, for a message: "app=web, track In (canary, beta)"; "every pod" for `{}`. */
export function selectorText(selector: LabelSelector): string {
  const parts = [...selector.matchLabels].map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values } of selector.expressions)
    parts.push(values.length > 0 ? `${key} ${operator} (${values.join(', ')})` : `${key} ${operator}`);
  return parts.length > 0 ? parts.join(', ') : 'every pod';
}
