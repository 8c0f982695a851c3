/**
 * The schema facts of a SQL deep review, without vscode (unit-tested): which tables a document uses, and the
 * DDL statements of the workspace's schema files that mention them. A text scan, not a parse: it only chooses
 * which schema statements Claude sees, and an extra or missing one costs a little context, never a finding.
 */

const DEFAULT_LIMIT = 24_000;

/** Table names a statement reads or writes (a text scan: enough to pick the schema's relevant statements). */
export function tablesUsed(sql: string): Set<string> {
  const names = new Set<string>();
  const re =
    /\b(?:from|join|update|into|table)\s+(?:only\s+)?((?:"[^"]+"|[a-z_][\w$]*)(?:\.(?:"[^"]+"|[a-z_][\w$]*))?)/gi;
  for (const match of sql.matchAll(re)) names.add(bareName(match[1]));
  names.delete('');
  return names;
}

function bareName(qualified: string): string {
  const last = qualified.split('.').pop() ?? '';
  return last.startsWith('"') ? last.slice(1, -1) : last.toLowerCase();
}

/**
 * The DDL statements of the workspace's schema files that mention one of `tables` (CREATE TABLE, ALTER TABLE,
 * CREATE INDEX …), in file order, each headed by its file. Statements are split on semicolons outside quotes
 * and dollar quotes.
 */
export function schemaExcerpt(
  files: readonly { file: string; text: string }[],
  tables: ReadonlySet<string>,
  limit = DEFAULT_LIMIT,
): string {
  if (tables.size === 0) return '';
  const out: string[] = [];
  let size = 0;
  for (const { file, text } of files) {
    for (const statement of splitStatements(text)) {
      if (!/^\s*(?:create|alter|comment)\b/i.test(stripComments(statement))) continue;
      const mentioned = tablesMentioned(statement);
      if (![...mentioned].some((t) => tables.has(t))) continue;
      const block = `-- ${file}\n${statement.trim()};`;
      if (size + block.length > limit) {
        out.push(
          `-- … more schema statements left out (facts are capped at ${limit.toLocaleString('en-US')} characters)`,
        );
        return out.join('\n\n');
      }
      out.push(block);
      size += block.length;
    }
  }
  return out.join('\n\n');
}

function tablesMentioned(statement: string): Set<string> {
  const names = tablesUsed(statement);
  const on = /\bon\s+(?:only\s+)?((?:"[^"]+"|[a-z_][\w$]*)(?:\.(?:"[^"]+"|[a-z_][\w$]*))?)/gi;
  for (const match of statement.matchAll(on)) names.add(bareName(match[1]));
  const references = /\breferences\s+((?:"[^"]+"|[a-z_][\w$]*)(?:\.(?:"[^"]+"|[a-z_][\w$]*))?)/gi;
  for (const match of statement.matchAll(references)) names.add(bareName(match[1]));
  return names;
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === '$') {
      const tag = /^\$[a-zA-Z_]*\$/.exec(text.slice(i, i + 64))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        i = end < 0 ? text.length : end + tag.length;
      } else i++;
    } else if (ch === ';') {
      statements.push(text.slice(start, i));
      start = i + 1;
      i++;
    } else i++;
  }
  if (text.slice(start).trim()) statements.push(text.slice(start));
  return statements;
}
