import type { DecompositionPlan, PartitionMetrics } from '../model';
import { relativeTo } from '../metrics/baselines';
import { SIGNALS } from '../cluster/weights';
import { dependencyCruiserConfig, eslintConfig } from './guardrails';

const METRIC_ROWS: { key: keyof PartitionMetrics; label: string; better: string }[] = [
  { key: 'services', label: 'Services', better: '' },
  { key: 'modularity', label: 'Modularity Q (imports)', better: 'higher' },
  { key: 'structuralModularity', label: 'Structural modularity SM', better: 'higher' },
  { key: 'interCallShare', label: 'Inter-service call share ICP', better: 'lower' },
  { key: 'interfaceCount', label: 'Interfaces per service IFN', better: 'lower' },
  { key: 'sizeBalance', label: 'Size balance NED', better: 'higher' },
  { key: 'routePurity', label: 'Route purity (use cases in one service)', better: 'higher' },
  { key: 'tableOwnershipPurity', label: 'Table ownership purity', better: 'higher' },
  { key: 'tablesWrittenByMany', label: 'Tables written by several services', better: 'lower' },
  { key: 'distributedTransactions', label: 'Would-be distributed transactions', better: 'lower' },
  { key: 'crossServiceOperations', label: 'Cross-service operations', better: 'lower' },
];

const cell = (value: number) => (Number.isNaN(value) ? 'n/a' : String(value));

/**
 * The plan as a document an architect reads: proposal, evidence, order of work, guardrails. `title` names the
 * folder as the reader named it (the CLI's path from its working folder), when that differs from `plan.root`.
 */
export function planToMarkdown(plan: DecompositionPlan, title: string = plan.root): string {
  const rel = (file: string) => relativeTo(plan.root, file);
  const out: string[] = [];
  out.push(`# Decomposition plan for ${title || 'the workspace'}`, '');
  out.push(
    `${plan.services.length} services proposed` +
      (plan.shared.length > 0 ? `, with a shared library of ${plan.shared.length} files` : '') +
      `. Signal weights: ${SIGNALS.map((s) => `${s} ${plan.weights[s]}`).join(', ')} (each signal normalised so that its typical tie weighs 1; a weight is what one tie of the signal is worth against one import).`,
    '',
  );
  for (const note of plan.notes ?? []) out.push(`- ${note}`);
  if (plan.notes?.length) out.push('');

  out.push('## Metrics', '', 'Ours against one service per top-level folder and plain Louvain on the imports.', '');
  out.push('| Metric | Better | Ours | Folders | Louvain |', '| --- | --- | ---: | ---: | ---: |');
  for (const row of METRIC_ROWS) {
    const { ours, folders, louvain } = plan.metrics;
    out.push(
      `| ${row.label} | ${row.better} | ${cell(ours[row.key])} | ${cell(folders[row.key])} | ${cell(louvain[row.key])} |`,
    );
  }
  out.push('');

  out.push('## Services', '');
  for (const service of plan.services) {
    out.push(`### ${service.name}`, '', `Named from ${service.nameFrom}. ${service.files.length} files.`, '');
    for (const line of service.responsibilities) out.push(`- ${line}`);
    if (service.tablesRead.length) out.push(`- Tables of other services it uses: ${service.tablesRead.join(', ')}`);
    if (service.calls.length)
      out.push(`- Calls: ${[...new Set(service.calls.map((o) => `${o.service}.${o.symbol}`))].join(', ')}`);
    out.push('', `Files: ${service.files.map((f) => `\`${rel(f)}\``).join(', ')}`, '');
  }
  if (plan.shared.length > 0)
    out.push(
      '## Shared library',
      '',
      'Used by most services: a library each service links, or code to duplicate.',
      '',
      ...plan.shared.map((f) => `- \`${rel(f)}\``),
      '',
    );
  if (plan.outliers.length > 0)
    out.push('## Outliers', '', ...plan.outliers.map((o) => `- \`${rel(o.file)}\`: ${o.why}`), '');

  const pairs = new Map<string, number>();
  for (const c of plan.crossings)
    pairs.set(`${c.fromService} → ${c.toService}`, (pairs.get(`${c.fromService} → ${c.toService}`) ?? 0) + 1);
  if (pairs.size > 0)
    out.push('## Crossings', '', ...[...pairs].sort(([, a], [, b]) => b - a).map(([pair, n]) => `- ${pair}: ${n}`), '');

  out.push('## Strangler-fig steps', '', 'Effort figures are estimates from edge counts.', '');
  for (const step of plan.steps) {
    out.push(
      `### ${step.order}. ${step.phase === 3 ? 'Modular monolith' : 'Network split'}: ${step.service} (phase ${step.phase})`,
      '',
    );
    out.push(
      `Effort: ${step.effort.size} (${step.effort.basis}).`,
      '',
      'Preconditions:',
      ...step.preconditions.map((p) => `- ${p}`),
      '',
    );
    if (step.facadeRoutes.length) out.push('Façade:', ...step.facadeRoutes.map((r) => `- ${r}`), '');
    if (step.dataMigrations.length)
      out.push('Data:', ...step.dataMigrations.map((d) => `- ${d.table} (from ${d.from}): ${d.plan}`), '');
    out.push('Rollback:', ...step.rollback.map((r) => `- ${r}`), '');
    if (step.places.length)
      out.push('Start at:', ...step.places.map((p) => `- \`${rel(p.file)}:${p.range.start.line + 1}\`: ${p.why}`), '');
  }
  if (plan.services.length > 1) {
    out.push(
      '## Guardrails',
      '',
      'dependency-cruiser (`.dependency-cruiser.js`):',
      '',
      '```js',
      dependencyCruiserConfig(plan).trimEnd(),
      '```',
      '',
    );
    out.push('ESLint (`eslint.config.js`):', '', '```js', eslintConfig(plan).trimEnd(), '```', '');
  }
  if (plan.errors.length > 0)
    out.push('## Not read', '', ...plan.errors.map((e) => `- \`${rel(e.file)}\`: ${e.message}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}
