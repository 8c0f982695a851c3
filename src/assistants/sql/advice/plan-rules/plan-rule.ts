import type { RuleMeta } from '../../../../core/rule';
import type { SqlStatement } from '../../parser';
import type { PlanNode } from '../../plan-engine/types';
import type { QueryLevel } from '../../query';
import type { PlanFinding } from '../types';

/** What a plan rule sees: one node of an executed plan, with the statement it came from. */
export interface PlanRuleContext {
  /** The plan node being checked; every node of the plan is, parents before children. */
  node: PlanNode;
  statement: SqlStatement;
  levels: readonly QueryLevel[];
  report(finding: PlanFinding): void;
}

/** A rule of the measured review: it reads an executed plan and puts what it finds on the SQL. */
export interface PlanRule extends RuleMeta {
  check(context: PlanRuleContext): void;
}
