import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../../../src/core/workspace';
import { memoryWorkspace } from '../../../src/core/workspace';

const root = path.resolve(__dirname, '../../..');
export const SAMPLE = path.join(root, 'samples/workshop-ecommerce');
const OVERLAYS = path.join(root, 'test/fixtures/workshop');

/** Every file under `dir` by its path relative to it, `/`-separated. */
export function folderTexts(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, rel))) {
    const child = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, child)).isDirectory()) Object.assign(out, folderTexts(dir, child));
    else out[child] = readFileSync(path.join(dir, child), 'utf8');
  }
  return out;
}

/**
 * The sample as a participant left it: the shipped files, with the named overlays of test/fixtures/workshop laid
 * over them in order, then `edits` (a null deletes the file).
 */
export function participant(overlays: readonly string[] = [], edits: Record<string, string | null> = {}): Workspace {
  const texts = folderTexts(SAMPLE);
  for (const overlay of overlays) Object.assign(texts, folderTexts(path.join(OVERLAYS, overlay)));
  for (const [file, text] of Object.entries(edits)) {
    if (text === null) delete texts[file];
    else texts[file] = text;
  }
  return memoryWorkspace(texts);
}

export function sampleText(file: string): string {
  return readFileSync(path.join(SAMPLE, file), 'utf8');
}
