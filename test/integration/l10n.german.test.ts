// The German pass: VS Code runs with German as its display language (the runner's own language pack, see
// scripts/run-integration.mjs), so the extension's package.nls.de.json and l10n/bundle.l10n.de.json are what users
// working in German get. Read back here: a command title, the walkthrough's title, and messages of the workshop and
// the roadmap through vscode.l10n.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ExerciseResult } from '../../src/workshop/result';
import { EXTENSION_ID, testApi, waitFor, workspaceRoot } from './helpers';

/** A manifest text as the extension host hands it: localised in place, or `{ original, value }` for a command title. */
type Localised = string | { original: string; value: string };

interface Manifest {
  contributes: {
    commands: { command: string; title: Localised }[];
    walkthroughs: { id: string; title: Localised; steps: { id: string; title: Localised }[] }[];
  };
}

const shown = (text: Localised | undefined) => (typeof text === 'object' ? text.value : text);

suite('German display language', () => {
  test('VS Code runs in German, and the manifest is read from package.nls.de.json', async () => {
    assert.equal(vscode.env.language, 'de');
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    const title = (id: string) => shown(manifest.contributes.commands.find((c) => c.command === id)?.title);
    assert.equal(title('scalingAssistant.showRoadmap'), 'Skalierungs-Roadmap anzeigen');
    assert.equal(title('scalingAssistant.editAssessment'), 'Readiness-Assessment bearbeiten');
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(shown(walkthrough.steps.find((s) => s.id === 'decomposition')?.title), 'Zerlegung des Monolithen');
  });

  test("the extension's messages come from the German l10n bundle (Check My Work, the roadmap export)", async function () {
    this.timeout(120_000);
    const { workshopForTests: workshop } = await testApi();
    assert.equal(await workshop.refresh(), workspaceRoot().toString());
    const result = await vscode.commands.executeCommand<ExerciseResult>('scalingAssistant.checkMyWork', 'hpa');
    assert.equal(result.criteria[0].label, 'k8s/api.yaml: kein spec.replicas unter dem HPA');
    assert.match(workshop.statusText() ?? '', /^\$\(mortar-board\) Workshop: \d von \d$/);

    const target = vscode.Uri.joinPath(workspaceRoot(), 'docs', 'roadmap-de.md');
    const outcome = await vscode.commands.executeCommand<{ status: string }>(
      'scalingAssistant.exportRoadmapMarkdown',
      target,
    );
    assert.equal(outcome.status, 'exported');
    const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(markdown, /^# Skalierungs-Roadmap/);
    assert.match(markdown, /^## 1\. Quick Wins und Fundament \(0–3 Monate\)$/m);
  });

  test('the roadmap panel gets its words in German before the plan, and its page says it is German', async function () {
    this.timeout(120_000);
    const { roadmapForTests: roadmap } = await testApi();
    await vscode.commands.executeCommand('scalingAssistant.showRoadmap');
    const state = await waitFor(
      'the webview to say ready and receive the plan',
      () => {
        const s = roadmap.state();
        return s?.webviewReady && s.posted.includes('plan') ? s : undefined;
      },
      60_000,
    );
    assert.ok(state.posted.indexOf('strings') >= 0 && state.posted.indexOf('strings') < state.posted.indexOf('plan'));
    assert.match(state.html ?? '', /<html lang="de">/);
    assert.match(state.html ?? '', /<title>Skalierungs-Roadmap<\/title>/);
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('scalingAssistant.roadmap'));
    assert.equal(tab?.label, 'Skalierungs-Roadmap');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
