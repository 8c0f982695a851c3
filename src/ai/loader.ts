import type * as AiLayer from './index';

/**
 * Loads the AI layer (the SDK, prompts, redaction, placement) on first use. esbuild rewrites the import
 * below to require('./ai.js'), a chunk of its own, so neither the extension's activation nor the CLI's
 * start-up evaluates the SDK (test/unit/bundle.test.ts holds this).
 */
let loading: Promise<typeof AiLayer> | undefined;

export function loadAi(): Promise<typeof AiLayer> {
  loading ??= import('./index');
  return loading;
}
