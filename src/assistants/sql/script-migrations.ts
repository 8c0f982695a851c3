import type * as TS from 'typescript';
import { loadTypeScript } from '../../core/module-graph/typescript';

/**
 * Migrations written as scripts hold two directions: `up` builds the schema, `down` (`rollback`, `revert`) takes it
 * apart again. Only `up` belongs in the schema: a `DROP TABLE` in `down` would otherwise remove the table the
 * same file just created. knex and node-pg-migrate (`exports.down = …`), TypeORM and MikroORM (a `down` method),
 * Kysely (`export async function down`), object literals (`{ up, down: async () => … }`).
 */

let ts: typeof TS | undefined;

/** The TypeScript parser, loaded once (the engine has usually loaded it already for the scripts' SQL). */
export async function loadScriptParser(): Promise<void> {
  ts ??= await loadTypeScript();
}

const ROLLBACK_NAMES = new Set(['down', 'rollback', 'revert', 'undo']);

/** Host spans of a migration script's rollback code; none when the parser is not loaded or none is found. */
export function rollbackSpans(file: string, text: string): { start: number; end: number }[] {
  if (!ts || !/\b(?:down|rollback|revert|undo)\b/.test(text)) return [];
  const tsm = ts;
  const kind = /\.[cm]?jsx?$/i.test(file)
    ? tsm.ScriptKind.JS
    : /x$/i.test(file)
      ? tsm.ScriptKind.TSX
      : tsm.ScriptKind.TS;
  let source: TS.SourceFile;
  try {
    source = tsm.createSourceFile(file, text, tsm.ScriptTarget.Latest, false, kind);
  } catch {
    // Code TypeScript cannot parse (nested too deeply) keeps all its SQL: better a schema with too much than none.
    return [];
  }
  const spans: { start: number; end: number }[] = [];
  const named = (name: TS.Node | undefined): boolean =>
    !!name && (tsm.isIdentifier(name) || tsm.isStringLiteral(name)) && ROLLBACK_NAMES.has(name.text);
  // An explicit stack: generated code may nest deeply.
  const stack: TS.Node[] = [source];
  while (stack.length > 0) {
    const node = stack.pop()!;
    let rollback: TS.Node | undefined;
    if (
      (tsm.isMethodDeclaration(node) ||
        tsm.isFunctionDeclaration(node) ||
        tsm.isPropertyAssignment(node) ||
        tsm.isPropertyDeclaration(node) ||
        tsm.isVariableDeclaration(node)) &&
      named(node.name)
    )
      rollback = node;
    else if (
      tsm.isBinaryExpression(node) &&
      node.operatorToken.kind === tsm.SyntaxKind.EqualsToken &&
      tsm.isPropertyAccessExpression(node.left) &&
      ROLLBACK_NAMES.has(node.left.name.text)
    )
      rollback = node.right;
    if (rollback) {
      spans.push({ start: rollback.getStart(source), end: rollback.end });
      continue;
    }
    tsm.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return spans;
}
