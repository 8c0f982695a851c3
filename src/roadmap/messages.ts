import type { Range, Severity } from '../core/finding';
import { SEVERITIES } from '../core/finding';
import type { Assessment, Phase, PhaseId, RiskLevel, RoadmapPlan, Task, TaskEvidence } from './model';
import { PHASES } from './model';
import { ASSESSMENT_KEYS, ASSESSMENT_SECTIONS, checkField } from './assessment-fields';
import type { Parsed } from '../core/message-checks';
import {
  array,
  fail,
  guard,
  integer,
  isRecord,
  number,
  oneOf,
  optionalString,
  quotedType,
  record,
  string,
  stringTable,
} from '../core/message-checks';
import type { RoadmapStrings } from './panel-strings';
import { ROADMAP_STRING_KEYS } from './panel-strings';

/**
 * The messages between the roadmap panel's host (src/editor/roadmap-panel.ts, in the extension host) and its
 * webview (webview-ui/). Both sides import this file, so it knows neither VS Code nor the DOM. Nothing crosses
 * the boundary unchecked: every message is validated by the receiver with the functions below, and an invalid
 * one is dropped (and logged) rather than acted on. Strings rendered by the webview come from the user's code
 * (file paths, messages), so the webview only ever puts them in text nodes.
 */

// --- host → webview -------------------------------------------------------------------------------------------

export type ScanState = 'idle' | 'scanning' | 'done' | 'cancelled' | 'failed';

/** Where the workspace scan stands: the panel shows it, and a plan from a cancelled scan says it is partial. */
export interface ScanStatus {
  state: ScanState;
  /** Files analysed so far, and how many the scan found. */
  done: number;
  total: number;
  message?: string;
}

/** The readiness assessment as the panel's form needs it. */
export interface AssessmentInfo {
  /** Workspace-relative path of the assessment file (`.scaling-assistant/assessment.json`). */
  file: string;
  exists: boolean;
  /** The known fields of the file (unknown keys stay in the file, the form does not show them). */
  value?: Assessment;
  /** Problems reading the file (invalid JSON, a field of the wrong type); the plan ignores those fields. */
  errors: string[];
}

export type NoticeTopic = 'narrative' | 'assessment' | 'export' | 'scan' | 'location';

export type HostMessage =
  /** The panel's words in the user's language, sent first (panel-strings.ts). */
  | { type: 'strings'; strings: RoadmapStrings }
  | { type: 'plan'; plan: RoadmapPlan; assessment: AssessmentInfo; scan: ScanStatus; workspace: string }
  | { type: 'scanProgress'; scan: ScanStatus }
  /** Switch to the assessment form (the *Edit Readiness Assessment* command). */
  | { type: 'showAssessment' }
  | { type: 'notice'; topic: NoticeTopic; level: 'info' | 'warning' | 'error'; message: string }
  /** Claude is writing the narrative (the button waits), or has finished; the text arrives in the next plan. */
  | { type: 'narrativeBusy'; busy: boolean };

// --- webview → host -------------------------------------------------------------------------------------------

export type ExportFormat = 'markdown' | 'json';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openLocation'; file: string; range: Range }
  | { type: 'saveAssessment'; assessment: Assessment }
  | { type: 'export'; format: ExportFormat }
  | { type: 'requestNarrative' }
  | { type: 'rescan' };

export type { Parsed };

// --- limits ---------------------------------------------------------------------------------------------------

/** Generous bounds: a real plan stays far below them, a runaway or hostile message does not. */
export const LIMITS = {
  path: 4096,
  text: 20_000,
  shortText: 500,
  listItems: 200,
  tasks: 10_000,
  evidencePerTask: 200_000,
  notesPerPlace: 20,
  line: 10_000_000,
} as const;

// --- the assessment's fields (one table: assessment-fields.ts) ---------------------------------------------------

export type { FieldKind, FieldSpec, SectionSpec } from './assessment-fields';
export { ASSESSMENT_KEYS, ASSESSMENT_SECTIONS, checkField };

/**
 * Checks a value against the `Assessment` fields. `strict`: unknown keys are errors (a message from the
 * webview has no business sending them); otherwise they are dropped silently (a file may hold notes of its own).
 * The result holds only the fields that passed.
 */
export function checkAssessment(value: unknown, strict: boolean): { assessment: Assessment; errors: string[] } {
  const errors: string[] = [];
  const out: Record<string, unknown> = {};
  if (!isRecord(value)) return { assessment: {}, errors: ['the assessment must be an object'] };
  const known = new Set(ASSESSMENT_KEYS);
  if (strict) for (const key of Object.keys(value)) if (!known.has(key)) errors.push(`unknown field ${key}`);
  for (const section of ASSESSMENT_SECTIONS) {
    const source: unknown = section.key ? value[section.key] : value;
    if (source === undefined) continue;
    if (!isRecord(source)) {
      errors.push(`${section.key} must be an object`);
      continue;
    }
    const target: Record<string, unknown> = {};
    const fieldKeys = new Set(section.fields.map((f) => f.key));
    if (strict && section.key)
      for (const key of Object.keys(source))
        if (!fieldKeys.has(key)) errors.push(`unknown field ${section.key}.${key}`);
    for (const field of section.fields) {
      const fieldValue = source[field.key];
      if (fieldValue === undefined) continue;
      const where = section.key ? `${section.key}.${field.key}` : field.key;
      const error = checkField(fieldValue, field.spec, where);
      if (error) errors.push(error);
      else target[field.key] = Array.isArray(fieldValue) ? [...(fieldValue as string[])] : fieldValue;
    }
    if (section.key) {
      if (Object.keys(target).length) out[section.key] = target;
    } else {
      Object.assign(out, target);
    }
  }
  return { assessment: out as Assessment, errors };
}

// --- small checkers -------------------------------------------------------------------------------------------

export { isRecord };

function strings(value: unknown, where: string, max: number = LIMITS.listItems): string[] {
  return array(value, where, max).map((v, i) => string(v, `${where}[${i}]`, LIMITS.shortText));
}

export function parseRange(value: unknown, where = 'range'): Range {
  const r = record(value, where);
  const position = (v: unknown, w: string) => {
    const p = record(v, w);
    return {
      line: integer(p.line, `${w}.line`, 0, LIMITS.line),
      character: integer(p.character, `${w}.character`, 0, LIMITS.line),
    };
  };
  const start = position(r.start, `${where}.start`);
  const end = position(r.end, `${where}.end`);
  if (end.line < start.line || (end.line === start.line && end.character < start.character))
    fail(`${where} ends before it starts`);
  return { start, end };
}

/** A path as the plan names files: workspace-relative, forward slashes, never climbing out of the folder. */
export function isWorkspaceRelativePath(file: string): boolean {
  if (file.length === 0 || file.length > LIMITS.path || file.includes('\0') || file.includes('\\')) return false;
  if (file.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(file)) return false;
  return file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const SEVERITY_LIST: readonly Severity[] = SEVERITIES;
const IMPACTS = ['high', 'medium', 'low'] as const;
const RISKS: readonly RiskLevel[] = ['low', 'medium', 'high'];
const PHASE_IDS: readonly PhaseId[] = PHASES.map((p) => p.id);
const ASSISTANT_IDS = ['sql', 'k8s', 'react', 'decomposition'] as const;
const SCAN_STATES: readonly ScanState[] = ['idle', 'scanning', 'done', 'cancelled', 'failed'];

function parseMeasured(value: unknown, where: string): TaskEvidence['measured'] {
  if (value === undefined) return undefined;
  const m = record(value, where);
  return {
    beforeMs: number(m.beforeMs, `${where}.beforeMs`),
    afterMs: number(m.afterMs, `${where}.afterMs`),
    speedup: number(m.speedup, `${where}.speedup`),
    ...(m.rows === undefined ? {} : { rows: number(m.rows, `${where}.rows`) }),
    engine: string(m.engine, `${where}.engine`, LIMITS.shortText),
  };
}

function parseEvidence(value: unknown, where: string): TaskEvidence {
  const e = record(value, where);
  const file = string(e.file, `${where}.file`, LIMITS.path);
  const out: TaskEvidence = {
    file,
    range: parseRange(e.range, `${where}.range`),
    message: string(e.message, `${where}.message`),
  };
  if (e.ruleId !== undefined) out.ruleId = string(e.ruleId, `${where}.ruleId`, LIMITS.shortText);
  if (e.severity !== undefined) out.severity = oneOf(e.severity, SEVERITY_LIST, `${where}.severity`);
  const measured = parseMeasured(e.measured, `${where}.measured`);
  if (measured) out.measured = measured;
  if (e.notes !== undefined)
    out.notes = array(e.notes, `${where}.notes`, LIMITS.notesPerPlace).map((n, i) => string(n, `${where}.notes[${i}]`));
  return out;
}

function parseTask(value: unknown, where: string): Task {
  const t = record(value, where);
  const effort = record(t.effort, `${where}.effort`);
  const impact = record(t.impact, `${where}.impact`);
  const risk = record(t.risk, `${where}.risk`);
  const findings = array(t.findings, `${where}.findings`, LIMITS.evidencePerTask).map((e, i) =>
    parseEvidence(e, `${where}.findings[${i}]`),
  );
  const measured = parseMeasured(impact.measured, `${where}.impact.measured`);
  const task: Task = {
    id: string(t.id, `${where}.id`, LIMITS.shortText),
    title: string(t.title, `${where}.title`, LIMITS.shortText),
    assistant: oneOf(t.assistant, [...ASSISTANT_IDS, 'assessment'] as const, `${where}.assistant`),
    ruleIds: strings(t.ruleIds, `${where}.ruleIds`, LIMITS.tasks),
    severity: oneOf(t.severity, SEVERITY_LIST, `${where}.severity`),
    effort: {
      hours: number(effort.hours, `${where}.effort.hours`),
      basis: string(effort.basis, `${where}.effort.basis`),
    },
    impact: {
      level: oneOf(impact.level, IMPACTS, `${where}.impact.level`),
      score: number(impact.score, `${where}.impact.score`, 0, 100),
      basis: string(impact.basis, `${where}.impact.basis`),
      ...(measured ? { measured } : {}),
    },
    risk: {
      level: oneOf(risk.level, RISKS, `${where}.risk.level`),
      mitigation: string(risk.mitigation, `${where}.risk.mitigation`),
    },
    skills: strings(t.skills, `${where}.skills`),
    dependsOn: strings(t.dependsOn, `${where}.dependsOn`, LIMITS.tasks),
    placement: string(t.placement, `${where}.placement`),
    findings,
  };
  const description = optionalString(t.description, `${where}.description`);
  if (description !== undefined) task.description = description;
  return task;
}

function parsePhase(value: unknown, where: string): Phase {
  const p = record(value, where);
  const phase: Phase = {
    id: oneOf(p.id, PHASE_IDS, `${where}.id`),
    title: string(p.title, `${where}.title`, LIMITS.shortText),
    horizon: string(p.horizon, `${where}.horizon`, LIMITS.shortText),
    tasks: array(p.tasks, `${where}.tasks`, LIMITS.tasks).map((t, i) => parseTask(t, `${where}.tasks[${i}]`)),
    hours: number(p.hours, `${where}.hours`),
  };
  if (p.capacityHours !== undefined) phase.capacityHours = number(p.capacityHours, `${where}.capacityHours`);
  const capacityBasis = optionalString(p.capacityBasis, `${where}.capacityBasis`);
  if (capacityBasis !== undefined) phase.capacityBasis = capacityBasis;
  return phase;
}

export function parsePlan(value: unknown, where = 'plan'): RoadmapPlan {
  const p = record(value, where);
  if (p.version !== 1) fail(`${where}.version must be 1`);
  const s = record(p.summary, `${where}.summary`);
  const bySeverity = record(s.bySeverity, `${where}.summary.bySeverity`);
  const byAssistant = record(s.byAssistant, `${where}.summary.byAssistant`);
  const plan: RoadmapPlan = {
    version: 1,
    phases: array(p.phases, `${where}.phases`, PHASES.length).map((ph, i) => parsePhase(ph, `${where}.phases[${i}]`)),
    summary: {
      findings: integer(s.findings, `${where}.summary.findings`),
      files: integer(s.files, `${where}.summary.files`),
      tasks: integer(s.tasks, `${where}.summary.tasks`),
      hours: number(s.hours, `${where}.summary.hours`),
      bySeverity: Object.fromEntries(
        SEVERITY_LIST.map((sev) => [sev, integer(bySeverity[sev] ?? 0, `${where}.summary.bySeverity.${sev}`)]),
      ) as Record<Severity, number>,
      byAssistant: Object.fromEntries(
        Object.entries(byAssistant).map(([id, n]) => [
          oneOf(id, ASSISTANT_IDS, `${where}.summary.byAssistant key`),
          integer(n, `${where}.summary.byAssistant.${id}`),
        ]),
      ),
    },
  };
  const assessment = optionalString(s.assessment, `${where}.summary.assessment`);
  if (assessment !== undefined) plan.summary.assessment = assessment;
  const application = optionalString(s.application, `${where}.summary.application`, LIMITS.shortText);
  if (application !== undefined) plan.summary.application = application;
  if (p.narrative !== undefined) {
    const n = record(p.narrative, `${where}.narrative`);
    if (n.source !== 'claude') fail(`${where}.narrative.source must be claude`);
    plan.narrative = { source: 'claude', text: string(n.text, `${where}.narrative.text`, 200_000) };
  }
  return plan;
}

function parseScan(value: unknown, where: string): ScanStatus {
  const s = record(value, where);
  const scan: ScanStatus = {
    state: oneOf(s.state, SCAN_STATES, `${where}.state`),
    done: integer(s.done, `${where}.done`),
    total: integer(s.total, `${where}.total`),
  };
  const message = optionalString(s.message, `${where}.message`, LIMITS.shortText);
  if (message !== undefined) scan.message = message;
  return scan;
}

function parseAssessmentInfo(value: unknown, where: string): AssessmentInfo {
  const a = record(value, where);
  const info: AssessmentInfo = {
    file: string(a.file, `${where}.file`, LIMITS.path),
    exists: a.exists === true,
    errors: strings(a.errors, `${where}.errors`),
  };
  if (a.value !== undefined) info.value = checkAssessment(a.value, false).assessment;
  return info;
}

/** What the webview accepts from the host. */
export function parseHostMessage(value: unknown): Parsed<HostMessage> {
  return guard((): HostMessage => {
    const m = record(value, 'message');
    switch (m.type) {
      case 'strings':
        return { type: 'strings', strings: stringTable(m.strings, ROADMAP_STRING_KEYS, LIMITS.shortText) };
      case 'plan':
        return {
          type: 'plan',
          plan: parsePlan(m.plan),
          assessment: parseAssessmentInfo(m.assessment, 'assessment'),
          scan: parseScan(m.scan, 'scan'),
          workspace: string(m.workspace, 'workspace', LIMITS.path),
        };
      case 'scanProgress':
        return { type: 'scanProgress', scan: parseScan(m.scan, 'scan') };
      case 'showAssessment':
        return { type: 'showAssessment' };
      case 'narrativeBusy':
        if (typeof m.busy !== 'boolean') fail('busy must be a boolean');
        return { type: 'narrativeBusy', busy: m.busy };
      case 'notice':
        return {
          type: 'notice',
          topic: oneOf(m.topic, ['narrative', 'assessment', 'export', 'scan', 'location'] as const, 'topic'),
          level: oneOf(m.level, ['info', 'warning', 'error'] as const, 'level'),
          message: string(m.message, 'message', LIMITS.text),
        };
      default:
        return fail(`unknown message type ${quotedType(m.type)}`);
    }
  });
}

/** What the host accepts from the webview (the host checks a location's file against the workspace itself). */
export function parseWebviewMessage(value: unknown): Parsed<WebviewMessage> {
  return guard((): WebviewMessage => {
    const m = record(value, 'message');
    const only = (...keys: string[]) => {
      for (const key of Object.keys(m))
        if (key !== 'type' && !keys.includes(key)) fail(`unexpected field ${key.slice(0, 60)} in ${String(m.type)}`);
    };
    switch (m.type) {
      case 'ready':
      case 'requestNarrative':
      case 'rescan':
        only();
        return { type: m.type };
      case 'openLocation': {
        only('file', 'range');
        const file = string(m.file, 'file', LIMITS.path);
        if (!isWorkspaceRelativePath(file)) fail('file must be a path inside the workspace');
        return { type: 'openLocation', file, range: parseRange(m.range) };
      }
      case 'saveAssessment': {
        only('assessment');
        const { assessment, errors } = checkAssessment(m.assessment, true);
        if (errors.length) fail(`assessment: ${errors.slice(0, 3).join('; ')}`);
        return { type: 'saveAssessment', assessment };
      }
      case 'export':
        only('format');
        return { type: 'export', format: oneOf(m.format, ['markdown', 'json'] as const, 'format') };
      default:
        return fail(`unknown message type ${quotedType(m.type)}`);
    }
  });
}

/**
 * The saved form merged into the assessment file's JSON: the form's fields replace the known ones, every other
 * key (`about`, `assessedOn`, `//` notes, sections of the team's own) stays where it was. A known field the form
 * leaves empty becomes `null` ("not known yet", as in the template) when the file had it, and stays absent when
 * it did not.
 */
export function mergeAssessmentInto(existing: unknown, form: Assessment): Record<string, unknown> {
  const out: Record<string, unknown> = isRecord(existing) ? { ...existing } : {};
  const formRecord = form as Record<string, unknown>;
  const setOrClear = (target: Record<string, unknown>, key: string, value: unknown) => {
    if (value !== undefined) target[key] = value;
    else if (key in target) target[key] = null;
  };
  for (const section of ASSESSMENT_SECTIONS) {
    if (!section.key) {
      for (const field of section.fields) setOrClear(out, field.key, formRecord[field.key]);
      continue;
    }
    const given = isRecord(formRecord[section.key]) ? (formRecord[section.key] as Record<string, unknown>) : {};
    const previous = out[section.key];
    if (!isRecord(previous) && Object.keys(given).length === 0) continue;
    const next: Record<string, unknown> = isRecord(previous) ? { ...previous } : {};
    for (const field of section.fields) setOrClear(next, field.key, given[field.key]);
    out[section.key] = next;
  }
  return out;
}
