import type { ObjectGraph } from './graph';
import type { Hpa } from './hpa';
import type { K8sObject } from './manifest';
import type { K8sSettings } from './settings';
import { minorVersion } from './settings';
import { WORKLOAD_KINDS } from './workload';
import type { AnyPair } from './yaml-nodes';
import { pairAt } from './yaml-nodes';

/**
 * How an HPA's scaleTargetRef resolves against the workspace, worked out once so the target rules
 * (missing, wrong kind or apiVersion, not scalable) agree with each other and never report the same
 * problem twice. The HPA controller maps the reference by **group** and kind only
 * (`RESTMappings(GroupKind{group, kind})` in pkg/controller/podautoscaler), then reads the scale
 * subresource: a wrong group or a kind without a scale subresource fails with FailedGetScale on every
 * sync; the version part of `apiVersion` is not used.
 */

/** Group/version each built-in scalable kind (and Argo Rollouts) is served at today. */
export const CURRENT_API_VERSION: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicationController: 'v1',
  Rollout: 'argoproj.io/v1alpha1',
};

/**
 * Kinds known to have no scale subresource, with what to do instead. Custom kinds not listed here may
 * have one (many operators add it), so they are never called unscalable.
 */
export const NOT_SCALABLE: Readonly<Record<string, string>> = {
  DaemonSet:
    'A DaemonSet runs one pod per matching node and grows with the nodes: let the cluster autoscaler add nodes, or run the app as a Deployment if it should scale with load.',
  Pod: 'A bare Pod is one replica: run it from a Deployment and scale that.',
  Job: 'A Job scales through `parallelism`, not replicas: size it there, or let an event-driven scaler (such as a KEDA ScaledJob) create Jobs from the backlog.',
  CronJob: 'A CronJob starts Jobs on a schedule: size each Job with `parallelism`.',
  Service: 'A Service routes to pods but does not run them: target the Deployment (or StatefulSet) behind it.',
  ConfigMap: 'A ConfigMap holds configuration: target the workload that runs the pods.',
  Secret: 'A Secret holds credentials: target the workload that runs the pods.',
  Ingress: 'An Ingress routes traffic: target the workload behind it.',
  PersistentVolumeClaim: 'A PersistentVolumeClaim is storage: target the workload that uses it.',
  ServiceAccount: 'A ServiceAccount is an identity: target the workload that runs the pods.',
  HorizontalPodAutoscaler: 'An HPA cannot scale another HPA: target the workload directly.',
  PodDisruptionBudget: 'A PodDisruptionBudget limits evictions: target the workload it protects.',
  Namespace: 'Target the workload that runs the pods.',
  Node: 'Nodes are scaled by the cluster autoscaler, not by an HPA.',
};

export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export interface TargetRef {
  kind: string;
  name: string;
  apiVersion?: string;
  kindPair?: AnyPair;
  namePair?: AnyPair;
  apiVersionPair?: AnyPair;
}

export type TargetResolution =
  /** scaleTargetRef lacks kind or name: the API server rejects the HPA (another rule's finding). */
  | { state: 'incomplete' }
  /** The named kind has no scale subresource. */
  | { state: 'not-scalable'; ref: TargetRef; object?: K8sObject; hint: string }
  /** No object of that kind and name, but workloads of other kinds carry the name. */
  | { state: 'wrong-kind'; ref: TargetRef; candidates: K8sObject[] }
  /** The kind and name are right (or the kind is plausible), and this is what the workspace says. */
  | {
      state: 'ok';
      ref: TargetRef;
      /** The object in the workspace, when there is one. */
      object?: K8sObject;
      /** Same kind and name found in other namespaces (an HPA only scales in its own). */
      elsewhere: K8sObject[];
      /** The group/version the reference should carry, when it carries a wrong group. */
      wrongGroup?: { expected: string };
      /** Right group, version no longer served: the controller still resolves it (it uses the group only). */
      staleVersion?: { expected: string };
    };

function refOf(hpa: Hpa): TargetRef | undefined {
  const { kind, name, apiVersion } = hpa.target;
  if (!kind || !name) return undefined;
  const { root, doc } = hpa.object;
  return {
    kind,
    name,
    apiVersion,
    kindPair: pairAt(root, ['spec', 'scaleTargetRef', 'kind'], doc),
    namePair: pairAt(root, ['spec', 'scaleTargetRef', 'name'], doc),
    apiVersionPair: pairAt(root, ['spec', 'scaleTargetRef', 'apiVersion'], doc),
  };
}

/** Groups that served a built-in kind on the configured cluster (extensions/* served Deployments until 1.16). */
function servedGroups(kind: string, settings: K8sSettings): string[] | undefined {
  const current = CURRENT_API_VERSION[kind];
  if (current === undefined) return undefined;
  const groups = [groupOf(current)];
  if (['Deployment', 'DaemonSet', 'ReplicaSet'].includes(kind) && minorVersion(settings.clusterVersion) < 16)
    groups.push('extensions');
  return groups;
}

/** The apiVersion a reference to `object` should carry: the kind's current one, else the object's own. */
export function expectedApiVersion(object: K8sObject): string {
  return CURRENT_API_VERSION[object.kind] ?? object.apiVersion;
}

export function resolveScaleTarget(hpa: Hpa, graph: ObjectGraph, settings: K8sSettings): TargetResolution {
  const ref = refOf(hpa);
  if (!ref) return { state: 'incomplete' };
  const namespace = hpa.object.namespace;
  const exact = graph.find(ref.kind, namespace, ref.name);
  if (!exact) {
    // A workload of another kind with this name is almost certainly the intended target (a Service or
    // ConfigMap sharing the name is the norm, not a hint, so only workloads count).
    const candidates = [...WORKLOAD_KINDS]
      .filter((kind) => kind !== ref.kind)
      .map((kind) => graph.find(kind, namespace, ref.name))
      .filter((o): o is K8sObject => o !== undefined);
    if (candidates.length > 0) return { state: 'wrong-kind', ref, candidates };
  }
  const hint = NOT_SCALABLE[ref.kind];
  if (hint !== undefined) return { state: 'not-scalable', ref, object: exact, hint };

  const elsewhere = exact ? [] : graph.ofKind(ref.kind).filter((o) => o.name === ref.name && o.namespace !== namespace);
  const groups = servedGroups(ref.kind, settings) ?? (exact ? [groupOf(exact.apiVersion)] : undefined);
  const expected = CURRENT_API_VERSION[ref.kind] ?? exact?.apiVersion;
  // An absent apiVersion is the core group "", which serves none of these kinds.
  const group = groupOf(ref.apiVersion);
  let wrongGroup: { expected: string } | undefined;
  let staleVersion: { expected: string } | undefined;
  if (groups && expected && !groups.includes(group)) wrongGroup = { expected };
  else if (
    expected &&
    CURRENT_API_VERSION[ref.kind] &&
    ref.apiVersion !== undefined &&
    ref.apiVersion !== expected &&
    group === groupOf(expected)
  ) {
    staleVersion = { expected };
  }
  return { state: 'ok', ref, object: exact, elsewhere, wrongGroup, staleVersion };
}
