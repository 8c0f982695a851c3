import type { IndexCandidate, PlanSummary } from '../plan-engine/types';
import type { ExplainRequest, RowsRequest } from './database';
import type { LoadReport, RowSettings, SandboxSchema } from './schema-spec';

/** Messages between the sandbox client (caller's thread) and the worker that owns PGlite. */
export type WorkerRequest =
  | { id: number; op: 'load'; schema: SandboxSchema; settings: RowSettings; fingerprint: string }
  /** `fingerprint`: the load the request expects; another one loaded (or none) answers NotLoaded. */
  | { id: number; op: 'explain'; fingerprint: string; sql: string; request: ExplainRequest }
  | {
      id: number;
      op: 'explainWithIndexes';
      fingerprint: string;
      indexes: IndexCandidate[];
      sql: string;
      request: ExplainRequest;
    }
  | { id: number; op: 'rows'; fingerprint: string; sql: string; request: RowsRequest }
  | { id: number; op: 'query'; sql: string; params?: unknown[] }
  /** Test hook: makes the worker thread die the way a WASM abort would (an uncaught exception). */
  | { id: number; op: 'crash' };

export type WorkerResult = LoadReport | PlanSummary | unknown[];

export type WorkerResponse =
  | { id: number; ok: true; result: WorkerResult }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { id: number; progress: string };
