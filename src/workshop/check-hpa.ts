import { parseAllDocuments } from 'yaml';
import { factsProvider } from '../assistants/catalog';
import { formatNumber } from '../core/format';
import type { CheckInput } from './check-input';
import { engineFindings, exactFile } from './engine-findings';
import { HPA_MANIFEST_PATH } from './exercises';
import type { Criterion, Figure } from './result';

const MANIFESTS = /^k8s\/[^/]+\.ya?ml$/;
/** The HPA reviewer's rules saying an HPA does not (or cannot) scale the workload it names. */
const TARGET_RULES = [
  'hpa-target-missing',
  'hpa-target-wrong-kind',
  'hpa-target-not-scalable',
  'hpa-target-name-mismatch',
];

/** Exercise 3: the HPA reviewer's findings on k8s/ after the participant's fixes. */
export async function checkHpa(input: CheckInput): Promise<Criterion[]> {
  const { t } = input;
  const run = await engineFindings('k8s', input.workspace, MANIFESTS, input.settings?.k8s, input.signal);
  const inApi = run.findings.filter((f) => f.file === HPA_MANIFEST_PATH);
  const errors = run.errors.filter((e) => MANIFESTS.test(e.file));
  const errorHint = errors[0] ? t('{0} could not be analysed: {1}', errors[0].file, errors[0].message) : undefined;
  const criteria: Criterion[] = [];

  const replicas = inApi.find((f) => f.ruleId === 'workload-replicas-with-hpa');
  const found = await scaling(input);
  const unscaled = found?.unscaled;
  const scaled = unscaled !== undefined && unscaled.length === 0;
  criteria.push({
    id: 'no-replicas-under-hpa',
    passed: !replicas && scaled && !errorHint,
    label: t('{0}: no spec.replicas under the HPA', HPA_MANIFEST_PATH),
    hint: replicas
      ? t('The Deployment still sets spec.replicas, so every kubectl apply resets the API to that many pods.')
      : (errorHint ??
        (scaled
          ? t('The HPA alone decides how many API pods run.')
          : t('Remove only spec.replicas: the HPA must still scale the Deployment.'))),
    place: { file: HPA_MANIFEST_PATH, line: replicas?.range.start.line },
  });

  const lost = run.findings.find(
    (f) => TARGET_RULES.includes(f.ruleId) && (f.file === HPA_MANIFEST_PATH || found?.hpaFiles.has(f.file)),
  );
  criteria.push({
    id: 'hpa-scales-api',
    passed: !lost && scaled && !errorHint,
    label: t('An HPA still scales every Deployment of {0}', HPA_MANIFEST_PATH),
    hint: lost
      ? lost.message
      : (errorHint ??
        (scaled
          ? t('The HPA reviewer finds the HPA and the Deployment it scales.')
          : unscaled === undefined
            ? t('{0} is missing.', HPA_MANIFEST_PATH)
            : t(
                'No HorizontalPodAutoscaler scales {0} any more: keep the HPA and remove only spec.replicas.',
                unscaled.join(', '),
              ))),
    place: lost ? { file: lost.file, line: lost.range.start.line } : { file: HPA_MANIFEST_PATH },
    figures: await peakFigures(input),
  });

  const blind = run.findings.find((f) => f.ruleId === 'hpa-utilization-without-requests');
  criteria.push({
    id: 'utilization-measurable',
    passed: !blind && !errorHint,
    label: t('Every HPA can compute the utilisation it targets (CPU requests set)'),
    hint: blind
      ? t('{0}: {1}', blind.file, blind.message)
      : (errorHint ?? t('Every container an HPA measures requests what its utilisation is computed against.')),
    place: blind ? { file: blind.file, line: blind.range.start.line } : { file: 'k8s/web.yaml' },
  });
  return criteria;
}

const GIB = 2 ** 30;

/**
 * What the peak asks for and costs, as the HPA reviewer estimates it (its peak-cost facts: requests × replicas at
 * the top of each range × the prices of scalingAssistant.k8s.prices): the API's Deployment at its maxReplicas, and
 * every workload of k8s/ at its top. Figures for the report, not a criterion: an estimate passes nothing.
 */
async function peakFigures(input: CheckInput): Promise<Figure[] | undefined> {
  const { t } = input;
  const provider = await factsProvider('peak-cost');
  const peak = await provider.peakCost(input.workspace, input.settings?.k8s);
  if (peak.workloads.length === 0) return undefined;
  const figures: Figure[] = [];
  for (const w of peak.workloads.filter((w) => w.file === HPA_MANIFEST_PATH && w.kind === 'Deployment')) {
    const requested = [
      w.podCpu !== undefined ? t('{0} vCPU', formatNumber(w.podCpu * w.replicas)) : undefined,
      w.podMemory !== undefined ? t('{0} GiB', formatNumber((w.podMemory * w.replicas) / GIB)) : undefined,
    ].filter((part) => part !== undefined);
    figures.push({
      label: w.autoscaled
        ? t('{0} at maxReplicas {1}', w.name, w.replicas)
        : t('{0} at {1} replicas (no HPA)', w.name, w.replicas),
      value: t('{0} requested, about {1} a month (estimate)', requested.join(' + '), w.monthlyText),
    });
  }
  figures.push({
    label: t('Peak cost of {0} workloads (estimate)', peak.workloads.length),
    value: t('about {0} a month, from requests × {1}', peak.monthlyText, peak.prices),
  });
  if (peak.partial.length > 0)
    figures.push({ label: t('Counted in part (a request missing)'), value: peak.partial.join(', ') });
  if (peak.uncounted.length > 0)
    figures.push({
      label: t('Not in the peak cost (no requests, or one pod per node)'),
      value: peak.uncounted.join(', '),
    });
  return figures;
}

/**
 * Deployments of the manifest that no HPA under k8s/ scales, or undefined when the manifest is missing. Read
 * structurally so that the HPA may live in another file: deleting the HPA would silence the replicas rule too.
 */
async function scaling(input: CheckInput): Promise<{ unscaled: string[]; hpaFiles: Set<string> } | undefined> {
  const [manifest] = await input.workspace.files(exactFile(HPA_MANIFEST_PATH));
  const text = await manifest?.read();
  if (text === undefined) return undefined;
  const deployments = objectsIn(text).filter((o) => o.kind === 'Deployment');
  const targets = new Map<string, string>();
  for (const file of await input.workspace.files(MANIFESTS)) {
    for (const o of objectsIn((await file.read()) ?? '')) {
      const ref = (o.spec as { scaleTargetRef?: { kind?: unknown; name?: unknown } } | undefined)?.scaleTargetRef;
      if (o.kind === 'HorizontalPodAutoscaler' && ref?.kind === 'Deployment') targets.set(String(ref.name), file.file);
    }
  }
  const names = deployments.map((d) => String(d.metadata?.name));
  const hpaFiles = new Set(names.flatMap((name) => targets.get(name) ?? []));
  return { unscaled: names.filter((name) => !targets.has(name)), hpaFiles };
}

interface ManifestObject {
  kind?: unknown;
  metadata?: { name?: unknown };
  spec?: unknown;
}

function objectsIn(text: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) continue;
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (typeof value === 'object' && value !== null) out.push(value as ManifestObject);
  }
  return out;
}
