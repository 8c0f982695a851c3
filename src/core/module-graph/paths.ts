import { fileURLToPath } from 'node:url';

/**
 * TypeScript's resolver wants absolute, forward-slash paths; a workspace may name its files either way
 * (the CLI absolute, the editor by `file:` URI, tests relative). The graph works on internal paths and gives back the workspace's own.
 */
export function toInternal(file: string): string {
  // The editor names files by URI (`file:///…`, percent-encoded): without this, no relative import resolves there.
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) return slashed;
  // A relative name is placed under a root of its own. Its leading `..` segments (the CLI run on `../project`)
  // become folders of that name: left as they are, the resolver would fold `/../project/src/a` + `./b` into
  // `/project/src/b`, a file the workspace does not list, and no relative import would resolve.
  return `/${slashed.replace(/^(?:\.\.\/)+/, (ups) => ups.replace(/\.\.\//g, `${UP}/`))}`;
}

/** What a leading `..` of a relative name is called inside the graph (a name no real folder has). */
const UP = '%2E%2E';

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** Every folder above a file, nearest first, the root last. */
export function ancestors(path: string): string[] {
  const out: string[] = [];
  let dir = dirname(path);
  for (;;) {
    out.push(dir);
    if (dir === '/' || /^[A-Za-z]:$/.test(dir)) return out;
    const up = dirname(dir);
    if (up === dir) return out;
    dir = up;
  }
}

export const IN_NODE_MODULES = /\/node_modules\//;

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || /^[A-Za-z]:[\\/]/.test(specifier);
}
