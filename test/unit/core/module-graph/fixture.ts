import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../../fixtures/module-graph');

/** A fixture folder's files as workspace texts, keyed `/<folder>/<relative path>` like absolute paths. */
export function fixtureTexts(folder: string): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else texts.set(`/${path.relative(ROOT, full).split(path.sep).join('/')}`, readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(ROOT, folder));
  return texts;
}
