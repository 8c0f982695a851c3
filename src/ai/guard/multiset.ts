/**
 * Before and after, item by item: each item of `after` is matched with one equal item of `before` (each
 * used once, so a statement written twice must be there twice). What is left on either side is what the
 * edit removed and what it added or changed.
 */
export function unmatched<B, A>(
  before: readonly B[],
  after: readonly A[],
  same: (b: B, a: A) => boolean,
): { removed: B[]; added: A[] } {
  const removed = [...before];
  const added: A[] = [];
  for (const item of after) {
    const at = removed.findIndex((b) => same(b, item));
    if (at >= 0) removed.splice(at, 1);
    else added.push(item);
  }
  return { removed, added };
}

export const equal = <T>(a: T, b: T): boolean => a === b;
