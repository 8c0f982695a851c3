import { isMap, isScalar } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { Container } from './workload';
import type { AnyPair } from './yaml-nodes';
import { deref, findPair, scalarText, seqItems, valueAt } from './yaml-nodes';

/**
 * Container probes read from the AST: which handler a probe uses, the port it names, a canonical
 * signature of what it checks (defaults filled in, so `path: /` and no path compare equal) and its
 * timing with the API defaults (period 10 s, timeout 1 s, failureThreshold 3, successThreshold 1).
 */

export const PROBE_KEYS = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;
export type ProbeKey = (typeof PROBE_KEYS)[number];

export type HandlerType = 'httpGet' | 'tcpSocket' | 'grpc' | 'exec';
const HANDLER_TYPES: readonly HandlerType[] = ['httpGet', 'tcpSocket', 'grpc', 'exec'];

export interface ProbeTiming {
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
  successThreshold: number;
}

export const PROBE_DEFAULTS: ProbeTiming = {
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
  successThreshold: 1,
};

export interface Probe {
  key: ProbeKey;
  pair: AnyPair;
  /** The probe's map; undefined when the value is not a map (an alias to something else, a scalar). */
  map?: YAMLMap;
  handlerType?: HandlerType;
  handler?: YAMLMap;
  /** `port:` of httpGet / tcpSocket / grpc. */
  portPair?: AnyPair;
  /** Canonical text of what the probe checks; undefined when part of it cannot be read. */
  signature?: string;
  /** Undefined when a timing field is written in a form we cannot read. */
  timing?: ProbeTiming;
}

export function containerProbe(container: Container, key: ProbeKey, doc: Document.Parsed): Probe | undefined {
  const pair = container[key];
  if (!pair) return undefined;
  const value = deref(pair.value, doc);
  if (!isMap(value)) return { key, pair };
  const handlerType = HANDLER_TYPES.find((type) => findPair(value, type));
  const handlerValue = handlerType ? deref(findPair(value, handlerType)?.value, doc) : undefined;
  const handler = isMap(handlerValue) ? handlerValue : undefined;
  return {
    key,
    pair,
    map: value,
    handlerType,
    handler,
    portPair: handler && handlerType !== 'exec' ? findPair(handler, 'port') : undefined,
    signature: handlerType && handler ? signature(handlerType, handler, doc) : undefined,
    timing: timing(value, doc),
  };
}

function text(map: YAMLMap, key: string, doc: Document.Parsed): string | undefined | null {
  const pair = findPair(map, key);
  if (!pair) return null; // absent: the caller fills the default
  const value = deref(pair.value, doc);
  return isScalar(value) ? (scalarText(value) ?? null) : undefined;
}

function signature(type: HandlerType, handler: YAMLMap, doc: Document.Parsed): string | undefined {
  const parts: Record<string, unknown> = { type };
  switch (type) {
    case 'httpGet': {
      const path = text(handler, 'path', doc);
      const port = text(handler, 'port', doc);
      const host = text(handler, 'host', doc);
      const scheme = text(handler, 'scheme', doc);
      if ([path, port, host, scheme].includes(undefined)) return undefined;
      // An empty path requests "/" all the same.
      parts.path = path === null || path === '' ? '/' : path;
      parts.port = port;
      parts.host = host ?? '';
      parts.scheme = (scheme ?? 'HTTP').toUpperCase();
      const headers: string[] = [];
      for (const header of seqItems(valueAt(handler, ['httpHeaders'], doc), doc)) {
        if (!isMap(header)) return undefined;
        const name = text(header, 'name', doc);
        const value = text(header, 'value', doc);
        if (name === undefined || value === undefined) return undefined;
        headers.push(`${(name ?? '').toLowerCase()}: ${value ?? ''}`);
      }
      parts.headers = headers.sort();
      break;
    }
    case 'tcpSocket':
    case 'grpc': {
      const port = text(handler, 'port', doc);
      const other = text(handler, type === 'grpc' ? 'service' : 'host', doc);
      if (port === undefined || other === undefined) return undefined;
      parts.port = port;
      parts.other = other ?? '';
      break;
    }
    case 'exec': {
      const command = seqItems(valueAt(handler, ['command'], doc), doc).map((c) => scalarText(c));
      if (command.some((c) => c === undefined)) return undefined;
      parts.command = command;
      break;
    }
  }
  return JSON.stringify(parts);
}

function timing(probe: YAMLMap, doc: Document.Parsed): ProbeTiming | undefined {
  const out: ProbeTiming = { ...PROBE_DEFAULTS };
  for (const key of Object.keys(PROBE_DEFAULTS) as (keyof ProbeTiming)[]) {
    const pair = findPair(probe, key);
    if (!pair) continue;
    const raw = scalarText(deref(pair.value, doc));
    if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
    // 0 means "use the default" for these fields (the API server defaults zero values).
    if (Number(raw) > 0) out[key] = Number(raw);
  }
  return out;
}

/** Seconds of consecutive failures before the probe acts (unready, or restart): failureThreshold × period. */
export function failureWindow(timing: ProbeTiming): number {
  return timing.failureThreshold * timing.periodSeconds;
}
