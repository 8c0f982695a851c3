import type { Partition } from './partition';
import { serviceOf } from './partition';

/**
 * Non-extreme distribution NED, rescaled: the original counts services of 5 to 20 classes as sensible in
 * applications of about a hundred classes; here the bounds are 5% and 20% of the folder's N service files
 * (at least 2 files), so the measure means the same for 20 files and for 5,000. The share of files, 0..1, in
 * services whose size lies within the bounds.
 */
export function sizeBounds(files: number): { lower: number; upper: number } {
  const lower = Math.max(2, Math.ceil(files * 0.05));
  return { lower, upper: Math.max(lower, Math.ceil(files * 0.2)) };
}

export function sizeBalance(partition: Partition): number {
  const sizes = new Map<string, number>();
  let files = 0;
  for (const file of partition.assignment.keys()) {
    const service = serviceOf(partition, file);
    if (service === undefined) continue;
    files++;
    sizes.set(service, (sizes.get(service) ?? 0) + 1);
  }
  if (files === 0) return 0;
  const { lower, upper } = sizeBounds(files);
  let sensible = 0;
  for (const size of sizes.values()) if (size >= lower && size <= upper) sensible += size;
  return sensible / files;
}
