import path from 'node:path';
import type { FileModel } from '../model';
import type { ReactRule } from '../rule';
import type { ImportCostMeasurer, ImportCostResult, ImportEntry } from './index';

/** `scalingAssistant.react.*` keys the measurement reads (the CLI passes its own). */
interface ImportCostSettings {
  /** Milliseconds one measurement may take (bundling a package the first time). */
  importCostTimeoutMs?: unknown;
  /** The folder relative document paths are relative to (the CLI's working folder). */
  importCostRoot?: unknown;
}

/**
 * Measures, before the rules run, every import the enabled rules ask for (all at once, on the measurer's
 * thread), and answers the rules' synchronous lookups from the results.
 */
export async function measureImports(
  measurer: ImportCostMeasurer | false,
  model: FileModel,
  rules: readonly ReactRule[],
  options: { signal?: AbortSignal; settings?: Readonly<Record<string, unknown>> },
): Promise<(entries: ImportEntry[]) => ImportCostResult> {
  const wanted = new Map<string, ImportEntry[]>();
  for (const rule of rules) for (const entries of rule.measures?.(model) ?? []) wanted.set(keyOf(entries), entries);
  const settings = (options.settings ?? {}) as ImportCostSettings;
  const file = fileOnDisk(model.file, settings.importCostRoot);
  const missing: ImportCostResult = {
    notMeasured: !measurer
      ? 'import costs are not measured in this run'
      : 'the file is not on disk, so there is no node_modules to measure in',
  };
  const results = new Map<string, ImportCostResult>();
  if (measurer && file && wanted.size) {
    const timeoutMs = positive(settings.importCostTimeoutMs);
    await Promise.all(
      [...wanted].map(async ([key, entries]) =>
        results.set(
          key,
          await measurer.measure(file, entries, { signal: options.signal, ...(timeoutMs ? { timeoutMs } : {}) }),
        ),
      ),
    );
  }
  return (entries) => results.get(keyOf(entries)) ?? missing;
}

function keyOf(entries: readonly ImportEntry[]): string {
  return JSON.stringify(entries);
}

/** The analysed file's path on disk: absolute already, or relative to the run's root (the CLI's working folder). */
export function fileOnDisk(file: string, root: unknown): string | undefined {
  if (path.isAbsolute(file)) return file;
  return typeof root === 'string' && path.isAbsolute(root) ? path.join(root, file) : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
