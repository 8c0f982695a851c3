import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadDecompositionPlanner } from '../assistants/catalog';
import type { PlanOptions } from '../assistants/decomposition/contract';
import type { DecomposeArgs } from './args';
import { UsageError } from './args';
import { configsAbove } from './configs-above';
import { FileWorkspace } from './file-workspace';
import { describeError } from './format-text';
import type { CliIo } from './io';
import { MAX_FILE_BYTES } from './read-source';
import { describeIoError, displayPath, walk } from './walk';

/** The guardrail files --guardrails writes; existing files are never overwritten. */
export const GUARDRAIL_FILES = {
  dependencyCruiser: 'dependency-cruiser.boundaries.cjs',
  eslint: 'eslint.boundaries.mjs',
} as const;

/**
 * `scaling-assistant decompose <folder>`: proposes services for the folder's code from its imports, calls,
 * tables, use cases and (unless --no-history) its git history, and prints the plan as Markdown (default) or as
 * the issue's JSON, with every path relative to the folder. Files that cannot be read are reported on stderr and
 * the plan is made from the rest.
 * Exit codes: 0 plan printed; 2 usage error, the folder does not exist, or guardrail files could not be written.
 */
export async function runDecompose(args: DecomposeArgs, io: CliIo): Promise<number> {
  const folder = path.resolve(io.cwd, args.folder);
  let stats;
  try {
    stats = await fs.stat(folder);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    io.stderr(
      `scaling-assistant: ${args.folder}: ${missing ? 'no such folder' : `cannot read: ${describeIoError(error)}`}\n`,
    );
    return 2;
  }
  if (!stats.isDirectory()) {
    io.stderr(`scaling-assistant: ${args.folder}: not a folder (decompose plans the services of a folder)\n`);
    return 2;
  }

  const engine = await loadDecompositionPlanner();
  const options: PlanOptions = {};
  if (args.services !== undefined) options.services = args.services;
  if (args.weights !== undefined) {
    try {
      options.weights = engine.parseWeights(args.weights);
    } catch (error) {
      throw new UsageError(`--weights: ${(error as Error).message}`);
    }
  }

  const walked = await walk([folder], io.cwd);
  // The repository's configs above the folder resolve its aliased imports (tsconfig paths, extends). Paths are
  // made relative to the repository when the command runs inside it, so a config above the working folder is an
  // ancestor of the files (`tsconfig.json`, not `../tsconfig.json`, which the graph would read as a folder named
  // `..`); the plan's own paths are relative to the planned folder either way.
  const repository = walked.files[0]?.root;
  const base = repository && isBelow(io.cwd, repository) ? repository : io.cwd;
  const above = repository ? await configsAbove(folder, repository, base) : [];
  const files =
    base === io.cwd ? walked.files : walked.files.map((f) => ({ ...f, display: displayPath(base, f.absolute) }));
  const workspace = new FileWorkspace([...above, ...files], MAX_FILE_BYTES);
  const display = displayPath(base, folder);
  const named = displayPath(io.cwd, folder);
  const root = display === '.' ? '' : display;
  const readHistory = args.history ? engine.readHistory : undefined;
  const planner = await engine.createPlanner(workspace, root, {
    history: readHistory ? () => readHistory(folder, { prefix: root }) : undefined,
  });
  const plan = await planner.plan(options);
  for (const error of [...walked.errors, ...plan.errors]) io.stderr(`${describeError(error)}\n`);
  if (args.history && !engine.readHistory)
    io.stderr('note: this build does not read git history; the plan is made without change coupling\n');
  else if (args.history && !planner.facts.history)
    io.stderr(
      `note: ${named} is not in a git repository (or git is missing): the plan is made without change coupling\n`,
    );

  if (args.guardrails !== undefined) {
    const written = await writeGuardrails(path.resolve(io.cwd, args.guardrails), {
      [GUARDRAIL_FILES.dependencyCruiser]: engine.dependencyCruiserConfig(plan),
      [GUARDRAIL_FILES.eslint]: engine.eslintConfig(plan),
    });
    if (!written.ok) {
      io.stderr(`scaling-assistant: --guardrails ${args.guardrails}: ${written.message}\n`);
      return 2;
    }
    for (const file of written.files) io.stderr(`wrote ${displayPath(io.cwd, file)}\n`);
  }
  io.stdout(
    args.format === 'json'
      ? `${JSON.stringify(engine.planToJson(plan), null, 2)}\n`
      : engine.planToMarkdown(plan, named === '.' ? '' : named),
  );
  return 0;
}

/** True when `folder` lies strictly inside `ancestor`. */
function isBelow(folder: string, ancestor: string): boolean {
  const relative = path.relative(ancestor, folder);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function writeGuardrails(
  folder: string,
  files: Record<string, string>,
): Promise<{ ok: true; files: string[] } | { ok: false; message: string }> {
  try {
    await fs.mkdir(folder, { recursive: true });
    const written: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(folder, name);
      // 'wx': a configuration the user already has (or edited) is never replaced.
      await fs.writeFile(file, text, { flag: 'wx' });
      written.push(file);
    }
    return { ok: true, files: written };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'EEXIST'
        ? `${path.basename((error as NodeJS.ErrnoException).path ?? '')} already exists there; not overwritten`
        : describeIoError(error);
    return { ok: false, message };
  }
}
