import type { Range } from '../../../core/finding';
import type { RuleResults } from '../../../core/run-rules';
import { runRules } from '../../../core/run-rules';
import type { SqlStatement } from '../parser';
import { planNodes } from '../plan-engine/plan';
import type { PlanSummary } from '../plan-engine/types';
import type { QueryLevel } from '../query';
import { queryLevels } from '../query';
import type { Catalog } from '../schema';
import { dedupe } from './plan-spans';
import { PLAN_RULES } from './plan-rules';
import type { PlanRule } from './plan-rules/plan-rule';
import type { PlanFinding } from './types';

/**
 * Problems an executed plan shows, put back on the SQL they come from: each plan rule (plan-rules/) checks every
 * node of the plan; a rule that fails leaves an error naming it and the others still report.
 */
export function planFindings(
  plan: PlanSummary,
  statement: SqlStatement,
  catalog: Catalog,
  run: { file: string; errorRange?: () => Range | undefined; rules?: readonly PlanRule[] },
): RuleResults<PlanFinding> {
  const out: RuleResults<PlanFinding> = { findings: [], errors: [] };
  if (!plan.analyzed) return out;
  let levels: QueryLevel[];
  try {
    levels = queryLevels(statement.node, catalog);
  } catch {
    return out;
  }
  for (const node of planNodes(plan.root)) {
    const ran = runRules({
      rules: run.rules ?? PLAN_RULES,
      file: run.file,
      errorRange: run.errorRange,
      check: (rule, report) => rule.check({ node, statement, levels, report }),
      complete: (_rule: PlanRule, finding: PlanFinding) => finding,
    });
    out.findings.push(...ran.findings);
    // A rule that fails on one node likely fails on every node: one error per rule.
    for (const error of ran.errors) if (!out.errors.some((e) => e.message === error.message)) out.errors.push(error);
  }
  return { findings: dedupe(out.findings), errors: out.errors };
}
