import type { Finding } from '../../../core/finding';

/**
 * How findings on a file several kustomize builds read are reported. A base that three overlays build is
 * checked in each build (its HPA may have another target, its workload other replicas in each), but a
 * finding on one of its fields is shown once: findings of the same rule on the same range are one, and the
 * message names the builds it holds in ("(in the kustomize builds of overlays/prod, overlays/staging)"). The
 * words are the first build's; where another build's differ (its objects carry another prefix, its counts
 * are others) the message says whose they are. A build where the finding does not hold is not named. A file
 * only one build reads keeps its messages as they are.
 *
 * A Helm chart rendered a second time with its switches on (`condition`) adds only the findings its default render
 * does not make, each saying when it holds ("(when `autoscaling.enabled: true`)").
 */

export interface BuildFindings {
  /** The build's root folder; undefined for a plain manifest. */
  folder?: string;
  /** The values a chart's switched render set; undefined for every other build. */
  condition?: string;
  findings: Finding[];
}

export function mergeBuildFindings(file: string, groups: readonly BuildFindings[]): Finding[] {
  const unswitched = groups.filter((g) => g.condition === undefined);
  const merged = mergeUnswitched(file, unswitched);
  const made = new Set(unswitched.flatMap((g) => g.findings.map(findingKey)));
  for (const group of groups)
    for (const finding of group.condition === undefined ? [] : group.findings) {
      const key = findingKey(finding);
      if (made.has(key)) continue;
      made.add(key);
      merged.push({ ...finding, message: `${finding.message} (when ${group.condition})` });
    }
  return merged;
}

function findingKey(finding: Finding): string {
  const { start, end } = finding.range;
  return `${finding.ruleId}\u0000${start.line}:${start.character}-${end.line}:${end.character}`;
}

function mergeUnswitched(file: string, groups: readonly BuildFindings[]): Finding[] {
  if (groups.length <= 1) return groups.flatMap((g) => g.findings);
  const labels = buildLabels(
    file,
    groups.map((g) => g.folder ?? ''),
  );
  const merged = new Map<string, { finding: Finding; builds: string[]; same: boolean }>();
  groups.forEach((group, index) => {
    for (const finding of group.findings) {
      const key = findingKey(finding);
      const entry = merged.get(key);
      if (!entry) merged.set(key, { finding, builds: [labels[index]], same: true });
      else {
        if (!entry.builds.includes(labels[index])) entry.builds.push(labels[index]);
        if (finding.message !== entry.finding.message) entry.same = false;
      }
    }
  });
  return [...merged.values()].map(({ finding, builds, same }) => {
    const whose = same ? '' : `; as built by ${builds[0]}`;
    return {
      ...finding,
      message: `${finding.message} (in the kustomize build${builds.length > 1 ? 's' : ''} of ${builds.join(', ')}${whose})`,
    };
  });
}

/**
 * The builds' root folders, without the folders they share with the analysed file: `overlays/prod` rather
 * than the whole path (or URI). A build rooted at the shared folder itself is named by that folder's name
 * (`kustomize`, beside `kustomize/tests/all-components`).
 */
function buildLabels(file: string, folders: readonly string[]): string[] {
  const up = (folder: string) => {
    const cut = folder.slice(0, -1).lastIndexOf('/');
    return cut >= 0 ? folder.slice(0, cut + 1) : '';
  };
  let common = file.slice(0, file.lastIndexOf('/') + 1);
  for (const folder of folders) while (common && !folder.startsWith(common)) common = up(common);
  if (common && folders.includes(common)) common = up(common);
  return folders.map((folder) => folder.slice(common.length).replace(/\/$/, '') || '.');
}
