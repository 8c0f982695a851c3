import { parseAllDocuments, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Scalar, YAMLMap } from 'yaml';
import type { AnalysisError } from '../../../core/finding';
import type { ParsedManifest } from '../manifest';
import { setOrigin } from '../node-origin';
import { resolveRelative } from '../paths';
import { deref, findPair, scalarText } from '../yaml-nodes';
import type { GeneratorSources } from './generators';
import { contentHash, generate, mergeGenerated } from './generators';
import { applyOperations } from './json-patch';
import type { Entry, Kustomization, PatchEntry } from './kustomization';
import { KUSTOMIZATION_FILE, isOperationList, readKustomization, readPairTransformer } from './kustomization';
import { KUBERNETES_API_GROUPS } from '../api-groups';
import { fixNameReferences } from './name-references';
import { BuildResource } from './resource';
import { selectById, selectTargets } from './select';
import { strategicMerge } from './strategic-merge';
import {
  addPrefixSuffix,
  applyAnnotations,
  applyImages,
  applyLabels,
  applyPairTransformer,
  applyReplicas,
  setNamespace,
} from './transformers';
import { getIn, syntheticScalar, updateIn, withPair, withoutKey } from './tree';

/**
 * `kustomize build` (what `kubectl apply -k` applies) in memory, over the workspace's parsed files: resources
 * (files and folders, recursively), generators, components, then the transformers in kustomize's order —
 * strategic-merge patches, `patches`, namespace, name prefix and suffix, labels, annotations, JSON 6902
 * patches, replicas, images, then the `transformers:` files of builtin label and annotation transformers — and,
 * for the whole build, generated names' hashes and the references that follow renamed objects. Cycles are refused. What kustomize would refuse, or what this build cannot apply
 * (remote bases, Helm charts, plugins), is an error on the kustomization line at fault; the build goes on
 * with the rest and says it is incomplete, so checks that conclude from an absence hold back.
 */

export interface BuildInputs {
  manifests: ReadonlyMap<string, ParsedManifest>;
  sources: GeneratorSources;
}

export interface BuildResult {
  /** The kustomization built (a root: no other kustomization includes it). */
  root: string;
  resources: BuildResource[];
  errors: AnalysisError[];
  /** Why the result may lack objects kustomize would produce. */
  incomplete: string[];
  /** Files read as resources, used as patches or transformer configurations, and the kustomizations the build went through. */
  resourceFiles: Set<string>;
  patchFiles: Set<string>;
  kustomizations: Set<string>;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|git::|(?:github|gitlab|bitbucket)\.(?:com|org)\/)|\?ref=/i;
const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Real trees nest bases and components a few levels deep; a chain past this is refused, not recursed. */
const MAX_NESTING = 50;

export class KustomizeBuilder {
  private readonly kustomizations = new Map<string, Kustomization | null>();

  constructor(private readonly inputs: BuildInputs) {}

  /** The kustomization file of a folder (ending in '/'), if the workspace has one. */
  kustomizationIn(folder: string): string | undefined {
    return KUSTOMIZATION_NAMES.map((name) => folder + name).find((file) => this.inputs.manifests.has(file));
  }

  read(file: string): Kustomization | undefined {
    let cached = this.kustomizations.get(file);
    if (cached === undefined) {
      const doc = this.inputs.manifests.get(file)?.documents[0];
      cached = (doc && readKustomization(file, doc)) ?? null;
      this.kustomizations.set(file, cached);
    }
    return cached ?? undefined;
  }

  /** Kustomization files another kustomization includes (as a resource, base or component). */
  included(): Set<string> {
    const out = new Set<string>();
    for (const file of this.inputs.manifests.keys()) {
      if (!KUSTOMIZATION_FILE.test(file)) continue;
      const k = this.read(file);
      if (!k) continue;
      for (const entry of [...k.resources, ...k.components]) {
        if (REMOTE.test(entry.value)) continue;
        const path = resolveRelative(k.folder, entry.value);
        if (this.inputs.manifests.has(path)) continue;
        const inner = this.kustomizationIn(`${path}/`);
        if (inner) out.add(inner);
      }
    }
    return out;
  }

  build(root: string): BuildResult {
    const run = new BuildRun(this, this.inputs, root);
    return run.result();
  }
}

class BuildRun {
  private readonly errors: AnalysisError[] = [];
  private readonly incomplete: string[] = [];
  private readonly resourceFiles = new Set<string>();
  private readonly patchFiles = new Set<string>();
  private readonly visited = new Set<string>();
  private readonly missingSources: { k: Kustomization; resource: BuildResource; missing: string[] }[] = [];

  constructor(
    private readonly builder: KustomizeBuilder,
    private readonly inputs: BuildInputs,
    private readonly root: string,
  ) {}

  result(): BuildResult {
    let resources: BuildResource[] = [];
    const k = this.builder.read(this.root);
    if (!k) {
      this.fail(this.root, undefined, 'parse', 'kustomize build would fail: this kustomization is not a YAML map');
    } else {
      resources = this.accumulate(k, [], []);
      this.hashNames(resources);
      fixNameReferences(resources);
    }
    return {
      root: this.root,
      resources,
      errors: this.errors,
      incomplete: this.incomplete,
      resourceFiles: this.resourceFiles,
      patchFiles: this.patchFiles,
      kustomizations: this.visited,
    };
  }

  private fail(file: string, node: unknown, kind: AnalysisError['kind'], message: string): void {
    const lines = this.inputs.manifests.get(file)?.lines;
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    this.errors.push({ file, kind, message, ...(lines && range ? { range: lines.rangeOf(range[0], range[1]) } : {}) });
  }

  private unsupported(k: Kustomization, node: unknown, what: string): void {
    this.fail(
      k.file,
      node,
      'unsupported',
      `not applied: ${what}; checks that conclude from an absence hold back for this build`,
    );
    this.incomplete.push(`the kustomize build of ${this.root} does not apply ${what}`);
  }

  /** The resources of kustomization `k` on top of `ra` (empty, or a parent's for a component). */
  private accumulate(k: Kustomization, stack: readonly string[], ra: BuildResource[]): BuildResource[] {
    if (stack.length >= MAX_NESTING) {
      this.fail(
        stack[stack.length - 1],
        undefined,
        'unsupported',
        `not built: kustomizations nested more than ${MAX_NESTING} deep`,
      );
      this.incomplete.push(`the kustomize build of ${this.root} nests kustomizations more than ${MAX_NESTING} deep`);
      return ra;
    }
    if (stack.includes(k.file)) {
      this.fail(
        stack[stack.length - 1],
        undefined,
        'parse',
        `kustomize build would fail: ${k.file} includes itself (a cycle)`,
      );
      return ra;
    }
    this.visited.add(k.file);
    const inner = [...stack, k.file];
    let resources = ra;
    for (const entry of k.resources) resources = this.addResource(k, entry, inner, resources);
    for (const generator of k.generators) resources = this.runGenerator(k, generator, resources);
    for (const entry of k.components) {
      const component = this.folderKustomization(k, entry);
      if (component) resources = this.accumulate(component, inner, resources);
    }
    for (const pair of k.unsupported) this.unsupported(k, pair.key, `${scalarText(pair.key)} (not built here)`);
    for (const patch of k.patches.filter((p) => p.field !== 'patchesJson6902'))
      resources = this.applyPatch(k, patch, resources);
    setNamespace(resources, k);
    addPrefixSuffix(resources, k, 'prefix');
    addPrefixSuffix(resources, k, 'suffix');
    applyLabels(resources, k);
    applyAnnotations(resources, k);
    for (const patch of k.patches.filter((p) => p.field === 'patchesJson6902'))
      resources = this.applyPatch(k, patch, resources);
    applyReplicas(resources, k.replicas, k);
    applyImages(resources, k.images, k);
    // kustomize runs the `transformers:` entries after the kustomization's own fields.
    for (const entry of k.transformers) this.applyTransformers(k, entry, resources);
    return resources;
  }

  /**
   * A `transformers:` entry: a file of builtin label and annotation transformers is applied; anything else (a
   * folder, a plugin, another builtin) is not, and the build says so. The file is configuration, never objects.
   */
  private applyTransformers(k: Kustomization, entry: Entry, resources: readonly BuildResource[]): void {
    const file = resolveRelative(k.folder, entry.value);
    const manifest = REMOTE.test(entry.value) ? undefined : this.inputs.manifests.get(file);
    if (manifest) this.patchFiles.add(file);
    const transformers = manifest?.documents.map(readPairTransformer) ?? [];
    if (transformers.length === 0 || transformers.some((t) => t === undefined)) {
      this.unsupported(k, entry.node, `transformer ${entry.value} (not built here)`);
      return;
    }
    for (const transformer of transformers) if (transformer) applyPairTransformer(resources, transformer, file);
  }

  /** The kustomization of a folder entry, or an error on the entry. */
  private folderKustomization(k: Kustomization, entry: Entry): Kustomization | undefined {
    if (REMOTE.test(entry.value)) {
      this.unsupported(k, entry.node, `the remote ${entry.value} (not fetched)`);
      return undefined;
    }
    const folder = `${resolveRelative(k.folder, entry.value)}/`;
    const file = this.builder.kustomizationIn(folder);
    const inner = file && this.builder.read(file);
    if (!inner) {
      this.fail(
        k.file,
        entry.node,
        'parse',
        `kustomize build would fail: ${entry.value} is not a folder with a kustomization in this workspace`,
      );
      this.incomplete.push(`${entry.value} is missing from the kustomize build of ${this.root}`);
    }
    return inner || undefined;
  }

  private addResource(k: Kustomization, entry: Entry, stack: readonly string[], ra: BuildResource[]): BuildResource[] {
    if (REMOTE.test(entry.value)) {
      this.unsupported(k, entry.node, `the remote resource ${entry.value} (not fetched)`);
      return ra;
    }
    const path = resolveRelative(k.folder, entry.value);
    const manifest = this.inputs.manifests.get(path);
    if (manifest && !KUSTOMIZATION_FILE.test(path)) {
      this.resourceFiles.add(path);
      const added = manifest.objects
        .filter((o) => !o.apiVersion.startsWith('kustomize.config.k8s.io/'))
        .map((o) => new BuildResource(o.root, o.doc, o.file, o.documentIndex));
      return [...ra, ...added];
    }
    const sub = this.folderKustomization(k, entry);
    return sub ? [...ra, ...this.accumulate(sub, stack, [])] : ra;
  }

  private runGenerator(
    k: Kustomization,
    entry: Kustomization['generators'][number],
    ra: BuildResource[],
  ): BuildResource[] {
    const made = generate(entry, k, this.inputs.sources);
    if (made.missing.length > 0) this.missingSources.push({ k, resource: made.resource, missing: made.missing });
    if (entry.behavior === 'create') return [...ra, made.resource];
    const existing = ra.find(
      (r) =>
        r.kind === entry.kind &&
        r.ids().some((id) => id.name === entry.name) &&
        (!entry.namespace || r.namespace === entry.namespace),
    );
    if (!existing) {
      this.fail(
        k.file,
        entry.node,
        'parse',
        `kustomize build would fail: ${entry.behavior} of ${entry.kind} ${entry.name}, which no base generates`,
      );
      return ra;
    }
    mergeGenerated(existing, made.resource, entry.behavior);
    return ra;
  }

  /** Generated ConfigMaps and Secrets take their content's hash as a name suffix, once the build is done. */
  private hashNames(resources: readonly BuildResource[]): void {
    for (const resource of resources) {
      const generated = resource.generated;
      if (!generated || generated.entry.disableNameSuffixHash) continue;
      const missing = this.missingSources.find((m) => m.resource === resource);
      if (missing) {
        this.fail(
          missing.k.file,
          generated.entry.node,
          'unsupported',
          `the name of ${generated.entry.kind} ${generated.entry.name} cannot be built: ${missing.missing.join(', ')} is not in the workspace, and its content decides the name's hash`,
        );
        continue;
      }
      const name = `${resource.name}-${contentHash(resource)}`;
      resource.rememberId();
      const nameAt = generated.entry.node;
      const options = {
        doc: resource.doc,
        file: resource.file,
        create: false,
        anchor: { file: generated.kustomization.file },
      };
      resource.root = updateIn(
        resource.root,
        ['metadata', 'name'],
        (value) => syntheticScalar(name, value ?? nameAt, generated.kustomization.file),
        options,
      ) as YAMLMap;
    }
  }

  /** The documents of a patch: a file's, or an inline string's (placed on the kustomization's lines). */
  private patchDocuments(k: Kustomization, patch: PatchEntry): { docs: Document.Parsed[]; file: string } | undefined {
    if (patch.path) {
      const file = resolveRelative(k.folder, patch.path.value);
      const manifest = this.inputs.manifests.get(file);
      if (!manifest) {
        this.fail(
          k.file,
          patch.path.node,
          'parse',
          `kustomize build would fail: patch ${patch.path.value} is not in the workspace`,
        );
        this.incomplete.push(`patch ${patch.path.value} is missing from the kustomize build of ${this.root}`);
        return undefined;
      }
      this.patchFiles.add(file);
      return { docs: manifest.documents, file };
    }
    if (!patch.inline) return undefined;
    return {
      docs: inlineDocuments(patch.inline.text, patch.inline.node, k, this.inputs.manifests.get(k.file)),
      file: k.file,
    };
  }

  private applyPatch(k: Kustomization, patch: PatchEntry, resources: BuildResource[]): BuildResource[] {
    const loaded = this.patchDocuments(k, patch);
    if (!loaded) return resources;
    let out = resources;
    for (const doc of loaded.docs) {
      const content = deref(doc.contents, doc);
      if (isOperationList(content) || patch.field === 'patchesJson6902') {
        if (!patch.target) {
          this.fail(k.file, patch.node, 'parse', 'kustomize build would fail: a JSON 6902 patch needs a target');
          continue;
        }
        for (const target of selectTargets(out, patch.target)) {
          const applied = applyOperations(target, content, { doc, file: loaded.file });
          if ('error' in applied)
            this.fail(
              k.file,
              patch.node,
              'parse',
              `kustomize build would fail: JSON patch ${applied.error} on ${target.kind} ${target.name}`,
            );
          else target.root = applied.root;
        }
        continue;
      }
      if (!isMap(content)) continue;
      const targets = patch.target ? selectTargets(out, patch.target) : selectById(out, patchId(content, doc));
      if (targets.length === 0 && !patch.target) {
        // With a resource already missing, that is the likely cause: one error, not one more per patch.
        if (this.incomplete.length === 0)
          this.fail(
            k.file,
            patch.node,
            'parse',
            `kustomize build would fail: the patch's object (${describeId(content, doc)}) is not in this build`,
          );
        continue;
      }
      for (const target of targets) {
        const merged = strategicMerge(target.root, content, {
          baseDoc: target.doc,
          patchDoc: doc,
          file: target.file,
          patchFile: loaded.file,
          schema: KUBERNETES_API_GROUPS.has(target.id().group),
        });
        // `$patch: delete` on the whole object removes it from the build.
        if (merged === undefined || !isMap(merged)) out = out.filter((r) => r !== target);
        else target.root = withIdentityOf(merged, target);
      }
    }
    return out;
  }
}

/**
 * A patch applied through a target may carry another name or namespace (kustomize keeps the target's): the
 * merged object gets the target's own `name` and `namespace` pairs back.
 */
function withIdentityOf(merged: YAMLMap, target: BuildResource): YAMLMap {
  let out = merged;
  const metadata = getIn(target.root, ['metadata'], target.doc);
  for (const key of ['name', 'namespace']) {
    const original = findPair(metadata, key);
    const now = findPair(getIn(out, ['metadata'], target.doc), key);
    if (scalarText(deref(original?.value, target.doc)) === scalarText(deref(now?.value, target.doc))) continue;
    const options = { doc: target.doc, file: target.file, create: false, anchor: { file: target.file } };
    out = updateIn(
      out,
      ['metadata'],
      (meta) => {
        if (!isMap(meta)) return meta;
        return original ? withPair(meta, original, target.file) : withoutKey(meta, key, target.file);
      },
      options,
    ) as YAMLMap;
  }
  return out;
}

function patchId(content: YAMLMap, doc: Document.Parsed) {
  const get = (path: string[]) => {
    let node: unknown = content;
    for (const key of path) node = isMap(node) ? deref(node.get(key, true), doc) : undefined;
    return scalarText(node) ?? '';
  };
  const apiVersion = get(['apiVersion']);
  const slash = apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    kind: get(['kind']),
    name: get(['metadata', 'name']),
    namespace: get(['metadata', 'namespace']),
  };
}

function describeId(content: YAMLMap, doc: Document.Parsed): string {
  const id = patchId(content, doc);
  return `${id.kind} ${id.name}${id.namespace ? ` in namespace ${id.namespace}` : ''}`;
}

/**
 * An inline patch's documents. A literal block scalar (`patch: |`) is parsed in place — the kustomization's
 * text with everything but the block's lines blanked — so its nodes carry offsets into the kustomization and
 * findings on them land on the right line. Any other string is parsed alone and placed on the string.
 */
function inlineDocuments(
  text: string,
  node: unknown,
  k: Kustomization,
  manifest: ParsedManifest | undefined,
): Document.Parsed[] {
  const source = manifest?.lines.text;
  const range = (node as Scalar | undefined)?.range;
  const literal = isScalar(node) && (node as Scalar).type === 'BLOCK_LITERAL';
  if (source && range && literal) {
    const headerEnd = source.indexOf('\n', range[0]);
    if (headerEnd >= 0 && headerEnd < range[1]) {
      const start = headerEnd + 1;
      const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
      const padded = blank(source.slice(0, start)) + source.slice(start, range[1]) + blank(source.slice(range[1]));
      const docs = parseAllDocuments(padded, { uniqueKeys: false, strict: false });
      return (Array.isArray(docs) ? docs : []).filter((d) => d.errors.length === 0);
    }
  }
  const docs = parseAllDocuments(text, { uniqueKeys: false, strict: false });
  const parsed = (Array.isArray(docs) ? docs : []).filter((d) => d.errors.length === 0);
  for (const doc of parsed) placeOn(doc.contents, node, k.file);
  return parsed;
}

/** Gives every node of a separately parsed string the string's place, as a value the build computed. */
function placeOn(root: unknown, at: unknown, file: string): void {
  const range = (at as { range?: [number, number, number] } | undefined)?.range;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const withRange = node as { range?: [number, number, number] };
    if ('range' in withRange) withRange.range = range;
    setOrigin(node, { file, synthetic: true });
    if (isMap(node)) for (const item of node.items) stack.push(item.key, item.value);
    else if (isSeq(node)) stack.push(...node.items);
  }
}
