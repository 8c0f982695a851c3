import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Starts one of the frontend optimizer's worker threads: `bundled` (built by esbuild.mjs beside the engine
 * chunk, in dist/assistants/), or from source (tests, tsx) the `source` TypeScript file. `what` names it in the
 * error when neither is there.
 */
export function startWorker(bundled: string, source: string, what: string): Worker {
  for (const file of [path.join(__dirname, bundled), path.join(__dirname, 'assistants', bundled)])
    if (existsSync(file)) return new Worker(file);
  if (!existsSync(source))
    throw new Error(`the ${what} worker script is missing (looked for ${bundled} beside ${__dirname})`);
  // From source: the worker registers tsx itself (workers do not inherit the parent's loader hooks).
  const tsx = createRequire(__filename).resolve(['tsx', 'cjs'].join('/'));
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, { eval: true });
}
