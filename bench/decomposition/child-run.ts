import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ChildRun {
  ms: number;
  /** Resident-set high-water mark, MiB. */
  peakMiB: number;
  stdout: string;
}

const PRELOAD = path.join(__dirname, 'peak-rss.cjs');

/**
 * One run of a Node program in a child process: wall time from spawn to exit (Node's start-up included) and its
 * peak memory as peak-rss.cjs reports it. Throws with the child's error output when it fails.
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
    return { ms, peakMiB: Number(readFileSync(report, 'utf8')) / 1024, stdout: result.stdout ?? '' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
