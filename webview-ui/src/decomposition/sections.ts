import type {
  ContractFormat,
  MetricRow,
  OperationView,
  PanelView,
  PlaceView,
  ServiceView,
  StepView,
} from '../../../src/editor/decomposition/common/messages';
import type { PanelStrings } from '../../../src/editor/decomposition/common/strings';
import { filesText, format } from '../../../src/editor/decomposition/common/strings';
import type { Child } from '../dom';
import { formatNumber, h, icon } from '../dom';
import { bestColumns, cssId } from './derive';
import type { DropHandlers } from './drag';
import { draggablePath, serviceDropTarget } from './drag';

/** What the sections ask of the page: open a place in the editor, act on a contract, move a dropped path. */
export interface SectionActions {
  open(file: string, range?: PlaceView['range']): void;
  contract(action: 'openContract' | 'copyContract', service: string, format: ContractFormat): void;
  drops: DropHandlers;
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function list(items: readonly Child[], empty: string): HTMLElement {
  return items.length
    ? h('ul', { class: 'plain' }, ...items.map((item) => h('li', {}, item)))
    : h('p', { class: 'muted' }, empty);
}

function fileButton(file: string, actions: SectionActions, range = START, label = file): HTMLElement {
  const button = h(
    'button',
    { class: 'link', type: 'button', title: file, 'data-key': `open:${file}:${range.start.line}` },
    label,
  );
  button.addEventListener('click', () => actions.open(file, range));
  return button;
}

function operationLine(
  op: OperationView,
  strings: PanelStrings,
  actions: SectionActions,
  outbound: boolean,
): HTMLElement {
  return h(
    'span',
    {},
    outbound ? `${op.service}.` : '',
    h('code', {}, op.name),
    op.signature ? h('code', { class: 'muted' }, ` ${op.signature}`) : null,
    ' — ',
    outbound
      ? format(strings.callSitesCount, formatNumber(op.callSites))
      : format(strings.calledBy, op.callerServices.join(', ')),
    ' ',
    fileButton(op.file, actions, START, op.file.split('/').pop() ?? op.file),
  );
}

/** A file of the plan in a list: opens on click, moves by drag. */
function movableFile(file: string, actions: SectionActions, label?: string): HTMLElement {
  const button = fileButton(file, actions, START, label);
  draggablePath(button, file);
  return button;
}

function field(title: string, body: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('h4', {}, title), body);
}

export function renderService(
  service: ServiceView,
  strings: PanelStrings,
  actions: SectionActions,
  open: boolean,
): HTMLElement {
  const summary = h(
    'summary',
    { 'data-key': `service:${service.name}` },
    h('span', { class: 'service-name' }, service.name),
    ' ',
    h('span', { class: 'muted' }, filesText(strings, service.files.length, formatNumber(service.files.length))),
  );
  const details = h(
    'details',
    { class: 'service', id: `service-${cssId(service.name)}`, open },
    summary,
    h('p', { class: 'muted' }, format(strings.namedFrom, service.nameFrom)),
    field(strings.responsibilities, list(service.responsibilities, strings.none)),
    field(
      strings.tablesOwned,
      list(
        service.tablesOwned.map((t) => h('code', {}, t)),
        strings.none,
      ),
    ),
    field(
      strings.tablesRead,
      list(
        service.tablesRead.map((t) => h('code', {}, t)),
        strings.none,
      ),
    ),
    field(
      strings.routes,
      list(
        service.routes.map((r) => h('code', {}, r)),
        strings.none,
      ),
    ),
    field(
      strings.inbound,
      list(
        service.inbound.map((o) => operationLine(o, strings, actions, false)),
        strings.none,
      ),
    ),
    field(
      strings.outbound,
      list(
        service.outbound.map((o) => operationLine(o, strings, actions, true)),
        strings.none,
      ),
    ),
    field(
      strings.files,
      list(
        service.files.map((f) => movableFile(f, actions)),
        strings.none,
      ),
    ),
  );
  serviceDropTarget(details, service.name, actions.drops);
  return details;
}

export function renderServices(
  view: PanelView,
  strings: PanelStrings,
  actions: SectionActions,
  selected: string | undefined,
): HTMLElement[] {
  const out = view.services.map((s) => renderService(s, strings, actions, s.name === selected));
  if (view.shared.length)
    out.push(
      h(
        'details',
        { class: 'service shared' },
        h('summary', {}, strings.shared, ' ', h('span', { class: 'muted' }, filesText(strings, view.shared.length))),
        list(
          view.shared.map((f) => movableFile(f, actions)),
          strings.none,
        ),
      ),
    );
  if (view.outliers.length)
    out.push(
      h(
        'details',
        { class: 'service outliers' },
        h(
          'summary',
          {},
          strings.outliers,
          ' ',
          h('span', { class: 'muted' }, filesText(strings, view.outliers.length)),
        ),
        list(
          view.outliers.map((o) => h('span', {}, movableFile(o.file, actions), ' — ', o.why)),
          strings.none,
        ),
      ),
    );
  return out;
}

/** `0.253` as a share → "25.3 %"; otherwise two decimals at most. */
export function metricText(row: MetricRow, value: number | null, strings: PanelStrings): string {
  if (value === null) return strings.notApplicable;
  if (row.percent) return `${formatNumber(value * 100)} %`;
  return Number.isInteger(value) ? formatNumber(value) : (Math.round(value * 100) / 100).toString();
}

export function renderMetrics(view: PanelView, strings: PanelStrings): HTMLElement {
  const columns = ['ours', 'folders', 'louvain'] as const;
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, strings.metric),
    ...columns.map((c) => h('th', { scope: 'col', class: 'number' }, strings[c])),
  );
  const rows = view.metrics.map((row) => {
    const best = bestColumns(row);
    return h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row', title: row.description },
        row.label,
        h('span', { class: 'visually-hidden' }, ` (${row.description})`),
      ),
      ...columns.map((c) =>
        h(
          'td',
          { class: `number${best.has(c) ? ' best' : ''}` },
          metricText(row, row[c], strings),
          best.has(c)
            ? h(
                'span',
                { class: 'best-mark' },
                icon('check'),
                h('span', { class: 'visually-hidden' }, ` ${strings.best}`),
              )
            : null,
        ),
      ),
    );
  });
  return h('table', { class: 'metrics' }, h('thead', {}, head), h('tbody', {}, ...rows));
}

export function renderContracts(view: PanelView, strings: PanelStrings, actions: SectionActions): HTMLElement[] {
  if (view.contracts.length === 0)
    return [h('p', { class: 'muted' }, view.crossings === 0 ? strings.noContracts : strings.contractsMissing)];
  return view.contracts.map((contract) => {
    const button = (label: string, action: 'openContract' | 'copyContract', fmt: ContractFormat) => {
      const b = h(
        'button',
        { type: 'button', class: 'secondary', 'data-key': `${action}:${fmt}:${contract.service}` },
        label,
      );
      b.addEventListener('click', () => actions.contract(action, contract.service, fmt));
      return b;
    };
    return h(
      'details',
      { class: 'contract' },
      h(
        'summary',
        {},
        contract.service,
        ' ',
        h('span', { class: 'muted' }, format(strings.operationsCount, contract.operations)),
      ),
      h(
        'div',
        { class: 'buttons' },
        button(strings.openTypeScript, 'openContract', 'typescript'),
        button(strings.openOpenApi, 'openContract', 'openapi'),
        button(strings.copyTypeScript, 'copyContract', 'typescript'),
      ),
      h('pre', { tabindex: '0', 'aria-label': `${contract.service} TypeScript` }, h('code', {}, contract.typescript)),
    );
  });
}

function renderStep(step: StepView, strings: PanelStrings, actions: SectionActions): HTMLElement {
  return h(
    'li',
    { class: 'step' },
    h(
      'h3',
      {},
      step.service,
      ' ',
      h('span', { class: `phase phase-${step.phase}` }, format(strings.phase, step.phase)),
    ),
    h('p', {}, format(strings.effort, step.effort.size), ' ', h('span', { class: 'muted' }, step.effort.basis)),
    field(strings.preconditions, list(step.preconditions, strings.none)),
    field(
      strings.facadeRoutes,
      list(
        step.facadeRoutes.map((r) => h('code', {}, r)),
        strings.none,
      ),
    ),
    field(
      strings.dataMigrations,
      list(
        step.dataMigrations.map((d) => h('span', {}, h('code', {}, d.table), ` (${d.from}): ${d.plan}`)),
        strings.none,
      ),
    ),
    field(strings.rollback, list(step.rollback, strings.none)),
    field(
      strings.places,
      list(
        step.places.map((p) =>
          h('span', {}, fileButton(p.file, actions, p.range, `${p.file}:${p.range.start.line + 1}`), ' — ', p.why),
        ),
        strings.none,
      ),
    ),
  );
}

export function renderSteps(view: PanelView, strings: PanelStrings, actions: SectionActions): HTMLElement {
  if (view.steps.length === 0) return h('p', { class: 'muted' }, strings.none);
  return h('ol', { class: 'steps' }, ...view.steps.map((s) => renderStep(s, strings, actions)));
}
