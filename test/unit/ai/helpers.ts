import path from 'node:path';
import type { DeepReviewRequest, OutgoingRequest } from '../../../src/ai/contract';
import type { AnthropicStub } from '../../support/anthropic-stub';

export const PROMPTS_DIR = path.resolve(__dirname, '../../../prompts');
/** Shaped like a real key so the redaction and scrubbing paths see what they would in use. */
export const API_KEY = 'sk-ant-api03-STUBKEY0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH';
export const MODEL = 'claude-sonnet-5-5';

export const SQL_TEXT = [
  '-- orders of one customer',
  'SELECT *',
  'FROM orders',
  'WHERE customer_id = 42',
  'ORDER BY created_at DESC',
  'OFFSET 5000 LIMIT 20;',
  '',
].join('\n');

/** A Deployment and its HPA, two documents of one file. */
export const MANIFESTS = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: 3',
  '---',
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  '  name: web',
  'spec:',
  '  minReplicas: 2',
  '  maxReplicas: 10',
  '  metrics:',
  '    - type: Resource',
  '      resource:',
  '        name: cpu',
  '        target:',
  '          type: Utilization',
  '          averageUtilization: 90',
  '',
].join('\n');

export interface Recorded {
  logs: string[];
  progress: string[];
  consents: OutgoingRequest[];
}

export function request(
  stub: AnthropicStub | undefined,
  overrides: Partial<DeepReviewRequest> = {},
  recorded?: Recorded,
): DeepReviewRequest {
  return {
    subject: 'sql',
    document: { file: 'db/orders.sql', text: SQL_TEXT, languageId: 'sql' },
    findings: [],
    apiKey: API_KEY,
    model: MODEL,
    baseURL: stub?.baseURL,
    consent: async (outgoing) => {
      recorded?.consents.push(outgoing);
      return true;
    },
    log: (line) => recorded?.logs.push(line),
    promptsDir: PROMPTS_DIR,
    timeoutMs: 5000,
    verifyRewrite: async () => ({ parses: true, equivalent: true }),
    ...overrides,
  };
}

export function recorder(): Recorded {
  return { logs: [], progress: [], consents: [] };
}

export function finding(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'OFFSET pagination scans 5,000 rows per page',
    category: 'pagination',
    severity: 'warning',
    impact: 'high',
    effort: 'medium',
    explanation: 'Use keyset pagination on (created_at, id).',
    location: { line: 6, quote: 'OFFSET 5000' },
    ...overrides,
  };
}

export function answer(
  findings: unknown[] = [finding()],
  summary = 'Keyset pagination first.',
): Record<string, unknown> {
  return { summary, findings };
}

/** Fast retries for tests; the production policy is asserted separately. */
export const FAST = { retry: { baseDelayMs: 5 } };
