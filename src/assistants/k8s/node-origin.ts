/**
 * Which file each YAML node of a built object was written in. An object that kustomize builds mixes nodes
 * from the base, from patches and from the kustomization itself; their `range`s are offsets into those
 * files. A finding is placed, and a fix edits, only where the node's own file is the one being analysed.
 *
 * Nodes of a plain manifest are never registered: they belong to their object's file.
 */
export interface NodeOrigin {
  file: string;
  /**
   * The node's value is not its text in `file` (a name with the overlay's prefix, an image assembled from
   * `newName` and `newTag`, a key standing for a JSON patch's `value:`): its range says where the value
   * was set, but editing the text there would not give the fix's value.
   */
  synthetic?: boolean;
  /** A map or list the build assembled from several sources: no single text holds it. */
  composite?: boolean;
  /**
   * A scalar a Helm chart's values file set and a template printed (`replicas: {{ .Values.replicaCount }}`): a
   * finding about its field belongs on the value, where the user changes it, not on the template's key.
   */
  value?: boolean;
}

const origins = new WeakMap<object, NodeOrigin>();

export function setOrigin(node: unknown, origin: NodeOrigin): void {
  if (node && typeof node === 'object') origins.set(node, origin);
}

export function originOf(node: unknown): NodeOrigin | undefined {
  return node && typeof node === 'object' ? origins.get(node) : undefined;
}

/** Where a finding about a field goes: its value when a chart's values file set it, else its key. */
export function placeOf(pair: { key: unknown; value: unknown }): unknown {
  return originOf(pair.value)?.value ? pair.value : pair.key;
}

/** The file a node was written in: its registered origin, else the file of the object it belongs to. */
export function fileOf(node: unknown, objectFile: string): string {
  return originOf(node)?.file ?? objectFile;
}

/**
 * True when a fix may edit these nodes' text in `file`: each is a plain manifest's node (not registered),
 * or was written in `file` as it stands (not synthetic, not assembled from several sources).
 */
export function editableIn(file: string, ...nodes: unknown[]): boolean {
  for (const node of nodes) {
    const origin = originOf(node);
    if (origin && (origin.file !== file || origin.synthetic || origin.composite)) return false;
  }
  return true;
}
