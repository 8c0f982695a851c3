import type { K8sRule } from '../rule';
import { readWorkload } from '../workload';
import { stringAt } from '../yaml-nodes';

/**
 * Container images (app, init and sidecar containers) tagged `:latest` or not tagged at all (which
 * means latest), with no `@sha256:` digest. Images are read as kustomize builds them: an `images:` entry that
 * sets a tag or digest leaves nothing to report, and one that sets `latest` is reported on its own line.
 */
export const imageTagLatest: K8sRule = {
  id: 'image-tag-latest',
  assistant: 'k8s',
  title: 'Container image uses :latest or no tag',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Pin image versions in {count} container(s)',
    baseHours: 2,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Tag images in CI with a version or the commit SHA and let the pipeline write the tag; roll out once to confirm every node pulls it.',
    skills: ['Kubernetes', 'Containers', 'CI/CD'],
  },
  docs: `
## Why it matters

\`latest\` is not a version: it is whatever the registry points it at when a node pulls. Every pod
created later — an HPA scale-up, a pod rescheduled after a node drain, a replacement after a crash —
may run different code than the pods beside it, and a rollback has no earlier version to return to. An
image without a tag means \`latest\`. \`imagePullPolicy\` defaults to \`Always\` for \`latest\`, so every new
pod also waits for a registry pull (and fails to start when the registry is down); with an explicit
\`IfNotPresent\`, each node keeps whichever \`latest\` it pulled first, and pods on different nodes run
different builds.

Reported for app, init and sidecar containers of workloads, unless the image is pinned by digest
(\`@sha256:…\`). Images are read as kustomize builds them: a kustomization's \`images:\` entry that
sets a tag or digest for the manifest leaves nothing to report, and an entry that sets \`latest\` is
reported on that entry.

## How to fix it

Deploy an immutable tag (a version or the commit SHA) or a digest, set by your build pipeline. No quick
fix: only your pipeline knows the tag.

## When to ignore it

Local development clusters where you rebuild and reload images on purpose.
`,
  check({ manifest, report, rangeOfNode }) {
    for (const object of manifest.objects) {
      const template = readWorkload(object)?.template;
      if (!template) continue;
      for (const container of [...template.initContainers, ...template.sidecars, ...template.containers]) {
        const image = container.image;
        const valueNode = container.imagePair?.value;
        if (!image || !valueNode) continue;
        const parsed = parseImage(image);
        if (!parsed || parsed.digest || (parsed.tag !== undefined && parsed.tag !== 'latest')) continue;
        const range = rangeOfNode(object, valueNode);
        if (!range) continue;
        const policy = stringAt(container.node, ['imagePullPolicy'], object.doc);
        const what =
          parsed.tag === undefined
            ? `image "${image}" has no tag, which means :latest`
            : `image "${image}" uses the tag latest`;
        const pull =
          policy === 'IfNotPresent'
            ? 'With imagePullPolicy IfNotPresent, each node keeps whichever latest it pulled first, so pods on different nodes run different builds.'
            : policy === 'Never'
              ? 'With imagePullPolicy Never, each node runs whatever latest it was given, if any.'
              : policy === 'Always'
                ? 'With imagePullPolicy Always, every new pod also waits on the registry.'
                : 'imagePullPolicy defaults to Always for latest, so every new pod also waits on the registry.';
        report({
          range,
          message:
            `${container.role === 'container' ? 'Container' : container.role === 'init' ? 'Init container' : 'Sidecar container'} ${container.name} of ${object.kind} ${object.name}: ${what}. ` +
            'Every scale-up or rescheduled pod pulls whatever latest is at that moment, so new replicas may run different code than the old ones, ' +
            `and a rollback has no version to return to. ${pull} Pin a version tag or a digest.`,
        });
      }
    }
  },
};

interface ImageRef {
  /** Repository without tag or digest: what a kustomization `images[].name` matches. */
  name: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry:5000/repo/name:tag@sha256:…`; undefined for values that are not plain references. */
export function parseImage(image: string): ImageRef | undefined {
  const text = image.trim();
  // Placeholders substituted later (envsubst, Helm values rendered elsewhere): not an image yet.
  if (text === '' || /[\s${}]/.test(text)) return undefined;
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const ref = at >= 0 ? text.slice(0, at) : text;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  const tag = colon > slash ? ref.slice(colon + 1) : undefined;
  const name = colon > slash ? ref.slice(0, colon) : ref;
  return { name, tag: tag === '' ? undefined : tag, digest: digest || undefined };
}
