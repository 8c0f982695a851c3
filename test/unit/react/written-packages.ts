import * as fs from 'node:fs';
import * as path from 'node:path';

/** Helpers for tests that write a node_modules of their own and measure import costs in it. */

/** Text that does not compress away, so sizes tell which functions made it into the bundle. */
export function bulk(seed: string, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`'${seed}-${i}-${((i * 2654435761) >>> 0).toString(36)}'`);
  return `[${out.join(',')}]`;
}

/** Writes `text` to `file` under `root`, creating its folders. */
export function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}
