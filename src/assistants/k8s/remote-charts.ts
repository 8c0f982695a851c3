import type { AnalysisError } from '../../core/finding';
import type { ParsedManifest } from './manifest';
import { pairAt, pairRange, stringAt } from './yaml-nodes';

/**
 * GitOps objects that install a Helm chart from a repository (a Flux `HelmRelease`, an Argo CD `Application` with a
 * `chart`): what they deploy is not in the workspace, so it is not reviewed. Said once per object, on its `chart`
 * line, so a repository of HelmReleases that yields no finding is not taken for a reviewed one.
 */
export function remoteChartNotices(manifest: ParsedManifest): AnalysisError[] {
  const out: AnalysisError[] = [];
  for (const object of manifest.objects) {
    if (object.build) continue;
    const { root, doc } = object;
    let chart: string | undefined;
    let path: string[] | undefined;
    if (object.kind === 'HelmRelease' && object.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) {
      const sourceKind = stringAt(root, ['spec', 'chart', 'spec', 'sourceRef', 'kind'], doc);
      // A chart in a GitRepository may be in this workspace; a HelmRepository's or OCIRepository's is not.
      if (sourceKind !== 'HelmRepository' && stringAt(root, ['spec', 'chartRef', 'kind'], doc) !== 'OCIRepository')
        continue;
      chart =
        stringAt(root, ['spec', 'chart', 'spec', 'chart'], doc) ?? stringAt(root, ['spec', 'chartRef', 'name'], doc);
      path = sourceKind ? ['spec', 'chart', 'spec', 'chart'] : ['spec', 'chartRef'];
    } else if (object.kind === 'Application' && object.apiVersion.startsWith('argoproj.io/')) {
      chart = stringAt(root, ['spec', 'source', 'chart'], doc);
      path = ['spec', 'source', 'chart'];
    }
    if (chart === undefined || path === undefined) continue;
    const pair = pairAt(root, path, doc);
    const range = pair ? pairRange(pair, manifest.lines) : undefined;
    out.push({
      file: manifest.file,
      kind: 'partial',
      message: `${object.kind} ${object.name} installs Helm chart ${chart} from a chart repository: what it deploys is not in the workspace and is not reviewed (render it with its values, helm template, and review the output)`,
      ...(range ? { range } : {}),
    });
  }
  return out;
}
