import type * as TS from 'typescript';
import type { Fix } from '../../core/finding';
import { skipOuter } from './components';
import type { ReactEdits } from './edits';
import type { FileModel, JsxAttribute, JsxUse } from './model';

/** Reading and editing a JSX element's attributes as written. */

export function attribute(use: JsxUse, name: string): JsxAttribute | undefined {
  return use.attributes.find((a) => a.name === name);
}

export function stringValue(ts: typeof TS, value: TS.Expression): string | undefined {
  const node = skipOuter(ts, value);
  return ts.isStringLiteralLike(node) ? node.text : undefined;
}

/** Removes an attribute with the space before it. */
export function removeAttribute(model: FileModel, edits: ReactEdits, found: JsxAttribute, title: string): Fix[] {
  const node = found.node;
  const start = node.getStart(model.source);
  let from = start;
  while (from > 0 && /[ \t]/.test(model.text[from - 1])) from--;
  if (from > 0 && /[\r\n]/.test(model.text[from - 1])) from = start;
  return [
    {
      title,
      edits: [{ file: model.file, range: edits.lines.rangeOf(from, node.end), newText: '' }],
      isPreferred: true,
    },
  ];
}
