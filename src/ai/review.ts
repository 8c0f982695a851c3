import type { AiFailure, DeepReviewRequest, OutgoingRequest, ReviewResult } from './contract';
import { InvalidAnswer, parseAnswer, placeAnswer } from './answer';
import type { RetryPolicy } from './client';
import { callClaude, DEFAULT_RETRY } from './client';
import { cancelled, noKey } from './failures';
import { MAX_INPUT_CHARS } from './model';
import type { BuiltPrompt } from './prompt';
import { buildPrompt, promptName } from './prompt';
import { loadRedactionParsers, scrubKey } from './redact';
import { SUBJECTS } from './subjects/index';
import { loadTemplate, TemplateError } from './template';

/** Options tests and hosts may tune; the defaults are what users get. */
export interface ReviewOptions {
  retry?: Partial<RetryPolicy>;
}

/** Streaming: the longest silence between events. */
const DEFAULT_IDLE_TIMEOUT_MS = 90_000;
/** Plain: the whole answer, which for a long report at the output-token limit can take minutes. */
const DEFAULT_TOTAL_TIMEOUT_MS = 300_000;

/** What would be sent (after redaction), for the consent modal: files, size, estimated tokens, redactions. */
export async function buildOutgoing(request: DeepReviewRequest): Promise<OutgoingRequest> {
  return (await prepare(request)).outgoing;
}

async function prepare(request: DeepReviewRequest): Promise<BuiltPrompt> {
  const spec = SUBJECTS[request.subject];
  if (!spec) throw new TemplateError(`no deep review exists for "${String(request.subject)}"`);
  const template = await loadTemplate(request.promptsDir, request.subject);
  await loadRedactionParsers();
  return buildPrompt(request, spec, template);
}

/**
 * A deep review with Claude, start to end: prompt, consent, redacted log, the call, validation, placement.
 * Never throws: every outcome is a ReviewResult, and no string it produces contains the API key.
 */
export async function runDeepReview(request: DeepReviewRequest, options: ReviewOptions = {}): Promise<ReviewResult> {
  const key = request.apiKey;
  const scrub = (text: string) => scrubKey(text, key);
  const log = (line: string) => {
    try {
      request.log(scrub(line));
    } catch {
      // A closed output channel must not turn a review into a crash.
    }
  };
  const fail = (failure: AiFailure): ReviewResult => {
    const safe = { ...failure, message: scrub(failure.message) } as AiFailure;
    log(`[deep review] ${request.subject} ${promptName(request.document.file)}: ${safe.kind}: ${safe.message}`);
    return { ok: false, subject: request.subject, failure: safe };
  };
  try {
    const host = request.host ?? 'editor';
    const spec = SUBJECTS[request.subject];
    if (!spec) return fail({ kind: 'internal', message: `No deep review exists for "${String(request.subject)}".` });
    if (!key || key.trim() === '') return fail(noKey(host));
    if (request.signal?.aborted) return fail(cancelled());

    let built: BuiltPrompt;
    try {
      built = await prepare(request);
    } catch (error) {
      if (error instanceof TemplateError)
        return fail({ kind: 'internal', message: `${error.message}. Fix or restore the prompt template.` });
      throw error;
    }
    const chars = built.system.length + built.user.length;
    if (chars > MAX_INPUT_CHARS) {
      return fail({
        kind: 'too-large',
        message: `The review would send about ${built.outgoing.estimatedTokens.toLocaleString('en-US')} tokens (an estimate), more than the ${Math.round(MAX_INPUT_CHARS / 4).toLocaleString('en-US')} allowed. Select a smaller part of the file.`,
      });
    }

    let agreed = false;
    try {
      agreed = await request.consent(built.outgoing);
    } catch {
      agreed = false;
    }
    if (request.signal?.aborted) return fail(cancelled());
    if (!agreed)
      return fail({
        kind: 'consent-declined',
        message: 'Nothing was sent: the deep review needs your consent to send the shown files to Anthropic.',
      });

    const { outgoing } = built;
    log(
      `[deep review] sending ${spec.displayName} review of ${outgoing.files.join(', ')} to ${request.model}: ${outgoing.bytes.toLocaleString('en-US')} bytes, ` +
        `about ${outgoing.estimatedTokens.toLocaleString('en-US')} tokens (an estimate); redacted: ${outgoing.redactions.map((r) => `${r.kind} ×${r.count}`).join(', ') || 'nothing'}`,
    );
    log(`[deep review] system prompt (as sent):\n${built.system}`);
    log(`[deep review] user message (as sent, redacted):\n${built.user}`);
    request.onProgress?.(
      scrub(`Sending ${Math.max(1, Math.round(outgoing.bytes / 1024))} KB to Claude (${request.model})…`),
    );

    const started = Date.now();
    const outcome = await callClaude({
      apiKey: key,
      baseURL: request.baseURL,
      model: request.model,
      system: built.system,
      user: built.user,
      tool: { name: spec.toolName, description: spec.toolDescription, schema: spec.schema },
      host,
      signal: request.signal,
      timeoutMs: request.timeoutMs ?? (request.onProgress ? DEFAULT_IDLE_TIMEOUT_MS : DEFAULT_TOTAL_TIMEOUT_MS),
      onProgress: request.onProgress && ((message) => request.onProgress?.(scrub(message))),
      retry: { ...DEFAULT_RETRY, ...options.retry },
    });
    if (!outcome.ok) {
      if ('failure' in outcome) return fail(outcome.failure);
      if (outcome.answer === 'truncated') {
        return fail({
          kind: 'truncated',
          message: `Claude's answer was cut off (${outcome.detail}); nothing was applied. Review a smaller selection.`,
        });
      }
      return fail({
        kind: 'invalid-answer',
        message: `Claude's answer could not be used (${outcome.detail}); nothing was applied. Try again.`,
      });
    }

    let answer;
    try {
      answer = parseAnswer(outcome.input, spec);
    } catch (error) {
      if (error instanceof InvalidAnswer) {
        return fail({
          kind: 'invalid-answer',
          message: `Claude's answer did not match the expected structure (${error.message}); nothing was applied. Try again.`,
        });
      }
      throw error;
    }
    const placed = await placeAnswer(answer, request, spec, built.redactedDocument, request.model);
    log(
      `[deep review] ${request.subject} ${promptName(request.document.file)}: ${placed.findings.length} finding(s) placed, ${placed.unplaced.length} not placed, ` +
        `${outcome.usage.inputTokens} input / ${outcome.usage.outputTokens} output tokens, ${Date.now() - started} ms`,
    );
    for (const item of placed.unplaced)
      log(
        `[deep review]   ${item.refused ? `${item.title} (${item.reason})` : `not placed: ${item.title}: ${item.reason}`}`,
      );
    return {
      ok: true,
      subject: request.subject,
      model: request.model,
      findings: placed.findings.map((f) => ({
        ...f,
        message: scrub(f.message),
        explanation: scrub(f.explanation),
        edits: f.edits.map((e) => ({ ...e, title: scrub(e.title) })),
      })),
      unplaced: placed.unplaced.map((u) => ({
        ...u,
        title: scrub(u.title),
        explanation: scrub(u.explanation),
        reason: scrub(u.reason),
      })),
      ...(placed.summary !== undefined ? { summary: scrub(placed.summary) } : {}),
      usage: outcome.usage,
    };
  } catch (error) {
    return fail({
      kind: 'internal',
      message: `Deep review failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
