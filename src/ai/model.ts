/**
 * The default Claude model: a current model of the SDK's list (`Model` in
 * @anthropic-ai/sdk/resources/messages), not one of its DEPRECATED_MODELS (a unit test holds this). Kept in a
 * module of its own, free of the SDK, so the CLI's `--help` and the editor's settings can name it without
 * loading the AI chunk.
 */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** Answers are short structured reports; this bounds cost and the time a stalled answer can take. */
export const MAX_OUTPUT_TOKENS = 8192;

/** Beyond this many characters sent (about 150,000 tokens, an estimate) a review is refused as too large. */
export const MAX_INPUT_CHARS = 600_000;
