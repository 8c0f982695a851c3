/**
 * Settings of the HPA reviewer (`scalingAssistant.k8s.*` in the editor, flags in the CLI), validated
 * here so every caller gets the same defaults.
 */
export interface K8sSettings {
  /** Kubernetes minor version of the target cluster, e.g. "1.30"; decides which fields are supported. */
  clusterVersion: string;
  /** Requests a fix inserts when a container has none and no limit to copy from (marked for review). */
  defaultCpuRequest: string;
  defaultMemoryRequest: string;
}

export const DEFAULT_K8S_SETTINGS: K8sSettings = {
  clusterVersion: '1.30',
  defaultCpuRequest: '100m',
  defaultMemoryRequest: '128Mi',
};

export function k8sSettings(raw: Readonly<Record<string, unknown>> | undefined): K8sSettings {
  const pick = (key: keyof K8sSettings, valid: RegExp): string => {
    const value = raw?.[key];
    return typeof value === 'string' && valid.test(value.trim()) ? value.trim() : DEFAULT_K8S_SETTINGS[key];
  };
  return {
    clusterVersion: pick('clusterVersion', /^v?1\.\d+(\.\d+)?$/),
    defaultCpuRequest: pick('defaultCpuRequest', /^\d+(\.\d+)?m?$/),
    defaultMemoryRequest: pick('defaultMemoryRequest', /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/),
  };
}

/** Minor version number of a "1.30" / "v1.30.2" string. */
export function minorVersion(version: string): number {
  return Number(/^v?1\.(\d+)/.exec(version)?.[1] ?? 0);
}
