import type { ParsedStatement, ParsedStatements } from '../../core/assistant';
import type { NodeRef } from '../../assistants/sql/contract';
import { asRef } from '../../assistants/sql/contract';
import { codeBody, dataChanges, destructiveParts, kindLabel } from './sql-effects';
import { equal, unmatched } from './multiset';
import { widening } from './sql-where';

/**
 * Why the SQL of a document after an edit destroys what the SQL before it did not, or undefined. Statements
 * whose text (comments aside) is unchanged are set aside; each changed statement is paired with one of the
 * same kind (and target, for DML) and compared; a changed statement without such a partner is a change of
 * kind when the edit also removed one, otherwise an added statement, refused when it destroys.
 *
 * Statements found only because a string literal starts like one (`certain: false`) may be prose: they
 * never count as a change of kind and their parse errors are not reported, but what they destroy does.
 */
export function compareStatements(before: ParsedStatements, after: ParsedStatements): string | undefined {
  const broken = unmatched(before.errors, after.errors, (b, a) => b.normalized === a.normalized).added[0];
  if (broken) return `the SQL after the edit does not parse: ${firstLine(broken.message)}`;

  const { removed: gone, added: changed } = unmatched(
    before.statements,
    after.statements,
    (b, a) => b.normalized === a.normalized,
  );

  const pairs: Array<[ParsedStatement, ParsedStatement]> = [];
  const added: ParsedStatement[] = [];
  for (const statement of changed) {
    const label = labelOf(statement);
    const at = gone.findIndex((s) => labelOf(s) === label);
    if (at >= 0) pairs.push([gone.splice(at, 1)[0], statement]);
    else added.push(statement);
  }

  for (const statement of added) {
    const ref = refOf(statement);
    const harm = ref ? destructiveParts(ref) : [];
    const replaced = statement.certain ? gone.findIndex((s) => s.certain) : -1;
    if (replaced >= 0) {
      const was = gone.splice(replaced, 1)[0];
      return `turns ${labelOf(was)} into ${labelOf(statement)}${harm.length > 0 ? `, which ${harm.join('; ')}` : ''}`;
    }
    if (harm.length > 0) return `adds a statement that ${harm.join('; ')}`;
  }

  for (const [was, now] of pairs) {
    const why = comparePair(was, now);
    if (why) return `the edited ${labelOf(was)} ${why}`;
  }
  return undefined;
}

/** A statement against its edited version of the same kind. */
function comparePair(was: ParsedStatement, now: ParsedStatement): string | undefined {
  const before = refOf(was);
  const after = refOf(now);
  if (!before || !after) return undefined;
  const newHarm = unmatched(destructiveParts(before), destructiveParts(after), equal).added;
  if (newHarm.length > 0) return `now ${newHarm.join('; ')}`;
  if (codeBody(before) !== codeBody(after)) return 'changes code that cannot be checked (a DO block or function body)';

  // Every data change inside (the statement itself, a WITH clause's DELETE, EXPLAIN ANALYZE's UPDATE).
  const changesBefore = dataChanges(before);
  for (const change of dataChanges(after)) {
    const label = kindLabel(change);
    const at = changesBefore.findIndex((c) => kindLabel(c) === label);
    if (at < 0) return `now also runs ${label}`;
    const partner = changesBefore.splice(at, 1)[0];
    const why = widening({ ref: partner, textOf: was.textOf }, { ref: change, textOf: now.textOf });
    if (why) return why;
  }
  return undefined;
}

function refOf(statement: ParsedStatement): NodeRef | undefined {
  return asRef(statement.node);
}

function labelOf(statement: ParsedStatement): string {
  const ref = refOf(statement);
  return ref ? kindLabel(ref) : statement.type;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].trim();
}
