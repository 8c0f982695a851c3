/**
 * Settings of the query optimizer (`scalingAssistant.sql.*` in the editor), validated here so every
 * caller gets the same defaults.
 */
export interface SqlSettings {
  /**
   * Globs (relative to the workspace) of the files whose DDL makes the schema, applied in path order;
   * undefined means discovery: `**∕migrations/**∕*.sql`, `**∕schema*.sql`, `**∕*.ddl.sql`, `db/**∕*.sql` with DDL.
   */
  schemaPaths?: readonly string[];
  /** OFFSET constants at or above this are reported as deep pagination. */
  offsetThreshold: number;
}

export const DEFAULT_SQL_SETTINGS: SqlSettings = { offsetThreshold: 1000 };

export function sqlSettings(raw: Readonly<Record<string, unknown>> | undefined): SqlSettings {
  const paths = raw?.schemaPaths;
  const schemaPaths = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()) : undefined;
  const threshold = raw?.offsetThreshold;
  return {
    schemaPaths: schemaPaths && schemaPaths.length > 0 ? schemaPaths : undefined,
    offsetThreshold: typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 1 ? Math.floor(threshold) : DEFAULT_SQL_SETTINGS.offsetThreshold,
  };
}

/**
 * A glob as a RegExp over `/`-separated paths: `**` any folders, `*` and `?` within one name,
 * `{a,b}` alternatives. Relative to the workspace, so it matches at the start of a relative path or after
 * any `/` of an absolute one.
 */
export function globToRegExp(glob: string): RegExp {
  const source = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\//, '');
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '*' && source[i + 1] === '*') {
      const slash = source[i + 2] === '/';
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const close = source.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${source.slice(i + 1, close).split(',').map(escapeRegExp).join('|')})`;
        i = close;
      }
    } else out += escapeRegExp(ch);
  }
  return new RegExp(`(?:^|/)${out}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
