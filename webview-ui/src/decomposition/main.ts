import './styles.css';
import type {
  HostMessage,
  PanelView,
  SavedPlan,
  WebviewMessage,
} from '../../../src/editor/decomposition/common/messages';
import { parseHostMessage, savedPlanIn, savedPlanOf } from '../../../src/editor/decomposition/common/messages';
import type { PanelStrings } from '../../../src/editor/decomposition/common/strings';
import { PANEL_STRINGS_EN, format } from '../../../src/editor/decomposition/common/strings';
import { clear, formatNumber, h, icon } from '../dom';
import { renderMap } from './map';
import type { SectionActions } from './sections';
import { cssId, dropMove } from './derive';
import { renderContracts, renderMetrics, renderServices, renderSteps } from './sections';
import { renderWhatIf } from './what-if';

/**
 * What the panel remembers while hidden or across a reload (getState/setState): the service opened, the filter,
 * and the inputs of the plan shown, which the host's serializer plans again from after a window reload.
 */
interface ViewState {
  v: 1;
  selected?: string;
  filter: string;
  plan?: SavedPlan;
}

function restoreState(raw: unknown): ViewState {
  const state: ViewState = { v: 1, filter: '' };
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as Record<string, unknown>;
  if (r.v !== 1) return state;
  if (typeof r.selected === 'string' && r.selected.length < 300) state.selected = r.selected;
  if (typeof r.filter === 'string' && r.filter.length < 300) state.filter = r.filter;
  const plan = savedPlanIn(r);
  if (plan.ok) state.plan = plan.value;
  return state;
}

const SECTIONS = ['map', 'services', 'metrics', 'whatIf', 'contracts', 'steps'] as const;

/**
 * The decomposition panel's front end. It draws only what the host sent (validated here again by
 * parseHostMessage) and answers only with the typed messages of common/messages.ts; every name from the user's
 * code goes into text nodes. A new plan re-renders the page and puts the keyboard focus back where it was.
 */
class DecompositionApp {
  private readonly vscode = acquireVsCodeApi<ViewState>();
  private state = restoreState(this.vscode.getState());
  private strings: PanelStrings = { ...PANEL_STRINGS_EN };
  private view?: PanelView;
  private readonly root = document.getElementById('app') as HTMLElement;
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly notices = h('div', { class: 'notices', 'aria-live': 'polite' });
  /** Render count, for the e2e test to know a render finished. */
  private renders = 0;

  private readonly actions: SectionActions = {
    open: (file, range) =>
      this.send({
        type: 'openLocation',
        file,
        range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }),
    contract: (type, service, fmt) => this.send({ type, service, format: fmt }),
    drops: {
      over: (service) => (this.status.textContent = format(this.strings.dropOn, service)),
      drop: (path, service) => {
        this.status.textContent = '';
        const move = this.view && dropMove(this.view, path, service);
        if (move) this.send({ type: 'move', ...move });
      },
    },
  };

  constructor() {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
    // A drag given up (Escape, dropped elsewhere) leaves no "Drop on …" behind.
    document.addEventListener('dragend', () => {
      if (this.root.getAttribute('aria-busy') !== 'true') this.status.textContent = '';
    });
    this.send({ type: 'ready' });
  }

  private send(message: WebviewMessage): void {
    this.vscode.postMessage(message);
  }

  private persist(): void {
    this.vscode.setState(this.state);
  }

  private receive(raw: unknown): void {
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      console.warn(`decomposition panel: ignored a message from the host: ${parsed.error}`);
      return;
    }
    this.handle(parsed.value);
  }

  private handle(message: HostMessage): void {
    switch (message.type) {
      case 'strings':
        this.strings = message.strings;
        this.render();
        return;
      case 'plan':
        this.view = message.view;
        this.state.plan = savedPlanOf(message.view);
        this.persist();
        this.render();
        return;
      case 'busy':
        this.root.setAttribute('aria-busy', String(message.busy));
        this.status.textContent = message.busy ? (message.message ?? this.strings.planning) : '';
        return;
      case 'notice': {
        const note = h(
          'p',
          { class: `notice ${message.level}` },
          icon(message.level === 'info' ? 'info' : message.level),
          ' ',
          message.message,
        );
        this.notices.replaceChildren(note);
        return;
      }
    }
  }

  private select(service: string): void {
    this.state.selected = service;
    this.persist();
    const details = document.getElementById(`service-${cssId(service)}`) as HTMLDetailsElement | null;
    if (!details) return;
    details.open = true;
    details.scrollIntoView({ block: 'start' });
    details.querySelector<HTMLElement>('summary')?.focus();
  }

  private render(): void {
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
    const s = this.strings;
    const view = this.view;
    clear(this.root);
    const header = h(
      'header',
      {},
      h('h1', {}, icon('type-hierarchy'), s.title, view ? h('span', { class: 'muted root' }, view.root || '.') : null),
      this.status,
      this.notices,
    );
    if (!view) {
      this.root.append(header, h('p', { class: 'muted' }, s.planning));
      return;
    }
    const nav = h(
      'nav',
      { 'aria-label': s.sections },
      h('ul', {}, ...SECTIONS.map((id) => h('li', {}, h('a', { href: `#${id}` }, s[id])))),
    );
    const guard = (kind: 'dependency-cruiser' | 'eslint', label: string) => {
      const button = h('button', { type: 'button', class: 'secondary', 'data-key': `guard:${kind}` }, label);
      button.addEventListener('click', () => this.send({ type: 'guardrails', kind }));
      return button;
    };
    const section = (id: (typeof SECTIONS)[number], ...children: (Node | null)[]) =>
      h('section', { id, 'aria-labelledby': `${id}-heading` }, h('h2', { id: `${id}-heading` }, s[id]), ...children);
    const chatty = view.chatty.map((c) =>
      h(
        'li',
        {},
        `${c.from} → ${c.to}: ${format(s.operationsCount, c.operations)}, ${format(s.callSitesCount, c.callSites)} (${s.chatty})`,
      ),
    );
    const errors = view.errors.length
      ? h(
          'details',
          { class: 'errors' },
          h('summary', {}, `${s.errors} (${view.errors.length})`),
          h('ul', { class: 'plain' }, ...view.errors.map((e) => h('li', {}, h('code', {}, e.file), ` — ${e.message}`))),
        )
      : '';
    this.root.append(
      header,
      nav,
      section(
        'map',
        h(
          'div',
          { class: 'map-host' },
          renderMap(view.map, s, (name) => this.select(name), this.actions.drops),
        ),
        h('p', {}, format(s.crossings, formatNumber(view.crossings))),
        chatty.length ? h('ul', { class: 'plain chatty' }, ...chatty) : null,
        h(
          'div',
          { class: 'buttons' },
          h('span', { class: 'muted' }, `${s.guardrails}:`),
          guard('dependency-cruiser', s.dependencyCruiser),
          guard('eslint', s.eslint),
        ),
      ),
      section('services', ...renderServices(view, s, this.actions, this.state.selected)),
      section('metrics', renderMetrics(view, s)),
      section(
        'whatIf',
        ...renderWhatIf(view, s, this.state.filter, {
          move: (path, service) => this.send({ type: 'move', path, service }),
          undo: () => this.send({ type: 'undoMove' }),
          reset: () => this.send({ type: 'resetMoves' }),
          weights: (weights) => this.send({ type: 'setWeights', weights }),
          services: (services) => this.send({ type: 'setServices', services }),
          filter: (text) => {
            this.state.filter = text;
            this.persist();
          },
        }),
      ),
      section('contracts', ...renderContracts(view, s, this.actions)),
      section('steps', renderSteps(view, s, this.actions)),
      errors,
    );
    this.root.setAttribute('aria-busy', 'false');
    if (focused) this.root.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused)}"]`)?.focus();
    this.renders++;
    document.body.dataset.renders = String(this.renders);
  }
}

new DecompositionApp();
