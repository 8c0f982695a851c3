import type { PartitionFacts } from './metrics/partition';
import type { DecompositionFacts } from './model';

/**
 * Everything the clustering and the baselines' metrics read from a set of facts, places left out: the files,
 * the import and use ties, the tables each file touches, the use cases and what they reach, the transactions and
 * the change history. Two sets of facts with the same key cluster alike and score the baselines alike, so a save
 * that changes no tie (a function's body, a comment, an export nobody imports yet) keeps both; one that changes a
 * tie clusters again (never a stale proposal: Louvain over a 5,000-file folder costs about half a second).
 */
export function clusteringInputsKey(facts: DecompositionFacts, pf: PartitionFacts): string {
  const lines: string[] = [facts.root, ...pf.files];
  for (const edge of pf.imports) lines.push(`i ${edge.from} ${edge.to} ${edge.weight}`);
  for (const use of pf.uses) lines.push(`u ${use.from} ${use.to} ${use.symbol} ${use.kind}`);
  for (const use of pf.importUses) lines.push(`n ${use.from} ${use.to} ${use.symbol}`);
  for (const access of facts.data) lines.push(`d ${access.file} ${access.table} ${access.mode} ${access.source}`);
  for (const useCase of pf.useCases)
    lines.push(`c ${useCase.id} ${useCase.kind} ${useCase.name} ${useCase.file} ${useCase.reaches.join(' ')}`);
  for (const t of pf.transactions) lines.push(`t ${t.file} ${t.tables.join(' ')} | ${t.files.join(' ')}`);
  for (const pair of facts.history?.pairs ?? []) lines.push(`h ${pair.a} ${pair.b} ${pair.commits}`);
  return lines.join('\n');
}
