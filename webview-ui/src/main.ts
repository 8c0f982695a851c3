import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import './styles.css';
import { SEVERITIES } from '../../src/core/finding';
import { fillArgs } from '../../src/core/translate';
import type { AssessmentInfo, HostMessage, ScanStatus, WebviewMessage } from '../../src/roadmap/messages';
import { parseHostMessage } from '../../src/roadmap/messages';
import type { Phase, RoadmapPlan, Task, TaskEvidence } from '../../src/roadmap/model';
import type { RoadmapStrings } from '../../src/roadmap/panel-strings';
import { ROADMAP_STRINGS_EN } from '../../src/roadmap/panel-strings';
import { renderChart } from './chart';
import { renderDetail } from './detail';
import { clear, formatHours, formatNumber, h, icon } from './dom';
import { AssessmentForm } from './form';
import { renderNarrativeBlocks } from './narrative';
import { SEVERITY_ICONS, assistantName, count, phaseText, severityNames } from './labels';
import type { Tab, ViewState } from './state';
import { restoreState } from './state';
import { renderTimeline } from './timeline';
import type { VirtualList } from './virtual-list';

const TABS: readonly Tab[] = ['roadmap', 'chart', 'assessment'];

/**
 * The roadmap panel's front end. It renders only what the host sent and validated here again
 * (parseHostMessage), and talks back only with the typed messages of src/roadmap/messages.ts. Its words are the
 * table the host sends first (English until then); a new table rebuilds the frame and the form.
 */
class RoadmapApp {
  private readonly vscode = acquireVsCodeApi<ViewState>();
  private state: ViewState = restoreState(this.vscode.getState());
  private strings: RoadmapStrings = { ...ROADMAP_STRINGS_EN };
  private plan?: RoadmapPlan;
  private assessment?: AssessmentInfo;
  private scan: ScanStatus = { state: 'idle', done: 0, total: 0 };
  private workspace = '';
  private saveTimer = 0;
  private timelineDispose?: () => void;
  private places?: VirtualList<TaskEvidence>;
  /** Render count, for the benchmark and the e2e test to know a render finished. */
  private renders = 0;

  private readonly root = document.getElementById('app') as HTMLElement;
  private readonly subtitle = h('p', { class: 'subtitle' });
  private readonly scanBar = h('div', { class: 'scan', role: 'status', 'aria-live': 'polite' });
  private readonly notices = h('div', { class: 'notices', 'aria-live': 'polite' });
  private readonly glance = h('section', { class: 'glance' });
  private readonly filters = h('section', { class: 'filters' });
  private readonly narrative = h('section', { class: 'narrative', hidden: true });
  private readonly tabs = h('vscode-tabs', { class: 'tabs' }) as HTMLElement & { selectedIndex: number };
  private readonly timelineHost = h('div', { class: 'timeline-host' });
  private readonly chartHost = h('div', { class: 'chart-host' });
  private readonly detailHost = h('div', { class: 'detail-host' });
  private form: AssessmentForm;

  constructor() {
    this.form = this.createForm();
    this.tabs.addEventListener('vsc-tabs-select', (event) => {
      const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      const tab = TABS[index] ?? 'roadmap';
      if (tab === this.state.tab) return;
      this.state.tab = tab;
      this.persist();
      this.renderViews();
    });
    this.build();
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
    window.addEventListener('scroll', () => {
      this.state.scroll.page = window.scrollY;
      this.persistSoon();
    });
    this.send({ type: 'ready' });
  }

  private createForm(): AssessmentForm {
    return new AssessmentForm(this.strings, {
      onSave: (assessment) => this.send({ type: 'saveAssessment', assessment }),
      onOpenFile: () => {
        if (this.assessment?.exists)
          this.send({
            type: 'openLocation',
            file: this.assessment.file,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          });
      },
      onDraft: (draft) => {
        this.state.draft = draft;
        this.persist();
      },
    });
  }

  // --- messages ---------------------------------------------------------------------------------------------------

  private send(message: WebviewMessage): void {
    this.vscode.postMessage(message);
  }

  private receive(data: unknown): void {
    const started = performance.now();
    const parsed = parseHostMessage(data);
    // Measures the benchmark (bench/roadmap/panel.mjs) reads; cheap enough to keep.
    performance.measure('roadmap:validate', { start: started });
    if (!parsed.ok) {
      console.warn(`Scaling roadmap: ignored an invalid message from the extension: ${parsed.error}`);
      return;
    }
    const message: HostMessage = parsed.value;
    switch (message.type) {
      case 'strings':
        this.strings = message.strings;
        this.form = this.createForm();
        this.build();
        if (this.assessment) this.form.update(this.assessment, this.state.draft);
        if (this.plan) this.render();
        return;
      case 'plan': {
        const firstPlan = !this.plan;
        this.plan = message.plan;
        this.scan = message.scan;
        this.workspace = message.workspace;
        const assessmentChanged = JSON.stringify(message.assessment) !== JSON.stringify(this.assessment);
        this.assessment = message.assessment;
        if (this.state.selected && !this.findTask(this.state.selected)) this.state.selected = undefined;
        const renderStarted = performance.now();
        this.render();
        if (assessmentChanged) this.form.update(message.assessment, this.state.draft);
        performance.measure('roadmap:render', { start: renderStarted });
        if (firstPlan && this.state.scroll.page)
          requestAnimationFrame(() => window.scrollTo(0, this.state.scroll.page));
        return;
      }
      case 'scanProgress':
        this.scan = message.scan;
        this.renderScan();
        return;
      case 'showAssessment':
        this.selectTab('assessment');
        requestAnimationFrame(() => this.form.focusFirst());
        return;
      case 'narrativeBusy':
        this.setNarrativeBusy(message.busy);
        return;
      case 'notice':
        if (message.topic === 'assessment') this.form.saved(message.level === 'info', message.message);
        this.showNotice(message.level, message.message, message.topic);
        return;
    }
  }

  // --- the frame --------------------------------------------------------------------------------------------------

  private build(): void {
    const s = this.strings;
    document.title = s.title;
    this.glance.setAttribute('aria-label', s.atAGlance);
    this.filters.setAttribute('aria-label', s.filters);
    this.narrative.setAttribute('aria-label', s.narrative);
    this.tabs.replaceChildren();
    const button = (label: string, iconName: string, key: string, onClick: () => void, secondary = true) => {
      const b = h('vscode-button', { icon: iconName, secondary, 'data-key': key }, label) as HTMLElement;
      b.addEventListener('click', onClick);
      return b;
    };
    const header = h(
      'header',
      { class: 'top' },
      h('div', { class: 'title-block' }, h('h1', {}, icon('map'), ` ${s.title}`), this.subtitle),
      h(
        'div',
        { class: 'actions', role: 'toolbar', 'aria-label': s.actions },
        button(s.rescan, 'refresh', 'rescan', () => this.send({ type: 'rescan' })),
        button(s.exportMarkdown, 'markdown', 'export-md', () => this.send({ type: 'export', format: 'markdown' })),
        button(s.exportJson, 'json', 'export-json', () => this.send({ type: 'export', format: 'json' })),
        button(s.narrativeButton, 'sparkle', 'narrative', () => this.send({ type: 'requestNarrative' })),
      ),
    );
    const headers: [Tab, string, string][] = [
      ['roadmap', s.tabRoadmap, 'timeline-view-icon'],
      ['chart', s.tabChart, 'graph-scatter'],
      ['assessment', s.tabAssessment, 'checklist'],
    ];
    for (const [tab, label, iconName] of headers) {
      this.tabs.append(
        h(
          'vscode-tab-header',
          { slot: 'header', id: `tab-${tab}`, 'data-key': `tab-${tab}` },
          icon(iconName),
          ` ${label}`,
        ),
      );
    }
    this.tabs.append(
      h('vscode-tab-panel', { 'aria-labelledby': 'tab-roadmap' }, this.timelineHost),
      h('vscode-tab-panel', { 'aria-labelledby': 'tab-chart' }, this.chartHost),
      h('vscode-tab-panel', { 'aria-labelledby': 'tab-assessment' }, this.form.element),
    );
    this.tabs.selectedIndex = TABS.indexOf(this.state.tab);
    this.root.replaceChildren(
      header,
      this.scanBar,
      this.notices,
      this.glance,
      this.filters,
      this.narrative,
      this.tabs,
      this.detailHost,
    );
    this.root.removeAttribute('aria-busy');
    this.renderScan();
    if (!this.plan) this.timelineHost.replaceChildren(h('p', { class: 'empty' }, s.waiting));
  }

  private selectTab(tab: Tab): void {
    this.state.tab = tab;
    this.tabs.selectedIndex = TABS.indexOf(tab);
    this.persist();
    this.renderViews();
  }

  // --- rendering --------------------------------------------------------------------------------------------------

  private render(): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-key]')?.dataset.key;
    this.renderSubtitle();
    this.renderScan();
    this.renderGlance();
    this.renderFilters();
    this.renderNarrative();
    this.renderViews();
    if (focusKey) document.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
    this.renders++;
    document.documentElement.dataset.renders = String(this.renders);
  }

  private renderSubtitle(): void {
    const plan = this.plan;
    if (!plan) return;
    const s = this.strings;
    const parts = [
      this.workspace,
      fillArgs(s.findingsInFiles, [count(s, 'finding', plan.summary.findings), count(s, 'file', plan.summary.files)]),
      plan.summary.assessment
        ? fillArgs(s.assessmentOf, [plan.summary.application ?? plan.summary.assessment])
        : s.noAssessmentYet,
    ].filter(Boolean);
    this.subtitle.textContent = parts.join(' · ');
  }

  private renderScan(): void {
    const { state, done, total, message } = this.scan;
    const s = this.strings;
    clear(this.scanBar);
    this.scanBar.className = `scan scan-${state}`;
    if (state === 'scanning') {
      this.scanBar.append(
        h('vscode-progress-ring', { 'aria-hidden': 'true' }),
        h('span', {}, total ? fillArgs(s.scanning, [formatNumber(done), count(s, 'file', total)]) : s.reading),
      );
    } else if (state === 'cancelled' || state === 'failed') {
      const rescan = h(
        'vscode-button',
        { secondary: true, icon: 'refresh', 'data-key': 'rescan-banner' },
        s.rescan,
      ) as HTMLElement;
      rescan.addEventListener('click', () => this.send({ type: 'rescan' }));
      this.scanBar.append(
        icon(state === 'failed' ? 'error' : 'warning'),
        h(
          'span',
          {},
          state === 'failed'
            ? message
              ? fillArgs(s.scanFailedWith, [message])
              : s.scanFailed
            : fillArgs(s.scanCancelled, [formatNumber(done), count(s, 'file', total)]),
        ),
        rescan,
      );
    }
    this.scanBar.hidden = this.scanBar.childElementCount === 0;
  }

  private renderGlance(): void {
    const plan = this.plan;
    if (!plan) return;
    const s = this.strings;
    const tile = (label: string, value: string, ...detail: (Node | string)[]) =>
      h(
        'div',
        { class: 'tile' },
        h('span', { class: 'tile-value' }, value),
        h('span', { class: 'tile-label' }, label),
        detail.length ? h('span', { class: 'tile-detail' }, ...detail) : null,
      );
    const phasesWithTasks = plan.phases.filter((p) => p.tasks.length).length;
    const measured = plan.phases.flatMap((p) => p.tasks).filter((t) => t.impact.measured).length;
    this.glance.replaceChildren(
      tile(s.tileTasks, formatNumber(plan.summary.tasks), fillArgs(s.inPhases, [count(s, 'phase', phasesWithTasks)])),
      tile(s.tileEffort, formatHours(plan.summary.hours), s.effortNote),
      tile(
        plan.summary.findings === 1 ? s.tileFinding : s.tileFindings,
        formatNumber(plan.summary.findings),
        ...SEVERITIES.filter((sev) => plan.summary.bySeverity[sev]).flatMap((sev) => [
          h(
            'span',
            { class: `sev sev-${sev}`, title: severityNames(s, sev) },
            icon(SEVERITY_ICONS[sev]),
            ` ${plan.summary.bySeverity[sev]}`,
          ),
          ' ',
        ]),
      ),
      tile(
        s.tileFiles,
        formatNumber(plan.summary.files),
        measured ? fillArgs(s.withMeasured, [count(s, 'task', measured)]) : s.noMeasured,
      ),
    );
  }

  private renderFilters(): void {
    const plan = this.plan;
    if (!plan) return;
    const s = this.strings;
    const tasks = plan.phases.flatMap((p) => p.tasks);
    const assistants = [...new Set(tasks.map((t) => t.assistant))].sort();
    const group = (label: string, chips: HTMLElement[]) =>
      h(
        'div',
        { class: 'filter-group', role: 'group', 'aria-label': label },
        h('span', { class: 'filter-label' }, label),
        ...chips,
      );
    const chip = (
      kind: 'assistants' | 'severities' | 'phases',
      value: string,
      label: (Node | string)[],
      count: number | undefined,
      title: string,
    ) => {
      const hidden = this.state.hidden[kind].includes(value);
      const b = h(
        'button',
        {
          type: 'button',
          class: 'chip',
          'aria-pressed': String(!hidden),
          'data-key': `chip-${kind}-${value}`,
          title: fillArgs(hidden ? s.show : s.hide, [title]),
        },
        h('span', { class: 'check', 'aria-hidden': 'true' }, icon(hidden ? 'circle-large-outline' : 'pass-filled')),
        ...label,
        count !== undefined ? h('span', { class: 'count' }, formatNumber(count)) : null,
      );
      b.addEventListener('click', () => this.toggleFilter(kind, value));
      return b;
    };
    this.filters.replaceChildren(
      group(
        s.assistant,
        assistants.map((a) =>
          chip(
            'assistants',
            a,
            [assistantName(s, a)],
            tasks.filter((t) => t.assistant === a).length,
            fillArgs(s.assistantTasks, [assistantName(s, a)]),
          ),
        ),
      ),
      group(
        s.severity,
        SEVERITIES.map((sev) =>
          chip(
            'severities',
            sev,
            [h('span', { class: `sev sev-${sev}` }, icon(SEVERITY_ICONS[sev])), ` ${s[sev]}`],
            plan.summary.bySeverity[sev],
            fillArgs(s.severityTasks, [s[sev]]),
          ),
        ),
      ),
      group(
        s.phase,
        plan.phases.map((p, i) => {
          const { title, horizon } = phaseText(s, p.id);
          return chip('phases', p.id, [`${i + 1} · ${horizon}`], p.tasks.length, title);
        }),
      ),
    );
  }

  private toggleFilter(kind: 'assistants' | 'severities' | 'phases', value: string): void {
    const list = this.state.hidden[kind];
    const at = list.indexOf(value);
    if (at >= 0) list.splice(at, 1);
    else list.push(value);
    this.persist();
    this.render();
  }

  private renderNarrative(): void {
    const narrative = this.plan?.narrative;
    this.narrative.hidden = !narrative;
    if (!narrative) return;
    this.narrative.replaceChildren(
      h('h2', {}, icon('sparkle'), ` ${this.strings.narrative}`),
      h('p', { class: 'muted' }, this.strings.narrativeNote),
      ...renderNarrativeBlocks(narrative.text),
    );
  }

  /** While Claude writes, the button waits (a second request would only be refused by the host). */
  private setNarrativeBusy(busy: boolean): void {
    const button = this.root.querySelector<HTMLElement>('[data-key="narrative"]');
    if (!button) return;
    button.toggleAttribute('disabled', busy);
    button.setAttribute('aria-busy', String(busy));
  }

  /** The phases and tasks that pass the filters. */
  private visiblePhases(): { phase: Phase; index: number; tasks: Task[] }[] {
    const plan = this.plan;
    if (!plan) return [];
    const { assistants, severities, phases } = this.state.hidden;
    return plan.phases
      .map((phase, index) => ({
        phase,
        index,
        tasks: phase.tasks.filter((t) => !assistants.includes(t.assistant) && !severities.includes(t.severity)),
      }))
      .filter(({ phase }) => !phases.includes(phase.id));
  }

  private findTask(id: string): { task: Task; phase: Phase; index: number } | undefined {
    for (const [index, phase] of (this.plan?.phases ?? []).entries()) {
      const task = phase.tasks.find((t) => t.id === id);
      if (task) return { task, phase, index };
    }
    return undefined;
  }

  private titles(): Map<string, string> {
    return new Map((this.plan?.phases ?? []).flatMap((p) => p.tasks.map((t) => [t.id, t.title] as const)));
  }

  private renderViews(): void {
    if (!this.plan) return;
    const visible = this.visiblePhases();
    const titles = this.titles();
    this.timelineDispose?.();
    this.timelineDispose = undefined;
    if (this.state.tab === 'roadmap') {
      if (this.plan.summary.tasks === 0) {
        this.timelineHost.replaceChildren(this.emptyPlan());
      } else {
        const timeline = renderTimeline({
          strings: this.strings,
          phases: visible,
          titles,
          selected: this.state.selected,
          revealed: this.state.revealed,
          scroll: this.state.scroll.columns,
          onSelect: (id) => this.select(id, true),
          onReveal: (phase, count) => {
            this.state.revealed[phase] = count;
            this.persistSoon();
          },
          onScroll: (phase, top) => {
            this.state.scroll.columns[phase] = top;
            this.persistSoon();
          },
        });
        this.timelineDispose = timeline.dispose;
        this.timelineHost.replaceChildren(timeline.element);
      }
    } else if (this.state.tab === 'chart') {
      const tasks = visible.flatMap(({ phase, index, tasks }) =>
        tasks.map((task) => ({ task, phase: phase.id, phaseIndex: index })),
      );
      this.chartHost.replaceChildren(
        tasks.length
          ? renderChart({
              strings: this.strings,
              tasks,
              selected: this.state.selected,
              onSelect: (id) => this.select(id, true),
            })
          : this.emptyPlan(),
      );
    }
    this.renderDetail(titles);
  }

  private emptyPlan(): HTMLElement {
    const plan = this.plan;
    const s = this.strings;
    if (plan && plan.summary.tasks > 0) return h('p', { class: 'empty' }, s.noMatch);
    const scanning = this.scan.state === 'scanning';
    return h(
      'div',
      { class: 'empty' },
      h('p', {}, scanning ? s.scanningShort : fillArgs(s.noTasks, [count(s, 'file', plan?.summary.files ?? 0)])),
      scanning ? null : h('p', { class: 'muted' }, s.fillAssessment),
    );
  }

  private renderDetail(titles: Map<string, string>): void {
    if (this.state.tab === 'assessment' || !this.plan) {
      this.detailHost.replaceChildren();
      this.places = undefined;
      return;
    }
    const found = this.state.selected ? this.findTask(this.state.selected) : undefined;
    const { element, list } = renderDetail({
      strings: this.strings,
      task: found?.task,
      phaseTitle: found ? phaseText(this.strings, found.phase.id).title : undefined,
      phaseIndex: found?.index,
      titles,
      hiddenSeverities: new Set(this.state.hidden.severities),
      placesScroll: this.state.scroll.places,
      onOpen: (place) => this.send({ type: 'openLocation', file: place.file, range: place.range }),
      onSelect: (id) => this.select(id, true),
      onPlacesScroll: (top) => {
        this.state.scroll.places = top;
        this.persistSoon();
      },
    });
    this.places = list;
    this.detailHost.replaceChildren(element);
  }

  private select(id: string, reveal: boolean): void {
    if (this.state.selected !== id) this.state.scroll.places = 0;
    this.state.selected = id;
    this.persist();
    const focusKey = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-key]')?.dataset.key;
    this.renderViews();
    if (focusKey) document.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
    else if (this.state.tab === 'chart')
      document.querySelector<SVGGElement>(`.dot[data-task="${CSS.escape(id)}"]`)?.focus();
    if (reveal) this.detailHost.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  private showNotice(level: 'info' | 'warning' | 'error', message: string, topic: string): void {
    // One notice per topic: a second export replaces the first's message.
    this.notices.querySelector(`[data-topic="${CSS.escape(topic)}"]`)?.remove();
    const close = h(
      'button',
      { type: 'button', class: 'icon-button', 'aria-label': this.strings.dismiss, title: this.strings.dismiss },
      icon('close'),
    );
    const notice = h(
      'div',
      { class: `notice notice-${level}`, 'data-topic': topic, role: level === 'error' ? 'alert' : 'status' },
      icon(level === 'info' ? (topic === 'narrative' ? 'sparkle' : 'info') : level),
      h('span', {}, message),
      close,
    );
    close.addEventListener('click', () => notice.remove());
    this.notices.append(notice);
  }

  // --- state ------------------------------------------------------------------------------------------------------

  private persist(): void {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = 0;
    this.vscode.setState(this.state);
  }

  private persistSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = window.setTimeout(() => this.persist(), 200);
  }

  /** For the benchmark: how many place rows the virtual list holds. */
  renderedPlaceRows(): number {
    return this.places?.renderedCount() ?? 0;
  }
}

const app = new RoadmapApp();
(window as unknown as { scalingRoadmap?: RoadmapApp }).scalingRoadmap = app;
