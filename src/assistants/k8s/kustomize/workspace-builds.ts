import type { AnalysisError } from '../../../core/finding';
import type { K8sObject, ParsedManifest } from '../manifest';
import type { GeneratorSources } from './generators';
import { KustomizeBuilder } from './build';
import type { BuildResult } from './build';
import { KUSTOMIZATION_FILE } from './kustomization';
import { claimNodes } from './resource';

/**
 * Every kustomize build of the workspace: one per root kustomization (one that no other includes, as
 * `kubectl apply -k <folder>` would be run on), and what that means for each file. A file a build reads as
 * resources is analysed through the built objects, never as written; a file used only as a patch, and a
 * kustomization, are not objects at all. Files no kustomization mentions stay plain manifests.
 */

export interface Build {
  result: BuildResult;
  /** The root kustomization's folder ('' for the workspace's top), naming the build in messages. */
  folder: string;
  objects: K8sObject[];
  /** For a Helm chart's render with its feature switches on: the values it set (manifest.ts `BuildInfo`). */
  condition?: string;
  /** A Helm chart's render rather than a kustomize build. */
  chart?: boolean;
}

export interface WorkspaceBuilds {
  builds: Build[];
  /** Files whose objects reach the graph only through builds (resources), or not at all (patches, kustomizations). */
  consumed: Set<string>;
  errorsByFile: Map<string, AnalysisError[]>;
}

const NO_SOURCES: GeneratorSources = { text: () => undefined };

export function buildWorkspace(
  manifests: readonly ParsedManifest[],
  sources: GeneratorSources = NO_SOURCES,
): WorkspaceBuilds {
  const consumed = new Set<string>();
  const errorsByFile = new Map<string, AnalysisError[]>();
  const kustomizationFiles = manifests.map((m) => m.file).filter((file) => KUSTOMIZATION_FILE.test(file));
  // Most workspaces have no kustomization: nothing to build, nothing to look up.
  if (kustomizationFiles.length === 0) return { builds: [], consumed, errorsByFile };
  const builder = new KustomizeBuilder({ manifests: new Map(manifests.map((m) => [m.file, m])), sources });
  const included = builder.included();
  const roots = kustomizationFiles.filter((file) => !included.has(file) && !builder.read(file)?.component);
  const builds: Build[] = [];
  const visited = new Set<string>();
  const run = (root: string) => {
    let result: BuildResult;
    try {
      result = builder.build(root);
    } catch (error) {
      // Hostile input (kustomizations nested past the stack, a value too large to read): this build is not
      // made, its files stay plain manifests, and the root kustomization says why.
      const message = `not built: ${error instanceof Error ? error.message : String(error)}`;
      errorsByFile.set(root, [...(errorsByFile.get(root) ?? []), { file: root, kind: 'unsupported', message }]);
      return;
    }
    for (const file of [...result.resourceFiles, ...result.patchFiles, ...result.kustomizations]) consumed.add(file);
    for (const file of result.kustomizations) visited.add(file);
    for (const error of result.errors) errorsByFile.set(error.file, [...(errorsByFile.get(error.file) ?? []), error]);
    builds.push({ result, folder: root.slice(0, root.lastIndexOf('/') + 1), objects: builtObjects(result) });
  };
  for (const root of roots) run(root);
  // Kustomizations only a cycle includes have no root above them: built on their own, so the cycle is reported.
  for (const file of kustomizationFiles)
    if (!visited.has(file) && !builder.read(file)?.component && included.has(file)) run(file);
  for (const file of kustomizationFiles) consumed.add(file);
  return { builds, consumed, errorsByFile };
}

function builtObjects(result: BuildResult): K8sObject[] {
  return result.resources.map((resource) => {
    const files = new Set<string>();
    // Every node of the built object learns its file: findings and fixes go only where a value was written.
    claimNodes(resource.root, resource.file, files);
    const namespace = resource.namespace;
    return {
      file: resource.file,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
      name: resource.name,
      namespace: namespace || 'default',
      declaredNamespace: namespace || undefined,
      root: resource.root,
      doc: resource.doc,
      documentIndex: resource.documentIndex,
      build: { kustomization: result.root, files, writtenName: resource.originalId().name },
    };
  });
}
