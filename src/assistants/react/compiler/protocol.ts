import type { CompilationMode } from './detect';

export interface CompileRequest {
  /** The file on disk: the plugin and @babel/core are loaded from the node_modules above it. */
  file: string;
  code: string;
  mode: CompilationMode;
}

/** One function the plugin reported on, with offsets into the request's code. */
export interface CompileEvent {
  kind: 'success' | 'bailout' | 'skip';
  /** Where the compiled function starts. */
  fnStart: number;
  fnName?: string;
  /** The bail-out's or skip's reason, as the compiler words it. */
  reason: string;
  /** Where in the function the compiler stopped. */
  at?: number;
}

export type CompileResult =
  { ran: true; version: string; events: CompileEvent[]; ms: number } | { ran: false; missing: string };
