import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../../fixtures/module-graph');

/**
 * A fixture folder's files as workspace texts, keyed `/<folder>/<relative path>` like absolute paths; `root` is
 * the folder of fixtures it is in (the module graph's by default).
 */
export function fixtureTexts(folder: string, root = ROOT): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else texts.set(`/${path.relative(root, full).split(path.sep).join('/')}`, readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(root, folder));
  return texts;
}
