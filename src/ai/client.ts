import Anthropic from '@anthropic-ai/sdk';
import type { AiFailure } from './contract';
import type { Host } from './failures';
import { cancelled, classify, formatSeconds } from './failures';
import { MAX_OUTPUT_TOKENS } from './model';
import type { JsonSchema } from './validate';

/**
 * One structured call to the Messages API through the real SDK: the tool is forced, the answer streams
 * (progress) or comes whole, and every way it can end is a typed outcome. Retries are ours, not the SDK's
 * (it is created with maxRetries 0): bounded attempts, `retry-after` honoured when it is short enough to
 * wait for, reported in the progress, and cancellable while waiting.
 */
export interface CallOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  system: string;
  user: string;
  tool: { name: string; description: string; schema: JsonSchema };
  host: Host;
  signal?: AbortSignal;
  /** No data for this long ends the attempt as `timeout` (streaming: between events; plain: the whole answer). */
  timeoutMs: number;
  /** Streams when given; a plain request otherwise. */
  onProgress?: (message: string) => void;
  retry: RetryPolicy;
}

export interface RetryPolicy {
  /** Attempts in all (the first one included). */
  maxAttempts: number;
  /** Backoff without a retry-after: base, 2×base, … */
  baseDelayMs: number;
  /** A retry-after longer than this is not waited for: the failure carries it instead. */
  maxWaitSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxWaitSeconds: 30 };

export type CallOutcome =
  | { ok: true; input: unknown; usage: { inputTokens: number; outputTokens: number } }
  | { ok: false; failure: AiFailure }
  /** Not a transport failure: the answer arrived but is not the forced tool call, or was cut by max_tokens. */
  | { ok: false; answer: 'truncated' | 'no-tool' | 'bad-json'; detail: string };

export async function callClaude(options: CallOptions): Promise<CallOutcome> {
  const client = new Anthropic({
    apiKey: options.apiKey,
    // Explicit so neither ANTHROPIC_AUTH_TOKEN nor a credentials profile of the environment is used instead.
    authToken: null,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: 0,
    timeout: options.timeoutMs,
    // The SDK's own logging could print request details; ours goes to the caller's log only.
    logLevel: 'off',
  });
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(client, options);
    if (outcome.ok || !('failure' in outcome)) return outcome;
    const wait = retryWait(outcome.failure, attempt, options.retry);
    if (wait === undefined) return outcome;
    options.onProgress?.(
      `${retryReason(outcome.failure)}: retrying in ${formatSeconds(wait / 1000)} (attempt ${attempt + 1} of ${options.retry.maxAttempts})…`,
    );
    if (!(await sleep(wait, options.signal))) return { ok: false, failure: cancelled() };
  }
}

function retryWait(failure: AiFailure, attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  switch (failure.kind) {
    case 'rate-limited':
      if (failure.retryAfterSeconds === undefined) return backoff;
      return failure.retryAfterSeconds <= policy.maxWaitSeconds
        ? Math.max(0, failure.retryAfterSeconds * 1000)
        : undefined;
    case 'overloaded':
      return backoff;
    case 'server':
      return failure.status !== undefined && failure.status >= 500 ? backoff : undefined;
    case 'network':
      // A dropped connection before any answer is worth one more try; one mid-answer is not repeated (it was billed).
      return /Could not reach/.test(failure.message) ? backoff : undefined;
    default:
      return undefined;
  }
}

function retryReason(failure: AiFailure): string {
  switch (failure.kind) {
    case 'rate-limited':
      return 'Rate-limited by the Anthropic API';
    case 'overloaded':
      return 'Claude is overloaded';
    case 'network':
      return 'The Anthropic API could not be reached';
    default:
      return 'The Anthropic API failed';
  }
}

async function attemptOnce(client: Anthropic, options: CallOptions): Promise<CallOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  let midAnswer = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  const onAbort = () => controller.abort();
  if (options.signal?.aborted) return { ok: false, failure: cancelled() };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  arm();
  const params = {
    model: options.model,
    max_tokens: MAX_OUTPUT_TOKENS,
    system: options.system,
    messages: [{ role: 'user' as const, content: options.user }],
    tools: [
      {
        name: options.tool.name,
        description: options.tool.description,
        input_schema: options.tool.schema as Anthropic.Tool.InputSchema,
      },
    ],
    tool_choice: { type: 'tool' as const, name: options.tool.name },
  };
  try {
    let message: Anthropic.Message;
    let rawInput: string | undefined;
    if (options.onProgress) {
      const progress = options.onProgress;
      const stream = client.messages.stream(params, { signal: controller.signal });
      let received = 0;
      let lastReport = 0;
      let json = '';
      stream.on('streamEvent', (event) => {
        arm();
        midAnswer = true;
        if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') {
          json += event.delta.partial_json;
          received += event.delta.partial_json.length;
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          received += event.delta.text.length;
        }
        const now = Date.now();
        if (received > 0 && now - lastReport >= 250) {
          lastReport = now;
          progress(
            `Claude is answering… about ${Math.round(received / 4).toLocaleString('en-US')} tokens received (an estimate)`,
          );
        }
      });
      // The SDK would otherwise re-throw a stream error as an unhandled rejection besides finalMessage()'s.
      stream.on('error', () => undefined);
      message = await stream.finalMessage();
      rawInput = json;
    } else {
      message = await client.messages.create({ ...params, stream: false }, { signal: controller.signal });
    }
    const usage = { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 };
    if (message.stop_reason === 'max_tokens') {
      return {
        ok: false,
        answer: 'truncated',
        detail: `the answer reached the ${MAX_OUTPUT_TOKENS}-token limit before it was complete`,
      };
    }
    const block = message.content.find(
      (b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === options.tool.name,
    );
    if (!block) return { ok: false, answer: 'no-tool', detail: `Claude answered without calling ${options.tool.name}` };
    if (rawInput !== undefined && rawInput !== '') {
      // Parse what arrived, strictly: the SDK's lenient partial parser would accept a cut or broken JSON.
      try {
        return { ok: true, input: JSON.parse(rawInput) as unknown, usage };
      } catch (error) {
        return {
          ok: false,
          answer: 'bad-json',
          detail: `the tool input is not valid JSON (${(error as Error).message})`,
        };
      }
    }
    return { ok: true, input: block.input, usage };
  } catch (error) {
    if (isJsonError(error)) return { ok: false, answer: 'bad-json', detail: 'the tool input is not valid JSON' };
    return {
      ok: false,
      failure: classify(error, {
        host: options.host,
        model: options.model,
        timedOut,
        timeoutMs: options.timeoutMs,
        streaming: options.onProgress !== undefined,
        cancelled: options.signal?.aborted === true,
        midAnswer,
      }),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The SDK parses the streamed tool input as it arrives and re-throws JSON.parse's complaint (as an AnthropicError). */
function isJsonError(error: unknown): boolean {
  const e = (error ?? {}) as { name?: string; message?: string; status?: number };
  if (e.status !== undefined) return false;
  return (
    e.name === 'SyntaxError' ||
    /is not valid JSON|Unexpected (?:token|end of JSON|non-whitespace)|JSON at position/.test(e.message ?? '')
  );
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
