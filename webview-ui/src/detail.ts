import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { Severity } from '../../src/core/finding';
import type { Task, TaskEvidence } from '../../src/roadmap/model';
import { formatHours, h, icon, plural } from './dom';
import { ASSISTANT_NAMES, SEVERITY_ICONS, capitalise, measuredText } from './labels';
import { VirtualList } from './virtual-list';

export const ROW_HEIGHT = 24;
const VISIBLE_ROWS = 14;

export interface DetailOptions {
  task?: Task;
  phaseTitle?: string;
  phaseIndex?: number;
  titles: ReadonlyMap<string, string>;
  hiddenSeverities: ReadonlySet<string>;
  placesScroll: number;
  onOpen(place: TaskEvidence): void;
  onSelect(taskId: string): void;
  onPlacesScroll(scrollTop: number): void;
}

/**
 * The selected task: what it is, why it sits where it does, what it costs and returns, and every place in the
 * code it is about, as a virtualised list (Enter or a click opens the file at the place).
 */
export function renderDetail(options: DetailOptions): { element: HTMLElement; list?: VirtualList<TaskEvidence> } {
  const { task } = options;
  if (!task) {
    return {
      element: h(
        'section',
        { class: 'detail empty-detail', 'aria-label': 'Task details' },
        h(
          'p',
          {},
          icon('info'),
          ' Select a task (click it, or Enter on it) to see its estimate, its risk and every place in the code it is about.',
        ),
      ),
    };
  }
  const places = task.findings.filter((p) => !p.severity || !options.hiddenSeverities.has(p.severity));
  const hiddenCount = task.findings.length - places.length;
  const facts = h('dl', { class: 'facts' });
  const fact = (term: string, iconName: string, ...value: (Node | string | null)[]) =>
    facts.append(h('dt', {}, icon(iconName), ` ${term}`), h('dd', {}, ...value));
  fact('Effort', 'clock', h('strong', {}, formatHours(task.effort.hours)), ' — ', task.effort.basis);
  fact(
    'Impact',
    'pulse',
    h('strong', {}, `${capitalise(task.impact.level)}, ${Math.round(task.impact.score)} of 100`),
    ' — ',
    task.impact.basis,
  );
  if (task.impact.measured)
    fact(
      'Measured gain',
      'zap',
      h('strong', {}, measuredText(task.impact.measured)),
      ` on ${task.impact.measured.engine}`,
    );
  fact('Risk', 'shield', h('strong', {}, capitalise(task.risk.level)), ' — ', task.risk.mitigation);
  if (task.skills.length) fact('Skills', 'tools', ...task.skills.map((s) => h('span', { class: 'tag' }, s)));
  if (task.dependsOn.length) {
    fact(
      'Depends on',
      'arrow-right',
      ...task.dependsOn.map((id) => {
        const button = h(
          'button',
          { type: 'button', class: 'link', 'data-key': `dep-${id}` },
          options.titles.get(id) ?? id,
        );
        button.addEventListener('click', () => options.onSelect(id));
        return button;
      }),
    );
  }
  fact('Placement', 'milestone', task.placement);

  const listId = 'places';
  let list: VirtualList<TaskEvidence> | undefined;
  let placesBody: HTMLElement;
  if (places.length) {
    list = new VirtualList<TaskEvidence>({
      id: listId,
      label: `Places of ${task.title}`,
      items: places,
      rowHeight: ROW_HEIGHT,
      maxVisibleRows: VISIBLE_ROWS,
      initialScrollTop: options.placesScroll,
      renderRow: (place) => placeRow(place),
      describe: (place) => `${place.file}, line ${place.range.start.line + 1}: ${place.message}`,
      onActivate: (place) => options.onOpen(place),
      onScroll: (top) => options.onPlacesScroll(top),
    });
    placesBody = list.element;
  } else {
    placesBody = h(
      'p',
      { class: 'muted' },
      task.findings.length ? 'Every place of this task is filtered out by severity.' : 'No places.',
    );
  }
  const element = h(
    'section',
    { class: `detail severity-${task.severity}`, 'aria-labelledby': 'detail-title', 'data-task': task.id },
    h(
      'header',
      { class: 'detail-head' },
      h(
        'h2',
        { id: 'detail-title' },
        h('span', { class: `sev sev-${task.severity}`, title: task.severity }, icon(SEVERITY_ICONS[task.severity])),
        ` ${task.title}`,
      ),
      h(
        'div',
        { class: 'detail-badges' },
        options.phaseTitle
          ? h('span', { class: 'tag phase' }, `Phase ${(options.phaseIndex ?? 0) + 1} · ${options.phaseTitle}`)
          : null,
        h('span', { class: 'tag assistant' }, ASSISTANT_NAMES[task.assistant] ?? task.assistant),
        ...task.ruleIds.slice(0, 4).map((r) => h('code', { class: 'rule' }, r)),
      ),
    ),
    task.description ? h('p', { class: 'description' }, task.description) : null,
    facts,
    h(
      'div',
      { class: 'places-head' },
      h('h3', { id: 'places-heading' }, 'Places ', h('vscode-badge', { variant: 'counter' }, String(places.length))),
      h(
        'span',
        { class: 'muted' },
        hiddenCount ? `${plural(hiddenCount, 'place')} hidden by the severity filter · ` : '',
        'Enter or click opens the file at the place',
      ),
    ),
    placesBody,
  );
  return { element, list };
}

function placeRow(place: TaskEvidence): Node {
  const severity: Severity | undefined = place.severity;
  return h(
    'div',
    { class: 'place' },
    severity
      ? h('span', { class: `sev sev-${severity}` }, icon(SEVERITY_ICONS[severity]))
      : h('span', { class: 'sev' }, icon('circle-small')),
    h('span', { class: 'place-file' }, place.file),
    h('span', { class: 'place-line' }, `:${place.range.start.line + 1}`),
    h('span', { class: 'place-message' }, place.message),
  );
}
