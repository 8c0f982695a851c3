import { serveRequests } from '../worker-thread';
import type { BatchResult } from './batch';
import { bundleBatch } from './batch';
import type { Bundler } from './bundle';
import { firstLine, loadBundler } from './load-bundler';
import type { MeasureBatchRequest } from './protocol';

// The import-cost thread: esbuild runs here so a large package never holds up the extension host's thread.
serveRequests(measureBatch, firstLine);

/** The jobs bundled together per esbuild that answers from their folders (a monorepo's packages may differ). */
async function measureBatch(request: MeasureBatchRequest): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array<BatchResult>(request.jobs.length);
  const byBundler = new Map<Bundler, number[]>();
  await Promise.all(
    request.jobs.map(async (job, index) => {
      try {
        const bundler = await loadBundler(job.resolveDir, request.workspaceBundler);
        byBundler.set(bundler, [...(byBundler.get(bundler) ?? []), index]);
      } catch (error) {
        results[index] = { error: firstLine(error) };
      }
    }),
  );
  for (const [bundler, indices] of byBundler) {
    indices.sort((a, b) => a - b);
    const answers = await bundleBatch(
      bundler,
      indices.map((index) => request.jobs[index]),
      firstLine,
    );
    indices.forEach((index, i) => (results[index] = answers[i]));
  }
  return results;
}
