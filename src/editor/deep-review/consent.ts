import * as vscode from 'vscode';
import type { OutgoingRequest } from '../../ai/contract';

const CONSENT_KEY = 'scalingAssistant.deepReview.consent';

/** What the workspace agreed to: sending to this endpoint host. Another endpoint asks again. */
interface StoredConsent {
  endpoint: string;
  at: string;
}

/** Answers the consent question: the modal in the editor (the integration tests inject a scripted answer). */
export type ConsentPrompt = (message: string, detail: string) => Promise<boolean>;

export const modalPrompt: ConsentPrompt = async (message, detail) => {
  const send = vscode.l10n.t('Send');
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, send)) === send;
};

/**
 * Consent per workspace (workspaceState): the first deep review in a workspace says exactly what will be sent
 * (files, bytes, an estimate of tokens, what was redacted, where to) and sends nothing unless the user chooses
 * Send. The answer Send is remembered for this workspace and endpoint; Cancel is not, so the next deep review
 * asks again rather than failing silently.
 */
export class ConsentStore {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly prompt: ConsentPrompt,
  ) {}

  granted(endpoint: string): boolean {
    return this.memento.get<StoredConsent>(CONSENT_KEY)?.endpoint === endpoint;
  }

  async ask(outgoing: OutgoingRequest, model: string, endpoint: string): Promise<boolean> {
    if (this.granted(endpoint)) return true;
    const { message, detail } = describeOutgoing(outgoing, model, endpoint);
    const yes = await this.prompt(message, detail);
    if (yes) await this.memento.update(CONSENT_KEY, { endpoint, at: new Date().toISOString() } satisfies StoredConsent);
    return yes;
  }

  async forget(): Promise<void> {
    await this.memento.update(CONSENT_KEY, undefined);
  }
}

const SUBJECTS: Record<OutgoingRequest['subject'], string> = {
  sql: 'SQL',
  k8s: 'Kubernetes manifest',
  react: 'React component',
  decomposition: 'module and the facts of its decomposition plan',
  roadmap: 'scaling roadmap',
};

export function describeOutgoing(
  outgoing: OutgoingRequest,
  model: string,
  endpoint: string,
): { message: string; detail: string } {
  const files = outgoing.files.length ? outgoing.files.map((f) => `  • ${f}`).join('\n') : '  • (no files: facts only)';
  const redacted = outgoing.redactions.filter((r) => r.count > 0);
  const lines = [
    `Files:\n${files}`,
    `Size: ${outgoing.bytes.toLocaleString('en-US')} bytes, about ${outgoing.estimatedTokens.toLocaleString('en-US')} tokens (an estimate: characters ÷ 4).`,
    redacted.length
      ? `Redacted before sending: ${redacted.map((r) => `${r.count} ${r.kind}`).join(', ')}.`
      : 'Redacted before sending: nothing matched the secret patterns.',
    `Model: ${model} at ${endpoint}.`,
    'The redacted text is written to the Scaling Assistant log. Nothing Claude returns is run: findings are shown, and edits are offered as previews.',
    'You are asked once per workspace.',
  ];
  return {
    message: `Send this ${SUBJECTS[outgoing.subject]} to Claude for a deep review?`,
    detail: lines.join('\n\n'),
  };
}
