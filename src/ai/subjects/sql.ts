import { defineSubject } from './schema';
import type { SubjectSpec } from './types';

const categories = [
  'index',
  'rewrite',
  'n-plus-one',
  'pagination',
  'caching',
  'partitioning',
  'read-replica',
  'locking',
  'schema',
  'other',
];

/** The query optimizer's deep review: rewrites are verified by the optimizer before they are offered. */
export const sqlSubject: SubjectSpec = defineSubject({
  subject: 'sql',
  displayName: 'query optimizer',
  toolName: 'report_sql_review',
  toolDescription:
    'Report the SQL review: findings on cited lines, optional rewrites of whole lines, and a short summary.',
  facts: {
    schema: 'the database schema our parser read from the migrations (CREATE TABLE / INDEX statements)',
    plan: 'query plans and measurements from the sandbox (EXPLAIN output, timings before/after)',
  },
  categories,
  paths: false,
  edits: true,
  summary: 'Two to five sentences of Markdown: what matters most for this SQL at scale.',
});
