import { newMap } from './values';
import type { ValueMap } from './values';

/**
 * `.Capabilities` as `helm template` gives it without a cluster: the Kubernetes version the review assumes, and
 * the API versions a cluster of that version serves (no custom resources: `APIVersions.Has "monitoring.coreos.com/v1"`
 * is false, as it is offline).
 */

/** Built-in group versions and the minor versions that serve them ([first, last]). */
const GROUP_VERSIONS: [string, number, number][] = [
  ['v1', 0, 99],
  ['apps/v1', 9, 99],
  ['batch/v1', 0, 99],
  ['batch/v1beta1', 8, 24],
  ['autoscaling/v1', 0, 99],
  ['autoscaling/v2', 23, 99],
  ['autoscaling/v2beta1', 8, 24],
  ['autoscaling/v2beta2', 12, 25],
  ['policy/v1', 21, 99],
  ['policy/v1beta1', 5, 24],
  ['networking.k8s.io/v1', 8, 99],
  ['networking.k8s.io/v1beta1', 14, 21],
  ['extensions/v1beta1', 0, 21],
  ['rbac.authorization.k8s.io/v1', 8, 99],
  ['storage.k8s.io/v1', 6, 99],
  ['apiextensions.k8s.io/v1', 16, 99],
  ['admissionregistration.k8s.io/v1', 16, 99],
  ['apiregistration.k8s.io/v1', 10, 99],
  ['scheduling.k8s.io/v1', 14, 99],
  ['coordination.k8s.io/v1', 14, 99],
  ['discovery.k8s.io/v1', 21, 99],
  ['node.k8s.io/v1', 20, 99],
  ['certificates.k8s.io/v1', 19, 99],
  ['events.k8s.io/v1', 19, 99],
  ['flowcontrol.apiserver.k8s.io/v1', 29, 99],
];

/** The Helm release whose `helm template` the render stands for. */
export const HELM_VERSION = 'v3.19.0';

export function capabilities(clusterVersion: string): ValueMap {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(clusterVersion);
  const major = match ? Number(match[1]) : 1;
  const minor = match ? Number(match[2]) : 30;
  const version = `v${major}.${minor}.${match?.[3] ?? '0'}`;
  const served = GROUP_VERSIONS.filter(([, first, last]) => minor >= first && minor <= last).map(([gv]) => gv);
  const has = (name: unknown) => {
    const text = String(name ?? '');
    // "apps/v1/Deployment" names a kind of a group version: the group version decides.
    const gv =
      text.split('/').length === 3 || (text.startsWith('v1/') && text.split('/').length === 2)
        ? text.slice(0, text.lastIndexOf('/'))
        : text;
    return served.includes(gv);
  };
  const kube = newMap();
  Object.assign(kube, { Version: version, GitVersion: version, Major: String(major), Minor: String(minor) });
  const apiVersions = newMap();
  apiVersions.Has = has;
  const out = newMap();
  // Charts that check the Helm version (`semverCompare "<v3.9.0" .Capabilities.HelmVersion.Version`) see a current
  // Helm 3, as a user running `helm template` today would have.
  const helm = newMap();
  Object.assign(helm, { Version: HELM_VERSION, GitCommit: '', GitTreeState: 'clean', GoVersion: 'go1.24' });
  Object.assign(out, { KubeVersion: kube, APIVersions: apiVersions, HelmVersion: helm });
  return out;
}
