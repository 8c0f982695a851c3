import { defineSubject } from './schema';
import type { SubjectSpec } from './types';

const categories = [
  'service-boundary',
  'data-ownership',
  'coupling',
  'communication',
  'shared-dependency',
  'migration-step',
  'other',
];

/** The decomposition planner's deep review: no edits (boundaries are decisions, not line changes). */
export const decompositionSubject: SubjectSpec = defineSubject({
  subject: 'decomposition',
  displayName: 'decomposition planner',
  toolName: 'report_decomposition_review',
  toolDescription: 'Report the decomposition review: findings on cited lines of the module and a short plan.',
  facts: {
    importGraph: 'the import graph our engine built (modules, edges, cycles, fan-in/fan-out)',
    modules: 'the candidate modules and the tables each one reads and writes, as our engine found them',
  },
  categories,
  paths: false,
  edits: false,
  summary:
    'Markdown: the proposed service boundaries, migration order (strangler fig) and the main risks, grounded in the import graph.',
});
