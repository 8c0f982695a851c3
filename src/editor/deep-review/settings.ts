import * as vscode from 'vscode';

/**
 * `scalingAssistant.deepReview.*`. All three are application-scoped in package.json, so VS Code reads them from the
 * user's settings only: a cloned repository's .vscode/settings.json cannot switch the model, redirect the
 * endpoint (and with it the key and the code), or turn deep reviews on.
 */
export interface DeepReviewSettings {
  enabled: boolean;
  model: string;
  /** undefined: the SDK's default endpoint. */
  endpoint?: string;
  /** Set when the endpoint setting is not an http(s) URL: nothing is sent then. */
  endpointError?: string;
}

export function readDeepReviewSettings(defaultModel: string): DeepReviewSettings {
  const config = vscode.workspace.getConfiguration('scalingAssistant.deepReview');
  const model = config.get<string>('model')?.trim() || defaultModel;
  const rawEndpoint = config.get<string>('endpoint')?.trim() ?? '';
  const settings: DeepReviewSettings = { enabled: config.get<boolean>('enabled') !== false, model };
  if (rawEndpoint) {
    try {
      const url = new URL(rawEndpoint);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      settings.endpoint = rawEndpoint.replace(/\/+$/, '');
    } catch {
      settings.endpointError = `scalingAssistant.deepReview.endpoint is not an http(s) URL (${JSON.stringify(rawEndpoint.slice(0, 80))}); fix it or leave it empty for Anthropic's API.`;
    }
  }
  return settings;
}

/** Where the request goes, for the consent modal and the log. */
export function endpointLabel(settings: DeepReviewSettings): string {
  if (!settings.endpoint) return 'api.anthropic.com';
  try {
    return new URL(settings.endpoint).host;
  } catch {
    return settings.endpoint;
  }
}
