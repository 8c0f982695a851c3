import * as vscode from 'vscode';
import type {
  ChangeHistory,
  DecompositionEngine,
  DecompositionPlan,
  DecompositionPlanner,
  Move,
  PlanOptions,
} from '../../assistants/decomposition/contract';
import type { HeldDecompositionPlan } from '../common/decomposition-plan';
import { toRange } from '../convert';
import { log } from '../roadmap/log';
import { fromWorkspacePath, toWorkspacePath } from '../roadmap/workspace-paths';
import type {
  ContractFormat,
  GuardrailKind,
  HostMessage,
  NoticeLevel,
  PanelView,
  Weights,
  WebviewMessage,
} from './common/messages';
import { savedPlanIn } from './common/messages';
import { addMove, checkMove, toPanelView } from './common/view-model';
import { CrossingMarks } from './crossings';
import type { PlanFolder } from './folder-pick';
import { folderFromRoot, folderOf, pickFolder } from './folder-pick';
import type { PanelObserver } from './panel';
import { DecompositionPanel } from './panel';
import { metricLabels, panelStrings } from './panel-strings';
import { watchInstalls } from './install-watcher';
import { decompositionSettings } from './settings';
import { isFolder } from '../workspace-files';
import { PlannerWorkspace } from './workspace';

/** What *Plan Monolith Decomposition* reports back (also what the integration tests read). */
export interface PlanOutcome {
  status: 'planned' | 'cancelled' | 'no-folder' | 'disabled' | 'failed';
  root?: string;
  services?: number;
  message?: string;
}

export interface GuardrailOutcome {
  status: 'opened' | 'no-plan';
  document?: vscode.TextDocument;
}

/** The panel and its plan as they are now: what the integration tests read. */
export interface DecompositionState {
  panelOpen: boolean;
  webviewReady: boolean;
  html?: string;
  root?: string;
  view?: PanelView;
  moves: Move[];
  /** Plans computed for this session (the first one, what-ifs, refreshes after saves). */
  plans: number;
  /** Crossing diagnostics currently shown. */
  crossingsMarked: number;
}

interface Session {
  folder: PlanFolder;
  engine: DecompositionEngine;
  planner: DecompositionPlanner;
  moves: Move[];
  weights: Partial<Weights>;
  services?: number;
  diagnostics: boolean;
  plan?: DecompositionPlan;
  view?: PanelView;
  plans: number;
  /** Said once the webview is ready to show it: a restored panel's plan may be ready before its webview is. */
  pendingNotice?: { level: NoticeLevel; message: string };
}

/** How long after the last save the plan is refreshed: one refresh for a burst of saves (a "save all"). */
const REFRESH_DELAY_MS = 400;
const SOURCE = /\.[cm]?[jt]sx?$/;

/**
 * The decomposition planner in the editor: the command over a folder (progress, cancellation), the panel with
 * its what-ifs, and the plan's crossings as diagnostics and code lenses, refreshed on save. One plan at a time:
 * planning another folder replaces it, and closing the panel discards it with its marks.
 */
export class DecompositionHost implements vscode.Disposable {
  private session?: Session;
  private panel?: DecompositionPanel;
  private marks?: CrossingMarks;
  private workspace?: PlannerWorkspace;
  /** Bumped by every change of inputs, so a plan computed from older ones is never shown over a newer one. */
  private generation = 0;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private busy = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly loadEngine: () => Promise<DecompositionEngine>,
    private readonly observer?: PanelObserver,
  ) {}

  // --- the command ------------------------------------------------------------------------------------------

  /** *Plan Monolith Decomposition*: on the folder given (Explorer), else on one the user picks. */
  async plan(target?: vscode.Uri): Promise<PlanOutcome> {
    const folder = target instanceof vscode.Uri ? folderOf(target) : await pickFolder();
    if (!folder) {
      if (target instanceof vscode.Uri)
        void vscode.window.showWarningMessage(vscode.l10n.t('Pick a folder inside the workspace to decompose.'));
      return { status: 'no-folder' };
    }
    const settings = decompositionSettings(folder.uri);
    if (!settings.enabled) return this.disabled();
    const name = folderName(folder);
    try {
      const started = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Planning the decomposition of {0}', name),
          cancellable: true,
        },
        async (progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            return await this.start(
              folder,
              { weights: settings.weights, services: settings.services, moves: [] },
              controller.signal,
              (message) => progress.report({ message }),
            );
          } finally {
            cancel.dispose();
          }
        },
      );
      this.adopt(started.session, started.plan);
      this.openPanel(name);
      return { status: 'planned', root: folder.root, services: started.plan.services.length };
    } catch (error) {
      return this.failed(folder, error);
    }
  }

  /**
   * Brings back a panel VS Code restored after a window reload (the serializer in loader.ts): the folder, weights,
   * number of services and what-if moves the webview saved are checked like a message, the folder planned again
   * with them, and the moves that no longer fit the plan (a file deleted, a service gone) dropped with a notice.
   * Without a usable state the panel is closed: it has nothing to show.
   */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<PlanOutcome> {
    const saved = savedPlanIn(state);
    const folder = saved.ok ? folderFromRoot(saved.value.root) : undefined;
    if (!saved.ok || !folder || !(await isFolder(folder.uri))) {
      log().warn(
        `decomposition panel: not restored after the reload: ${saved.ok ? `${saved.value.root} is not a workspace folder` : saved.error}`,
      );
      panel.dispose();
      return { status: 'no-folder' };
    }
    if (!decompositionSettings(folder.uri).enabled) {
      panel.dispose();
      return this.disabled();
    }
    const name = folderName(folder);
    const controller = new AbortController();
    this.discard();
    this.panel?.dispose();
    const restored = this.attachPanel(panel, name, () => controller.abort());
    const generation = this.generation;
    try {
      const started = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Planning the decomposition of {0}', name) },
        () => this.start(folder, saved.value, controller.signal),
      );
      // Closed meanwhile, or another folder planned into it: that plan stands.
      if (this.panel !== restored || this.generation !== generation) return { status: 'cancelled' };
      this.adopt(started.session, started.plan);
      if (started.dropped.length > 0) {
        started.session.pendingNotice = {
          level: 'warning',
          message: vscode.l10n.t(
            'What-if moves that no longer fit the plan were dropped: {0}',
            started.dropped.map((m) => `${m.path} → ${m.service}`).join(', '),
          ),
        };
        this.sendPendingNotice(started.session);
      }
      return { status: 'planned', root: folder.root, services: started.plan.services.length };
    } catch (error) {
      return this.failed(folder, error);
    }
  }

  /**
   * Loads the planner, reads the folder's facts and plans it. Saved moves are applied only where the plan without
   * them still has their file or folder and their service; `dropped` lists the others.
   */
  private async start(
    folder: PlanFolder,
    inputs: { weights: Partial<Weights>; services?: number; moves: readonly Move[] },
    signal: AbortSignal,
    report: (message: string) => void = () => undefined,
  ): Promise<{ session: Session; plan: DecompositionPlan; dropped: Move[] }> {
    report(vscode.l10n.t('Loading the planner…'));
    const engine = await this.loadEngine();
    signal.throwIfAborted();
    report(vscode.l10n.t('Reading imports, calls, data access and use cases…'));
    const history = this.historyReader(engine, folder);
    const planner = await engine.createPlanner(this.plannerWorkspace(), folder.root, { history, signal });
    report(vscode.l10n.t('Proposing services…'));
    const session: Session = {
      folder,
      engine,
      planner,
      moves: [],
      weights: { ...inputs.weights },
      services: inputs.services,
      diagnostics: decompositionSettings(folder.uri).diagnostics,
      plans: 0,
    };
    let plan = await planner.plan(this.optionsOf(session), signal);
    const kept = inputs.moves.filter((move) => checkMove(plan, move) === undefined);
    if (kept.length > 0) {
      session.moves = kept.reduce<Move[]>((moves, move) => addMove(moves, move), []);
      plan = await planner.plan(this.optionsOf(session), signal);
    }
    return { session, plan, dropped: inputs.moves.filter((move) => !kept.includes(move)) };
  }

  /** The plan just made becomes the one shown, replacing any other. */
  private adopt(session: Session, plan: DecompositionPlan): void {
    this.discard();
    this.session = session;
    this.show(session, plan);
    log().info(
      `decomposition: ${plan.services.length} services proposed for ${session.folder.root || '(workspace folder)'}`,
    );
  }

  private disabled(): PlanOutcome {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('The decomposition planner is turned off (scalingAssistant.decomposition.enabled).'),
    );
    return { status: 'disabled' };
  }

  private failed(folder: PlanFolder, error: unknown): PlanOutcome {
    if (isAbort(error)) return { status: 'cancelled' };
    const message = error instanceof Error ? error.message : String(error);
    log().error(`decomposition: planning ${folder.root || '(workspace folder)'} failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Planning the decomposition failed: {0}', message));
    return { status: 'failed', message };
  }

  /**
   * Change coupling from `git log`, only in a trusted workspace and for a folder on disk: in Restricted Mode no
   * program runs, and the plan is made of static facts alone.
   */
  private historyReader(
    engine: DecompositionEngine,
    folder: PlanFolder,
  ): (() => Promise<ChangeHistory | undefined>) | undefined {
    const read = engine.readHistory;
    if (!vscode.workspace.isTrusted || folder.uri.scheme !== 'file' || !read) return undefined;
    return () => read(folder.uri.fsPath, { prefix: folder.root });
  }

  private plannerWorkspace(): PlannerWorkspace {
    if (!this.workspace) {
      this.workspace = new PlannerWorkspace();
      this.disposables.push(
        this.workspace,
        this.workspace.onDidChangeFile((uri) => this.changed(uri)),
        vscode.workspace.onDidSaveTextDocument((document) => this.changed(document.uri)),
        watchInstalls((nodeModules) => this.installed(nodeModules)),
        vscode.workspace.onDidChangeConfiguration((event) => {
          const session = this.session;
          if (!session || !event.affectsConfiguration('scalingAssistant.decomposition.diagnostics', session.folder.uri))
            return;
          session.diagnostics = decompositionSettings(session.folder.uri).diagnostics;
          if (!session.diagnostics) this.marks?.clear();
          else if (session.plan) this.marks?.show(session.plan.crossings);
        }),
      );
    }
    return this.workspace;
  }

  /** Brings the panel to the front (the code lens's command); without a plan, plans first. */
  async showPanel(): Promise<void> {
    if (this.panel) this.panel.reveal();
    else await this.plan();
  }

  // --- the plan ---------------------------------------------------------------------------------------------

  private optionsOf(session: Session): PlanOptions {
    const options: PlanOptions = { weights: { ...session.weights }, moves: [...session.moves] };
    if (session.services !== undefined) options.services = session.services;
    return options;
  }

  /** Shows a plan: the session keeps it, the panel draws it, the code carries its crossings. */
  private show(session: Session, plan: DecompositionPlan): void {
    session.plan = plan;
    session.plans++;
    session.view = toPanelView(plan, {
      moves: session.moves,
      requestedServices: session.services,
      history: session.planner.facts.history !== undefined,
      labels: metricLabels(),
    });
    this.post({ type: 'plan', view: session.view });
    this.marks ??= new CrossingMarks();
    if (session.diagnostics) this.marks.show(plan.crossings);
    else this.marks.clear();
  }

  /** Plans again with the session's options (a what-if, new weights, a refresh); the newest request wins. */
  private async replan(refresh = false): Promise<void> {
    const session = this.session;
    if (!session) return;
    const generation = ++this.generation;
    this.setBusy(true);
    try {
      if (refresh) await session.planner.refresh();
      const plan = await session.planner.plan(this.optionsOf(session));
      if (generation !== this.generation || session !== this.session) return;
      this.show(session, plan);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log().error(`decomposition: re-planning failed: ${message}`);
      this.post({ type: 'notice', level: 'error', message: vscode.l10n.t('Re-planning failed: {0}', message) });
    } finally {
      if (generation === this.generation) this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.post(busy ? { type: 'busy', busy, message: vscode.l10n.t('Re-planning…') } : { type: 'busy', busy });
  }

  /** A source file of the planned folder was saved, created or deleted: refresh once the saves settle. */
  private changed(uri: vscode.Uri): void {
    const session = this.session;
    if (!session || !SOURCE.test(uri.path)) return;
    const file = toWorkspacePath(uri);
    if (file === undefined || (session.folder.root !== '' && !file.startsWith(`${session.folder.root}/`))) return;
    this.refreshSoon();
  }

  /**
   * An install wrote to a node_modules the planned folder's imports may resolve through (its own, one of its
   * packages', or one above it): the contracts' package types are stale as after a save.
   */
  private installed(nodeModules: vscode.Uri): void {
    const session = this.session;
    if (!session) return;
    const inside = toWorkspacePath(nodeModules);
    if (inside === undefined) return;
    const owner = inside === 'node_modules' ? '' : inside.slice(0, -'/node_modules'.length);
    const root = session.folder.root;
    const related =
      owner === '' || root === '' || owner === root || owner.startsWith(`${root}/`) || root.startsWith(`${owner}/`);
    if (related) this.refreshSoon();
  }

  private refreshSoon(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.replan(true);
    }, REFRESH_DELAY_MS);
  }

  /** Drops the plan and everything shown of it (its diagnostics and lenses). */
  private discard(): void {
    this.generation++;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.session = undefined;
    this.marks?.clear();
  }

  // --- the panel --------------------------------------------------------------------------------------------

  private openPanel(name: string): void {
    const title = panelTitle(name);
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal();
      return;
    }
    const panel = DecompositionPanel.open(
      this.extensionUri,
      title,
      (message) => this.handle(message),
      () => this.closed(panel),
      this.observer,
    );
    this.panel = panel;
  }

  /** Takes over a panel VS Code restored; `onClose` is told if the user closes it before its plan is ready. */
  private attachPanel(webviewPanel: vscode.WebviewPanel, name: string, onClose: () => void): DecompositionPanel {
    const panel = new DecompositionPanel(
      webviewPanel,
      this.extensionUri,
      panelTitle(name),
      (message) => this.handle(message),
      () => {
        onClose();
        this.closed(panel);
      },
      this.observer,
    );
    this.panel = panel;
    return panel;
  }

  /** Closing the panel discards its plan with its marks. */
  private closed(panel: DecompositionPanel): void {
    if (this.panel !== panel) return;
    this.panel = undefined;
    this.discard();
  }

  private post(message: HostMessage): void {
    this.panel?.post(message);
  }

  private notice(level: NoticeLevel, message: string): void {
    this.post({ type: 'notice', level, message });
  }

  private sendPendingNotice(session: Session): void {
    const pending = session.pendingNotice;
    if (pending && this.panel?.post({ type: 'notice', ...pending })) session.pendingNotice = undefined;
  }

  private async handle(message: WebviewMessage): Promise<void> {
    const session = this.session;
    switch (message.type) {
      case 'ready':
        this.post({ type: 'strings', strings: panelStrings() });
        if (session?.view) this.post({ type: 'plan', view: session.view });
        if (session) this.sendPendingNotice(session);
        if (this.busy) this.setBusy(true);
        return;
      case 'move': {
        if (!session?.plan) return;
        const refused = checkMove(session.plan, message);
        if (refused) {
          this.observer?.ignored();
          log().warn(`decomposition panel: refused a move: ${refused}`);
          return;
        }
        session.moves = addMove(session.moves, message);
        return this.replan();
      }
      case 'undoMove':
        if (!session || session.moves.length === 0) return;
        session.moves = session.moves.slice(0, -1);
        return this.replan();
      case 'resetMoves':
        if (!session || session.moves.length === 0) return;
        session.moves = [];
        return this.replan();
      case 'setWeights':
        if (!session) return;
        session.weights = { ...message.weights };
        return this.replan();
      case 'setServices':
        if (!session) return;
        session.services = message.services ?? undefined;
        return this.replan();
      case 'openLocation':
        return this.openLocation(message.file, message.range);
      case 'openContract':
      case 'copyContract':
        return this.contract(message.type, message.service, message.format);
      case 'guardrails':
        await this.guardrails(message.kind);
        return;
    }
  }

  private async openLocation(file: string, range: Parameters<typeof toRange>[0]): Promise<void> {
    const uri = fromWorkspacePath(file);
    if (!uri) {
      this.observer?.ignored();
      log().warn(`decomposition panel: refused to open ${JSON.stringify(file).slice(0, 200)}: not in the workspace`);
      return;
    }
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const selection = document.validateRange(toRange(range));
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection });
    } catch (error) {
      this.notice(
        'warning',
        vscode.l10n.t('Could not open {0}: {1}', file, error instanceof Error ? error.message : String(error)),
      );
    }
  }

  private async contract(action: 'openContract' | 'copyContract', service: string, format: ContractFormat) {
    const contract = this.session?.view?.contracts.find((c) => c.service === service);
    if (!contract) {
      this.observer?.ignored();
      return;
    }
    const text = format === 'typescript' ? contract.typescript : contract.openapi;
    if (action === 'copyContract') {
      await vscode.env.clipboard.writeText(text);
      this.notice('info', vscode.l10n.t('The contract of {0} is on the clipboard.', service));
      return;
    }
    const document = await vscode.workspace.openTextDocument({
      language: format === 'typescript' ? 'typescript' : 'json',
      content: text,
    });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  // --- guardrails -------------------------------------------------------------------------------------------

  /**
   * The plan's boundaries as a dependency-cruiser or ESLint configuration, opened as an untitled document: the
   * user reads it and saves it where it belongs; nothing is written for them.
   */
  async guardrails(kind: GuardrailKind): Promise<GuardrailOutcome> {
    const session = this.session;
    if (!session?.plan) {
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Plan a decomposition first: the guardrails are the boundaries of a plan.'),
        vscode.l10n.t('Plan Monolith Decomposition'),
      );
      if (choice) await this.plan();
      return { status: 'no-plan' };
    }
    const text =
      kind === 'dependency-cruiser'
        ? session.engine.dependencyCruiserConfig(session.plan)
        : session.engine.eslintConfig(session.plan);
    const document = await vscode.workspace.openTextDocument({ language: 'javascript', content: text });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return { status: 'opened', document };
  }

  /** The plan the panel shows (what-ifs included) and its folder, for the deep review; undefined without one. */
  heldPlan(): HeldDecompositionPlan | undefined {
    const session = this.session;
    return session?.plan && { root: session.folder.root, plan: session.plan };
  }

  // --- tests ------------------------------------------------------------------------------------------------

  state(): DecompositionState {
    const session = this.session;
    return {
      panelOpen: this.panel !== undefined,
      webviewReady: this.panel?.webviewReady ?? false,
      html: this.panel?.webviewHtml,
      root: session?.folder.root,
      view: session?.view,
      moves: [...(session?.moves ?? [])],
      plans: session?.plans ?? 0,
      crossingsMarked: this.marks?.count() ?? 0,
    };
  }

  /** Handles a message exactly as if the webview had sent it, validation included. */
  async receive(raw: unknown): Promise<void> {
    await this.panel?.receive(raw);
  }

  dispose(): void {
    this.discard();
    this.panel?.dispose();
    this.marks?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function folderName(folder: PlanFolder): string {
  return folder.root || vscode.workspace.name || '';
}

function panelTitle(name: string): string {
  return vscode.l10n.t('Decomposition: {0}', name);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'CanceledError');
}
