import { statementHead } from '../statement-text';
import type { SqlRule } from '../rule';

/** `VACUUM FULL` and `CLUSTER` rewrite a table under an ACCESS EXCLUSIVE lock. */
export const vacuumFullOrCluster: SqlRule = {
  id: 'vacuum-full-or-cluster',
  assistant: 'sql',
  title: 'VACUUM FULL or CLUSTER locks the table for a complete rewrite',
  defaultSeverity: 'warning',
  impact: 'high',
  effort: 'medium',
  roadmap: {
    task: 'Replace {count} VACUUM FULL / CLUSTER run(s) with online repacking',
    baseHours: 3,
    hoursPerPlace: 1,
    risk: 'medium',
    mitigation:
      'Use pg_repack or pg_squeeze, which rebuild the table online and take the exclusive lock only for the final swap.',
    skills: ['PostgreSQL', 'operations'],
  },
  docs: `
## Why it matters

\`VACUUM FULL\` and \`CLUSTER\` write a new copy of the table and its indexes, holding an ACCESS EXCLUSIVE lock
the whole time: every query on the table — reads included — waits. They also need free disk space for a
full second copy. On a large table that is minutes to hours of downtime for that table. Plain \`VACUUM\`
(without FULL) does not block reads or writes and is not reported.

## How to fix it

Let autovacuum (tuned per table if needed) keep bloat in check; to give space back or re-order a table
online, use \`pg_repack\` or \`pg_squeeze\`, which take the exclusive lock only for a short final swap.

## When to ignore it

A maintenance window with the application stopped, or a table nobody else uses.
`,
  when: { statements: ['VacuumStmt', 'ClusterStmt'] },
  check(context) {
    const { ast } = context;
    let what: string | undefined;
    if (ast.type === 'VacuumStmt' && ast.node.is_vacuumcmd) {
      const full = (ast.node.options ?? []).some((o: { DefElem?: { defname?: string; arg?: unknown } }) => {
        if (o.DefElem?.defname !== 'full') return false;
        const arg = o.DefElem.arg as { Boolean?: { boolval?: boolean }; String?: { sval?: string } } | undefined;
        return arg === undefined || arg.Boolean?.boolval === true || /^(true|on|1)$/i.test(arg.String?.sval ?? '');
      });
      if (full) what = 'VACUUM FULL';
    } else if (ast.type === 'ClusterStmt') {
      what = 'CLUSTER';
    }
    if (!what) return;
    const relations: string[] =
      ast.type === 'ClusterStmt'
        ? ast.node.relation
          ? [String(ast.node.relation.relname)]
          : []
        : (ast.node.rels ?? [])
            .map((r: { VacuumRelation?: { relation?: { relname?: string } } }) => r.VacuumRelation?.relation?.relname)
            .filter(Boolean);
    const target = relations.length ? relations.join(', ') : 'every table it processes';
    context.report({
      range: context.rangeOf(statementHead(context, relations.length ? 3 : 2))!,
      message:
        `${what} rewrites ${target} under an ACCESS EXCLUSIVE lock: every query on it, reads included, waits until the copy is written, ` +
        'for a time that grows with the table (and it needs disk space for a second copy). Use pg_repack or pg_squeeze to do it online.',
    });
  },
};
