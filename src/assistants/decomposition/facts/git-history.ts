import { execFile } from 'node:child_process';
import type { ChangeHistory } from '../model';

export interface HistoryOptions {
  /** Newest commits read; 2,000 unless told. */
  maxCommits?: number;
  /** Commits changing more files than this are bulk edits (reformatting, renames) and say nothing of coupling. */
  maxFilesPerCommit?: number;
  timeoutMs?: number;
  /** Put before every path (the folder's path in the workspace), so pairs use the workspace's paths. */
  prefix?: string;
}

const COMMIT_MARK = '\u001e';

/**
 * Files changed together in `folder`'s repository, from `git log --name-only --no-merges` limited to the
 * folder (paths relative to it). Run without a shell, with the file-system monitor off (it could start a
 * program) and a timeout; a missing git, a folder outside any repository or a failure is undefined, not an
 * error: history is optional. Never call it in Restricted Mode (the caller decides).
 */
export function readGitHistory(folder: string, options: HistoryOptions = {}): Promise<ChangeHistory | undefined> {
  const args = [
    '-c',
    'core.fsmonitor=false',
    '-c',
    'log.showSignature=false',
    'log',
    '--name-only',
    '--no-merges',
    '--no-renames',
    '--relative',
    `--max-count=${options.maxCommits ?? 2000}`,
    `--format=${COMMIT_MARK}%H`,
    '--',
    '.',
  ];
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd: folder, timeout: options.timeoutMs ?? 15_000, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout) => {
        if (error) resolve(undefined);
        else resolve(parseGitLog(stdout, options));
      },
    );
  });
}

/** The pairs of files changed in the same commits, from `git log --name-only` output with a mark per commit. */
export function parseGitLog(
  text: string,
  options: Pick<HistoryOptions, 'maxFilesPerCommit' | 'prefix'> = {},
): ChangeHistory {
  const limit = options.maxFilesPerCommit ?? 50;
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
  const pairs = new Map<string, number>();
  let commits = 0;
  for (const block of text.split(COMMIT_MARK)) {
    const lines = block.split('\n').map((line) => line.trim());
    if (lines.length === 0 || !/^[0-9a-f]{7,64}$/.test(lines[0])) continue;
    const files = [...new Set(lines.slice(1).filter((line) => line !== ''))].sort();
    if (files.length === 0 || files.length > limit) continue;
    commits++;
    for (let i = 0; i < files.length; i++)
      for (let j = i + 1; j < files.length; j++) {
        const key = `${prefix}${files[i]}\0${prefix}${files[j]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
  }
  return {
    commits,
    pairs: [...pairs]
      .map(([key, count]) => {
        const [a, b] = key.split('\0');
        return { a, b, commits: count };
      })
      .sort((x, y) => y.commits - x.commits || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0)),
  };
}
