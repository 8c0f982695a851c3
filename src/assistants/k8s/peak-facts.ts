import type { PeakCostFacts, PeakCostProvider } from '../../core/facts';
import type { Workspace } from '../../core/workspace';
import { formatMoney, peakCost, pricesText } from './cost';
import { K8S_FILE_PATTERN, ManifestCache } from './manifest-cache';
import { k8sSettings } from './settings';
import { describe } from './workload';

/**
 * The HPA reviewer's estimate of the peak, for other parts of the extension (the workshop's report): the same
 * sum the `hpa-peak-over-budget` rule and the HPA hover make, every workload of the workspace at the top of its
 * replica range, with each workload's share. A cache of its own: asking does not disturb the editor's engine.
 */
async function workspacePeakCost(
  workspace: Workspace,
  rawSettings?: Readonly<Record<string, unknown>>,
): Promise<PeakCostFacts> {
  const cache = new ManifestCache();
  const files = await workspace.files(K8S_FILE_PATTERN);
  cache.setFiles(files);
  const { manifests, complete } = await cache.load(files, '');
  await cache.loadSources(workspace, manifests);
  const graph = cache.graph(manifests, complete);
  const { prices } = k8sSettings(rawSettings);
  const peak = peakCost(graph, prices);
  return {
    workloads: peak.costs.map((cost) => ({
      file: cost.workload.object.file,
      kind: cost.workload.object.kind,
      name: cost.workload.object.name,
      namespace: cost.workload.object.namespace,
      replicas: cost.range.max,
      autoscaled: cost.range.autoscaled,
      podCpu: cost.pod.cpu,
      podMemory: cost.pod.memory,
      monthly: cost.atMax,
      monthlyText: formatMoney(cost.atMax, prices.currency),
    })),
    monthly: peak.monthly,
    monthlyText: formatMoney(peak.monthly, prices.currency),
    currency: prices.currency,
    prices: pricesText(prices),
    uncounted: [...peak.uncounted, ...peak.perNode].map((w) => describe(w.object)),
    partial: peak.partial.map((w) => describe(w.object)),
    errors: manifests.flatMap((m) => m.errors),
  };
}

export const peakCostProvider: PeakCostProvider = { files: K8S_FILE_PATTERN, peakCost: workspacePeakCost };
