import { existsSync, promises as fs, readFileSync, readdirSync, statSync } from 'node:fs';
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
export function participantTexts(
  overlays: readonly string[] = [],
  edits: Record<string, string | null> = {},
): Record<string, string> {
  const texts = folderTexts(SAMPLE);
  for (const overlay of overlays) Object.assign(texts, folderTexts(path.join(OVERLAYS, overlay)));
  for (const [file, text] of Object.entries(edits)) {
    if (text === null) delete texts[file];
    else texts[file] = text;
  }
  return texts;
}

export function participant(overlays: readonly string[] = [], edits: Record<string, string | null> = {}): Workspace {
  return memoryWorkspace(participantTexts(overlays, edits));
}

export function sampleText(file: string): string {
  return readFileSync(path.join(SAMPLE, file), 'utf8');
}

const REPO_MODULES = path.join(root, 'node_modules');

/**
 * Packages the storefront imports that this project does not install, written as small packages of our own: a
 * CommonJS library taken whole (moment) and ES modules with many exports (lodash-es, date-fns), so the bundle
 * sizes differ the way the real ones do. Their version says they are stubs, so no size cache takes them for the
 * real packages.
 */
function stubPackages(): Record<string, string> {
  const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join('\n');
  const esm = (names: string[]) =>
    many(300, (i) => `export function helper${i}(a) { return String(a).repeat(${i % 7}) + '${'x'.repeat(i % 40)}'; }`) +
    '\n' +
    names.map((name) => `export function ${name}(a, b) { return [a, b]; }`).join('\n');
  return {
    'moment/package.json': '{ "name": "moment", "version": "0.0.0-workshop-stub", "main": "moment.js" }',
    'moment/moment.js':
      'function moment() { return { format: () => "", diff: () => 0 }; }\nmoment.locale = () => undefined;\n' +
      many(400, (i) => `moment.unit${i} = function (a) { return a * ${i} + '${'y'.repeat(i % 50)}'; };`) +
      '\nmodule.exports = moment;\n',
    'moment/locale/de.js': 'require("../moment").locale("de");\n',
    'lodash-es/package.json':
      '{ "name": "lodash-es", "version": "0.0.0-workshop-stub", "type": "module", "main": "index.js" }',
    'lodash-es/index.js': esm(['sortBy', 'orderBy']),
    'date-fns/package.json':
      '{ "name": "date-fns", "version": "0.0.0-workshop-stub", "type": "module", "main": "index.js" }',
    'date-fns/index.js': esm(['format', 'differenceInDays']),
    'date-fns/locale/index.js': 'export const de = { code: "de" };\nexport const fr = { code: "fr" };\n',
  };
}

/**
 * The storefront's node_modules in `web`: React and lodash linked from this project's own, the packages it does not
 * install written as stubs (stubPackages).
 */
export async function installStorefrontModules(web: string): Promise<void> {
  const nodeModules = path.join(web, 'node_modules');
  await fs.mkdir(nodeModules, { recursive: true });
  for (const name of ['react', 'react-dom', 'scheduler', 'loose-envify', 'js-tokens', 'lodash'])
    if (existsSync(path.join(REPO_MODULES, name)))
      await fs.symlink(path.join(REPO_MODULES, name), path.join(nodeModules, name), 'junction');
  for (const [file, text] of Object.entries(stubPackages())) {
    await fs.mkdir(path.dirname(path.join(nodeModules, file)), { recursive: true });
    await fs.writeFile(path.join(nodeModules, file), text);
  }
}
