import type { K8sRule } from '../rule';
import { workloadReplicasWithHpa } from './workload-replicas-with-hpa';
// imports: target and metrics rules
import { hpaTargetMissing } from './hpa-target-missing';
import { hpaTargetWrongKind } from './hpa-target-wrong-kind';
import { hpaTargetNotScalable } from './hpa-target-not-scalable';
import { hpaMultipleOnTarget } from './hpa-multiple-on-target';
import { hpaTargetNameMismatch } from './hpa-target-name-mismatch';
import { hpaUtilizationWithoutRequests } from './hpa-utilization-without-requests';
import { hpaContainerResourceUnknownContainer } from './hpa-container-resource-unknown-container';
import { hpaMetricTargetInvalid } from './hpa-metric-target-invalid';
import { hpaExternalMetricIncomplete } from './hpa-external-metric-incomplete';
import { hpaMemoryUtilization } from './hpa-memory-utilization';
import { removedApiVersion } from './removed-api-version';
// imports: replica and behaviour rules
import { hpaMinReplicasBelowTwo } from './hpa-min-replicas-below-two';
import { hpaMinEqualsMax } from './hpa-min-equals-max';
import { hpaBehaviorOutOfRange } from './hpa-behavior-out-of-range';
import { hpaSelectPolicyDisabled } from './hpa-select-policy-disabled';
import { hpaScaleDownUnstabilised } from './hpa-scale-down-unstabilised';
import { hpaScaleUpTooSlow } from './hpa-scale-up-too-slow';
import { hpaToleranceUnsupported } from './hpa-tolerance-unsupported';
import { hpaMaxExceedsQuota } from './hpa-max-exceeds-quota';
// imports: availability rules
import { readinessProbeMissing } from './readiness-probe-missing';
import { probePortUnknown } from './probe-port-unknown';
import { livenessEqualsReadiness } from './liveness-equals-readiness';
import { pdbMissing } from './pdb-missing';
import { pdbBlocksDisruption } from './pdb-blocks-disruption';
import { pdbSelectorMatchesNothing } from './pdb-selector-matches-nothing';
import { rolloutUnavailable } from './rollout-unavailable';
import { imageTagLatest } from './image-tag-latest';
import { noSpreadConstraints } from './no-spread-constraints';
import { spreadSelectorMissesOwnPods } from './spread-selector-misses-own-pods';
import { workloadWithoutRequests } from './workload-without-requests';
import { pdbUnhealthyEvictionPolicy } from './pdb-unhealthy-eviction-policy';
import { hpaPeakOverBudget } from './hpa-peak-over-budget';

/** Every Kubernetes rule, in the order they run. A unit test checks each file here is listed. */
export const K8S_RULES: readonly K8sRule[] = [
  workloadReplicasWithHpa,
  // rules: target and metrics
  hpaTargetMissing,
  hpaTargetWrongKind,
  hpaTargetNotScalable,
  hpaMultipleOnTarget,
  hpaTargetNameMismatch,
  hpaUtilizationWithoutRequests,
  hpaContainerResourceUnknownContainer,
  hpaMetricTargetInvalid,
  hpaExternalMetricIncomplete,
  hpaMemoryUtilization,
  removedApiVersion,
  // rules: replica and behaviour
  hpaMinReplicasBelowTwo,
  hpaMinEqualsMax,
  hpaBehaviorOutOfRange,
  hpaSelectPolicyDisabled,
  hpaScaleDownUnstabilised,
  hpaScaleUpTooSlow,
  hpaToleranceUnsupported,
  hpaMaxExceedsQuota,
  // rules: availability
  readinessProbeMissing,
  probePortUnknown,
  livenessEqualsReadiness,
  pdbMissing,
  pdbBlocksDisruption,
  pdbSelectorMatchesNothing,
  rolloutUnavailable,
  imageTagLatest,
  noSpreadConstraints,
  spreadSelectorMissesOwnPods,
  workloadWithoutRequests,
  pdbUnhealthyEvictionPolicy,
  hpaPeakOverBudget,
];
