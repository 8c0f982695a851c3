// The German pass: VS Code runs with German as its display language (the runner's own language pack, see
// scripts/run-integration.mjs), so the extension's package.nls.de.json and l10n/bundle.l10n.de.json are what users
// working in German get. Read back here: a command title, the walkthrough's title, and messages of the workshop and
// the roadmap through vscode.l10n.
import { strict as assert } from 'node:assert';
import path from 'node:path';
import * as vscode from 'vscode';
import { formKey } from '../../src/roadmap/assessment-words';
import type { ExerciseResult } from '../../src/workshop/result';
import { installStorefrontModules } from '../unit/workshop/sample-workspace';
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
    // The assessment form's words travel in the same table: labels, hints, choices and the checks under a field.
    const strings = state.strings;
    assert.equal(strings?.[formKey.label('constraints.teamSize')], 'Teamgröße');
    assert.equal(strings?.[formKey.hint('currentScale.averageResponseTimeMs')], 'Millisekunden');
    assert.equal(strings?.[formKey.sectionTitle('growthProjections')], 'Wachstumsprognose');
    assert.equal(strings?.[formKey.choice('modular_monolith')], 'Modularer Monolith');
    assert.equal(strings?.[formKey.check('atLeast')], '{0} muss mindestens {1} sein');
    assert.match(state.html ?? '', /<title>Skalierungs-Roadmap<\/title>/);
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('scalingAssistant.roadmap'));
    assert.equal(tab?.label, 'Skalierungs-Roadmap');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Check My Work measures the storefront, and the exported report carries the figures in German', async function () {
    this.timeout(240_000);
    const { workshopForTests: workshop } = await testApi();
    assert.equal(await workshop.refresh(), workspaceRoot().toString());
    // What `npm install` in web/ gives the participant: React and lodash (this project's), moment as a small stub.
    await installStorefrontModules(path.join(workspaceRoot().fsPath, 'web'));
    const result = await vscode.commands.executeCommand<ExerciseResult>('scalingAssistant.checkMyWork', 'frontend');
    assert.equal(result.status, 'failed', 'the storefront is as the sample ships it');
    const figures = Object.fromEntries(result.criteria.flatMap((c) => c.figures ?? []).map((f) => [f.label, f.value]));
    const imports = figures['Paket-Importe des Storefronts (gzip, mit esbuild gebündelt)'];
    const sizes = /^([\d.,]+ kB) → ([\d.,]+ kB) \(Beispiel im Auslieferungszustand → Ihre Lösung\)$/.exec(
      imports ?? '',
    );
    assert.ok(sizes, `measured imports, not ${imports}`);
    assert.equal(sizes[1], sizes[2], 'nothing changed yet');
    const cards = 'Renderings von ProductCard pro Update der Elternkomponente von ProductList';
    assert.equal(figures[cards], '200 → 200 (Beispiel im Auslieferungszustand → Ihre Lösung)', JSON.stringify(figures));

    const files = await vscode.commands.executeCommand<vscode.Uri[]>(
      'scalingAssistant.exportWorkshopReport',
      'Erika Müller',
    );
    const [markdown, html] = await Promise.all(
      files.map(async (uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))),
    );
    assert.ok(
      markdown.includes(`  - Paket-Importe des Storefronts (gzip, mit esbuild gebündelt): ${imports}`),
      markdown,
    );
    assert.ok(html.includes(`<li>${cards}: <b>200 → 200 (Beispiel im Auslieferungszustand → Ihre Lösung)</b></li>`));
  });
});
