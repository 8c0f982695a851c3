/**
 * Paths of workspace files as engines see them: relative display paths in the CLI, `file://` URIs in the
 * editor. Kustomizations name their resources relative to their own folder.
 */

/** Joins a relative path onto a base that ends in '/', keeping any "scheme://authority" prefix intact. */
export function resolveRelative(base: string, relative: string): string {
  const schemeMatch = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(base);
  const prefix = schemeMatch ? schemeMatch[0] : '';
  const segments = base.slice(prefix.length).split('/').slice(0, -1);
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') segments.pop();
    else segments.push(part);
  }
  const joined = segments.join('/');
  return prefix + (base.slice(prefix.length).startsWith('/') && !joined.startsWith('/') ? `/${joined}` : joined);
}
