import { strict as assert } from 'node:assert';
import type { AiFailure, AiFailureKind } from '../../../src/ai/contract';
import { presentFailure } from '../../../src/editor/deep-review/common/failures';

const KINDS: AiFailureKind[] = [
  'disabled',
  'untrusted',
  'no-key',
  'consent-declined',
  'cancelled',
  'rate-limited',
  'overloaded',
  'auth',
  'network',
  'timeout',
  'server',
  'invalid-answer',
  'truncated',
  'too-large',
  'internal',
];

describe('deep review failures in the editor (ai-failures)', () => {
  it('gives every failure kind a message that keeps the static findings in view, and a helpful action where one exists', () => {
    for (const kind of KINDS) {
      const shown = presentFailure({ kind, message: `something about ${kind}` } as AiFailure);
      assert.match(shown.message, /^Deep review with Claude/, kind);
      assert.match(shown.message, /static findings are unchanged/, kind);
      if (kind !== 'cancelled' && kind !== 'consent-declined')
        assert.ok(shown.actions.length > 0, `${kind} offers an action`);
    }
  });

  it('offers the action that helps: the key for auth and no key, settings for a disabled or unreachable service, trust for Restricted Mode', () => {
    assert.deepEqual(presentFailure({ kind: 'no-key', message: 'x' }).actions, ['Set API Key']);
    assert.ok(presentFailure({ kind: 'auth', message: 'x' }).actions.includes('Set API Key'));
    assert.deepEqual(presentFailure({ kind: 'disabled', message: 'x' }).actions, ['Open Settings']);
    assert.ok(presentFailure({ kind: 'network', message: 'x' }).actions.includes('Open Settings'));
    assert.deepEqual(presentFailure({ kind: 'untrusted', message: 'x' }).actions, ['Manage Workspace Trust']);
  });

  it('honours retry-after: Retry waits as long as the service asked', () => {
    const shown = presentFailure({ kind: 'rate-limited', message: 'slow down', retryAfterSeconds: 2.2 });
    assert.equal(shown.retryAfterSeconds, 2.2);
    assert.match(shown.message, /Retry waits 3 s/);
    assert.ok(shown.actions.includes('Retry'));
  });

  it('does not repeat what the AI layer already said', () => {
    const shown = presentFailure({
      kind: 'overloaded',
      message: 'Claude is overloaded right now. Retry in a few minutes; your static findings are unaffected.',
    });
    assert.equal(shown.message.match(/static findings/g)?.length, 1);
    const internal = presentFailure({ kind: 'internal', message: 'Deep review failed unexpectedly: boom' });
    assert.match(internal.message, /^Deep review failed unexpectedly: boom\. The static findings are unchanged\.$/);
  });
});
