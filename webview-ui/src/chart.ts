import type { PhaseId, Task } from '../../src/roadmap/model';
import { PHASES } from '../../src/roadmap/model';
import { fillArgs } from '../../src/core/translate';
import type { RoadmapStrings } from '../../src/roadmap/panel-strings';
import { formatHours, h, svg } from './dom';
import { count, levelName, phaseText } from './labels';

const WIDTH = 760;
const HEIGHT = 420;
const M = { left: 56, right: 24, top: 24, bottom: 48 };
/** Where "little effort" ends (two working days) and "high impact" begins. */
const EFFORT_SPLIT_HOURS = 16;
const IMPACT_SPLIT = 50;
const LABEL_CHARS = 30;

export interface ChartTask {
  task: Task;
  phase: PhaseId;
  phaseIndex: number;
}

export interface ChartOptions {
  strings: RoadmapStrings;
  tasks: readonly ChartTask[];
  selected?: string;
  onSelect(taskId: string): void;
}

/**
 * Impact versus effort, one dot per task, drawn in SVG (nothing fetched, nothing eval'd): effort on a log
 * scale (an hour and a quarter's work both stay readable), impact 0–100, the four quadrants named, the dot's
 * colour its phase and its size the number of places. The dots are one tab stop: arrow keys move between
 * them (in order of effort), Enter or Space selects the task, and each dot says its numbers to a screen reader.
 */
export function renderChart({ strings: s, tasks, selected, onSelect }: ChartOptions): HTMLElement {
  const maxHours = Math.max(EFFORT_SPLIT_HOURS * 4, ...tasks.map((t) => t.task.effort.hours)) * 1.15;
  const minHours = 0.5;
  const lx = (hours: number) => Math.log2(Math.max(hours, minHours));
  const x = (hours: number) =>
    M.left + ((lx(hours) - lx(minHours)) / (lx(maxHours) - lx(minHours))) * (WIDTH - M.left - M.right);
  const y = (score: number) => HEIGHT - M.bottom - (score / 100) * (HEIGHT - M.top - M.bottom);
  const maxPlaces = Math.max(1, ...tasks.map((t) => t.task.findings.length));
  const radius = (places: number) => 5 + 7 * Math.sqrt(places / maxPlaces);

  const root = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'group',
    'aria-label': fillArgs(s.chartLabel, [count(s, 'task', tasks.length)]),
  });

  // Quadrants, axes and ticks.
  const splitX = x(EFFORT_SPLIT_HOURS);
  const splitY = y(IMPACT_SPLIT);
  const plotRight = WIDTH - M.right;
  const plotBottom = HEIGHT - M.bottom;
  root.append(
    svg('rect', { class: 'quadrant quick', x: M.left, y: M.top, width: splitX - M.left, height: splitY - M.top }),
    svg('rect', { class: 'plot-frame', x: M.left, y: M.top, width: plotRight - M.left, height: plotBottom - M.top }),
    svg('line', { class: 'split', x1: splitX, x2: splitX, y1: M.top, y2: plotBottom }),
    svg('line', { class: 'split', x1: M.left, x2: plotRight, y1: splitY, y2: splitY }),
    svg('text', { class: 'quadrant-label', x: M.left + 8, y: M.top + 16 }, s.quickWins),
    svg('text', { class: 'quadrant-label', x: plotRight - 8, y: M.top + 16, 'text-anchor': 'end' }, s.bigBets),
    svg('text', { class: 'quadrant-label', x: M.left + 8, y: plotBottom - 8 }, s.fillIns),
    svg('text', { class: 'quadrant-label', x: plotRight - 8, y: plotBottom - 8, 'text-anchor': 'end' }, s.reconsider),
  );
  for (let hours = 1; hours <= maxHours; hours *= 2) {
    const tx = x(hours);
    root.append(
      svg('line', { class: 'tick', x1: tx, x2: tx, y1: plotBottom, y2: plotBottom + 4 }),
      svg(
        'text',
        { class: 'tick-label', x: tx, y: plotBottom + 16, 'text-anchor': 'middle' },
        hours >= 1000 ? `${hours / 1000}k` : String(hours),
      ),
    );
  }
  for (const score of [0, 25, 50, 75, 100]) {
    const ty = y(score);
    root.append(
      svg('line', { class: 'tick', x1: M.left - 4, x2: M.left, y1: ty, y2: ty }),
      svg('text', { class: 'tick-label', x: M.left - 8, y: ty + 4, 'text-anchor': 'end' }, String(score)),
    );
  }
  root.append(
    svg(
      'text',
      { class: 'axis-label', x: (M.left + plotRight) / 2, y: HEIGHT - 10, 'text-anchor': 'middle' },
      s.effortAxis,
    ),
    svg(
      'text',
      {
        class: 'axis-label',
        x: 16,
        y: (M.top + plotBottom) / 2,
        'text-anchor': 'middle',
        transform: `rotate(-90 16 ${(M.top + plotBottom) / 2})`,
      },
      s.impactAxis,
    ),
  );

  // Dots, in order of effort (the arrow keys' order), the selected one drawn last (on top).
  const ordered = [...tasks].sort(
    (a, b) =>
      a.task.effort.hours - b.task.effort.hours ||
      b.task.impact.score - a.task.impact.score ||
      (a.task.id < b.task.id ? -1 : 1),
  );
  const dots: SVGGElement[] = [];
  const dotsLayer = svg('g', { class: 'dots', role: 'list' });
  // Boxes a label must not cover: the quadrant names and every dot.
  const labels: { x: number; y: number; w: number; h: number }[] = [
    { x: M.left, y: M.top, w: 80, h: 22 },
    { x: plotRight - 70, y: M.top, w: 70, h: 22 },
    { x: M.left, y: plotBottom - 22, w: 60, h: 22 },
    { x: plotRight - 80, y: plotBottom - 22, w: 80, h: 22 },
    ...ordered.map(({ task }) => {
      const r = radius(task.findings.length) + 2;
      return { x: x(task.effort.hours) - r, y: y(task.impact.score) - r, w: 2 * r, h: 2 * r };
    }),
  ];
  const labelLayer = svg('g', { class: 'labels', 'aria-hidden': 'true' });
  const selectedLabel = svg('g', { class: 'labels', 'aria-hidden': 'true' });
  const focusIndex = Math.max(
    0,
    ordered.findIndex((t) => t.task.id === selected),
  );
  ordered.forEach((entry, index) => {
    const { task } = entry;
    const cx = x(task.effort.hours);
    const cy = y(task.impact.score);
    const r = radius(task.findings.length);
    const isSelected = task.id === selected;
    const description = fillArgs(s.dotDescription, [
      task.title,
      levelName(s, task.impact.level),
      Math.round(task.impact.score),
      formatHours(task.effort.hours),
      count(s, 'place', task.findings.length),
      entry.phaseIndex + 1,
    ]);
    const dot = svg(
      'g',
      {
        class: `dot phase-${entry.phase}${isSelected ? ' selected' : ''}`,
        role: 'listitem',
        tabindex: index === focusIndex ? 0 : -1,
        'aria-label': description,
        'aria-current': isSelected ? 'true' : undefined,
        'data-task': task.id,
      },
      svg('title', {}, description),
      svg('circle', { class: 'halo', cx, cy, r: r + 4 }),
      svg('circle', { class: 'mark', cx, cy, r }),
    );
    dot.addEventListener('click', () => onSelect(task.id));
    dot.addEventListener('keydown', (event) => {
      const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      if (event.key in step || event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        const next =
          event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? dots.length - 1
              : Math.max(0, Math.min(dots.length - 1, index + step[event.key]));
        dots[index].setAttribute('tabindex', '-1');
        dots[next].setAttribute('tabindex', '0');
        dots[next].focus();
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(task.id);
      }
    });
    dots.push(dot);
  });
  // Labels: the selected task first, then by impact; a label that would collide with one already placed is left
  // out (the dot's tooltip and its aria-label still name it).
  const byImportance = [...ordered].sort(
    (a, b) =>
      Number(b.task.id === selected) - Number(a.task.id === selected) || b.task.impact.score - a.task.impact.score,
  );
  for (const { task } of byImportance.slice(0, 40)) {
    const cx = x(task.effort.hours);
    const cy = y(task.impact.score);
    const r = radius(task.findings.length);
    const text = task.title.length > LABEL_CHARS ? `${task.title.slice(0, LABEL_CHARS - 1)}…` : task.title;
    // Estimated width at 11px (bold for the selected task): a little generous, so plates cover their text.
    const w = text.length * (task.id === selected ? 6.9 : 6.1);
    const candidates = [
      { x: cx + r + 5, y: cy + 4, anchor: 'start', box: { x: cx + r + 5, y: cy - 8, w, h: 14 } },
      { x: cx - r - 5, y: cy + 4, anchor: 'end', box: { x: cx - r - 5 - w, y: cy - 8, w, h: 14 } },
      { x: cx, y: cy - r - 6, anchor: 'middle', box: { x: cx - w / 2, y: cy - r - 18, w, h: 14 } },
      { x: cx, y: cy + r + 14, anchor: 'middle', box: { x: cx - w / 2, y: cy + r + 2, w, h: 14 } },
    ];
    const fits = candidates.find(
      ({ box }) =>
        box.x >= M.left &&
        box.x + box.w <= plotRight &&
        box.y >= M.top &&
        box.y + box.h <= plotBottom &&
        labels.every((l) => box.x + box.w < l.x || l.x + l.w < box.x || box.y + box.h < l.y || l.y + l.h < box.y),
    );
    const isSelected = task.id === selected;
    // The selected task is always named: where nothing fits, on a plate above the dots.
    const place =
      fits ??
      (isSelected
        ? (candidates.find(({ box }) => box.x >= M.left && box.x + box.w <= plotRight) ?? candidates[0])
        : undefined);
    if (!place) continue;
    labels.push(place.box);
    const label = svg(
      'text',
      { class: `dot-label${isSelected ? ' selected' : ''}`, x: place.x, y: place.y, 'text-anchor': place.anchor },
      text,
    );
    if (isSelected) {
      selectedLabel.append(
        svg('rect', {
          class: 'label-plate',
          x: place.box.x - 4,
          y: place.box.y - 1,
          width: place.box.w + 8,
          height: place.box.h + 3,
          rx: 3,
        }),
        label,
      );
    } else {
      labelLayer.append(label);
    }
  }
  const selectedDot = dots.find((d) => d.getAttribute('data-task') === selected);
  for (const dot of dots) if (dot !== selectedDot) dotsLayer.append(dot);
  if (selectedDot) dotsLayer.append(selectedDot);
  root.append(labelLayer, dotsLayer, selectedLabel);

  const legend = h(
    'ul',
    { class: 'chart-legend', 'aria-label': s.phases },
    ...PHASES.map((phase, i) =>
      h(
        'li',
        {},
        h('span', { class: `swatch phase-${phase.id}`, 'aria-hidden': 'true' }),
        `${i + 1} · ${phaseText(s, phase.id).horizon}`,
      ),
    ),
    h('li', { class: 'legend-note' }, s.dotSize),
  );
  return h('figure', { class: 'chart-figure' }, root, h('figcaption', {}, legend));
}
