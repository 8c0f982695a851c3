import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReactAssistant } from '../../../src/assistants/react/index';
import type { RenderMeasurement, RenderRequest } from '../../../src/assistants/react/render/protocol';
import { TimeBudget } from '../../../src/core/budget';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { memoryWorkspace } from '../../../src/core/workspace';
import { write } from './written-packages';

/**
 * A project on disk for measured-render tests: a temporary folder (real path) with its package.json and this
 * repository's React linked into its node_modules, so the sandbox renders with a real react and react-dom.
 */
export function reactProject(name: string): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `sa-render-${name}-`)));
  write(root, 'package.json', JSON.stringify({ name, dependencies: { react: '*' } }));
  const modules = path.resolve(__dirname, '../../../node_modules');
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  for (const dependency of ['react', 'react-dom', 'scheduler'])
    fs.symlinkSync(path.join(modules, dependency), path.join(root, 'node_modules', dependency), 'dir');
  return root;
}

/** Writes `files` under `root` and runs Optimize React Component on `file`, the files as the workspace. */
export async function adviseIn(
  root: string,
  files: Record<string, string>,
  file: string,
  measure?: (request: RenderRequest) => Promise<RenderMeasurement>,
) {
  for (const [name, text] of Object.entries(files)) write(root, name, text);
  const texts = Object.fromEntries(Object.entries(files).map(([name, text]) => [path.join(root, name), text]));
  const engine = createReactAssistant({ importCost: false, ...(measure ? { measure } : {}) });
  return engine.advise!(
    { file: path.join(root, file), text: files[file] },
    {
      config: DEFAULT_CONFIG,
      budget: new TimeBudget(170_000),
      workspace: memoryWorkspace(texts),
      settings: { renderUpdates: 1 },
    },
  );
}
