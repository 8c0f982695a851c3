/**
 * The AI layer's public API (built as its own chunk, dist/ai.js; load it through ./loader). The editor and
 * the CLI code against this and ./contract only; the SDK never leaves this folder.
 */
export { buildOutgoing, runDeepReview } from './review';
export type { ReviewOptions } from './review';
export { DEFAULT_MODEL } from './model';
export { loadRedactionParsers, redact, scrubKey } from './redact';
export type { Redacted, RedactionCount } from './redact';
export { SUBJECTS } from './subjects/index';
export { decompositionReviewFacts } from './subjects/decomposition';
export type * from './contract';
