import { isMap, isSeq, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { equal, unmatched } from './multiset';

/**
 * Whether an edit of a manifest file deletes Kubernetes objects or changes which object one is (its kind,
 * name or namespace: to the cluster that is a deletion plus a creation), or breaks the YAML. Objects are
 * the documents with a `kind` (and the items of a `kind: List`). Adding an object (a PodDisruptionBudget
 * for an HPA) and changing anything else in one, its apiVersion included, are what fixes do: allowed.
 */
export function manifestChange(before: string, after: string): string | undefined {
  const was = objectsOf(before);
  const now = objectsOf(after);
  const broken = unmatched(was.errors, now.errors, equal).added[0];
  if (broken !== undefined) return `the YAML after the edit does not parse: ${broken}`;
  const { removed: gone, added: remaining } = unmatched(was.objects, now.objects, (b, a) => b.key === a.key);
  if (gone.length === 0) return undefined;
  const first = gone[0];
  // The object that took its place, if one did: the first new one of the same kind, else the first new one.
  const replacement = remaining.find((o) => o.kind === first.kind) ?? remaining[0];
  if (!replacement) {
    const more = gone.length > 1 ? ` and ${gone.length - 1} more object${gone.length > 2 ? 's' : ''}` : '';
    return `deletes ${first.label}${more}`;
  }
  if (replacement.kind !== first.kind) return `changes the kind of ${first.label} to ${replacement.kind || '(none)'}`;
  if (replacement.name !== first.name) return `renames ${first.label} to ${replacement.name || '(no name)'}`;
  return `moves ${first.label} to ${replacement.namespace ? `namespace ${replacement.namespace}` : 'the default namespace'}`;
}

interface ObjectId {
  kind: string;
  name: string;
  namespace: string;
  key: string;
  label: string;
}

function objectsOf(text: string): { objects: ObjectId[]; errors: string[] } {
  const objects: ObjectId[] = [];
  const errors: string[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text) as Document.Parsed[];
  } catch (error) {
    return { objects, errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (!Array.isArray(docs)) return { objects, errors };
  for (const doc of docs) {
    // Without the position, so an error the edit only moved is still the same error.
    for (const error of doc.errors)
      errors.push(error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
    const contents = doc.contents;
    if (!isMap(contents)) continue;
    const kind = scalar(doc.get('kind'));
    if (!kind) continue;
    const items = doc.get('items');
    if (/List$/.test(kind) && isSeq(items)) {
      for (const item of items.items) {
        if (isMap(item))
          objects.push(
            identity(
              scalar(item.get('kind')),
              item.getIn(['metadata', 'name']),
              item.getIn(['metadata', 'namespace']),
              item.getIn(['metadata', 'generateName']),
            ),
          );
      }
      continue;
    }
    objects.push(
      identity(
        kind,
        doc.getIn(['metadata', 'name']),
        doc.getIn(['metadata', 'namespace']),
        doc.getIn(['metadata', 'generateName']),
      ),
    );
  }
  return { objects, errors };
}

function identity(kind: string, name: unknown, namespace: unknown, generateName: unknown): ObjectId {
  const n = scalar(name) || scalar(generateName);
  const ns = scalar(namespace);
  return {
    kind,
    name: n,
    namespace: ns,
    key: JSON.stringify([kind, n, ns]),
    label: `${kind || 'the object'}${n ? ` ${n}` : ''}${ns ? ` (namespace ${ns})` : ''}`,
  };
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
