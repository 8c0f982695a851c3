import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { Severity } from '../../src/core/finding';
import { fillArgs } from '../../src/core/translate';
import type { Task, TaskEvidence } from '../../src/roadmap/model';
import type { RoadmapStrings } from '../../src/roadmap/panel-strings';
import { formatHours, h, icon } from './dom';
import { SEVERITY_ICONS, assistantName, capitalise, count, levelName, measuredText } from './labels';
import { VirtualList } from './virtual-list';

export const ROW_HEIGHT = 24;
const VISIBLE_ROWS = 14;

export interface DetailOptions {
  strings: RoadmapStrings;
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
  const { task, strings: s } = options;
  if (!task) {
    return {
      element: h(
        'section',
        { class: 'detail empty-detail', 'aria-label': s.taskDetails },
        h('p', {}, icon('info'), ` ${s.selectTask}`),
      ),
    };
  }
  const places = task.findings.filter((p) => !p.severity || !options.hiddenSeverities.has(p.severity));
  const hiddenCount = task.findings.length - places.length;
  const facts = h('dl', { class: 'facts' });
  const fact = (term: string, iconName: string, ...value: (Node | string | null)[]) =>
    facts.append(h('dt', {}, icon(iconName), ` ${term}`), h('dd', {}, ...value));
  fact(s.effort, 'clock', h('strong', {}, formatHours(task.effort.hours)), ' — ', task.effort.basis);
  fact(
    s.impact,
    'pulse',
    h(
      'strong',
      {},
      fillArgs(s.impactScore, [capitalise(levelName(s, task.impact.level)), Math.round(task.impact.score)]),
    ),
    ' — ',
    task.impact.basis,
  );
  if (task.impact.measured)
    fact(
      s.measuredGain,
      'zap',
      h('strong', {}, measuredText(s, task.impact.measured)),
      fillArgs(s.measuredOn, [task.impact.measured.engine]),
    );
  fact(s.risk, 'shield', h('strong', {}, capitalise(levelName(s, task.risk.level))), ' — ', task.risk.mitigation);
  if (task.skills.length) fact(s.skills, 'tools', ...task.skills.map((s) => h('span', { class: 'tag' }, s)));
  if (task.dependsOn.length) {
    fact(
      s.dependsOn,
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
  fact(s.placement, 'milestone', task.placement);

  const listId = 'places';
  let list: VirtualList<TaskEvidence> | undefined;
  let placesBody: HTMLElement;
  if (places.length) {
    list = new VirtualList<TaskEvidence>({
      id: listId,
      label: fillArgs(s.placesOf, [task.title]),
      items: places,
      rowHeight: ROW_HEIGHT,
      maxVisibleRows: VISIBLE_ROWS,
      initialScrollTop: options.placesScroll,
      renderRow: (place) => placeRow(place),
      describe: (place) => fillArgs(s.placeAt, [place.file, place.range.start.line + 1, place.message]),
      onActivate: (place) => options.onOpen(place),
      onScroll: (top) => options.onPlacesScroll(top),
    });
    placesBody = list.element;
  } else {
    placesBody = h('p', { class: 'muted' }, task.findings.length ? s.allPlacesFiltered : s.noPlaces);
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
        h('span', { class: `sev sev-${task.severity}`, title: s[task.severity] }, icon(SEVERITY_ICONS[task.severity])),
        ` ${task.title}`,
      ),
      h(
        'div',
        { class: 'detail-badges' },
        options.phaseTitle
          ? h(
              'span',
              { class: 'tag phase' },
              fillArgs(s.phaseNumbered, [(options.phaseIndex ?? 0) + 1, options.phaseTitle]),
            )
          : null,
        h('span', { class: 'tag assistant' }, assistantName(s, task.assistant)),
        ...task.ruleIds.slice(0, 4).map((r) => h('code', { class: 'rule' }, r)),
      ),
    ),
    task.description ? h('p', { class: 'description' }, task.description) : null,
    facts,
    h(
      'div',
      { class: 'places-head' },
      h(
        'h3',
        { id: 'places-heading' },
        `${s.places} `,
        h('vscode-badge', { variant: 'counter' }, String(places.length)),
      ),
      h(
        'span',
        { class: 'muted' },
        hiddenCount ? fillArgs(s.hiddenBySeverity, [count(s, 'place', hiddenCount)]) : '',
        s.openHint,
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
