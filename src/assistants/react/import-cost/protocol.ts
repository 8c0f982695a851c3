import type { BundleSizes } from './bundle';
import type { ImportEntry } from './entry';

export interface MeasureRequest {
  id: number;
  entries: ImportEntry[];
  resolveDir: string;
}

export type MeasureResponse = { id: number; sizes: BundleSizes } | { id: number; error: string };
