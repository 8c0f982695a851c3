// The decomposition planner in a real VS Code, on a copy of samples/workshop-ecommerce: *Plan Monolith Decomposition*
// on monolith/ opens one panel under a strict CSP whose real webview says `ready` and receives the plan; a what-if
// move through the panel's message path (validation included) re-plans at once and the metrics change, undo brings
// them back; crossings of the proposed boundaries are information diagnostics with a code lens; the guardrails open as
// untitled documents; closing the panel discards the plan and its marks.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/common/test-hooks';
import type { PanelView } from '../../src/editor/decomposition/common/messages';
import { testApi, waitFor, workspaceRoot } from './helpers';

const SOURCE = 'decomposition planner';

async function api(): Promise<TestApi['decompositionForTests']> {
  return (await testApi()).decompositionForTests;
}

function ours(view: PanelView): Record<string, number | null> {
  return Object.fromEntries(view.metrics.map((m) => [m.key, m.ours]));
}

function crossingDiagnostics(): [vscode.Uri, vscode.Diagnostic[]][] {
  return vscode.languages
    .getDiagnostics()
    .map(([uri, list]): [vscode.Uri, vscode.Diagnostic[]] => [uri, list.filter((d) => d.source === SOURCE)])
    .filter(([, list]) => list.length > 0);
}

function decompositionTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('scalingAssistant.decomposition'),
    );
}

suite('Decomposition planner in the editor', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('plans monolith/, shows services and metrics in the panel, what-ifs a move, marks crossings', async function () {
    this.timeout(180_000);
    const hooks = await api();
    const monolith = vscode.Uri.joinPath(workspaceRoot(), 'monolith');
    const outcome = (await vscode.commands.executeCommand('scalingAssistant.planDecomposition', monolith)) as {
      status: string;
      services?: number;
    };
    assert.equal(outcome.status, 'planned', JSON.stringify(outcome));
    assert.ok((outcome.services ?? 0) >= 2, `services: ${outcome.services}`);

    const first = await waitFor(
      'the webview to say ready and receive the plan',
      () => {
        const s = hooks.state();
        return s?.webviewReady && s.posted.includes('plan') && s.view ? s : undefined;
      },
      60_000,
    );
    const view = first.view!;
    assert.equal(first.root, 'monolith');
    assert.equal(decompositionTabs().length, 1, 'one decomposition panel');
    assert.ok(view.services.length >= 2, 'services in the panel');
    assert.ok(
      view.services.every((s) => s.files.every((f) => f.startsWith('monolith/'))),
      'files of the folder',
    );
    assert.deepEqual(
      view.metrics.map((m) => m.key).slice(0, 2),
      ['services', 'structuralModularity'],
      'metrics against both baselines',
    );
    assert.equal(view.metrics.find((m) => m.key === 'services')?.ours, view.services.length);
    assert.equal(view.map.nodes.length, view.services.length, 'every service on the map');
    assert.ok(first.posted.indexOf('strings') < first.posted.indexOf('plan'), 'translated words before the plan');

    // The webview's security settings: scripts and styles by nonce only, nothing inline, no eval.
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(first.html ?? '')?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[^']+'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);

    // Crossings: information diagnostics of their own source, and a code lens on each.
    const marked = await waitFor('crossing diagnostics', () => {
      const found = crossingDiagnostics();
      return found.length ? found : undefined;
    });
    const [crossedUri, crossings] = marked[0];
    assert.ok(crossings.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
    assert.match(crossings[0].message, /→ .+ crosses a proposed service boundary/);
    await vscode.workspace.openTextDocument(crossedUri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      crossedUri,
    );
    assert.ok(
      lenses.some((l) => /^.+ → .+: \+\d+ cross-service operations?$/.test(l.command?.title ?? '')),
      JSON.stringify(lenses.map((l) => l.command?.title)),
    );
    assert.equal(
      hooks.state()?.crossingsMarked,
      marked.reduce((n, [, list]) => n + list.length, 0),
    );

    // What-if: a file of the busiest caller moves into a service it calls; the plan is recomputed at once.
    const caller = [...view.services].sort((a, b) => b.outbound.length - a.outbound.length)[0];
    const target = caller.outbound[0]?.service ?? view.services.find((s) => s.name !== caller.name)!.name;
    const moved = caller.files[0];
    const plansBefore = first.plans;
    await hooks.receive({ type: 'move', path: moved, service: target });
    const after = await waitFor('the re-plan of the move', () => {
      const s = hooks.state();
      return s && s.plans > plansBefore && s.view?.moves.length === 1 ? s : undefined;
    });
    assert.deepEqual(after.view!.moves, [{ path: moved, service: target }]);
    assert.ok(
      after.view!.services.find((s) => s.name === target)?.files.includes(moved),
      `${moved} is now in ${target}`,
    );
    assert.notDeepEqual(ours(after.view!), ours(view), 'the proposed metrics changed');
    assert.ok(after.posted.lastIndexOf('plan') > first.posted.lastIndexOf('plan'), 'the new plan was posted');

    // A move the plan cannot take is dropped, as is a malformed message.
    const ignoredBefore = after.ignoredMessages;
    await hooks.receive({ type: 'move', path: moved, service: 'No Such Service' });
    await hooks.receive({ type: 'move', path: '../outside.ts', service: target });
    assert.equal(hooks.state()?.ignoredMessages, ignoredBefore + 2);
    assert.equal(hooks.state()?.view?.moves.length, 1);

    // Undo steps back to the original proposal.
    await hooks.receive({ type: 'undoMove' });
    const undone = await waitFor('the re-plan after undo', () => {
      const s = hooks.state();
      return s?.view?.moves.length === 0 ? s : undefined;
    });
    assert.deepEqual(ours(undone.view!), ours(view));

    // Weights from the panel re-plan too, and the panel shows the ones in use.
    const weights = { ...view.weights, imports: Math.min(10, view.weights.imports + 2) };
    await hooks.receive({ type: 'setWeights', weights });
    await waitFor('the re-plan with new weights', () => hooks.state()?.view?.weights.imports === weights.imports);

    // Saving a file of the folder refreshes the plan (debounced), the diagnostics with it.
    const plansBeforeSave = hooks.state()?.plans ?? 0;
    const saved = await vscode.workspace.openTextDocument(crossedUri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(saved.uri, saved.lineAt(saved.lineCount - 1).range.end, '\n// touched by the decomposition test\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await saved.save());
    await waitFor('the refresh after saving', () => (hooks.state()?.plans ?? 0) > plansBeforeSave);
    assert.ok(crossingDiagnostics().length > 0, 'crossings still marked after the refresh');

    // The guardrails open as untitled documents for the user to read and save.
    const guard = await hooks.guardrails('eslint');
    assert.equal(guard.status, 'opened');
    assert.equal(guard.document?.isUntitled, true);
    assert.match(guard.document?.getText() ?? '', /no-restricted-imports/);

    // Closing the panel discards the plan and its marks.
    for (const tab of decompositionTabs()) await vscode.window.tabGroups.close(tab);
    await waitFor('the crossings to be cleared', () => crossingDiagnostics().length === 0);
    assert.equal(hooks.state()?.panelOpen, false);
  });

  test('a panel VS Code restores after a reload plans its folder again with the saved services, weights and moves', async function () {
    this.timeout(180_000);
    const hooks = await api();
    const monolith = vscode.Uri.joinPath(workspaceRoot(), 'monolith');
    assert.equal((await hooks.plan(monolith)).status, 'planned');
    await hooks.receive({ type: 'setServices', services: 3 });
    const planned = await waitFor('the plan with three services', () => {
      const s = hooks.state();
      return s?.view?.requestedServices === 3 ? s.view : undefined;
    });
    const [from, to] = planned.services;
    const move = { path: from.files[0], service: to.name };
    const weights = { ...planned.weights, data: Math.min(10, planned.weights.data + 1) };
    // What the webview keeps with setState, as VS Code gives it to the serializer: one move that still fits,
    // one whose file is gone.
    const state = {
      v: 1,
      filter: '',
      plan: {
        root: 'monolith',
        weights,
        services: 3,
        moves: [move, { path: 'monolith/src/deleted-meanwhile.ts', service: to.name }],
      },
    };
    for (const tab of decompositionTabs()) await vscode.window.tabGroups.close(tab);
    await waitFor('the plan to be discarded', () => hooks.state()?.panelOpen === false);

    const panel = vscode.window.createWebviewPanel(
      'scalingAssistant.decomposition',
      'restored',
      vscode.ViewColumn.Active,
    );
    const outcome = await hooks.restore(panel, state);
    assert.equal(outcome.status, 'planned', JSON.stringify(outcome));
    const restored = await waitFor(
      'the restored webview to receive the plan',
      () => {
        const s = hooks.state();
        return s?.webviewReady && s.view?.moves.length === 1 ? s : undefined;
      },
      60_000,
    );
    assert.equal(decompositionTabs().length, 1, 'the restored panel, no second one');
    assert.equal(panel.title, 'Decomposition: monolith');
    const view = restored.view!;
    assert.equal(view.root, 'monolith');
    assert.equal(view.requestedServices, 3);
    assert.equal(view.weights.data, weights.data);
    assert.deepEqual(view.moves, [move]);
    assert.ok(view.services.find((s) => s.name === to.name)?.files.includes(move.path), `${move.path} in ${to.name}`);
    // Said to the webview whether the plan or the webview was ready first.
    await waitFor('the notice of the dropped move', () =>
      hooks
        .state()
        ?.notices.some((n) => n.level === 'warning' && n.message.includes('monolith/src/deleted-meanwhile.ts')),
    );
    await waitFor('crossings marked for the restored plan', () => (hooks.state()?.crossingsMarked ?? 0) > 0);

    // A state that names no folder of the workspace (or none at all) closes the panel: it has nothing to show.
    for (const bad of [{ v: 1, plan: { ...state.plan, root: '../elsewhere' } }, undefined]) {
      const other = vscode.window.createWebviewPanel(
        'scalingAssistant.decomposition',
        'restored',
        vscode.ViewColumn.Active,
      );
      assert.equal((await hooks.restore(other, bad)).status, 'no-folder');
      await waitFor('the unusable panel to close', () => decompositionTabs().every((t) => t.label !== 'restored'));
    }
  });

  test('types a contract with a model from a package installed in the workspace', async function () {
    this.timeout(120_000);
    const hooks = await api();
    const folder = vscode.Uri.joinPath(workspaceRoot(), 'typed');
    const files: Record<string, string> = {
      'node_modules/@prisma/client/package.json': '{ "name": "@prisma/client", "types": "index.d.ts" }',
      'node_modules/@prisma/client/index.d.ts': "export * from '.prisma/client';\n",
      'node_modules/.prisma/client/index.d.ts':
        'export type User = { id: number; email: string };\n' +
        'export declare class PrismaClient { user: { findFirst(): Promise<User | null> } }\n',
      'src/users/repository.ts':
        "import { PrismaClient } from '@prisma/client';\n" +
        'const prisma = new PrismaClient();\n' +
        'export const firstUser = () => prisma.user.findFirst();\n',
      'src/billing/invoice.ts':
        "import { firstUser } from '../users/repository';\n" +
        'export async function invoice() {\n  return (await firstUser())?.email;\n}\n',
    };
    for (const [file, text] of Object.entries(files)) {
      const uri = vscode.Uri.joinPath(folder, ...file.split('/'));
      await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
      // Open, the new sources are known at once (files on disk reach the planner through the file watcher).
      if (file.startsWith('src/')) await vscode.workspace.openTextDocument(uri);
    }
    assert.equal((await hooks.plan(folder)).status, 'planned');
    await hooks.receive({ type: 'setServices', services: 2 });
    const view = await waitFor('the plan of typed/ in two services', () => {
      const s = hooks.state();
      return s?.root === 'typed' && s.view?.requestedServices === 2 && s.view.contracts.length > 0 ? s.view : undefined;
    });
    const contract = view.contracts.find((c) => c.typescript.includes('firstUser'));
    assert.ok(contract, JSON.stringify(view.contracts.map((c) => c.service)));
    assert.match(contract.typescript, /firstUser\(\): Promise<User \| null>;/);
    assert.match(
      contract.typescript,
      /\/\*\* From \.prisma\/client\. \*\/\nexport type User = \{ id: number; email: string \};/,
    );
    for (const tab of decompositionTabs()) await vscode.window.tabGroups.close(tab);
  });
});
