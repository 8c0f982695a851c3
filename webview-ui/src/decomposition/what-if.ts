import type { PanelView, WeightKey, Weights } from '../../../src/editor/decomposition/common/messages';
import { MAX_SERVICES, WEIGHT_KEYS, WEIGHT_RANGE } from '../../../src/editor/decomposition/common/messages';
import type { PanelStrings, PanelStringKey } from '../../../src/editor/decomposition/common/strings';
import { format } from '../../../src/editor/decomposition/common/strings';
import { formatNumber, h } from '../dom';
import type { MovableRow } from './derive';
import { movableRows } from './derive';
import { draggablePath } from './drag';

/** Rows shown at once: a service picker per file is cheap, ten thousand of them are not. */
export const MAX_ROWS = 200;

export interface WhatIfActions {
  move(path: string, service: string): void;
  undo(): void;
  reset(): void;
  weights(weights: Weights): void;
  services(count: number | null): void;
  filter(text: string): void;
}

const WEIGHT_LABELS: Record<WeightKey, PanelStringKey> = {
  imports: 'weightImports',
  calls: 'weightCalls',
  data: 'weightData',
  useCases: 'weightUseCases',
  coupling: 'weightCoupling',
};

function weightInputs(view: PanelView, strings: PanelStrings, actions: WhatIfActions): HTMLElement {
  const current = { ...view.weights };
  const rows = WEIGHT_KEYS.map((key) => {
    const id = `weight-${key}`;
    const output = h('output', { for: id }, formatNumber(current[key]));
    const input = h('input', {
      id,
      type: 'range',
      min: WEIGHT_RANGE.min,
      max: WEIGHT_RANGE.max,
      step: '0.5',
      value: String(current[key]),
      'data-key': id,
      disabled: key === 'coupling' && !view.history,
    });
    input.addEventListener('input', () => (output.textContent = formatNumber(Number(input.value))));
    // `change` fires when a drag ends or a key press settles: one re-plan per decision, not per pixel.
    input.addEventListener('change', () => {
      current[key] = Number(input.value);
      actions.weights({ ...current });
    });
    return h('div', { class: 'weight' }, h('label', { for: id }, strings[WEIGHT_LABELS[key]]), input, output);
  });
  const count = h('input', {
    id: 'service-count',
    type: 'number',
    min: 1,
    max: MAX_SERVICES,
    step: 1,
    value: view.requestedServices === undefined ? '' : String(view.requestedServices),
    'data-key': 'service-count',
  });
  count.addEventListener('change', () => {
    const n = Number(count.value);
    if (count.value.trim() === '') actions.services(null);
    else if (Number.isInteger(n) && n >= 1 && n <= MAX_SERVICES) actions.services(n);
  });
  return h(
    'fieldset',
    { class: 'weights' },
    h('legend', {}, strings.weights),
    ...rows,
    view.history ? null : h('p', { class: 'muted' }, strings.noHistory),
    h('div', { class: 'weight' }, h('label', { for: 'service-count' }, strings.serviceCount), count),
  );
}

function movesList(view: PanelView, strings: PanelStrings, actions: WhatIfActions): HTMLElement {
  const undo = h(
    'button',
    { type: 'button', class: 'secondary', disabled: view.moves.length === 0, 'data-key': 'undo' },
    strings.undo,
  );
  const reset = h(
    'button',
    { type: 'button', class: 'secondary', disabled: view.moves.length === 0, 'data-key': 'reset' },
    strings.reset,
  );
  undo.addEventListener('click', () => actions.undo());
  reset.addEventListener('click', () => actions.reset());
  return h(
    'div',
    { class: 'moves' },
    h('h3', {}, strings.movesApplied),
    view.moves.length
      ? h('ol', {}, ...view.moves.map((m) => h('li', {}, h('code', {}, m.path), ' → ', m.service)))
      : h('p', { class: 'muted' }, strings.noMoves),
    h('div', { class: 'buttons' }, undo, reset),
  );
}

function picker(row: MovableRow, view: PanelView, strings: PanelStrings, actions: WhatIfActions): HTMLElement {
  const select = h('select', { 'aria-label': format(strings.serviceFor, row.path), 'data-key': `move:${row.path}` });
  const where = { service: '', shared: strings.shared, outlier: strings.outlier, split: '—' }[row.place];
  if (row.place !== 'service') select.append(h('option', { value: '', selected: true, disabled: true }, where));
  for (const service of view.services)
    select.append(h('option', { value: service.name, selected: service.name === row.service }, service.name));
  select.addEventListener('change', () => {
    if (select.value && select.value !== row.service) actions.move(row.path, select.value);
  });
  return select;
}

function draggableRow(row: HTMLElement, path: string): HTMLElement {
  draggablePath(row, path);
  return row;
}

export function renderWhatIf(
  view: PanelView,
  strings: PanelStrings,
  filter: string,
  actions: WhatIfActions,
): HTMLElement[] {
  const search = h('input', {
    type: 'search',
    id: 'what-if-filter',
    value: filter,
    placeholder: strings.filter,
    'aria-label': strings.filter,
    'data-key': 'filter',
  });
  const rows = movableRows(view, filter);
  const body = h('tbody', {});
  const fill = (shown: typeof rows) => {
    body.replaceChildren(
      ...shown
        .slice(0, MAX_ROWS)
        .map((row) =>
          draggableRow(
            h(
              'tr',
              {},
              h(
                'td',
                {},
                h('code', {}, row.path),
                row.folder ? h('span', { class: 'tag' }, ` ${strings.folder}`) : null,
              ),
              h('td', {}, picker(row, view, strings, actions)),
            ),
            row.path,
          ),
        ),
    );
  };
  fill(rows);
  const more = h(
    'p',
    { class: 'muted', hidden: rows.length <= MAX_ROWS },
    format(strings.showingFirst, MAX_ROWS, formatNumber(rows.length)),
  );
  search.addEventListener('input', () => {
    actions.filter(search.value);
    const shown = movableRows(view, search.value);
    fill(shown);
    more.hidden = shown.length <= MAX_ROWS;
    more.textContent = format(strings.showingFirst, MAX_ROWS, formatNumber(shown.length));
  });
  return [
    weightInputs(view, strings, actions),
    movesList(view, strings, actions),
    h('p', { class: 'muted' }, strings.dragHint),
    h('div', { class: 'filter' }, search),
    h('table', { class: 'movable' }, body),
    more,
  ];
}
