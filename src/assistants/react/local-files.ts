import { promises as fs } from 'node:fs';
import { reusedFor } from '../../core/reused-answers';
import { fileOnDisk } from './import-cost/for-file';
import type { FileModel } from './model';
import type { ReactRule } from './rule';

/** Reads the start of a file named as the analysed document is named (relative to the run's root, or absolute). */
export type ReadBytes = (file: string, settings: Readonly<Record<string, unknown>>) => Promise<Uint8Array | undefined>;

/** Enough of a file for what the rules read from it (an image's header). */
const MAX_BYTES = 64 * 1024;

/** The files on disk, found like import costs are (absolute paths, or relative to `importCostRoot`). */
export const readFromDisk: ReadBytes = async (file, settings) => {
  const onDisk = fileOnDisk(file, settings.importCostRoot);
  return onDisk ? readStart(onDisk) : undefined;
};

/**
 * Every component of a project names the same images (a logo, a banner under `public/`), each looked for in
 * several folders where it mostly is not: one read answers for a second (reused-answers.ts).
 */
const READ_REUSE_MS = 1000;

const readStart = reusedFor(READ_REUSE_MS, async (onDisk) => {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(onDisk, 'r');
    const buffer = new Uint8Array(MAX_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
});

/**
 * Reads, before the rules run, every file the enabled rules ask for (their `reads`), so that their synchronous
 * `fileBytes` lookups can answer; a file that is missing or unreadable is simply absent.
 */
export async function readForRules(
  read: ReadBytes | false,
  model: FileModel,
  rules: readonly ReactRule[],
  settings: Readonly<Record<string, unknown>> = {},
): Promise<(file: string) => Uint8Array | undefined> {
  const wanted = new Set(rules.flatMap((rule) => rule.reads?.(model) ?? []));
  const found = new Map<string, Uint8Array>();
  if (read)
    await Promise.all(
      [...wanted].map(async (file) => {
        const bytes = await read(file, settings);
        if (bytes) found.set(file, bytes);
      }),
    );
  return (file) => found.get(file);
}
