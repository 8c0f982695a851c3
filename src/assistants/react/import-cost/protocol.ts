import type { BatchJob } from './batch';

/** Several measurements bundled together (batch.ts): one answer per job, in order. */
export interface MeasureBatchRequest {
  jobs: BatchJob[];
  /** The workspace's own esbuild may be loaded (it is code from the workspace: trusted workspaces only). */
  workspaceBundler: boolean;
}

/**
 * How the threads' error begins when there is no esbuild at all (the universal package, nothing usable in the
 * workspace): the rest says what to install or allow, so callers pass it on as it is.
 */
export const NO_BUNDLER = 'no esbuild to bundle with';
