import type { K8sObject, ParsedManifest } from './manifest';

/**
 * The object whose YAML document holds `offset` (a leading comment of the first document counts as its); in a
 * `List` document, the item that holds it.
 */
export function objectAt(manifest: ParsedManifest, offset: number): K8sObject | undefined {
  const objects = [...manifest.objects].sort((a, b) => a.documentIndex - b.documentIndex);
  const first = objects[0]?.documentIndex;
  const inDocument = objects.filter((object) => {
    const range = object.doc.range;
    const start = object.documentIndex === first ? 0 : range[0];
    return offset >= start && offset <= range[2];
  });
  if (inDocument.length <= 1) return inDocument[0];
  return (
    inDocument.find((o) => o.root.range && offset >= o.root.range[0] && offset <= o.root.range[2]) ?? inDocument[0]
  );
}
