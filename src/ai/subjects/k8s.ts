import { defineSubject } from './schema';
import type { SubjectSpec } from './types';

const categories = [
  'autoscaling',
  'resources',
  'availability',
  'probes',
  'rollout',
  'metrics',
  'capacity',
  'api-version',
  'other',
];

/** The HPA reviewer's deep review: findings may cite YAML paths, resolved on the manifest's own AST. */
export const k8sSubject: SubjectSpec = defineSubject({
  subject: 'k8s',
  displayName: 'HPA reviewer',
  toolName: 'report_manifest_review',
  toolDescription:
    'Report the Kubernetes manifest review: findings on cited lines or YAML paths, optional line replacements, and a short summary.',
  facts: {
    objectGraph:
      'the workload objects our engine resolved across the workspace (HPA → target, PDBs, Services) and what it computed (effective scaling behaviour)',
    clusterVersion: 'the Kubernetes version of the target cluster',
  },
  categories,
  paths: true,
  edits: true,
  summary: 'Two to five sentences of Markdown: how this workload behaves under load and what to change first.',
});
