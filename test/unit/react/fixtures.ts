import * as fs from 'node:fs';
import * as path from 'node:path';
import { reactAssistant } from '../../../src/assistants/react/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { DocumentAnalysis } from '../../../src/core/pipeline';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import type { Expectations } from '../helpers/fixture-checks';
import { parseMarkers } from '../helpers/fixture-checks';

/**
 * The frontend optimizer's fixtures: test/fixtures/react/<rule-id>/ holds bad* and good* component files, and
 * context/ the rest of the workspace (the memoised children a bad file imports, a barrel, a context). Every
 * fixture is analysed with its folder's context as the workspace, as the editor and the CLI would.
 */

export const FIXTURES = path.resolve(__dirname, '../../fixtures/react');
export const PROJECT = path.resolve(__dirname, '../../..');
export const FIXTURE_FILE = /^(bad|good)([-.][\w.-]*)?\.(tsx|jsx|ts|js)$/;
/** React's (and lodash's) types as the fixtures see them when they are compiled. */
export const REACT_STUB = path.join(FIXTURES, 'react-stub.d.ts');

export function rel(abs: string): string {
  return path.relative(PROJECT, abs).split(path.sep).join('/');
}

/** Workspace-relative path → text of every file under the rule's context/ folder. */
export function contextFiles(ruleId: string): Map<string, string> {
  const dir = path.join(FIXTURES, ruleId, 'context');
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const names = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((n) => n.split(path.sep).join('/'));
  for (const name of names.sort())
    if (/\.(tsx?|jsx?|json)$/.test(name))
      out.set(rel(path.join(dir, name)), fs.readFileSync(path.join(dir, name), 'utf8'));
  return out;
}

export function fixtureFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => FIXTURE_FILE.test(name) && !/\.fixed\./.test(name))
    .sort();
}

/** The rule folder a fixture file belongs to. */
export function ruleOf(file: string): string {
  return path.basename(path.dirname(file));
}

/**
 * Settings of a rule folder's runs: the compiler's fixtures take the compiler as on and run the real plugin from
 * the project's node_modules (relative fixture paths are relative to the project, as the CLI's are to its cwd).
 */
const FOLDER_SETTINGS: Record<string, Record<string, unknown>> = {
  'compiler-bailout': { compiler: 'on', importCostRoot: PROJECT },
  // The fixtures' modules weigh a few kB: the threshold is lowered to match (the default is 30 kB).
  'lazy-load-heavy-component': { importCostRoot: PROJECT, lazyLoadMinKb: 2 },
  // The stylesheets the fixtures import are read from disk, as the CLI reads them under its root.
  'img-without-dimensions': { importCostRoot: PROJECT },
};

export async function analyzeFixture(
  file: string,
  text: string,
  context = contextFiles(ruleOf(file)),
): Promise<DocumentAnalysis> {
  const workspace = memoryWorkspace(new Map([...context, [file, text]]));
  // A rule folder with a node_modules of its own is measured there (import costs need the files on disk).
  const measured = fs.existsSync(path.join(FIXTURES, ruleOf(file), 'node_modules'));
  const folder = FOLDER_SETTINGS[ruleOf(file)];
  const settings = measured || folder ? { ...(measured ? { importCostRoot: PROJECT } : {}), ...folder } : undefined;
  return analyzeDocument(reactAssistant, { file, text }, DEFAULT_CONFIG, undefined, {
    workspace,
    ...(settings ? { settings } : {}),
  });
}

/**
 * Markers in a component file: `// expect-next-line <rule-id>` and, inside JSX children,
 * `{/* expect-next-line <rule-id> *\/}` on the line before the finding.
 */
export function reactMarkers(text: string, file: string): Expectations {
  const plain = text.replace(/\{\/\*\s*(expect-[\w-]+\s+[^*]*?)\s*\*\/\}/g, '// $1');
  return parseMarkers(plain, file, ['//']);
}
