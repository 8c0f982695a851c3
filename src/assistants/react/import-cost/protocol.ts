import type { BundleSizes } from './bundle';
import type { ImportEntry } from './entry';

export interface MeasureRequest {
  id: number;
  entries: ImportEntry[];
  resolveDir: string;
  /** The workspace's own esbuild may be loaded (it is code from the workspace: trusted workspaces only). */
  workspaceBundler: boolean;
}

export type MeasureResponse = { id: number; sizes: BundleSizes } | { id: number; error: string };
