import type { K8sObject, ParsedManifest } from './manifest';

/**
 * The object graph's lists and indexes, kept in graph order (file, then place in the file) while objects come
 * and go, so that replacing one edited file's objects touches only them: a binary search and a splice per list,
 * instead of rebuilding every index of a 10,000-object workspace on each keystroke. Every list a rule walks is
 * the same, in the same order, whether the graph was built at once or updated file by file.
 */

const places = new WeakMap<K8sObject, number>();

/** Records each object's place in its file; parses are cached per file version, so it never changes. */
export function recordPlaces(manifest: ParsedManifest): void {
  manifest.objects.forEach((object, i) => places.set(object, i));
}

/** Past any file's own objects: built objects are placed after the plain ones of the file they are read from. */
const BUILD_PLACES = 1_000_000;

/** Places for the objects of the workspace's kustomize build number `build`, in the build's order. */
export function recordBuiltPlaces(objects: readonly K8sObject[], build: number): void {
  objects.forEach((object, i) => places.set(object, BUILD_PLACES * (build + 1) + i));
}

export function compareObjects(a: K8sObject, b: K8sObject): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (places.get(a) ?? 0) - (places.get(b) ?? 0);
}

/** First index whose item is not before `object` in graph order. */
function lowerBound<T>(items: readonly T[], object: K8sObject, objectOf: (item: T) => K8sObject): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareObjects(objectOf(items[mid]), object) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Inserts `item` at its place in graph order. */
export function insertOrdered<T>(items: T[], item: T, objectOf: (item: T) => K8sObject): void {
  const object = objectOf(item);
  // The common case while building: objects arrive in order.
  if (items.length === 0 || compareObjects(objectOf(items[items.length - 1]), object) < 0) items.push(item);
  else items.splice(lowerBound(items, object, objectOf), 0, item);
}

/** Removes `item` (found by its place in graph order); false when it is not there. */
export function removeOrdered<T>(items: T[], item: T, objectOf: (item: T) => K8sObject): boolean {
  const object = objectOf(item);
  for (let i = lowerBound(items, object, objectOf); i < items.length; i++) {
    if (items[i] === item) {
      items.splice(i, 1);
      return true;
    }
    if (compareObjects(objectOf(items[i]), object) > 0) break;
  }
  return false;
}

/** key → items in graph order. */
export class OrderedMultiMap<T> {
  private readonly map = new Map<string, T[]>();

  constructor(private readonly objectOf: (item: T) => K8sObject) {}

  get(key: string): readonly T[] | undefined {
    return this.map.get(key);
  }

  add(key: string, item: T): void {
    const list = this.map.get(key);
    if (list) insertOrdered(list, item, this.objectOf);
    else this.map.set(key, [item]);
  }

  remove(key: string, item: T): void {
    const list = this.map.get(key);
    if (!list) return;
    removeOrdered(list, item, this.objectOf);
    if (list.length === 0) this.map.delete(key);
  }

  values(): IterableIterator<T[]> {
    return this.map.values();
  }
}

export const itself = (object: K8sObject): K8sObject => object;
