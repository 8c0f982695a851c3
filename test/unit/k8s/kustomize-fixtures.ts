import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseManifest } from '../../../src/assistants/k8s/manifest';
import type { ParsedManifest } from '../../../src/assistants/k8s/manifest';
import type { Build } from '../../../src/assistants/k8s/kustomize/workspace-builds';
import { buildWorkspace } from '../../../src/assistants/k8s/kustomize/workspace-builds';
import { toPlain } from '../../../src/assistants/k8s/kustomize/tree';

/**
 * Kustomize fixtures: test/fixtures/k8s-kustomize/<case>/ holds a small workspace (bases, overlays, components,
 * patches) and `expected/*.yaml`, each the output of one `kustomize build <folder>` written by hand from
 * kustomize's documented semantics; its first comment names the folder ("`kustomize build overlays/prod`").
 */

export const KUSTOMIZE_FIXTURES = path.resolve(__dirname, '../../fixtures/k8s-kustomize');

export interface Expected {
  /** The folder built, relative to the case. */
  folder: string;
  file: string;
  objects: unknown[];
}

export interface KustomizeCase {
  name: string;
  dir: string;
  /** The workspace's files by path relative to the case folder (expected outputs excluded). */
  texts: Map<string, string>;
  expected: Expected[];
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

export function kustomizeCases(): KustomizeCase[] {
  return fs
    .readdirSync(KUSTOMIZE_FIXTURES)
    .sort()
    .map((name) => {
      const dir = path.join(KUSTOMIZE_FIXTURES, name);
      const texts = new Map<string, string>();
      const expected: Expected[] = [];
      for (const file of walk(dir)) {
        const rel = path.relative(dir, file).split(path.sep).join('/');
        const text = fs.readFileSync(file, 'utf8');
        if (!rel.startsWith('expected/')) {
          texts.set(rel, text);
          continue;
        }
        const folder = /`kustomize build ([^`\s]+)`/.exec(text)?.[1];
        if (!folder)
          throw new Error(`${rel}: the first comment must name the folder built (\`kustomize build <folder>\`)`);
        expected.push({ folder, file: rel, objects: plainDocuments(text) });
      }
      return { name, dir, texts, expected };
    });
}

/** Every object of a multi-document YAML text, as plain data. */
export function plainDocuments(text: string): unknown[] {
  const docs = parseAllDocuments(text);
  return (Array.isArray(docs) ? docs : [])
    .map((doc) => doc.toJS())
    .filter((value) => value && typeof value === 'object');
}

export function manifestsOf(kase: KustomizeCase): ParsedManifest[] {
  return [...kase.texts]
    .filter(([file]) => /\.(ya?ml|json)$|(^|\/)Kustomization$/.test(file))
    .map(([file, text]) => parseManifest(file, text));
}

export function buildCase(kase: KustomizeCase): Build[] {
  return buildWorkspace(manifestsOf(kase), { text: (file) => kase.texts.get(file) }).builds;
}

/** A build's objects as plain data. */
export function plainObjects(build: Build): unknown[] {
  return build.objects.map((object) => toPlain(object.root, object.doc));
}

/** Objects sorted by kind, namespace and name: kustomize orders its output its own way, which is not compared. */
export function sortObjects(objects: readonly unknown[]): unknown[] {
  const keyOf = (o: unknown) => {
    const value = o as { kind?: string; metadata?: { name?: string; namespace?: string } };
    return `${value.kind}/${value.metadata?.namespace ?? ''}/${value.metadata?.name ?? ''}`;
  };
  return [...objects].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
