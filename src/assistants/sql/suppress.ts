import type { Fix } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import type { SqlFragment } from './sources';

/**
 * A suppression comment for a finding inside SQL embedded in a script, when the line above the finding is
 * itself inside the SQL string (a multi-line template literal): there a `//` comment would become part of
 * the query and break it, so the comment is SQL's own `--`, which the suppression reader honours too.
 * Undefined where the line starts outside the string: the editor's generic `//` suppression is right there.
 */
export function embeddedSuppressionFix(
  file: string,
  text: string,
  lines: LineIndex,
  fragment: SqlFragment,
  ruleId: string,
  hostOffset: number,
): Fix | undefined {
  const position = lines.rangeOf(hostOffset, hostOffset).start;
  const lineStart = hostOffset - position.character;
  const host = fragment.map.spanToHost(0, fragment.sql.length);
  if (!(lineStart > host.start && lineStart <= host.end)) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return {
    title: `Disable ${ruleId} for this line`,
    suppression: true,
    edits: [
      {
        file,
        range: lines.rangeOf(lineStart, lineStart),
        newText: `${indent}-- scaling-assistant-disable-next-line ${ruleId}${lines.eol}`,
      },
    ],
  };
}
