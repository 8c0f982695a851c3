// Deep review with Claude in a real VS Code: the command runs the real AI layer and the real Anthropic SDK against a
// loopback Messages API (test/support/anthropic-stub.ts) started here, inside the extension host, with the
// application-scoped endpoint setting pointed at it. Consent is answered through the extension's test hooks (a modal
// cannot be clicked from a test); everything else is the path a user takes.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { DeepReviewOutcome } from '../../src/editor/deep-review/controller';
import type { DeepReviewTestHooks } from '../../src/editor/deep-review/testing';
import { AnthropicStub } from '../support/anthropic-stub';
import {
  testApi,
  MANIFEST,
  codeOf,
  ours,
  openFixture,
  sleep,
  waitFor as poll,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

const KEY = 'sk-ant-api03-integration-test-key-0123456789abcdefABCDEF';

const SQL = [
  '-- products on the front page',
  'SELECT id, name FROM products WHERE active',
  'ORDER BY random()',
  'LIMIT 8;',
  'SELECT id, name FROM products WHERE active AND true;',
  '',
].join('\n');

/** A valid answer of the SQL subject: one finding on line 3, one with a rewrite of line 5, one on a line that does not exist. */
const ANSWER = {
  summary: 'Random ordering sorts every active product on each page view.',
  findings: [
    {
      title: 'ORDER BY random() sorts all active products for eight rows',
      category: 'rewrite',
      severity: 'warning',
      impact: 'high',
      effort: 'small',
      explanation: 'Sorting by `random()` reads and sorts **every** matching row. Pick random ids instead.',
      location: { line: 3, quote: 'ORDER BY random()' },
    },
    {
      title: 'Redundant AND true in the filter',
      category: 'rewrite',
      severity: 'hint',
      impact: 'low',
      effort: 'small',
      explanation: 'The condition `AND true` changes nothing.',
      location: { line: 5, quote: 'WHERE active AND true' },
      edit: { line: 5, endLine: 5, replacement: 'SELECT id, name FROM products WHERE active;' },
    },
    {
      title: 'A finding on a line the document does not have',
      category: 'other',
      severity: 'info',
      impact: 'low',
      effort: 'small',
      explanation: 'This must not be shown on any line.',
      location: { line: 90, quote: 'nothing' },
    },
  ],
};

async function hooks(): Promise<DeepReviewTestHooks> {
  return (await testApi()).deepReviewForTests;
}

function claude(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Claude');
}

function review(uri: vscode.Uri): Thenable<DeepReviewOutcome> {
  return vscode.commands.executeCommand<DeepReviewOutcome>('scalingAssistant.deepReview', uri, {
    subject: 'sql',
    selection: null,
  });
}

/** The loopback stub answers at once: a shorter wait, polled more often, than the shared default. */
function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  return poll(what, probe, timeoutMs, 50);
}

suite('Deep review with Claude (loopback Messages API)', () => {
  let stub: AnthropicStub;
  let api: DeepReviewTestHooks;
  let uri: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('scalingAssistant.deepReview');

  suiteSetup(async () => {
    api = await hooks();
    stub = await AnthropicStub.start();
    // Application-scoped settings: only the user (Global) level applies.
    await config().update('endpoint', stub.baseURL, vscode.ConfigurationTarget.Global);
    await config().update('enabled', true, vscode.ConfigurationTarget.Global);
    // The query optimizer checks Claude's rewrites in its sandbox: a small table keeps that quick here.
    await vscode.workspace
      .getConfiguration('scalingAssistant.sql')
      .update('sandbox.rows', 1000, vscode.ConfigurationTarget.Workspace);
    await api.forgetConsent();
    const editor = await openFixture('db/queries/it-deep-review.sql', SQL);
    uri = editor.document.uri;
    await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'order-by-random'), 30_000);
  });

  suiteTeardown(async () => {
    api.answerConsent(undefined);
    await api.storeApiKey(undefined);
    await config().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await config().update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('scalingAssistant.sql')
      .update('sandbox.rows', undefined, vscode.ConfigurationTarget.Workspace);
    await stub.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('without a key: a message with Set API Key, nothing sent, the static findings stay', async () => {
    await api.storeApiKey(undefined);
    stub.script({ toolInput: ANSWER });
    const outcome = await review(uri);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.failure?.kind, 'no-key');
    assert.deepEqual(outcome.actions, ['Set API Key']);
    assert.match(outcome.message ?? '', /API key/);
    assert.match(outcome.message ?? '', /static findings are unchanged/);
    assert.equal(stub.requests.length, 0);
    assert.ok(ours(vscode.languages.getDiagnostics(uri)).some((d) => codeOf(d) === 'order-by-random'));
  });

  test('with AI turned off: a message with Open Settings, nothing sent', async () => {
    await api.storeApiKey(KEY);
    await config().update('enabled', false, vscode.ConfigurationTarget.Global);
    try {
      stub.script({ toolInput: ANSWER });
      const outcome = await review(uri);
      assert.equal(outcome.failure?.kind, 'disabled');
      assert.deepEqual(outcome.actions, ['Open Settings']);
      assert.equal(stub.requests.length, 0);
    } finally {
      await config().update('enabled', true, vscode.ConfigurationTarget.Global);
    }
  });

  test('consent declined: the consent question named the file and an estimate, and the stub saw no request', async () => {
    await api.storeApiKey(KEY);
    await api.forgetConsent();
    api.answerConsent(false);
    stub.script({ toolInput: ANSWER });
    const outcome = await review(uri);
    assert.equal(outcome.failure?.kind, 'consent-declined');
    assert.equal(stub.requests.length, 0, 'nothing reached the service');
    const question = api.lastConsentQuestion();
    assert.ok(question, 'the consent question was asked');
    assert.match(question.message, /Send this SQL to Claude/);
    assert.match(question.detail, /it-deep-review\.sql/);
    assert.match(question.detail, /bytes, about [\d,]+ tokens \(an estimate/);
    assert.match(question.detail, /Redacted before sending/);
    assert.ok(api.logLines().some((l) => l.includes('consent declined')));
    assert.equal(claude(uri).length, 0);
  });

  test('success: Claude diagnostics on exact ranges, an explanation in the hover, unplaced items reported, a previewed edit applied', async function () {
    // The first rewrite check starts the query optimizer's sandbox (PGlite in a worker).
    this.timeout(180_000);
    await api.storeApiKey(KEY);
    api.answerConsent(true);
    stub.script({ toolInput: ANSWER });
    const outcome = await review(uri);
    assert.equal(outcome.status, 'reviewed', JSON.stringify(outcome));
    assert.equal(stub.requests.length, 1);
    const sent = stub.requests[0];
    // SDK 1.x sends the key as a bearer token (older versions used x-api-key).
    const credential = String(sent.headers['x-api-key'] ?? sent.headers.authorization ?? '');
    assert.ok(credential === KEY || credential === `Bearer ${KEY}`, 'the real SDK sent the key from SecretStorage');
    assert.equal(sent.body.model, 'claude-sonnet-5-5');
    const userText = JSON.stringify(sent.body.messages);
    assert.match(userText, /ORDER BY random\(\)/, 'the document was sent');
    assert.match(userText, /order-by-random/, 'the static findings were sent as facts');
    assert.match(userText, /CREATE TABLE products/, 'the schema of the tables the SQL uses was sent as facts');

    const diagnostics = claude(uri);
    assert.equal(
      diagnostics.length,
      2,
      `${JSON.stringify(diagnostics.map((d) => d.message))}\n${api
        .logLines()
        .filter((l) => !l.includes('as sent'))
        .join('\n')}`,
    );
    const random = diagnostics.find((d) => d.message.startsWith('ORDER BY random()'));
    assert.ok(random);
    assert.deepEqual(
      [random.range.start.line, random.range.start.character, random.range.end.line, random.range.end.character],
      [2, 0, 2, 17],
    );
    assert.equal(random.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(outcome.placed, 2);
    assert.equal(
      outcome.unplaced,
      1,
      api
        .logLines()
        .filter((l) => !l.includes('as sent'))
        .join('\n'),
    );
    assert.match(outcome.message ?? '', /1 finding could not be placed: see log/);
    assert.ok(api.logLines().some((l) => l.includes('A finding on a line the document does not have')));
    // The static review is still there, in its own collections.
    assert.ok(ours(vscode.languages.getDiagnostics(uri)).some((d) => codeOf(d) === 'order-by-random'));

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      new vscode.Position(2, 10),
    );
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /reads and sorts \*\*every\*\* matching row/);

    // The rewrite: offered through VS Code with the query optimizer's verdict, its edit computed only on resolve.
    const line5 = new vscode.Range(4, 0, 4, 10);
    const offered =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, line5)) ?? [];
    const rewrite = offered.find((a) => a.title.startsWith('Apply Claude'));
    assert.ok(rewrite, `offered: ${offered.map((a) => a.title).join(' | ')}`);
    assert.match(rewrite.title, /\((proven equivalent|not proven)/);
    assert.equal(rewrite.edit, undefined, 'the edit is computed lazily');
    const resolved = await api.resolvedActions(uri, line5);
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0].previewMetadata?.needsConfirmation, true, 'VS Code shows the refactor preview first');
    const previewed = resolved[0].edit;
    assert.ok(previewed);
    // Applied as-is, that edit opens the refactor preview and waits for a click; a test applies its text edits.
    const [[target, textEdits]] = previewed.entries();
    assert.equal(target.toString(), uri.toString());
    const edit = new vscode.WorkspaceEdit();
    edit.set(target, textEdits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(4).text, 'SELECT id, name FROM products WHERE active;');
    // The finding the edit fixed is gone (its text changed); the other one stays on its line.
    const after = await waitFor('the fixed finding to drop', () =>
      claude(uri).length === 1 ? claude(uri) : undefined,
    );
    assert.equal(after[0].range.start.line, 2);

    // Edits above move Claude's finding with its text.
    const insert = new vscode.WorkspaceEdit();
    insert.insert(uri, new vscode.Position(0, 0), '-- moved down\n');
    assert.ok(await vscode.workspace.applyEdit(insert));
    const moved = await waitFor('the finding to move', () =>
      claude(uri)[0]?.range.start.line === 3 ? claude(uri) : undefined,
    );
    assert.equal(document.getText(moved[0].range), 'ORDER BY random()');
    // Back to the original text for the next tests.
    const restore = new vscode.WorkspaceEdit();
    restore.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), SQL);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await document.save();
  });

  test('the key never appears in the log, while the redacted request does', () => {
    const lines = api.logLines();
    assert.ok(
      lines.some((l) => l.includes('user message (as sent, redacted)')),
      'what was sent is logged',
    );
    for (const line of lines) assert.ok(!line.includes(KEY), `the key leaked into: ${line.slice(0, 120)}`);
    for (const shown of api.messages()) assert.ok(!shown.message.includes(KEY));
  });

  test('401: authentication failed, with Set API Key; the static findings stay', async () => {
    stub.script({ status: 401, errorMessage: `invalid x-api-key ${KEY}` });
    const outcome = await review(uri);
    assert.equal(outcome.failure?.kind, 'auth', JSON.stringify(outcome));
    assert.ok(outcome.actions?.includes('Set API Key'));
    assert.ok(!(outcome.message ?? '').includes(KEY));
    assert.ok(ours(vscode.languages.getDiagnostics(uri)).some((d) => codeOf(d) === 'order-by-random'));
    for (const line of api.logLines()) assert.ok(!line.includes(KEY), `the key leaked into: ${line.slice(0, 120)}`);
  });

  test('an invalid answer: a message with Retry, nothing placed', async () => {
    await vscode.commands.executeCommand('scalingAssistant.clearDeepReviewFindings');
    stub.script({ toolInput: { summary: 42, findings: 'none' } });
    const outcome = await review(uri);
    assert.equal(outcome.failure?.kind, 'invalid-answer', JSON.stringify(outcome));
    assert.ok(outcome.actions?.includes('Retry'));
    assert.equal(claude(uri).length, 0);
    assert.ok(ours(vscode.languages.getDiagnostics(uri)).some((d) => codeOf(d) === 'order-by-random'));
  });

  test('rate-limited: the message says when to retry, as the service asked (retry-after)', async function () {
    this.timeout(120_000);
    stub.script({ status: 429, headers: { 'retry-after': '1' }, errorMessage: 'rate limited' });
    const outcome = await review(uri);
    assert.equal(outcome.failure?.kind, 'rate-limited', JSON.stringify(outcome));
    assert.equal(outcome.failure.kind === 'rate-limited' ? outcome.failure.retryAfterSeconds : undefined, 1);
    assert.match(outcome.message ?? '', /Retry waits 1 s/);
    assert.deepEqual(outcome.actions, ['Retry', 'Show Log']);
    assert.ok(stub.requests.length >= 1);
  });

  test('overloaded: a message with Retry', async function () {
    this.timeout(120_000);
    stub.script({ status: 529, errorMessage: 'overloaded' });
    const outcome = await review(uri);
    assert.equal(outcome.failure?.kind, 'overloaded', JSON.stringify(outcome));
    assert.ok(outcome.actions?.includes('Retry'));
  });

  test('network unreachable: a message with Retry and Open Settings; the static findings stay', async function () {
    this.timeout(120_000);
    const closed = await AnthropicStub.start();
    const unreachable = closed.baseURL;
    await closed.close();
    await config().update('endpoint', unreachable, vscode.ConfigurationTarget.Global);
    try {
      const outcome = await review(uri);
      assert.equal(outcome.failure?.kind, 'network', JSON.stringify(outcome));
      assert.deepEqual(outcome.actions, ['Retry', 'Open Settings', 'Show Log']);
      assert.ok(ours(vscode.languages.getDiagnostics(uri)).some((d) => codeOf(d) === 'order-by-random'));
    } finally {
      await config().update('endpoint', stub.baseURL, vscode.ConfigurationTarget.Global);
    }
  });

  test('cancelling aborts the request: the service sees its connection close', async () => {
    // A stub of its own, so the only connection it sees is this request's.
    const slow = await AnthropicStub.start();
    await config().update('endpoint', slow.baseURL, vscode.ConfigurationTarget.Global);
    try {
      slow.script({ toolInput: ANSWER, stallAfterEvents: 3 });
      const running = review(uri);
      await waitFor('the request to arrive', () => slow.requests.length === 1);
      await sleep(200);
      const sockets = (slow as unknown as { sockets: Set<unknown> }).sockets;
      assert.ok(sockets.size > 0, 'the streaming connection is open');
      assert.equal(api.cancelRunning(), 1);
      const outcome = await running;
      assert.equal(outcome.failure?.kind, 'cancelled', JSON.stringify(outcome));
      await waitFor('the connection to close', () => sockets.size === 0, 10_000);
      assert.equal(slow.requests.length, 1, 'not retried after the cancel');
    } finally {
      await config().update('endpoint', stub.baseURL, vscode.ConfigurationTarget.Global);
      await slow.close();
    }
  });

  test('Clear Deep Review Findings removes them; the static findings stay', async () => {
    stub.script({ toolInput: ANSWER });
    const outcome = await review(uri);
    assert.equal(outcome.status, 'reviewed', JSON.stringify(outcome));
    assert.ok(claude(uri).length > 0);
    const cleared = await vscode.commands.executeCommand<number>('scalingAssistant.clearDeepReviewFindings');
    assert.ok(cleared > 0);
    assert.equal(claude(uri).length, 0);
    assert.ok(ours(vscode.languages.getDiagnostics(uri)).some((d) => codeOf(d) === 'order-by-random'));
  });

  test('a destructive edit is refused before it is offered: the finding shows, the edit does not, and the message says so', async () => {
    const editor = await openFixture('db/queries/it-destructive.sql', 'DELETE FROM products WHERE id = 42;\n');
    const target = editor.document.uri;
    stub.script({
      toolInput: {
        summary: 'Simplify the delete.',
        findings: [
          {
            title: 'The delete can be simpler',
            category: 'rewrite',
            severity: 'warning',
            impact: 'low',
            effort: 'small',
            explanation: 'A hostile answer: it widens the DELETE to every row.',
            location: { line: 1, quote: 'DELETE FROM products WHERE id = 42' },
            edit: { line: 1, endLine: 1, replacement: 'DELETE FROM products;' },
          },
        ],
      },
    });
    const outcome = await review(target);
    assert.equal(outcome.status, 'reviewed', JSON.stringify(outcome));
    assert.match(outcome.message ?? '', /1 edit refused as destructive: see log/);
    assert.ok(
      api.logLines().some((l) => /Edit refused/.test(l)),
      api.logLines().slice(-10).join('\n'),
    );
    const finding = claude(target).find((d) => d.message.startsWith('The delete can be simpler'));
    assert.ok(finding, 'the finding itself is shown');
    assert.deepEqual(
      (await api.resolvedActions(target, finding.range)).map((a) => a.title),
      [],
      'no edit of it is offered',
    );
    assert.equal(editor.document.getText(), 'DELETE FROM products WHERE id = 42;\n');
    await vscode.commands.executeCommand('scalingAssistant.clearDeepReviewFindings');
  });

  test("a Kubernetes manifest: the HPA reviewer's findings and related manifests go as facts, the edit is offered without a SQL verdict", async () => {
    const editor = await openFixture('k8s/it-deep-review.yaml', MANIFEST);
    const manifest = editor.document.uri;
    await waitForDiagnostics(manifest, (d) => d.some((x) => codeOf(x) === 'workload-replicas-with-hpa'), 30_000);
    const maxLine = MANIFEST.split('\n').indexOf('  maxReplicas: 30');
    stub.script({
      toolInput: {
        summary: 'The HPA and the pinned replicas fight.',
        findings: [
          {
            title: 'maxReplicas 30 exceeds what the namespace quota allows',
            category: 'capacity',
            severity: 'warning',
            impact: 'medium',
            effort: 'small',
            explanation: 'At 30 pods the requests exceed the quota.',
            location: { line: maxLine + 1, quote: 'maxReplicas: 30' },
            edit: { line: maxLine + 1, endLine: maxLine + 1, replacement: '  maxReplicas: 20' },
          },
        ],
      },
    });
    const outcome = await vscode.commands.executeCommand<DeepReviewOutcome>('scalingAssistant.deepReview', manifest, {
      subject: 'k8s',
      selection: null,
    });
    assert.equal(outcome.status, 'reviewed', JSON.stringify(outcome));
    assert.equal(outcome.placed, 1);
    const sent = JSON.stringify(stub.requests[0].body.messages);
    assert.match(sent, /workload-replicas-with-hpa/, 'the static findings went as facts');
    const [diagnostic] = claude(manifest);
    assert.equal(diagnostic.range.start.line, maxLine);
    assert.equal(editor.document.getText(diagnostic.range), 'maxReplicas: 30');
    const resolved = await api.resolvedActions(manifest, diagnostic.range);
    assert.equal(resolved.length, 1);
    assert.doesNotMatch(resolved[0].title, /proven/);
    assert.equal(resolved[0].previewMetadata?.needsConfirmation, true);
  });

  test("the decomposition planner: without a plan it says one is needed; with one, the plan's facts go with the module and Claude's answer is shown", async function () {
    this.timeout(240_000);
    const decomposition = (await testApi()).decompositionForTests;
    const module = vscode.Uri.joinPath(workspaceRoot(), 'monolith', 'src', 'orders', 'service.ts');
    const document = await vscode.workspace.openTextDocument(module);
    await vscode.window.showTextDocument(document);
    const importLine = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('import { chargeOrder }'));
    assert.ok(importLine >= 0, 'the orders module imports the payments service');
    const answer = {
      summary: 'Cut **payments** out first: orders only calls `chargeOrder`.',
      findings: [
        {
          title: 'Orders reaches into payments through an in-process import',
          category: 'coupling',
          severity: 'warning',
          impact: 'high',
          effort: 'medium',
          explanation: 'Once payments is a service, `chargeOrder` becomes a remote call inside the order transaction.',
          location: { line: importLine + 1, quote: 'chargeOrder' },
        },
      ],
    };
    const reviewModule = () =>
      vscode.commands.executeCommand<DeepReviewOutcome>('scalingAssistant.deepReview', module, {
        subject: 'decomposition',
        selection: null,
      });
    await api.storeApiKey(KEY);

    // No plan held and the planner turned off: no plan can be made, so the review says so and sends nothing.
    const planner = vscode.workspace.getConfiguration('scalingAssistant.decomposition');
    await planner.update('enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      stub.script({ toolInput: answer });
      const refused = await reviewModule();
      assert.equal(refused.status, 'no-plan', JSON.stringify(refused));
      assert.match(refused.message ?? '', /needs a plan of the folder/);
      assert.match(refused.message ?? '', /turned off/);
      assert.equal(stub.requests.length, 0);
    } finally {
      await planner.update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }

    // No plan held: the review plans monolith/ first (the panel opens on it), then sends the plan's facts.
    await api.forgetConsent();
    api.answerConsent(true);
    stub.script({ toolInput: answer });
    const outcome = await reviewModule();
    assert.equal(outcome.status, 'reviewed', JSON.stringify(outcome));
    const planned = decomposition.state();
    assert.equal(planned?.root, 'monolith', "the module's folder was planned");
    assert.ok(planned.view && planned.view.services.length >= 2);
    assert.match(api.lastConsentQuestion()?.message ?? '', /Send this module and the facts of its decomposition plan/);
    assert.match(api.lastConsentQuestion()?.detail ?? '', /orders\/service\.ts/);
    assert.equal(stub.requests.length, 1);
    const sent = JSON.stringify(stub.requests[0].body.messages);
    assert.match(sent, /export async function placeOrder/, 'the module was sent');
    assert.match(sent, /Crossings between proposed services \(imports and calls\): [1-9]/);
    assert.match(sent, /Crossings in monolith\/src\/orders\/service\.ts:/, "the module's own crossings");
    assert.match(sent, /chargeOrder/);
    assert.match(sent, /monolith\/src\/orders\/service\.ts belongs here/);
    for (const service of planned.view.services)
      assert.ok(sent.includes(`Service ${service.name} (`), `service ${service.name} in the facts`);
    assert.match(sent, /Metrics \(ours \| one service per folder \| plain Louvain on imports\)/);
    assert.match(sent, /Strangler-fig steps/);
    assert.match(stub.requests[0].body.tool_choice?.name ?? '', /report_decomposition_review/);

    // Claude's finding sits on the import it names, and the user is told.
    const [finding, ...more] = claude(module);
    assert.equal(more.length, 0);
    assert.equal(finding.range.start.line, importLine);
    assert.equal(document.getText(finding.range), 'chargeOrder');
    assert.equal(outcome.placed, 1);
    assert.match(outcome.message ?? '', /1 finding in monolith\/src\/orders\/service\.ts/);
    assert.ok(api.messages().some((m) => m.message === outcome.message));

    // A plan is held now: the next review stands on it, without planning again.
    const plansBefore = decomposition.state()?.plans;
    stub.script({ toolInput: answer });
    const again = await reviewModule();
    assert.equal(again.status, 'reviewed', JSON.stringify(again));
    assert.equal(decomposition.state()?.plans, plansBefore, 'no new plan');
    assert.ok(api.logLines().some((l) => /grounded on the plan held of monolith/.test(l)));
    assert.equal(stub.requests.length, 1);
    await vscode.commands.executeCommand('scalingAssistant.clearDeepReviewFindings');
  });

  test("the roadmap narrative: Claude writes it from the plan and the panel shows it as Claude's", async () => {
    const roadmap = (await testApi()).roadmapForTests;
    assert.ok(roadmap);
    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    await waitFor(
      'the plan of a finished scan',
      () => {
        const s = roadmap.state();
        return s?.webviewReady && s.scan.state === 'done' && s.plan ? s : undefined;
      },
      90_000,
    );
    const narrative = '## Quick wins\n\nStart with **the replicas**: they fight the HPA.\n\n- then the indexes';
    stub.script({ toolInput: { summary: narrative } });
    await roadmap.receive({ type: 'requestNarrative' });
    const state = await waitFor('the narrative in the plan', () => {
      const s = roadmap.state();
      return s?.plan?.narrative ? s : undefined;
    });
    assert.equal(state.plan?.narrative?.text, narrative);
    assert.ok(state.posted.includes('narrativeBusy'));
    assert.equal(stub.requests.length, 1);
    const sent = JSON.stringify(stub.requests[0].body.messages);
    assert.match(sent, /quick-wins/, 'the plan went as facts');
    const notice = state.notices.filter((n) => n.topic === 'narrative').pop();
    assert.match(notice?.message ?? '', /Narrative written by Claude/);
    // The export carries it, marked as Claude's.
    const target = vscode.Uri.joinPath(workspaceRoot(), 'it-roadmap-narrative.md');
    await vscode.commands.executeCommand('scalingAssistant.exportRoadmapMarkdown', target);
    const exported = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(exported, /## Narrative \(written by Claude\)/);
  });
});
