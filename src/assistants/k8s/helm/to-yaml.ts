import { Scalar, stringify } from 'yaml';
import { formatNumber, plain } from './go-values';
import type { Part } from './sourced';
import { Sourced } from './sourced';
import { entryNodes, isValueMap } from './values';

/**
 * Helm's `toYaml` (sigs.k8s.io/yaml): keys in sorted order, lists at their key's indentation, the final newline
 * trimmed. Each scalar and key written for a value read from values.yaml keeps that node as its origin, so a
 * finding about `resources` that a template wrote with `toYaml .Values.resources | nindent 12` lands on the
 * values file's line.
 */
export function toYaml(value: unknown): Sourced {
  const parts: Part[] = [];
  const write = (text: string, origin?: Part['origin']) => parts.push(origin ? { text, origin } : { text });
  emit(plain(value), 0, write, true);
  // Trim the final newline as Helm does.
  const last = parts[parts.length - 1];
  if (last?.text.endsWith('\n')) parts[parts.length - 1] = { ...last, text: last.text.slice(0, -1) };
  return new Sourced(parts.filter((p) => p.text !== ''));
}

type Write = (text: string, origin?: Part['origin']) => void;

const MAX_DEPTH = 100;

function scalarText(value: unknown, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  const text = String(value);
  if (text.includes('\n')) {
    const chomp = text.endsWith('\n') ? (text.endsWith('\n\n') ? '+' : '') : '-';
    const body = (chomp === '-' ? text : text.replace(/\n+$/, ''))
      .split('\n')
      .map((line) => (line ? ' '.repeat(indent + 2) + line : ''))
      .join('\n');
    return `|${/^\s/.test(text) ? '2' : ''}${chomp}\n${body}`;
  }
  return stringify(new Scalar(text), { lineWidth: 0 }).replace(/\n$/, '');
}

function emit(value: unknown, indent: number, write: Write, top: boolean, depth = 0): void {
  const pad = ' '.repeat(indent);
  if (depth > MAX_DEPTH) {
    write('null\n');
    return;
  }
  if (isValueMap(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) {
      write('{}\n');
      return;
    }
    keys.forEach((key, index) => {
      const nodes = entryNodes(value, key);
      const child = plain(value[key]);
      if (index > 0 || top) write(pad);
      write(scalarText(key, indent), nodes?.key);
      write(':');
      writeValueAfterKey(child, indent, write, nodes?.value, depth);
    });
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      write('[]\n');
      return;
    }
    value.forEach((item, index) => {
      if (index > 0 || top) write(pad);
      write('- ');
      const child = plain(item);
      const origin = entryNodes(value, index)?.value;
      if (isValueMap(child) || Array.isArray(child)) {
        if ((isValueMap(child) && Object.keys(child).length === 0) || (Array.isArray(child) && child.length === 0))
          write(isValueMap(child) ? '{}\n' : '[]\n');
        else emit(child, indent + 2, write, false, depth + 1);
      } else write(`${scalarText(child, indent)}\n`, origin?.editable ? origin : undefined);
    });
    return;
  }
  write(`${scalarText(value, indent)}\n`);
}

function writeValueAfterKey(child: unknown, indent: number, write: Write, origin: Part['origin'], depth: number): void {
  if (isValueMap(child) && Object.keys(child).length > 0) {
    write('\n');
    emit(child, indent + 2, write, true, depth + 1);
  } else if (Array.isArray(child) && child.length > 0) {
    write('\n');
    emit(child, indent, write, true, depth + 1);
  } else if (isValueMap(child) || Array.isArray(child)) {
    write(' ');
    write(isValueMap(child) ? '{}' : '[]', origin);
    write('\n');
  } else {
    write(' ');
    write(scalarText(child, indent), origin);
    write('\n');
  }
}
