/**
 * Whether an edit removes most of a file. The measure is the file's content: its lines that are neither
 * blank nor comments, and the characters on them other than spaces. An edit is refused when what is left
 * has fewer than half of both.
 *
 * Why both: lines alone would refuse a query reflowed onto one line; characters alone would refuse a
 * rewrite that halves the only statement of a small file. A wipe drops both, and so does replacing the
 * file with comments. The threshold is "most of the file", as a fix (an index, a LIMIT, a changed field)
 * adds or changes a little and removes little; whole YAML objects and SQL statements are judged on their
 * own by the manifest and SQL checks, whatever their share of the file.
 */
export function removesMostOf(file: string, before: string, after: string): string | undefined {
  const style = commentStyle(file);
  const was = content(before, style);
  if (was.lines === 0) return undefined;
  const now = content(after, style);
  if (now.lines * 2 >= was.lines || now.chars * 2 >= was.chars) return undefined;
  if (now.lines === 0) return `removes the whole file (its ${plural(was.lines, 'line')} of content)`;
  return `removes most of the file: ${was.lines - now.lines} of its ${plural(was.lines, 'line')} of content would go`;
}

type CommentStyle = 'sql' | 'hash' | 'c' | 'none';

function commentStyle(file: string): CommentStyle {
  const ext = /\.([\w-]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  if (['sql', 'psql', 'pgsql'].includes(ext)) return 'sql';
  if (['yaml', 'yml', 'toml', 'py', 'sh', 'bash', 'rb', 'conf', 'ini', 'env', 'dockerfile'].includes(ext))
    return 'hash';
  if (
    [
      'ts',
      'tsx',
      'mts',
      'cts',
      'js',
      'jsx',
      'mjs',
      'cjs',
      'java',
      'go',
      'rs',
      'c',
      'cc',
      'cpp',
      'cs',
      'kt',
      'scala',
      'swift',
      'css',
      'scss',
      'json',
      'jsonc',
    ].includes(ext)
  )
    return 'c';
  return /(^|\/)Dockerfile$/i.test(file) ? 'hash' : 'none';
}

function content(text: string, style: CommentStyle): { lines: number; chars: number } {
  let lines = 0;
  let chars = 0;
  let inBlock = false;
  for (const raw of text.split(/\r\n|\n|\r/)) {
    let line = raw.trim();
    if (inBlock) {
      const close = line.indexOf('*/');
      if (close < 0) continue;
      inBlock = false;
      line = line.slice(close + 2).trim();
    }
    if ((style === 'c' || style === 'sql') && line.startsWith('/*')) {
      const close = line.indexOf('*/', 2);
      if (close < 0) {
        inBlock = true;
        continue;
      }
      line = line.slice(close + 2).trim();
    }
    if (line === '' || isLineComment(line, style)) continue;
    lines++;
    chars += line.replace(/\s+/g, '').length;
  }
  return { lines, chars };
}

function isLineComment(line: string, style: CommentStyle): boolean {
  switch (style) {
    case 'sql':
      return line.startsWith('--');
    case 'hash':
      return line.startsWith('#');
    case 'c':
      return line.startsWith('//');
    default:
      return false;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
