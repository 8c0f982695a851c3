import path from 'node:path';
import { setCodeCacheFolder, userCacheFolder } from '../core/code-cache';
import { parseArgs, UsageError } from './args';
import { runCheck } from './check-command';
import type { CliIo } from './io';
import { processIo } from './io';
import { terminalSafeIo } from './terminal-safe';
import { USAGE } from './usage';
import { tuneV8ForShortRun } from './v8-flags';
import { packageVersion } from './version';

/**
 * The `scaling-assistant` command. Returns the exit code instead of exiting, so tests run it in-process
 * with their own cwd and writers, and the entry below can let pending output drain before Node exits.
 */
export async function main(argv: readonly string[], rawIo: CliIo = processIo()): Promise<number> {
  // Names and messages come from the files analysed: nothing they hold may act on the user's terminal.
  const io = terminalSafeIo(rawIo);
  try {
    const command = parseArgs(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(USAGE);
        return 0;
      case 'version':
        io.stdout(`${io.version ?? packageVersion()}\n`);
        return 0;
      case 'check':
        return await runCheck(command, io);
      // Loaded on use (dist/cli-roadmap.js, dist/cli-advise.js, dist/cli-render.js, dist/cli-decompose.js): `check`
      // and `--help` never pay for the plan, the advice presenters or the decomposition planner.
      case 'roadmap':
        return await (await import('./roadmap-command')).runRoadmap(command, io);
      case 'advise':
        return await (await import('./advise-command')).runAdvise(command, io);
      case 'render':
        return await (await import('./render-command')).runRender(command, io);
      case 'decompose':
        return await (await import('./decompose-command')).runDecompose(command, io);
      case 'workshop':
        return await (await import('./workshop-command')).runWorkshop(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`scaling-assistant: ${error.message}\nRun "scaling-assistant --help" for usage.\n`);
      return 2;
    }
    io.stderr(
      `scaling-assistant: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}

if (require.main === module) {
  // Before any engine is loaded: what TurboFan optimises for a run of seconds mostly never pays back (v8-flags.ts).
  tuneV8ForShortRun();
  // TypeScript's compiled code is kept between runs (core/code-cache.ts); tests running main() in-process write none.
  // V8 rejects code cached under other flags: a folder of their own, so a build with V8's defaults (an older CLI)
  // run beside this one does not make each recompile and rewrite the other's cache.
  setCodeCacheFolder(path.join(userCacheFolder(), 'short-run'));
  // A closed pipe (`scaling-assistant check . | head`) is the reader's choice, not a crash worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
