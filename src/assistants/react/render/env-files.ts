import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The variables a browser bundle may read: Next.js, Vite and Create React App inline only these prefixes. */
export const PUBLIC_ENV = /^(?:NEXT_PUBLIC_|VITE_|REACT_APP_)[A-Za-z0-9_]*$/;
/** Read in this order, a later file's value winning, as Next.js and Vite do for these two. */
export const ENV_FILES = ['.env', '.env.local'];

/** The project's public variables for the sandbox, and where they came from. */
export interface PublicEnv {
  /** Name → value, public names only. */
  values: Record<string, string>;
  /** The files read, relative to the project folder (`.env`, `.env.local`). */
  files: string[];
}

/**
 * Reads dotenv text: `KEY=value` lines (an `export ` before the key allowed), `#` comments on their own line or
 * after an unquoted value, values in single quotes taken as written, in double quotes with `\n` escapes and over
 * several lines, in backquotes as written. Nothing is expanded or executed (`$OTHER` stays as written).
 */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const line = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/gm;
  let match: RegExpExecArray | null;
  while ((match = line.exec(text))) {
    const key = match[1];
    const start = line.lastIndex;
    const quote = text[start];
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = text.indexOf(quote, start + 1);
      // An unclosed quote: the rest of the line as written, as dotenv readers do.
      if (close < 0) {
        const end = text.indexOf('\n', start);
        out.set(key, text.slice(start, end < 0 ? text.length : end).trim());
        continue;
      }
      const raw = text.slice(start + 1, close);
      out.set(key, quote === '"' ? raw.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : raw);
      const end = text.indexOf('\n', close);
      line.lastIndex = end < 0 ? text.length : end;
      continue;
    }
    const end = text.indexOf('\n', start);
    const raw = text.slice(start, end < 0 ? text.length : end);
    out.set(key, raw.replace(/[ \t]+#.*$/, '').trim());
    line.lastIndex = end < 0 ? text.length : end;
  }
  return out;
}

/**
 * The public variables (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`) of the `.env` and `.env.local` files of `file`'s
 * project (the nearest folder above it with a package.json); nothing else of them is kept. A file that is missing
 * or cannot be read adds nothing.
 */
export async function projectPublicEnv(file: string): Promise<PublicEnv> {
  const project = await projectFolder(path.dirname(file));
  const values: Record<string, string> = {};
  const files: string[] = [];
  if (!project) return { values, files };
  for (const name of ENV_FILES) {
    const text = await fs.readFile(path.join(project, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    files.push(name);
    for (const [key, value] of parseDotenv(text)) if (PUBLIC_ENV.test(key)) values[key] = value;
  }
  return { values, files };
}

async function projectFolder(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    const found = await fs
      .access(path.join(current, 'package.json'))
      .then(() => true)
      .catch(() => false);
    if (found) return current;
    if (path.dirname(current) === current) return undefined;
  }
}
