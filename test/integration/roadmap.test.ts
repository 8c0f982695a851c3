// The scaling roadmap in a real VS Code, on a copy of samples/workshop-ecommerce: the command opens one panel under
// a strict CSP, the real webview loads and says `ready`, the host scans the workspace and sends the plan; messages
// from the webview are validated (bad ones dropped and logged), open the right place, save the assessment (the plan
// follows) and export. The webview's own clicks are covered by the e2e test (test/e2e/roadmap.e2e.mjs); here the
// host's message entry point is driven through the extension's test hook, validation included.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/common/test-hooks';
import { checkAssessment } from '../../src/roadmap/messages';
import type { RoadmapPlan, Task } from '../../src/roadmap/model';
import { testApi, MANIFEST, waitFor, workspaceRoot } from './helpers';

const ASSESSMENT = '.scaling-assistant/assessment.json';
const REPLICAS_TASK = 'k8s:workload-replicas-with-hpa';

async function api(): Promise<TestApi['roadmapForTests']> {
  return (await testApi()).roadmapForTests;
}

function tasks(plan: RoadmapPlan): Task[] {
  return plan.phases.flatMap((p) => p.tasks);
}

function uri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

async function readText(relative: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(relative)));
  } catch {
    return undefined;
  }
}

function roadmapTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('scalingAssistant.roadmap'));
}

suite('Scaling roadmap panel', () => {
  let originalAssessment: string | undefined;

  suiteSetup(async () => {
    originalAssessment = await readText(ASSESSMENT);
  });

  suiteTeardown(async () => {
    if (originalAssessment !== undefined)
      await vscode.workspace.fs.writeFile(uri(ASSESSMENT), new TextEncoder().encode(originalAssessment));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Show Scaling Roadmap opens one panel under a strict CSP, and the plan from the workspace scan reaches it', async () => {
    const hooks = await api();
    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    const state = await waitFor(
      'the webview to say ready and the plan of a finished scan',
      () => {
        const s = hooks.state();
        return s?.webviewReady && s.scan.state === 'done' && s.plan && s.posted.includes('plan') ? s : undefined;
      },
      60_000,
    );

    // One panel, however often the command runs.
    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    assert.equal(roadmapTabs().length, 1, 'exactly one roadmap panel');

    // The webview's security settings.
    const html = state.html ?? '';
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = Object.fromEntries(
      csp.split(/;\s*/).map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    assert.deepEqual(Object.keys(directives), ['default-src', 'script-src', 'style-src', 'img-src', 'font-src'], csp);
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.equal(directives['script-src'].length, 1, 'scripts only by nonce');
    assert.match(directives['script-src'][0], /^'nonce-[A-Za-z0-9+/=]{24}'$/);
    const webviewSource = directives['font-src'];
    assert.deepEqual(directives['style-src'], [...webviewSource, directives['script-src'][0]]);
    assert.deepEqual(directives['img-src'], [...webviewSource, 'data:']);
    assert.ok(!/unsafe-/.test(csp), 'no unsafe-inline or unsafe-eval');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.equal(
      (html.match(new RegExp(`nonce="${nonce?.replace(/[+/=]/g, (c) => `\\${c}`)}"`, 'g')) ?? []).length,
      3,
      'the script and both stylesheets carry the nonce',
    );
    assert.ok(!/<script(?![^>]*nonce=)/.test(html), 'every script has the nonce');
    assert.equal(state.localResourceRoots.length, 1);
    assert.ok(state.localResourceRoots[0].endsWith('/dist/webview'), state.localResourceRoots[0]);
    assert.equal(state.retainContextWhenHidden, false);

    // The plan: the sample's Kubernetes findings as tasks, each traceable to its places.
    const plan = state.plan as RoadmapPlan;
    assert.equal(plan.phases.length, 4);
    const replicas = tasks(plan).find((t) => t.id === REPLICAS_TASK);
    assert.ok(
      replicas,
      `the replicas task is planned; tasks: ${tasks(plan)
        .map((t) => t.id)
        .join(', ')}`,
    );
    const apiPlace = replicas.findings.find((f) => f.file === 'k8s/api.yaml');
    assert.ok(
      apiPlace,
      `the replicas task points at k8s/api.yaml; places: ${replicas.findings.map((f) => f.file).join(', ')}`,
    );
    assert.equal(apiPlace.range.start.line, 13, 'at the replicas line');
    for (const id of ['k8s:removed-api-version', 'k8s:hpa-utilization-without-requests', 'k8s:pdb-blocks-disruption']) {
      assert.ok(
        tasks(plan).some((t) => t.id === id),
        `task ${id} is planned`,
      );
    }
    assert.ok(plan.summary.files >= 15, `files scanned: ${plan.summary.files}`);
    assert.ok(plan.summary.findings >= 10, `findings: ${plan.summary.findings}`);
    assert.equal(plan.summary.assessment, ASSESSMENT, 'the plan names the assessment it used');
  });

  test('invalid messages from the webview are ignored and logged, never thrown or acted on', async () => {
    const hooks = await api();
    const before = hooks.state()?.ignoredMessages ?? 0;
    const editorBefore = vscode.window.activeTextEditor?.document.uri.toString();
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'launchMissiles' },
      { type: 'ready', extra: true },
      { type: 'openLocation', file: '../../etc/passwd', range },
      { type: 'openLocation', file: '/etc/passwd', range },
      { type: 'openLocation', file: 'file:///etc/passwd', range },
      {
        type: 'openLocation',
        file: 'k8s/api.yaml',
        range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } },
      },
      {
        type: 'openLocation',
        file: 'k8s/api.yaml',
        range: { start: { line: 5, character: 0 }, end: { line: 2, character: 0 } },
      },
      { type: 'openLocation', file: 'k8s/api.yaml' },
      { type: 'openLocation', file: 'no-such-folder-name/x.yaml', range, extra: 1 },
      { type: 'saveAssessment', assessment: { constraints: { teamSize: 'six' } } },
      { type: 'saveAssessment', assessment: { constraints: { teamSize: 0 } } },
      { type: 'saveAssessment', assessment: { injected: true } },
      { type: 'export', format: 'pdf' },
    ];
    for (const message of bad) await hooks.receive(message);
    assert.equal((hooks.state()?.ignoredMessages ?? 0) - before, bad.length, 'each one counted as ignored');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editorBefore, 'no editor opened');
    assert.equal(await readText(ASSESSMENT), originalAssessment, 'the assessment file is untouched');
  });

  test('openLocation opens the file and selects the range of the finding', async () => {
    const hooks = await api();
    const plan = await waitFor('a plan', () => hooks.state()?.plan);
    const place = tasks(plan)
      .find((t) => t.id === REPLICAS_TASK)
      ?.findings.find((f) => f.file === 'k8s/api.yaml');
    assert.ok(place);
    await hooks.receive({ type: 'openLocation', file: place.file, range: place.range });
    const editor = await waitFor('an editor on k8s/api.yaml', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith('/k8s/api.yaml') ? e : undefined;
    });
    assert.equal(editor.selection.start.line, 13);
    assert.equal(editor.selection.start.character, place.range.start.character);
    assert.ok(
      editor.document.getText(editor.selection).startsWith('replicas'),
      `selected: ${editor.document.getText(editor.selection)}`,
    );
    // The panel stays open beside the file.
    assert.equal(roadmapTabs().length, 1);
  });

  test('saveAssessment writes the file (other keys kept, pretty-printed) and the plan follows at once', async () => {
    const hooks = await api();
    const before = await waitFor('a plan', () => hooks.state()?.plan);
    const capacityBefore = before.phases[0].capacityHours;
    assert.equal(typeof capacityBefore, 'number', 'the sample assessment gives the phases a capacity');
    const current = checkAssessment(JSON.parse(originalAssessment ?? '{}'), false).assessment;
    assert.equal(current.constraints?.teamSize, 6);
    const edited = { ...current, constraints: { ...current.constraints, teamSize: 2 } };
    const posted = hooks.state()?.posted.length ?? 0;
    await hooks.receive({ type: 'saveAssessment', assessment: edited });

    const text = await readText(ASSESSMENT);
    assert.ok(text, 'the file exists');
    const saved = JSON.parse(text) as Record<string, unknown> & { constraints: { teamSize: number } };
    assert.equal(saved.constraints.teamSize, 2);
    assert.ok(
      'aiExperience' in saved && 'about' in saved && 'assessedOn' in saved,
      'keys the form does not know are kept',
    );
    assert.equal(text, `${JSON.stringify(saved, null, 2)}\n`, 'pretty-printed with two spaces and a final newline');

    const after = await waitFor(
      'a plan with the new capacity',
      () => {
        const s = hooks.state();
        const plan = s?.plan;
        return plan &&
          plan.phases[0].capacityHours !== capacityBefore &&
          s.posted.length > posted &&
          s.posted.slice(posted).includes('plan')
          ? plan
          : undefined;
      },
      10_000,
    );
    assert.ok(
      (after.phases[0].capacityHours ?? 0) < (capacityBefore ?? 0),
      `capacity ${capacityBefore} → ${after.phases[0].capacityHours} with a third of the team`,
    );
    assert.ok(
      hooks.state()?.notices.some((n) => n.topic === 'assessment' && n.level === 'info'),
      'the panel is told it was saved',
    );
  });

  test('Export Scaling Roadmap writes Markdown and JSON to the given file', async () => {
    const markdownUri = uri('it-scaling-roadmap.md');
    const outcome = await vscode.commands.executeCommand<{ status: string; uri?: vscode.Uri }>(
      'scalingAssistant.exportRoadmapMarkdown',
      markdownUri,
    );
    assert.equal(outcome.status, 'exported');
    const markdown = await readText('it-scaling-roadmap.md');
    assert.ok(markdown, 'the Markdown file was written');
    for (const title of [
      'Quick wins and foundation',
      'Core infrastructure scaling',
      'Advanced optimisation',
      'Strategic evolution',
    ]) {
      assert.ok(markdown.includes(title), `the Markdown has the phase "${title}"`);
    }
    assert.ok(markdown.includes('k8s/api.yaml'), 'tasks link to their places');

    const jsonOutcome = await vscode.commands.executeCommand<{ status: string }>(
      'scalingAssistant.exportRoadmapJson',
      uri('it-scaling-roadmap.json'),
    );
    assert.equal(jsonOutcome.status, 'exported');
    const json = JSON.parse((await readText('it-scaling-roadmap.json')) ?? '') as RoadmapPlan;
    assert.equal(json.version, 1);
    assert.equal(json.phases.length, 4);
    assert.ok(tasks(json).some((t) => t.id === REPLICAS_TASK));
  });

  test('the plan follows files created and deleted on disk', async () => {
    const hooks = await api();
    const file = 'k8s/it-roadmap-extra.yaml';
    const hasExtra = (plan: RoadmapPlan | undefined) =>
      plan &&
      tasks(plan)
        .find((t) => t.id === REPLICAS_TASK)
        ?.findings.some((f) => f.file === file);
    await vscode.workspace.fs.writeFile(uri(file), new TextEncoder().encode(MANIFEST));
    await waitFor(`the replicas task to list ${file}`, () => hasExtra(hooks.state()?.plan), 20_000);
    await vscode.workspace.fs.delete(uri(file));
    await waitFor(`${file} to leave the plan`, () => !hasExtra(hooks.state()?.plan), 20_000);
  });

  test('the narrative by Claude without an API key is answered plainly, and the plan stays as it is', async () => {
    const hooks = await api();
    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    const before = (
      await waitFor(
        'the panel and its plan',
        () => {
          const s = hooks.state();
          return s?.webviewReady && s.plan ? s : undefined;
        },
        60_000,
      )
    ).plan;
    await hooks.receive({ type: 'requestNarrative' });
    const notice = hooks
      .state()
      ?.notices.filter((n) => n.topic === 'narrative')
      .pop();
    assert.ok(notice, 'a narrative notice was posted');
    assert.match(notice.message, /no Anthropic API key is set/);
    // Whatever narrative the plan had (the deep review's suite may have written one) is untouched.
    assert.equal(hooks.state()?.plan?.narrative?.text, before?.narrative?.text);
    assert.equal(hooks.state()?.plan?.summary.tasks, before?.summary.tasks);
  });

  test('Edit Readiness Assessment creates the file from the template when it is missing and opens the form', async () => {
    const hooks = await api();
    await vscode.workspace.fs.delete(uri(ASSESSMENT));
    await waitFor(
      'the plan without an assessment',
      () => hooks.state()?.plan?.summary.assessment === undefined,
      10_000,
    );
    const outcome = await vscode.commands.executeCommand<{ status: string; created?: boolean }>(
      'scalingAssistant.editAssessment',
    );
    assert.deepEqual(outcome, { status: 'opened', created: true });
    const text = await readText(ASSESSMENT);
    assert.ok(text, 'the template was written');
    const template = JSON.parse(text) as { constraints?: Record<string, unknown> };
    assert.ok(template.constraints && 'teamSize' in template.constraints, 'the template names the fields');
    await waitFor('the panel to switch to the form', () => hooks.state()?.posted.includes('showAssessment'), 10_000);
    // Running it again keeps the file.
    const again = await vscode.commands.executeCommand<{ created?: boolean }>('scalingAssistant.editAssessment');
    assert.equal(again.created, false);
  });
});
