import { isMap, isPair, isSeq } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { originOf, setOrigin } from '../node-origin';
import { groupOf } from '../scale-target';
import { scalarText } from '../yaml-nodes';
import type { FieldSpec, GeneratorEntry, Kustomization } from './kustomization';
import { getIn } from './tree';

/** kustomize's resource id: group, version, kind, name and namespace ('' when unset). */
export interface ResId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/**
 * One object on its way through a build: its current tree (copy-on-write over the parsed source), the ids
 * it had before each rename (kustomize matches patches and references against any of them), and the name
 * prefixes and suffixes it received (which tell apart same-named objects of different bases).
 */
export class BuildResource {
  /** Ids before each change of name or namespace, oldest first. */
  readonly previousIds: ResId[] = [];
  readonly prefixes: string[] = [];
  readonly suffixes: string[] = [];

  constructor(
    public root: YAMLMap,
    readonly doc: Document.Parsed,
    /** The file of its document (the base resource file, or the kustomization that generated it). */
    readonly file: string,
    readonly documentIndex: number,
    /** Set for ConfigMaps and Secrets a generator made: their names get the content hash. */
    public generated?: { entry: GeneratorEntry; kustomization: Kustomization },
  ) {}

  private field(path: readonly string[]): string {
    return scalarText(getIn(this.root, path, this.doc)) ?? '';
  }

  get apiVersion(): string {
    return this.field(['apiVersion']);
  }
  get kind(): string {
    return this.field(['kind']);
  }
  get name(): string {
    return this.field(['metadata', 'name']);
  }
  get namespace(): string {
    return this.field(['metadata', 'namespace']);
  }

  id(): ResId {
    const apiVersion = this.apiVersion;
    const slash = apiVersion.indexOf('/');
    return {
      group: groupOf(apiVersion),
      version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
      kind: this.kind,
      name: this.name,
      namespace: this.namespace,
    };
  }

  /** Keeps the current id before a transformer changes the name or namespace. */
  rememberId(): void {
    this.previousIds.push(this.id());
  }

  /** Every id the resource has had, the current one last. */
  ids(): ResId[] {
    return [...this.previousIds, this.id()];
  }

  /** The id it was read (or generated) with. */
  originalId(): ResId {
    return this.previousIds[0] ?? this.id();
  }

  /** Whether a field spec's group, version and kind select this resource (empty parts select all). */
  selectedBy(spec: Pick<FieldSpec, 'group' | 'version' | 'kind'>): boolean {
    const id = this.id();
    return (
      (!spec.kind || spec.kind === id.kind) &&
      (spec.group === undefined || spec.group === id.group) &&
      (!spec.version || spec.version === id.version)
    );
  }
}

/** The namespace kustomize compares ids in: unset means `default`. */
export function effectiveNamespace(id: ResId, clusterScoped: boolean): string {
  if (clusterScoped) return '';
  return id.namespace === '' ? 'default' : id.namespace;
}

/**
 * Records `file` as the origin of every node under `node` that has none yet: nodes of a base are its file's,
 * nodes grafted from a patch the patch's. Walks with an explicit stack; returns the files met on the way
 * (the files that wrote part of the object). Pairs are not nodes of their own: their key and value are.
 * Each node is visited once per call.
 */
export function claimNodes(node: unknown, file: string, files?: Set<string>): void {
  const stack: unknown[] = [node];
  // A patch's resolved aliases share subtrees: each node is visited once, or a shared graph would explode.
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (isPair(current)) {
      stack.push(current.key, current.value);
      continue;
    }
    const origin = originOf(current);
    if (origin) files?.add(origin.file);
    else {
      setOrigin(current, { file });
      files?.add(file);
    }
    if (isMap(current) || isSeq(current)) for (const item of current.items) stack.push(item);
  }
}
