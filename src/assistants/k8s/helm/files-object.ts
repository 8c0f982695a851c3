import { newMap } from './values';
import type { ValueMap } from './values';
import { toYaml } from './to-yaml';

/**
 * `.Files`: the chart's files outside `templates/`, by path relative to the chart (`Get`, `Glob`, `Lines`,
 * `AsConfig`, `AsSecrets`). A file that is absent, or not text, reads as empty, as in Helm.
 */
export function chartFiles(
  folder: string,
  inputs: { files: readonly string[]; text(file: string): string | undefined },
): ValueMap {
  const relative = inputs.files
    .filter((f) => f.startsWith(folder) && !f.startsWith(`${folder}templates/`))
    .map((f) => f.slice(folder.length));
  const get = (path: unknown) => inputs.text(folder + String(path ?? '')) ?? '';
  const out = newMap();
  out.Get = get;
  out.GetBytes = get;
  out.Lines = (path: unknown) => get(path).split('\n');
  out.Glob = (pattern: unknown) =>
    filesObject(
      relative.filter((f) => glob(String(pattern ?? '')).test(f)),
      get,
    );
  out.AsConfig = () => asConfig(relative, get, false);
  out.AsSecrets = () => asConfig(relative, get, true);
  return out;
}

function filesObject(paths: string[], get: (path: string) => string): ValueMap {
  const out = newMap();
  for (const path of paths) out[path] = get(path);
  Object.defineProperty(out, 'AsConfig', { value: () => asConfig(paths, get, false), enumerable: false });
  Object.defineProperty(out, 'AsSecrets', { value: () => asConfig(paths, get, true), enumerable: false });
  Object.defineProperty(out, 'Get', { value: get, enumerable: false });
  return out;
}

function asConfig(paths: readonly string[], get: (path: string) => string, secret: boolean): string {
  const data = newMap();
  for (const path of paths) {
    const text = get(path);
    data[path.split('/').pop() ?? path] = secret ? Buffer.from(text).toString('base64') : text;
  }
  return toYaml(data).toString();
}

/** Go's filepath.Match-like glob with `**` across folders (gobwas/glob as Helm uses it). */
function glob(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') out += '(?:';
    else if (c === '}') out += ')';
    else if (c === ',') out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
