import type { SqlFacts } from './contract';
import { sqlTableAccess } from './table-access';

/** What the query optimizer offers other assistants; index.ts exports it for the catalog's lazy load. */
export const sqlFacts: SqlFacts = { 'table-access': sqlTableAccess };
