// What the setup scripts (setup-code-server.mjs, setup-postgres.mjs) share: timed log lines, running a
// step with a clear failure, and installing Debian packages as root.
import { spawnSync } from 'node:child_process';

/** A failure the script explains in one line (no stack trace). */
export class SetupError extends Error {}

/**
 * `log(message)` prefixed with the script's name and seconds since start, and `run(step, command, args)`
 * that inherits output (or captures it with `quiet`, printing it only on failure) and throws a
 * SetupError naming the step when the command fails.
 */
export function setupSteps(name, { defaultCwd } = {}) {
  const started = Date.now();
  const log = (message) =>
    console.log(`[${name} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`);
  const run = (step, command, args, { cwd = defaultCwd, env = {}, quiet = false } = {}) => {
    log(`${step}: ${command} ${args.join(' ')}${cwd ? `   (in ${cwd})` : ''}`);
    const result = spawnSync(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      encoding: 'utf8',
    });
    if (result.error) throw new SetupError(`${step} failed to start: ${result.error.message}`);
    if (result.status !== 0) {
      if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
      throw new SetupError(`${step} failed (exit ${result.status}): ${command} ${args.join(' ')}`);
    }
    return result;
  };
  return { log, run };
}

/**
 * Installs Debian packages (refreshing the package lists first: they may be absent or stale). Not root:
 * a SetupError with the command to run instead.
 */
export function aptInstall(run, packages, { noRecommends = false } = {}) {
  if (process.getuid && process.getuid() !== 0) {
    throw new SetupError(
      `missing system packages: ${packages.join(' ')}. Install them with: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get update', 'apt-get', ['update'], { env, quiet: true });
  run(
    'apt-get install',
    'apt-get',
    ['install', '-y', ...(noRecommends ? ['--no-install-recommends'] : []), ...packages],
    { env },
  );
}
