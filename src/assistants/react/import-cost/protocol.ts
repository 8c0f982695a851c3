import type { ImportEntry } from './entry';

export interface MeasureRequest {
  entries: ImportEntry[];
  resolveDir: string;
  /** The workspace's own esbuild may be loaded (it is code from the workspace: trusted workspaces only). */
  workspaceBundler: boolean;
  /** The entries include workspace modules (absolute paths): the answer lists the files read. */
  local?: boolean;
}
