import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file under `root` (one of our own fixture folders), keyed `prefix/<path under root>` with `/` separators. */
export function fixtureTexts(root: string, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(`${prefix}/${path.relative(root, full).split(path.sep).join('/')}`, fs.readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}
