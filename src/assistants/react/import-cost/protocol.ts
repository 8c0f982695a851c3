import type { ImportEntry } from './entry';

export interface MeasureRequest {
  entries: ImportEntry[];
  resolveDir: string;
  /** The workspace's own esbuild may be loaded (it is code from the workspace: trusted workspaces only). */
  workspaceBundler: boolean;
  /** The entries include workspace modules (absolute paths): the answer lists the files read. */
  local?: boolean;
}

/**
 * How the threads' error begins when there is no esbuild at all (the universal package, nothing usable in the
 * workspace): the rest says what to install or allow, so callers pass it on as it is.
 */
export const NO_BUNDLER = 'no esbuild to bundle with';
