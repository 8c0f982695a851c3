import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import type { DocumentAnalysis } from '../../../src/core/pipeline';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';

/**
 * Small helpers for the availability rules' unit tests (readiness, probes, PDBs, rollouts, images,
 * spread): analyse a text alone or with other files, with optional HPA reviewer settings.
 */

export async function analyzeK8s(
  text: string,
  options: { file?: string; others?: Record<string, string>; settings?: Record<string, unknown> } = {},
): Promise<DocumentAnalysis> {
  const file = options.file ?? 'k8s/app.yaml';
  const workspace = options.others ? memoryWorkspace({ ...options.others, [file]: text }) : undefined;
  return analyzeDocument(k8sAssistant, { file, text }, DEFAULT_CONFIG, undefined, {
    workspace,
    settings: options.settings,
  });
}

export function only(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** A Deployment `name` with app=name labels; `spec` lines are inserted under `spec:` (2-space indented). */
export function deployment(name: string, specLines: string[] = [], podSpecLines: string[] = []): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...specLines.map((l) => `  ${l}`),
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:',
    `      labels: {app: ${name}}`,
    '    spec:',
    ...podSpecLines.map((l) => `      ${l}`),
    '      containers:',
    `        - name: ${name}`,
    `          image: shop/${name}:1.0.0`,
    '',
  ].join('\n');
}

export function hpa(target: string, minReplicas?: number, kind = 'Deployment'): string {
  return [
    '---',
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${target}`,
    'spec:',
    `  scaleTargetRef: {apiVersion: apps/v1, kind: ${kind}, name: ${target}}`,
    ...(minReplicas === undefined ? [] : [`  minReplicas: ${minReplicas}`]),
    '  maxReplicas: 20',
    '',
  ].join('\n');
}

export function pdb(name: string, fields: string[], selectorApp = name, apiVersion = 'policy/v1'): string {
  return [
    '---',
    `apiVersion: ${apiVersion}`,
    'kind: PodDisruptionBudget',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...fields.map((l) => `  ${l}`),
    `  selector: {matchLabels: {app: ${selectorApp}}}`,
    '',
  ].join('\n');
}
