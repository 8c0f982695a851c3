import type { AiFailure } from '../../../ai/contract';

/** The buttons a failure message offers; each one is the thing that helps with that failure. */
export type FailureAction = 'Set API Key' | 'Open Settings' | 'Show Log' | 'Retry' | 'Manage Workspace Trust';

export interface FailurePresentation {
  level: 'info' | 'warning' | 'error';
  message: string;
  actions: FailureAction[];
  /** Retry only after this many seconds (the service's retry-after). */
  retryAfterSeconds?: number;
}

/** Said with every failure: the static review is independent of Claude and stays as it is. */
const STATIC_KEPT = 'The static findings are unchanged.';

/**
 * The message and buttons for every way a deep review can end without an answer. The AI layer's message says
 * what happened; this adds where it happened and what to do, and never anything from the request (no key, no
 * code).
 */
export function presentFailure(failure: AiFailure): FailurePresentation {
  const text = (base: string) => {
    const said = base.trim().replace(/\.?$/, '.');
    const lead = /^deep review/i.test(said) ? said : `Deep review with Claude: ${said}`;
    return /static findings/i.test(said) ? lead : `${lead} ${STATIC_KEPT}`;
  };
  switch (failure.kind) {
    case 'disabled':
      return { level: 'warning', message: text(failure.message), actions: ['Open Settings'] };
    case 'untrusted':
      return { level: 'warning', message: text(failure.message), actions: ['Manage Workspace Trust'] };
    case 'no-key':
      return { level: 'warning', message: text(failure.message), actions: ['Set API Key'] };
    case 'consent-declined':
      return { level: 'info', message: `Deep review with Claude: nothing was sent. ${STATIC_KEPT}`, actions: [] };
    case 'cancelled':
      return {
        level: 'info',
        message: `Deep review with Claude cancelled; the request was stopped. ${STATIC_KEPT}`,
        actions: [],
      };
    case 'rate-limited': {
      const wait = failure.retryAfterSeconds;
      const when = wait !== undefined ? ` Retry waits ${Math.ceil(wait)} s, as the service asked.` : '';
      return {
        level: 'warning',
        message: text(failure.message) + when,
        actions: ['Retry', 'Show Log'],
        retryAfterSeconds: wait,
      };
    }
    case 'overloaded':
    case 'timeout':
    case 'server':
      return { level: 'warning', message: text(failure.message), actions: ['Retry', 'Show Log'] };
    case 'auth':
      return { level: 'error', message: text(failure.message), actions: ['Set API Key', 'Show Log'] };
    case 'network':
      return { level: 'error', message: text(failure.message), actions: ['Retry', 'Open Settings', 'Show Log'] };
    case 'invalid-answer':
    case 'truncated':
      return { level: 'warning', message: text(failure.message), actions: ['Retry', 'Show Log'] };
    case 'too-large':
      return { level: 'warning', message: text(failure.message), actions: ['Show Log'] };
    case 'internal':
      return { level: 'error', message: text(failure.message), actions: ['Show Log'] };
  }
}
