/**
 * The messages between the decomposition panel's host (src/editor/decomposition/, in the extension host) and its
 * webview (webview-ui/src/decomposition/). Both sides import this file, so it knows neither VS Code nor the DOM
 * nor the planner: the host turns the planner's plan into the `PanelView` below (view-model.ts) and the webview
 * draws only that. Every message is validated by its receiver and an invalid one is dropped; names of files,
 * services and tables come from the user's code, so the webview puts them in text nodes only.
 */
import type { Range } from '../../../core/finding';
import type { Parsed } from '../../../core/message-checks';
import {
  array,
  boolean,
  fail,
  guard,
  integer,
  number,
  oneOf,
  quotedType,
  record,
  string,
  stringTable,
} from '../../../core/message-checks';
import { isWorkspaceRelativePath, parseRange } from '../../../roadmap/messages';
import { PANEL_STRING_KEYS } from './strings';
import type { PanelStrings } from './strings';

// --- the view ------------------------------------------------------------------------------------------------

export const WEIGHT_KEYS = ['imports', 'calls', 'data', 'useCases', 'coupling'] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
export type Weights = Record<WeightKey, number>;

/** What a weight may be set to from the panel or the settings. */
export const WEIGHT_RANGE = { min: 0, max: 10 } as const;
export const MAX_SERVICES = 100;

export interface OperationView {
  /** The service exposing it. */
  service: string;
  name: string;
  file: string;
  symbol: string;
  callerServices: string[];
  callSites: number;
  signature?: string;
}

export interface ServiceView {
  name: string;
  nameFrom: string;
  responsibilities: string[];
  files: string[];
  tablesOwned: string[];
  tablesRead: string[];
  routes: string[];
  inbound: OperationView[];
  outbound: OperationView[];
}

/** Which way is better for a metric, so the table can mark the best of the three partitions. */
export type Better = 'higher' | 'lower' | 'none';

export interface MetricRow {
  key: string;
  label: string;
  description: string;
  better: Better;
  /** null: the metric does not apply to the folder (route purity without use cases, table purity without tables). */
  ours: number | null;
  folders: number | null;
  louvain: number | null;
  /** Shown as a percentage (shares 0..1). */
  percent: boolean;
}

export interface MapNode {
  service: string;
  files: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapEdge {
  from: string;
  to: string;
  /** Distinct operations `from` calls on `to`, and the call sites behind them. */
  operations: number;
  callSites: number;
  chatty: boolean;
  points: { x: number; y: number }[];
}

/** The service map, laid out by the host (layout.ts); the webview only draws it. */
export interface MapView {
  width: number;
  height: number;
  nodes: MapNode[];
  edges: MapEdge[];
}

export interface ContractView {
  service: string;
  operations: number;
  typescript: string;
  /** The OpenAPI document as JSON text. */
  openapi: string;
}

export interface PlaceView {
  file: string;
  range: Range;
  why: string;
}

export interface StepView {
  order: number;
  service: string;
  phase: 3 | 4;
  preconditions: string[];
  facadeRoutes: string[];
  dataMigrations: { table: string; from: string; plan: string }[];
  rollback: string[];
  effort: { size: 'small' | 'medium' | 'large'; basis: string };
  places: PlaceView[];
}

export interface MoveView {
  path: string;
  service: string;
}

export interface PanelView {
  /** The folder decomposed, workspace-relative ('' for the workspace folder itself). */
  root: string;
  weights: Weights;
  /** The number of services asked for; absent when the clustering decides. */
  requestedServices?: number;
  services: ServiceView[];
  shared: string[];
  outliers: { file: string; why: string }[];
  metrics: MetricRow[];
  map: MapView;
  contracts: ContractView[];
  steps: StepView[];
  crossings: number;
  chatty: { from: string; to: string; operations: number; callSites: number }[];
  /** The what-if moves applied, oldest first. */
  moves: MoveView[];
  /** Folders under the root that can be moved as a whole (files are listed under their services). */
  folders: string[];
  /** False in Restricted Mode or outside a repository: change coupling was not used. */
  history: boolean;
  errors: { file: string; message: string }[];
}

// --- host → webview ------------------------------------------------------------------------------------------

export type NoticeLevel = 'info' | 'warning' | 'error';

export type HostMessage =
  | { type: 'strings'; strings: PanelStrings }
  | { type: 'plan'; view: PanelView }
  | { type: 'busy'; busy: boolean; message?: string }
  | { type: 'notice'; level: NoticeLevel; message: string };

// --- webview → host ------------------------------------------------------------------------------------------

export type ContractFormat = 'typescript' | 'openapi';
export type GuardrailKind = 'dependency-cruiser' | 'eslint';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'move'; path: string; service: string }
  | { type: 'undoMove' }
  | { type: 'resetMoves' }
  | { type: 'setWeights'; weights: Weights }
  | { type: 'setServices'; services: number | null }
  | { type: 'openLocation'; file: string; range: Range }
  | { type: 'openContract'; service: string; format: ContractFormat }
  | { type: 'copyContract'; service: string; format: ContractFormat }
  | { type: 'guardrails'; kind: GuardrailKind };

export type { Parsed };

/** Generous bounds: a real plan stays far below them, a runaway or hostile message does not. */
export const LIMITS = {
  path: 4096,
  name: 300,
  text: 20_000,
  document: 2_000_000,
  items: 100_000,
  points: 1_000,
  coordinate: 10_000_000,
} as const;

// --- checkers ------------------------------------------------------------------------------------------------

function items<T>(value: unknown, where: string, item: (v: unknown, w: string) => T, max: number = LIMITS.items): T[] {
  return array(value, where, max).map((v, i) => item(v, `${where}[${i}]`));
}

const name = (v: unknown, w: string) => string(v, w, LIMITS.name);
const text = (v: unknown, w: string) => string(v, w, LIMITS.text);
const names = (v: unknown, w: string) => items(v, w, name);
const texts = (v: unknown, w: string) => items(v, w, text);

/** A file as the plan names it: relative to the workspace folder, never climbing out of it. */
function path(value: unknown, where: string): string {
  const file = string(value, where, LIMITS.path);
  return isWorkspaceRelativePath(file) ? file : fail(`${where} must be a path inside the workspace`);
}

/** The root may be the workspace folder itself (''), else a path inside it. */
function root(value: unknown, where: string): string {
  return value === '' ? '' : path(value, where);
}

function only(m: Record<string, unknown>, ...keys: string[]): void {
  for (const key of Object.keys(m))
    if (key !== 'type' && !keys.includes(key)) fail(`unexpected field ${key.slice(0, 60)} in ${String(m.type)}`);
}

export function parseWeights(value: unknown, where = 'weights'): Weights {
  const w = record(value, where);
  for (const key of Object.keys(w))
    if (!(WEIGHT_KEYS as readonly string[]).includes(key)) fail(`unknown weight ${key.slice(0, 60)}`);
  return Object.fromEntries(
    WEIGHT_KEYS.map((key) => [key, number(w[key], `${where}.${key}`, WEIGHT_RANGE.min, WEIGHT_RANGE.max)]),
  ) as Weights;
}

function parseOperation(value: unknown, where: string): OperationView {
  const o = record(value, where);
  const out: OperationView = {
    service: name(o.service, `${where}.service`),
    name: name(o.name, `${where}.name`),
    file: path(o.file, `${where}.file`),
    symbol: name(o.symbol, `${where}.symbol`),
    callerServices: names(o.callerServices, `${where}.callerServices`),
    callSites: integer(o.callSites, `${where}.callSites`),
  };
  if (o.signature !== undefined) out.signature = text(o.signature, `${where}.signature`);
  return out;
}

function parseService(value: unknown, where: string): ServiceView {
  const s = record(value, where);
  return {
    name: name(s.name, `${where}.name`),
    nameFrom: text(s.nameFrom, `${where}.nameFrom`),
    responsibilities: texts(s.responsibilities, `${where}.responsibilities`),
    files: items(s.files, `${where}.files`, path),
    tablesOwned: names(s.tablesOwned, `${where}.tablesOwned`),
    tablesRead: names(s.tablesRead, `${where}.tablesRead`),
    routes: texts(s.routes, `${where}.routes`),
    inbound: items(s.inbound, `${where}.inbound`, parseOperation),
    outbound: items(s.outbound, `${where}.outbound`, parseOperation),
  };
}

function parseMetric(value: unknown, where: string): MetricRow {
  const m = record(value, where);
  const value3 = (key: string) =>
    m[key] === null ? null : number(m[key], `${where}.${key}`, -LIMITS.coordinate, LIMITS.coordinate);
  return {
    key: name(m.key, `${where}.key`),
    label: name(m.label, `${where}.label`),
    description: text(m.description, `${where}.description`),
    better: oneOf(m.better, ['higher', 'lower', 'none'] as const, `${where}.better`),
    ours: value3('ours'),
    folders: value3('folders'),
    louvain: value3('louvain'),
    percent: boolean(m.percent, `${where}.percent`),
  };
}

function coordinate(value: unknown, where: string): number {
  return number(value, where, -LIMITS.coordinate, LIMITS.coordinate);
}

function parseMap(value: unknown, where: string): MapView {
  const m = record(value, where);
  return {
    width: coordinate(m.width, `${where}.width`),
    height: coordinate(m.height, `${where}.height`),
    nodes: items(m.nodes, `${where}.nodes`, (v, w) => {
      const n = record(v, w);
      return {
        service: name(n.service, `${w}.service`),
        files: integer(n.files, `${w}.files`),
        x: coordinate(n.x, `${w}.x`),
        y: coordinate(n.y, `${w}.y`),
        width: coordinate(n.width, `${w}.width`),
        height: coordinate(n.height, `${w}.height`),
      };
    }),
    edges: items(m.edges, `${where}.edges`, (v, w) => {
      const e = record(v, w);
      return {
        from: name(e.from, `${w}.from`),
        to: name(e.to, `${w}.to`),
        operations: integer(e.operations, `${w}.operations`),
        callSites: integer(e.callSites, `${w}.callSites`),
        chatty: boolean(e.chatty, `${w}.chatty`),
        points: items(
          e.points,
          `${w}.points`,
          (p, pw) => {
            const point = record(p, pw);
            return { x: coordinate(point.x, `${pw}.x`), y: coordinate(point.y, `${pw}.y`) };
          },
          LIMITS.points,
        ),
      };
    }),
  };
}

function parseStep(value: unknown, where: string): StepView {
  const s = record(value, where);
  const effort = record(s.effort, `${where}.effort`);
  return {
    order: integer(s.order, `${where}.order`),
    service: name(s.service, `${where}.service`),
    phase: oneOf(s.phase, [3, 4] as const, `${where}.phase`),
    preconditions: texts(s.preconditions, `${where}.preconditions`),
    facadeRoutes: texts(s.facadeRoutes, `${where}.facadeRoutes`),
    dataMigrations: items(s.dataMigrations, `${where}.dataMigrations`, (v, w) => {
      const d = record(v, w);
      return { table: name(d.table, `${w}.table`), from: name(d.from, `${w}.from`), plan: text(d.plan, `${w}.plan`) };
    }),
    rollback: texts(s.rollback, `${where}.rollback`),
    effort: {
      size: oneOf(effort.size, ['small', 'medium', 'large'] as const, `${where}.effort.size`),
      basis: text(effort.basis, `${where}.effort.basis`),
    },
    places: items(s.places, `${where}.places`, (v, w) => {
      const p = record(v, w);
      return {
        file: path(p.file, `${w}.file`),
        range: parseRange(p.range, `${w}.range`),
        why: text(p.why, `${w}.why`),
      };
    }),
  };
}

export function parseView(value: unknown, where = 'view'): PanelView {
  const v = record(value, where);
  const pair = (p: unknown, w: string) => {
    const c = record(p, w);
    return {
      from: name(c.from, `${w}.from`),
      to: name(c.to, `${w}.to`),
      operations: integer(c.operations, `${w}.operations`),
      callSites: integer(c.callSites, `${w}.callSites`),
    };
  };
  const view: PanelView = {
    root: root(v.root, `${where}.root`),
    weights: parseWeights(v.weights, `${where}.weights`),
    services: items(v.services, `${where}.services`, parseService),
    shared: items(v.shared, `${where}.shared`, path),
    outliers: items(v.outliers, `${where}.outliers`, (o, w) => {
      const r = record(o, w);
      return { file: path(r.file, `${w}.file`), why: text(r.why, `${w}.why`) };
    }),
    metrics: items(v.metrics, `${where}.metrics`, parseMetric, 100),
    map: parseMap(v.map, `${where}.map`),
    contracts: items(v.contracts, `${where}.contracts`, (c, w) => {
      const r = record(c, w);
      return {
        service: name(r.service, `${w}.service`),
        operations: integer(r.operations, `${w}.operations`),
        typescript: string(r.typescript, `${w}.typescript`, LIMITS.document),
        openapi: string(r.openapi, `${w}.openapi`, LIMITS.document),
      };
    }),
    steps: items(v.steps, `${where}.steps`, parseStep),
    crossings: integer(v.crossings, `${where}.crossings`),
    chatty: items(v.chatty, `${where}.chatty`, pair),
    moves: items(v.moves, `${where}.moves`, parseMove),
    folders: items(v.folders, `${where}.folders`, path),
    history: boolean(v.history, `${where}.history`),
    errors: items(v.errors, `${where}.errors`, (e, w) => {
      const r = record(e, w);
      return { file: string(r.file, `${w}.file`, LIMITS.path), message: text(r.message, `${w}.message`) };
    }),
  };
  if (v.requestedServices !== undefined)
    view.requestedServices = integer(v.requestedServices, `${where}.requestedServices`, 1, MAX_SERVICES);
  return view;
}

function parseMove(value: unknown, where: string): MoveView {
  const m = record(value, where);
  return { path: path(m.path, `${where}.path`), service: name(m.service, `${where}.service`) };
}

// --- what the webview keeps across a window reload ----------------------------------------------------------

/**
 * The inputs of the plan the panel shows, kept by the webview with setState. After a window reload VS Code hands
 * them to the host's serializer, which plans the same folder again with them: state that went through the webview,
 * so it is validated like a message.
 */
export interface SavedPlan {
  root: string;
  weights: Weights;
  services?: number;
  moves: MoveView[];
}

export function savedPlanOf(view: PanelView): SavedPlan {
  const saved: SavedPlan = { root: view.root, weights: { ...view.weights }, moves: view.moves.map((m) => ({ ...m })) };
  if (view.requestedServices !== undefined) saved.services = view.requestedServices;
  return saved;
}

export function parseSavedPlan(value: unknown, where = 'plan'): Parsed<SavedPlan> {
  return guard((): SavedPlan => {
    const p = record(value, where);
    const saved: SavedPlan = {
      root: root(p.root, `${where}.root`),
      weights: parseWeights(p.weights, `${where}.weights`),
      moves: items(p.moves, `${where}.moves`, parseMove, 1_000),
    };
    if (p.services !== undefined) saved.services = integer(p.services, `${where}.services`, 1, MAX_SERVICES);
    return saved;
  });
}

/** The saved plan inside the webview's whole state (`{ v: 1, plan, … }`), as VS Code gives it back. */
export function savedPlanIn(state: unknown): Parsed<SavedPlan> {
  if (typeof state !== 'object' || state === null) return { ok: false, error: 'no state was saved' };
  return parseSavedPlan((state as { plan?: unknown }).plan);
}

/** What the webview accepts from the host. */
export function parseHostMessage(value: unknown): Parsed<HostMessage> {
  return guard((): HostMessage => {
    const m = record(value, 'message');
    switch (m.type) {
      case 'strings':
        return { type: 'strings', strings: stringTable(m.strings, PANEL_STRING_KEYS, LIMITS.name) };
      case 'plan':
        return { type: 'plan', view: parseView(m.view) };
      case 'busy': {
        const busy: HostMessage = { type: 'busy', busy: boolean(m.busy, 'busy') };
        if (m.message !== undefined) busy.message = text(m.message, 'message');
        return busy;
      }
      case 'notice':
        return {
          type: 'notice',
          level: oneOf(m.level, ['info', 'warning', 'error'] as const, 'level'),
          message: text(m.message, 'message'),
        };
      default:
        return fail(`unknown message type ${quotedType(m.type)}`);
    }
  });
}

/**
 * What the host accepts from the webview. The host still checks that a moved path and a service belong to the
 * current plan, and that a location is inside the workspace, before acting.
 */
export function parseWebviewMessage(value: unknown): Parsed<WebviewMessage> {
  return guard((): WebviewMessage => {
    const m = record(value, 'message');
    switch (m.type) {
      case 'ready':
      case 'undoMove':
      case 'resetMoves':
        only(m);
        return { type: m.type };
      case 'move':
        only(m, 'path', 'service');
        return { type: 'move', ...parseMove(m, 'move') };
      case 'setWeights':
        only(m, 'weights');
        return { type: 'setWeights', weights: parseWeights(m.weights) };
      case 'setServices':
        only(m, 'services');
        return {
          type: 'setServices',
          services: m.services === null ? null : integer(m.services, 'services', 1, MAX_SERVICES),
        };
      case 'openLocation':
        only(m, 'file', 'range');
        return { type: 'openLocation', file: path(m.file, 'file'), range: parseRange(m.range) };
      case 'openContract':
      case 'copyContract':
        only(m, 'service', 'format');
        return {
          type: m.type,
          service: name(m.service, 'service'),
          format: oneOf(m.format, ['typescript', 'openapi'] as const, 'format'),
        };
      case 'guardrails':
        only(m, 'kind');
        return { type: 'guardrails', kind: oneOf(m.kind, ['dependency-cruiser', 'eslint'] as const, 'kind') };
      default:
        return fail(`unknown message type ${quotedType(m.type)}`);
    }
  });
}
