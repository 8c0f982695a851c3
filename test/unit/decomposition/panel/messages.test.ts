import { strict as assert } from 'node:assert';
import {
  parseHostMessage,
  parseWebviewMessage,
  savedPlanIn,
  savedPlanOf,
} from '../../../../src/editor/decomposition/common/messages';
import { toPanelView } from '../../../../src/editor/decomposition/common/view-model';
import { PANEL_STRINGS_EN, format } from '../../../../src/editor/decomposition/common/strings';
import { LABELS, shopPlan } from './sample-plan';

const weights = { imports: 1, calls: 1, data: 2, useCases: 1, coupling: 0 };

describe('decomposition panel: messages from the webview', () => {
  it('accepts each kind the panel sends', () => {
    const valid: unknown[] = [
      { type: 'ready' },
      { type: 'move', path: 'shop/src/payments', service: 'Orders' },
      { type: 'undoMove' },
      { type: 'resetMoves' },
      { type: 'setWeights', weights },
      { type: 'setServices', services: 4 },
      { type: 'setServices', services: null },
      {
        type: 'openLocation',
        file: 'shop/src/orders/service.ts',
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } },
      },
      { type: 'openContract', service: 'Payments', format: 'openapi' },
      { type: 'copyContract', service: 'Payments', format: 'typescript' },
      { type: 'guardrails', kind: 'eslint' },
    ];
    for (const message of valid) {
      const parsed = parseWebviewMessage(message);
      assert.ok(parsed.ok, `${JSON.stringify(message)}: ${parsed.ok ? '' : parsed.error}`);
      assert.deepEqual(parsed.value, message);
    }
  });

  it('drops paths that leave the workspace, unknown fields and kinds, and out-of-range values', () => {
    const invalid: [unknown, RegExp][] = [
      [{ type: 'move', path: '../etc/passwd', service: 'Orders' }, /inside the workspace/],
      [{ type: 'move', path: '/abs/file.ts', service: 'Orders' }, /inside the workspace/],
      [{ type: 'move', path: 'file:///x.ts', service: 'Orders' }, /inside the workspace/],
      [{ type: 'move', path: 'a.ts', service: 'x'.repeat(301) }, /longer than/],
      [{ type: 'move', path: 'a.ts', service: 'A', extra: 1 }, /unexpected field extra/],
      [{ type: 'setWeights', weights: { ...weights, imports: 11 } }, /between 0 and 10/],
      [{ type: 'setWeights', weights: { ...weights, imports: Number.NaN } }, /finite/],
      [{ type: 'setWeights', weights: { ...weights, history: 1 } }, /unknown weight history/],
      [{ type: 'setWeights', weights: { imports: 1 } }, /calls must be a finite number/],
      [{ type: 'setServices', services: 2.5 }, /integer/],
      [{ type: 'setServices', services: 0 }, /between 1 and 100/],
      [{ type: 'openContract', service: 'Payments', format: 'yaml' }, /typescript, openapi/],
      [{ type: 'guardrails', kind: 'madge' }, /dependency-cruiser, eslint/],
      [
        {
          type: 'openLocation',
          file: 'a.ts',
          range: { start: { line: 2, character: 0 }, end: { line: 1, character: 0 } },
        },
        /ends before it starts/,
      ],
      [{ type: 'runScript', code: 'x' }, /unknown message type "runScript"/],
      [{ type: { deep: true } }, /unknown message type object/],
      ['ready', /must be an object/],
    ];
    for (const [message, error] of invalid) {
      const parsed = parseWebviewMessage(message);
      assert.equal(parsed.ok, false, JSON.stringify(message));
      if (!parsed.ok) assert.match(parsed.error, error);
    }
  });
});

describe('decomposition panel: messages from the host', () => {
  it('accepts the translated strings only when every one is there', () => {
    assert.ok(parseHostMessage({ type: 'strings', strings: PANEL_STRINGS_EN }).ok);
    const { title: _title, ...missing } = PANEL_STRINGS_EN;
    const parsed = parseHostMessage({ type: 'strings', strings: missing });
    assert.ok(!parsed.ok && /strings.title must be a string/.test(parsed.error));
  });

  it('accepts busy and notices, and refuses a plan whose files climb out of the workspace', () => {
    assert.ok(parseHostMessage({ type: 'busy', busy: true, message: 'Reading facts…' }).ok);
    assert.ok(parseHostMessage({ type: 'notice', level: 'warning', message: 'x' }).ok);
    assert.ok(!parseHostMessage({ type: 'notice', level: 'fatal', message: 'x' }).ok);
    const parsed = parseHostMessage({ type: 'plan', view: { root: '../outside' } });
    assert.ok(!parsed.ok && /view.root must be a path inside the workspace/.test(parsed.error));
  });

  it('fills numbered places in the panel’s strings', () => {
    assert.equal(
      format(PANEL_STRINGS_EN.showingFirst, 200, '1,204'),
      'Showing 200 of 1,204; type in the filter to narrow.',
    );
    assert.equal(format('{0} and {1}', 'a'), 'a and {1}');
  });
});

describe('decomposition panel: what the webview keeps for a window reload', () => {
  const view = toPanelView(shopPlan(), {
    moves: [{ path: 'shop/src/payments', service: 'Orders' }],
    requestedServices: 3,
    history: true,
    labels: LABELS,
  });

  it('keeps the folder, weights, number of services and moves of the plan shown, and reads them back', () => {
    const saved = savedPlanOf(view);
    assert.deepEqual(saved, {
      root: view.root,
      weights: view.weights,
      services: 3,
      moves: [{ path: 'shop/src/payments', service: 'Orders' }],
    });
    const back = savedPlanIn(JSON.parse(JSON.stringify({ v: 1, filter: '', plan: saved })));
    assert.ok(back.ok);
    assert.deepEqual(back.value, saved);
    const automatic = savedPlanOf(toPanelView(shopPlan(), { moves: [], history: true, labels: LABELS }));
    assert.equal('services' in automatic, false, 'no number of services when the clustering decides');
  });

  it('refuses a saved state that is missing, leaves the workspace or is out of range', () => {
    const saved = savedPlanOf(view);
    const invalid: [unknown, RegExp][] = [
      [undefined, /no state/],
      [{ v: 1 }, /plan must be an object/],
      [{ plan: { ...saved, root: '../outside' } }, /inside the workspace/],
      [{ plan: { ...saved, moves: [{ path: '/etc/passwd', service: 'Orders' }] } }, /inside the workspace/],
      [{ plan: { ...saved, services: 0 } }, /services/],
      [{ plan: { ...saved, weights: { ...saved.weights, data: -1 } } }, /between 0 and 10/],
    ];
    for (const [state, error] of invalid) {
      const parsed = savedPlanIn(state);
      assert.equal(parsed.ok, false, JSON.stringify(state));
      if (!parsed.ok) assert.match(parsed.error, error);
    }
  });
});
