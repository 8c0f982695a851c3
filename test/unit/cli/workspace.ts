import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JsonReport } from '../../../src/cli/format-json';
import { main } from '../../../src/cli/main';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/cli/workspace');

/**
 * A temporary copy of the fixture workspace plus what git would not keep in the repository's own tree
 * (ignored files, node_modules, a binary file, a symlink loop). Every file added here that is skipped
 * would trigger workload-replicas-with-hpa if it were analysed, so a skip that fails shows as a finding.
 */
export async function makeWorkspace(): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-cli-'));
  await fs.cp(FIXTURE, root, { recursive: true });
  const template = await fs.readFile(path.join(FIXTURE, 'k8s/app.yaml'), 'utf8');
  // Distinct names: the HPA reviewer relates objects across files, and copies of one Deployment would meet.
  const bad = (name: string) => template.replace(/\bweb\b/g, name);
  const write = async (file: string, content: string | Buffer) => {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), content);
  };
  await write('.gitignore', 'generated/\n*.local.yaml\n');
  await write('generated/app.yaml', bad('generated'));
  await write('k8s/dev.local.yaml', bad('dev-local'));
  // Nested rules are relative to their own folder; a deeper `!` re-includes what the root file ignored.
  await write('k8s/.gitignore', '/only-here.yaml\n!keep.local.yaml\n');
  await write('k8s/only-here.yaml', bad('only-here'));
  await write('k8s/sub/only-here.yaml', bad('sub-only-here'));
  await write('k8s/keep.local.yaml', bad('keep-local'));
  await write('node_modules/chart/deploy.yaml', bad('chart'));
  await write('binary.yaml', Buffer.from([0x61, 0x70, 0x69, 0x3a, 0x00, 0x01, 0x02, 0xff]));
  await fs.symlink('..', path.join(root, 'k8s/loop'), 'dir');
  return root;
}

export async function removeWorkspace(root: string): Promise<void> {
  await fs.rm(root, { recursive: true, force: true });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process exactly as the entry point would, capturing what it writes (env: process.env). */
export async function run(
  argv: string[],
  cwd: string,
  env?: Readonly<Record<string, string | undefined>>,
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    version: '9.8.7',
    ...(env ? { env } : {}),
  });
  return { code, stdout, stderr };
}

/** Runs with --format json and parses what it printed. */
export async function runJson(argv: string[], cwd: string): Promise<CliRun & { json: JsonReport }> {
  const result = await run([...argv, '--format', 'json'], cwd);
  return { ...result, json: JSON.parse(result.stdout) as JsonReport };
}
