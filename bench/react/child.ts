import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ChildRun {
  /** Wall time from spawn to exit, Node's start-up included. */
  ms: number;
  /** User + system CPU time of the child, all its threads. */
  cpuMs: number;
  /** Resident-set high-water mark. */
  peakMiB: number;
  stdout: string;
}

const PRELOAD = path.join(__dirname, 'child-usage.cjs');

/**
 * One run of a Node program in a child process, ours and the peers' measured the same way (child-usage.cjs is
 * preloaded into each). `okCodes` are the exit codes that mean it ran (ESLint exits 1 when it reports errors).
 * Throws with the child's error output when it fails.
 */
export function runChild(args: string[], cwd: string, okCodes: number[] = [0]): ChildRun {
  const scratch = mkdtempSync(path.join(tmpdir(), 'react-bench-usage-'));
  const report = path.join(scratch, 'usage.json');
  try {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd,
      env: { ...process.env, NODE_OPTIONS: `--require ${PRELOAD}`, CHILD_USAGE_FILE: report },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const ms = performance.now() - start;
    if (result.status === null || !okCodes.includes(result.status))
      throw new Error(`exit ${result.status ?? result.signal}: ${(result.stderr ?? '').slice(0, 400)}`);
    const usage = JSON.parse(readFileSync(report, 'utf8')) as { cpu: number; maxRSS: number };
    return { ms, cpuMs: usage.cpu / 1000, peakMiB: usage.maxRSS / 1024, stdout: result.stdout ?? '' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
