import { defineSubject } from './schema';
import type { SubjectSpec } from './types';

const categories = [
  're-render',
  'memoization',
  'list-virtualization',
  'code-splitting',
  'data-fetching',
  'state',
  'bundle',
  'caching',
  'other',
];

/** The frontend optimizer's deep review of a React component. */
export const reactSubject: SubjectSpec = defineSubject({
  subject: 'react',
  displayName: 'frontend optimizer',
  toolName: 'report_component_review',
  toolDescription:
    'Report the React component review: findings on cited lines, optional line replacements, and a short summary.',
  facts: {
    componentTree: 'components, props and hooks our engine found, and which children re-render when',
    bundle: 'bundle sizes and imports our engine measured, if any',
  },
  categories,
  paths: false,
  edits: true,
  summary: 'Two to five sentences of Markdown: what makes this component slow at scale and what to change first.',
});
