import { fillArgs } from '../../src/core/translate';
import type { Phase, Task } from '../../src/roadmap/model';
import type { RoadmapStrings } from '../../src/roadmap/panel-strings';
import { ROADMAP_STRINGS_EN } from '../../src/roadmap/panel-strings';
import { formatHours, h, icon } from './dom';
import { SEVERITY_ICONS, assistantName, capitalise, count, levelName, measuredText, phaseText } from './labels';

/** Cards a column renders at first and per step; the rest come as the column scrolls (or on "Show more"). */
export const CARDS_PER_STEP = 30;

export interface TimelineOptions {
  strings: RoadmapStrings;
  phases: readonly { phase: Phase; index: number; tasks: readonly Task[] }[];
  titles: ReadonlyMap<string, string>;
  selected?: string;
  revealed: Readonly<Record<string, number>>;
  scroll: Readonly<Record<string, number>>;
  onSelect(taskId: string): void;
  onReveal(phaseId: string, count: number): void;
  onScroll(phaseId: string, scrollTop: number): void;
}

/**
 * The four phases as a timeline of columns: each column's header gives its horizon and its hours against the
 * capacity the assessment gives it; its cards are the tasks in plan order. A column with hundreds of tasks
 * renders them in steps as it scrolls. Keyboard: Tab reaches the cards, Up/Down move within a column,
 * Left/Right to the neighbouring column, Enter or Space selects.
 */
export function renderTimeline(options: TimelineOptions): { element: HTMLElement; dispose(): void } {
  const s = options.strings;
  const root = h('div', { class: 'timeline', role: 'group', 'aria-label': s.phasesLabel });
  root.style.setProperty('--columns', String(Math.max(1, options.phases.length)));
  const observers: { disconnect(): void }[] = [];
  for (const { phase, index, tasks } of options.phases)
    root.append(renderColumn(options, phase, index, tasks, observers));
  if (options.phases.length === 0) root.append(h('p', { class: 'empty' }, s.everyPhaseFiltered));
  root.addEventListener('keydown', (event) => onTimelineKey(root, event));
  return { element: root, dispose: () => observers.forEach((o) => o.disconnect()) };
}

function renderColumn(
  options: TimelineOptions,
  phase: Phase,
  index: number,
  tasks: readonly Task[],
  observers: { disconnect(): void }[],
): HTMLElement {
  const s = options.strings;
  const { title, horizon } = phaseText(s, phase.id);
  const headingId = `phase-${phase.id}-heading`;
  const capacity = phase.capacityHours;
  const over = capacity !== undefined && phase.hours > capacity;
  const meter = h('div', { class: `meter${over ? ' over' : ''}` }, h('div', { class: 'meter-fill' }));
  const fraction = capacity ? Math.min(1, phase.hours / capacity) : phase.hours > 0 ? 1 : 0;
  (meter.firstElementChild as HTMLElement).style.width = `${Math.round(fraction * 100)}%`;
  if (capacity !== undefined) {
    meter.setAttribute('role', 'meter');
    meter.setAttribute('aria-valuemin', '0');
    meter.setAttribute('aria-valuemax', String(Math.round(capacity)));
    meter.setAttribute('aria-valuenow', String(Math.min(Math.round(phase.hours), Math.round(capacity))));
    meter.setAttribute('aria-label', fillArgs(s.hoursOfCapacity, [formatHours(phase.hours), formatHours(capacity)]));
  } else {
    meter.setAttribute('aria-hidden', 'true');
  }
  const hoursText =
    capacity !== undefined
      ? fillArgs(s.hoursOfCapacity, [formatHours(phase.hours), formatHours(capacity)])
      : fillArgs(s.noCapacity, [formatHours(phase.hours)]);
  const header = h(
    'header',
    { class: 'phase-head' },
    h('div', { class: 'rail', 'aria-hidden': 'true' }, h('span', { class: 'rail-dot' })),
    h('p', { class: 'horizon' }, fillArgs(s.phaseNumbered, [index + 1, horizon])),
    h('h3', { id: headingId }, title),
    h(
      'p',
      { class: `hours${over ? ' over' : ''}`, title: phase.capacityBasis ?? '' },
      over ? icon('warning') : null,
      over ? ' ' : null,
      hoursText,
    ),
    meter,
    h('p', { class: 'task-count' }, count(s, 'task', tasks.length)),
  );
  const list = h('ol', { class: 'cards', 'aria-labelledby': headingId });
  const column = h(
    'section',
    { class: `phase-column phase-${phase.id}`, 'data-phase': phase.id, 'aria-labelledby': headingId },
    header,
    list,
  );

  let shown = 0;
  const more = h('button', { class: 'more', type: 'button', 'data-key': `more-${phase.id}` });
  const showMore = (count: number) => {
    const target = Math.min(tasks.length, shown + count);
    const fragment = document.createDocumentFragment();
    for (; shown < target; shown++) fragment.append(h('li', {}, renderCard(options, tasks[shown], phase.id)));
    list.append(fragment);
    if (shown < tasks.length) {
      more.textContent = fillArgs(s.showMore, [Math.min(CARDS_PER_STEP, tasks.length - shown), tasks.length - shown]);
      list.after(more);
    } else {
      more.remove();
    }
    options.onReveal(phase.id, shown);
  };
  more.addEventListener('click', () => showMore(CARDS_PER_STEP));
  // The selected card must exist (and the column start where it was): reveal enough for both.
  const selectedIndex = tasks.findIndex((t) => t.id === options.selected);
  showMore(Math.max(CARDS_PER_STEP, options.revealed[phase.id] ?? 0, selectedIndex + 1));
  if (tasks.length === 0) list.append(h('li', { class: 'empty' }, s.noTasksInPhase));

  list.addEventListener('scroll', () => options.onScroll(phase.id, list.scrollTop));
  if (typeof IntersectionObserver !== 'undefined') {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && shown < tasks.length) showMore(CARDS_PER_STEP);
      },
      { root: list, rootMargin: '200px' },
    );
    // The button sits after the list; observe a sentinel inside the scrolling list instead.
    const sentinel = h('li', { class: 'sentinel', 'aria-hidden': 'true' });
    list.append(sentinel);
    const keepLast = new MutationObserver(() => {
      if (list.lastElementChild !== sentinel) list.append(sentinel);
    });
    keepLast.observe(list, { childList: true });
    observer.observe(sentinel);
    observers.push(observer, keepLast);
  }
  const scrollTop = options.scroll[phase.id];
  if (scrollTop) requestAnimationFrame(() => (list.scrollTop = scrollTop));
  return column;
}

function renderCard(options: TimelineOptions, task: Task, phaseId: string): HTMLElement {
  const s = options.strings;
  const impact = levelName(s, task.impact.level);
  const risk = levelName(s, task.risk.level);
  const selected = task.id === options.selected;
  const places = task.findings.length;
  const deps = task.dependsOn.map((id) => options.titles.get(id) ?? id);
  const label = [
    task.title,
    `${formatHours(task.effort.hours)}`,
    fillArgs(s.cardImpact, [impact, Math.round(task.impact.score)]),
    task.impact.measured ? measuredText(s, task.impact.measured) : '',
    fillArgs(s.cardRisk, [risk]),
    count(s, 'place', places),
    deps.length ? fillArgs(s.after, [deps.join(', ')]) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const card = h(
    'div',
    {
      class: `card severity-${task.severity}${selected ? ' selected' : ''}`,
      role: 'button',
      tabindex: 0,
      'aria-pressed': String(selected),
      'aria-label': label,
      'data-task': task.id,
      'data-phase': phaseId,
      'data-key': `card-${task.id}`,
    },
    h(
      'div',
      { class: 'card-title' },
      h('span', { class: `sev sev-${task.severity}`, title: s[task.severity] }, icon(SEVERITY_ICONS[task.severity])),
      h('span', {}, task.title),
    ),
    h(
      'div',
      { class: 'card-facts' },
      h('span', { class: 'fact', title: task.effort.basis }, icon('clock'), ` ${formatHours(task.effort.hours)}`),
      h(
        'span',
        { class: `fact impact-${task.impact.level}`, title: task.impact.basis },
        icon('pulse'),
        ` ${capitalise(impact)} · ${Math.round(task.impact.score)}`,
      ),
      h(
        'span',
        { class: `fact risk-${task.risk.level}`, title: task.risk.mitigation },
        icon('shield'),
        ` ${capitalise(fillArgs(s.cardRiskLabel, [risk]))}`,
      ),
    ),
    task.impact.measured
      ? h('div', { class: 'card-measured' }, icon('zap'), ` ${measuredText(s, task.impact.measured)}`)
      : null,
    h(
      'div',
      { class: 'card-foot' },
      h('span', { class: 'tag assistant' }, assistantName(s, task.assistant)),
      // Skills are the rules' English words: the assistant's English name is the one to leave out.
      ...task.skills
        .filter((skill) => skill !== assistantName(ROADMAP_STRINGS_EN, task.assistant))
        .slice(0, 3)
        .map((skill) => h('span', { class: 'tag' }, skill)),
      h('span', { class: 'places' }, icon('location'), ` ${count(s, 'place', places)}`),
    ),
    deps.length
      ? h('div', { class: 'card-deps' }, icon('arrow-right'), ` ${fillArgs(s.afterLabel, [deps.join(', ')])}`)
      : null,
  );
  card.addEventListener('click', () => options.onSelect(task.id));
  card.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      options.onSelect(task.id);
    }
  });
  return card;
}

function onTimelineKey(root: HTMLElement, event: KeyboardEvent): void {
  const card = (event.target as Element).closest<HTMLElement>('.card');
  if (!card || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
  const column = card.closest('.phase-column');
  const cards = [...(column?.querySelectorAll<HTMLElement>('.card') ?? [])];
  const index = cards.indexOf(card);
  let target: HTMLElement | undefined;
  if (event.key === 'ArrowDown') target = cards[index + 1];
  else if (event.key === 'ArrowUp') target = cards[index - 1];
  else if (event.key === 'Home') target = cards[0];
  else if (event.key === 'End') target = cards[cards.length - 1];
  else {
    const columns = [...root.querySelectorAll<HTMLElement>('.phase-column')].filter((c) => c.querySelector('.card'));
    const at = columns.indexOf(column as HTMLElement);
    const next = columns[at + (event.key === 'ArrowRight' ? 1 : -1)];
    if (next) {
      const nextCards = [...next.querySelectorAll<HTMLElement>('.card')];
      target = nextCards[Math.min(index, nextCards.length - 1)];
    }
  }
  if (target) {
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: 'nearest' });
  }
}
