import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ChildRun {
  ms: number;
  /** Resident-set high-water mark, MiB. */
  peakMiB: number;
  /** User + system CPU time of the child's main process, ms: what the machine's other work does not inflate. */
  cpuMs: number;
  stdout: string;
}

const PRELOAD = path.join(__dirname, 'peak-rss.cjs');

/**
 * One run of a Node program in a child process: wall time from spawn to exit (Node's start-up included), its
 * peak memory and CPU time as peak-rss.cjs reports them. Throws with the child's error output when it fails.
 */
export function runChild(args: string[], cwd: string, keepStdout = false): ChildRun {
  const scratch = mkdtempSync(path.join(tmpdir(), 'peak-rss-'));
  const report = path.join(scratch, 'maxrss');
  try {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd,
      env: { ...process.env, NODE_OPTIONS: `--require ${PRELOAD}`, PEAK_RSS_FILE: report },
      stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`exit ${result.status}: ${(result.stderr ?? '').slice(0, 400)}`);
    const [maxRss, cpuMicros] = readFileSync(report, 'utf8').split(' ').map(Number);
    return { ms, peakMiB: maxRss / 1024, cpuMs: cpuMicros / 1000, stdout: result.stdout ?? '' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
