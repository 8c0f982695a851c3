import type { CliIo } from './io';

/**
 * Characters a terminal acts on rather than shows: C0 controls but tab and line feed (ESC starts the
 * sequences that retitle a window, move the cursor, clear the screen; BEL ends some), a carriage return
 * not ending a line (it overwrites what was printed), DEL, the C1 controls (U+009B is a one-character
 * CSI) and the bidirectional overrides that make text read other than it is ("Trojan Source").
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

/**
 * `text` with every such character written as `\uXXXX`. File names, YAML names and messages from the
 * files analysed reach the output this way as visible text. JSON and SARIF are unchanged in meaning:
 * JSON.stringify already escapes C0 controls, and `\uXXXX` is JSON's own escape for the rest, which only
 * ever occur inside strings.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The CLI's writers with everything they print made terminal-safe: one place, so no output path is missed. */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(terminalSafe(text)),
    stderr: (text) => io.stderr(terminalSafe(text)),
  };
}
