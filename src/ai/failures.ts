import type { AiFailure } from './contract';

/** Who reads the message decides the action it names. */
export type Host = 'editor' | 'cli';

export interface FailureContext {
  host: Host;
  model: string;
  /** Our own deadline fired (streaming: no data for `timeoutMs`; plain: no complete answer within it). */
  timedOut: boolean;
  streaming: boolean;
  timeoutMs: number;
  /** The caller's signal aborted (the notification's Cancel). */
  cancelled: boolean;
  /** Some of the answer had arrived when the connection failed. */
  midAnswer: boolean;
}

const KEY_ACTION: Record<Host, string> = {
  editor: 'Run "Scaling Assistant: Set Anthropic API Key" to enter a valid key.',
  cli: 'Set ANTHROPIC_API_KEY to a valid key.',
};

const ENDPOINT_ACTION: Record<Host, string> = {
  editor: 'Check your network connection, proxy, and the scalingAssistant.deepReview.endpoint setting.',
  cli: 'Check your network connection, proxy, and ANTHROPIC_BASE_URL.',
};

const MODEL_ACTION: Record<Host, string> = {
  editor: 'Check the scalingAssistant.deepReview.model setting.',
  cli: 'Check the --ai-model option.',
};

export function noKey(host: Host): AiFailure {
  return {
    kind: 'no-key',
    message:
      host === 'cli'
        ? 'No Anthropic API key: set ANTHROPIC_API_KEY to use --ai. Static findings are unaffected.'
        : 'No Anthropic API key is set. Run "Scaling Assistant: Set Anthropic API Key" to use deep reviews; static findings are unaffected.',
  };
}

export function cancelled(): AiFailure {
  return { kind: 'cancelled', message: 'Deep review cancelled; nothing was changed.' };
}

/** The status and headers of an SDK APIError, read structurally so this module needs no SDK import. */
interface ErrorShape {
  name?: string;
  message?: string;
  status?: number;
  headers?: { get(name: string): string | null } | Record<string, string>;
  error?: { error?: { type?: string; message?: string } };
}

/** Seconds to wait from `retry-after-ms` / `retry-after` (seconds or an HTTP date), if the server said. */
export function retryAfterSeconds(headers: ErrorShape['headers']): number | undefined {
  if (!headers) return undefined;
  const get = (name: string): string | null =>
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): string | null }).get(name)
      : ((headers as Record<string, string>)[name] ?? null);
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 100) / 10;
  const raw = get('retry-after');
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : undefined;
}

/**
 * Maps whatever the SDK threw to a typed failure whose message names the action that helps. Reads names
 * and statuses rather than classes, so a second copy of the SDK (or a wrapped error) still maps right.
 */
export function classify(error: unknown, context: FailureContext): AiFailure {
  if (context.cancelled) return cancelled();
  if (context.timedOut) {
    return {
      kind: 'timeout',
      message: context.streaming
        ? `Claude sent nothing for ${formatSeconds(context.timeoutMs / 1000)}, so the request was stopped. Try again, or review a smaller selection.`
        : `Claude did not answer within ${formatSeconds(context.timeoutMs / 1000)}, so the request was stopped. Try again, or review a smaller selection.`,
    };
  }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const name = shape.name ?? '';
  const apiMessage = shape.error?.error?.message ?? '';
  const status = shape.status;
  if (name === 'APIUserAbortError') return cancelled();
  if (name === 'APIConnectionTimeoutError') {
    return { kind: 'timeout', message: `The request to Claude timed out. ${ENDPOINT_ACTION[context.host]}` };
  }
  if (status === 429) {
    const wait = retryAfterSeconds(shape.headers);
    return {
      kind: 'rate-limited',
      message: `The Anthropic API is rate-limiting this key${wait !== undefined ? `; retry in ${formatSeconds(wait)}` : '; retry in a minute'}.`,
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
    };
  }
  if (status === 529 || shape.error?.error?.type === 'overloaded_error') {
    return {
      kind: 'overloaded',
      message: 'Claude is overloaded right now. Retry in a few minutes; your static findings are unaffected.',
    };
  }
  if (status === 401)
    return { kind: 'auth', message: `The Anthropic API rejected the API key (401). ${KEY_ACTION[context.host]}` };
  if (status === 403) {
    return {
      kind: 'auth',
      message: `The API key may not use this model or endpoint (403). ${KEY_ACTION[context.host]} ${MODEL_ACTION[context.host]}`,
    };
  }
  if (status === 404)
    return {
      kind: 'server',
      status,
      message: `The model "${context.model}" or the endpoint was not found (404). ${MODEL_ACTION[context.host]}`,
    };
  if (status === 413 || (status === 400 && /too long|too large|context/i.test(apiMessage))) {
    return {
      kind: 'too-large',
      message: 'The request is too large for the model. Review a smaller selection or file.',
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      kind: 'server',
      status,
      message: `The Anthropic API failed (${status}). Retry later; your static findings are unaffected.`,
    };
  }
  if (status !== undefined) {
    const detail = apiMessage ? `: ${oneLine(apiMessage).slice(0, 200)}` : '';
    return { kind: 'server', status, message: `The Anthropic API refused the request (${status})${detail}.` };
  }
  if (name === 'APIConnectionError' || isConnectionError(error)) {
    return context.midAnswer
      ? {
          kind: 'network',
          message: `The connection closed while Claude was answering; nothing was applied. Try again. ${ENDPOINT_ACTION[context.host]}`,
        }
      : { kind: 'network', message: `Could not reach the Anthropic API. ${ENDPOINT_ACTION[context.host]}` };
  }
  if (context.midAnswer || /stream ended|request ended without|Unexpected event order/i.test(shape.message ?? '')) {
    return { kind: 'network', message: 'The answer stopped before it was complete; nothing was applied. Try again.' };
  }
  return {
    kind: 'internal',
    message: `Deep review failed unexpectedly: ${oneLine(shape.message ?? String(error)).slice(0, 300)}`,
  };
}

function isConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const e = current as { code?: string; message?: string; cause?: unknown };
    if (
      /^(?:ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR_SOCKET|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)$/.test(
        e.code ?? '',
      )
    )
      return true;
    if (/fetch failed|terminated|socket hang up|other side closed/i.test(e.message ?? '')) return true;
    current = e.cause;
  }
  return false;
}

export function formatSeconds(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
