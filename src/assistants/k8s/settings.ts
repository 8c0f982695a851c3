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
  /** What requests cost, for the estimates of what scaling costs (cost.ts). */
  prices: Prices;
  /**
   * Values files Helm charts render with, in `helm -f` order (the last wins), as workspace paths: each applies to
   * the chart whose folder holds it, one outside every chart to every chart.
   */
  helmValuesFiles: string[];
}

/** Prices per hour of requested resources. */
export interface Prices {
  /** One vCPU (a CPU request of 1) for an hour. */
  cpuHour: number;
  /** One GiB of memory request for an hour. */
  memoryGiBHour: number;
  /** ISO 4217 code; the readiness assessment's monthly budget is read in the same currency. */
  currency: string;
  /** The example defaults rather than prices the user set: every estimate says so. */
  example: boolean;
  /** Why the user's prices were not used, when they were set but not valid. */
  problem?: string;
}

/**
 * Example prices, not a recommendation: AWS Fargate's on-demand list prices for Linux/x86 pods in US East
 * (N. Virginia), as published in June 2026 (per vCPU-hour and per GB-hour of memory, Fargate's GB being the
 * binary unit its pod sizes use). Fargate bills a pod by its requests, which is what the estimates multiply.
 */
export const EXAMPLE_PRICES: Prices = { cpuHour: 0.04048, memoryGiBHour: 0.004445, currency: 'USD', example: true };

/** Where the example prices come from, for every estimate made with them. */
export const EXAMPLE_PRICES_SOURCE =
  'example prices: AWS Fargate on-demand list prices, Linux/x86, US East (N. Virginia), June 2026';

export const DEFAULT_K8S_SETTINGS: K8sSettings = {
  clusterVersion: '1.30',
  defaultCpuRequest: '100m',
  defaultMemoryRequest: '128Mi',
  prices: EXAMPLE_PRICES,
  helmValuesFiles: [],
};

type TextKey = Exclude<keyof K8sSettings, 'prices' | 'helmValuesFiles'>;

export function k8sSettings(raw: Readonly<Record<string, unknown>> | undefined): K8sSettings {
  const pick = (key: TextKey, valid: RegExp): string => {
    const value = raw?.[key];
    return typeof value === 'string' && valid.test(value.trim()) ? value.trim() : DEFAULT_K8S_SETTINGS[key];
  };
  return {
    clusterVersion: pick('clusterVersion', /^v?1\.\d+(\.\d+)?$/),
    defaultCpuRequest: pick('defaultCpuRequest', /^\d+(\.\d+)?m?$/),
    defaultMemoryRequest: pick('defaultMemoryRequest', /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/),
    prices: readPrices(raw?.prices),
    helmValuesFiles: readPaths(raw?.helmValuesFiles),
  };
}

/** Workspace paths as written (`./` and backslashes dropped), in order, each once; anything but a string ignored. */
function readPaths(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const paths = raw
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) =>
      p
        .trim()
        .replace(/\\/g, '/')
        .replace(/^(\.\/)+/, ''),
    );
  return [...new Set(paths)];
}

/**
 * `{cpuHour, memoryGiBHour, currency?}`: both prices finite and ≥ 0, the currency three capital letters (USD
 * when absent). Anything else falls back to the example prices and says why. The example values themselves
 * (the editor passes the setting's default) stay labelled as examples.
 */
export function readPrices(raw: unknown): Prices {
  if (raw === undefined || raw === null) return EXAMPLE_PRICES;
  const value = typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const price = (key: string) => {
    const n = value?.[key];
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const cpuHour = price('cpuHour');
  const memoryGiBHour = price('memoryGiBHour');
  const currency = value?.currency === undefined ? 'USD' : value.currency;
  if (
    cpuHour === undefined ||
    memoryGiBHour === undefined ||
    typeof currency !== 'string' ||
    !/^[A-Z]{3}$/.test(currency)
  )
    return {
      ...EXAMPLE_PRICES,
      problem:
        'scalingAssistant.k8s.prices needs cpuHour and memoryGiBHour as numbers ≥ 0 and currency as a three-letter code',
    };
  const example =
    cpuHour === EXAMPLE_PRICES.cpuHour &&
    memoryGiBHour === EXAMPLE_PRICES.memoryGiBHour &&
    currency === EXAMPLE_PRICES.currency;
  return { cpuHour, memoryGiBHour, currency, example };
}

/** Minor version number of a "1.30" / "v1.30.2" string. */
export function minorVersion(version: string): number {
  return Number(/^v?1\.(\d+)/.exec(version)?.[1] ?? 0);
}
