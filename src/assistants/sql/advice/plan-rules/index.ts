import type { RuleMeta } from '../../../../core/rule';
import type { PlanFinding } from '../types';
import type { PlanRule } from './plan-rule';
import { planSeqScanFilter } from './plan-seq-scan-filter';
import { planSortSpill } from './plan-sort-spill';
import { planHashSpill } from './plan-hash-spill';
import { planRowMisestimate } from './plan-row-misestimate';
import { planSubplanPerRow } from './plan-subplan-per-row';
import { measuredAdvice } from './measured-advice';

/**
 * Rules of the measured review (`Scaling Assistant: Optimize query`): problems read from an executed plan
 * and mapped onto the SQL, and measured advice on a statement no static rule flagged. They appear only
 * after a measurement (sandbox or server), never in the static analysis; listed with the SQL assistant's
 * rules so their pages are generated and their ids can be suppressed like any other. One rule per file,
 * each with its docs; a rule file not listed here fails a unit test.
 */

/** The rules that read an executed plan, in the order they run on each node. */
export const PLAN_RULES: readonly PlanRule[] = [
  planSeqScanFilter,
  planSortSpill,
  planHashSpill,
  planRowMisestimate,
  planSubplanPerRow,
];

export const ADVICE_RULES: readonly RuleMeta[] = [...PLAN_RULES, measuredAdvice];

export const PLAN_RULE_OF: Readonly<Record<PlanFinding['kind'], RuleMeta>> = {
  'seq-scan-filter': planSeqScanFilter,
  'sort-spill': planSortSpill,
  'hash-spill': planHashSpill,
  'row-misestimate': planRowMisestimate,
  'nested-loop-many': planRowMisestimate,
  'subplan-per-row': planSubplanPerRow,
};
