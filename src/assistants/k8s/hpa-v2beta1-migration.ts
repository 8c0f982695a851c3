import { isMap } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { TextEdit } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import type { K8sObject } from './manifest';
import type { AnyPair } from './yaml-nodes';
import { deref, findPair, pairAt, scalarText, seqItems } from './yaml-nodes';

/**
 * Text edits that turn an autoscaling/v2beta1 HPA's metrics into autoscaling/v2 shape, field by field, the
 * way the API server converts them, so every comment and the rest of the layout stay as written:
 *
 *   targetAverageUtilization: N   →  target: {type: Utilization, averageUtilization: N}
 *   targetAverageValue: Q         →  target: {type: AverageValue, averageValue: Q}
 *   targetValue: Q                →  target: {type: Value, value: Q}
 *   metricName: m (+ selector)    →  metric: {name: m, selector: …}   (External: metricSelector)
 *   Object's target: {kind, name} →  describedObject: {kind, name}
 *
 * Undefined when a metric holds something this conversion does not know, or a shape it cannot rewrite
 * without guessing (both targetValue and averageValue on an Object metric, a selector in a flow map): the
 * caller then offers no fix rather than a wrong one.
 */

const KNOWN_KEYS: Record<string, readonly string[]> = {
  Resource: ['name', 'targetAverageUtilization', 'targetAverageValue'],
  ContainerResource: ['name', 'container', 'targetAverageUtilization', 'targetAverageValue'],
  Pods: ['metricName', 'selector', 'targetAverageValue'],
  Object: ['target', 'metricName', 'selector', 'targetValue', 'averageValue'],
  External: ['metricName', 'metricSelector', 'targetValue', 'targetAverageValue'],
};

const TARGET_FIELDS: Record<string, { type: string; field: string }> = {
  targetAverageUtilization: { type: 'Utilization', field: 'averageUtilization' },
  targetAverageValue: { type: 'AverageValue', field: 'averageValue' },
  targetValue: { type: 'Value', field: 'value' },
  averageValue: { type: 'AverageValue', field: 'averageValue' },
};

function range(node: unknown): [number, number] | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

export function v2beta1MetricEdits(object: K8sObject, file: string, lines: LineIndex): TextEdit[] | undefined {
  const { root, doc } = object;
  const metricsPair = pairAt(root, ['spec', 'metrics'], doc);
  if (!metricsPair) return [];
  const edits: TextEdit[] = [];
  for (const item of seqItems(metricsPair.value, doc)) {
    if (!isMap(item)) return undefined;
    const type = scalarText(deref(findPair(item, 'type')?.value, doc));
    const known = type ? KNOWN_KEYS[type] : undefined;
    if (!type || !known) return undefined;
    const key = type[0].toLowerCase() + type.slice(1);
    if (item.items.some((p) => !['type', key].includes(scalarText(p.key) ?? ''))) return undefined;
    const block = deref(findPair(item, key)?.value, doc);
    if (!isMap(block)) return undefined;
    const blockEdits = convertBlock(type, block, known, file, lines);
    if (!blockEdits) return undefined;
    edits.push(...blockEdits);
  }
  return edits;
}

function convertBlock(
  type: string,
  block: YAMLMap,
  known: readonly string[],
  file: string,
  lines: LineIndex,
): TextEdit[] | undefined {
  const pairs = new Map<string, AnyPair>();
  for (const pair of block.items as AnyPair[]) {
    const key = scalarText(pair.key);
    if (!key || !known.includes(key) || pairs.has(key)) return undefined;
    pairs.set(key, pair);
  }
  const targetKeys = [...pairs.keys()].filter((k) => k in TARGET_FIELDS && !(type === 'Object' && k === 'target'));
  // Exactly one target value: several would need a choice the author did not make.
  if (targetKeys.length !== 1) return undefined;
  const flow = Boolean(block.flow);
  const text = lines.text;
  const eol = lines.eol;
  const edits: TextEdit[] = [];
  const column = (pair: AnyPair) => lines.positionAt(range(pair.key)![0]).character;
  const valueText = (pair: AnyPair) => {
    const r = range(pair.value);
    return r ? text.slice(r[0], r[1]).trimEnd() : undefined;
  };
  const replacePair = (pair: AnyPair, newText: string): boolean => {
    const k = range(pair.key);
    const v = range(pair.value);
    if (!k || !v) return false;
    // A scalar's range ends at its last character; comments after it stay where they are.
    edits.push({ file, range: lines.rangeOf(k[0], v[1]), newText });
    return true;
  };
  const nested = (pair: AnyPair, parent: string, entries: [string, string][]): string => {
    if (flow) return `${parent}: {${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
    const pad = ' '.repeat(column(pair) + 2);
    return `${parent}:${entries.map(([k, v]) => `${eol}${pad}${k}: ${v}`).join('')}`;
  };

  // The target value.
  const targetKey = targetKeys[0];
  const targetPair = pairs.get(targetKey)!;
  const value = valueText(targetPair);
  if (value === undefined || value.includes('\n') || value.includes('#')) return undefined;
  const { type: targetType, field } = TARGET_FIELDS[targetKey];
  if (
    !replacePair(
      targetPair,
      nested(targetPair, 'target', [
        ['type', targetType],
        [field, value],
      ]),
    )
  )
    return undefined;

  // Object: its v2beta1 `target` is the described object.
  if (type === 'Object') {
    const described = pairs.get('target');
    const k = described && range(described.key);
    if (!k) return undefined;
    edits.push({ file, range: lines.rangeOf(k[0], k[1]), newText: 'describedObject' });
  }

  // Metric name and its selector.
  const namePair = pairs.get('metricName');
  if (type === 'Pods' || type === 'Object' || type === 'External') {
    if (!namePair) return undefined;
    const name = valueText(namePair);
    if (name === undefined || name.includes('\n') || name.includes('#')) return undefined;
    const selectorPair = pairs.get(type === 'External' ? 'metricSelector' : 'selector');
    if (!selectorPair) {
      if (!replacePair(namePair, nested(namePair, 'metric', [['name', name]]))) return undefined;
    } else {
      if (flow) return undefined;
      const moved = movedSelector(selectorPair, column(namePair) + 2, file, lines);
      const nameEnd = range(namePair.value);
      if (!moved || !nameEnd) return undefined;
      if (!replacePair(namePair, nested(namePair, 'metric', [['name', name]]))) return undefined;
      // The selector goes on the line after `name:` (so a comment after the name stays on its line); when it
      // already sits there, the move is a re-indent in place.
      const at = lines.nextLineStart(lines.positionAt(nameEnd[1]).line);
      const start = lines.offsetAt(moved.deletion.range.start);
      if (start === at) {
        edits.push({ ...moved.deletion, newText: `${moved.text}${eol}` });
      } else {
        const needsBreak = at === text.length && !/[\r\n]$/.test(text);
        edits.push(moved.deletion, {
          file,
          range: lines.rangeOf(at, at),
          newText: `${needsBreak ? eol : ''}${moved.text}${eol}`,
        });
      }
    }
  }
  return edits;
}

/**
 * The selector's lines re-indented under `metric:` (at `indent`), and the edit that removes them from
 * where they were. Only block-layout selectors whose key starts its line are moved.
 */
function movedSelector(
  pair: AnyPair,
  indent: number,
  file: string,
  lines: LineIndex,
): { text: string; deletion: TextEdit } | undefined {
  const k = range(pair.key);
  const v = range(pair.value);
  if (!k || !v) return undefined;
  const text = lines.text;
  const startLine = lines.positionAt(k[0]).line;
  const lineStart = lines.lineStart(startLine);
  if (text.slice(lineStart, k[0]).trim() !== '') return undefined;
  // Block values end after their last line break; flow values and scalars end on their last character.
  const endLine = lines.positionAt(Math.max(k[0], v[1] - 1)).line;
  const after = text.slice(v[1], lines.lineEnd(endLine)).trim();
  if (after !== '' && !after.startsWith('#')) return undefined;
  const shift = indent - (k[0] - lineStart);
  const block: string[] = [];
  for (let line = startLine; line <= endLine; line++) {
    let content = text.slice(lines.lineStart(line), lines.lineEnd(line));
    // External's `metricSelector` is `metric.selector` in v2.
    if (line === startLine) content = `${content.slice(0, k[0] - lineStart)}selector${content.slice(k[1] - lineStart)}`;
    if (content.trim() === '') {
      block.push('');
    } else if (shift >= 0) {
      block.push(' '.repeat(shift) + content);
    } else {
      if (content.slice(0, -shift).trim() !== '') return undefined;
      block.push(content.slice(-shift));
    }
  }
  return {
    text: block.join(lines.eol),
    deletion: { file, range: lines.rangeOf(lineStart, lines.nextLineStart(endLine)), newText: '' },
  };
}
