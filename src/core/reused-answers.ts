/**
 * A file-system question (a stat, a read, a look-up that mostly fails) asked with the same key many times in a
 * short while answered once: each of 400 components asks for the same `package.json` files, images and stamps.
 * An answer is reused for `reuseMs` only, so a file saved or created later (in a long-lived editor) is seen again;
 * `keep` says which answers may be reused at all (a failed look-up only, when a found file's content matters).
 */
export function reusedFor<T>(
  reuseMs: number,
  ask: (key: string) => Promise<T>,
  keep: (answer: T) => boolean = () => true,
): (key: string) => Promise<T> {
  const recent = new Map<string, { at: number; answer: Promise<T> }>();
  return (key) => {
    const now = performance.now();
    const known = recent.get(key);
    if (known && now - known.at < reuseMs) return known.answer;
    if (recent.size > 10_000) recent.clear();
    const answer = ask(key);
    const entry = { at: now, answer };
    recent.set(key, entry);
    void answer.then(
      (value) => {
        if (!keep(value) && recent.get(key) === entry) recent.delete(key);
      },
      () => {
        if (recent.get(key) === entry) recent.delete(key);
      },
    );
    return answer;
  };
}
