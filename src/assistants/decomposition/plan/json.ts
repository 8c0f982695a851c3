import type { DecompositionPlan } from '../model';
import { relativeTo } from '../metrics/baselines';

/**
 * The CLI's JSON (issue 13): `{"version": 1, "services": [{"name", "files", "tables", "routes", "operations"}],
 * "shared", "metrics": {"ours", "folders", "louvain"}, "steps"}`, every path relative to the planned folder.
 * `tables` are the tables the service owns; `operations` those it must offer, with the services calling them.
 * Metrics that have nothing to measure (no use cases, no tables) are null.
 */
export function planToJson(plan: DecompositionPlan): Record<string, unknown> {
  const rel = (file: string) => relativeTo(plan.root, file);
  return {
    version: 1,
    services: plan.services.map((s) => ({
      name: s.name,
      files: s.files.map(rel),
      tables: s.tablesOwned,
      routes: s.routes,
      operations: s.operations.map((o) => ({
        name: o.name,
        file: rel(o.file),
        callers: [...new Set(o.callers.map((c) => c.service))].sort(),
        ...(o.signature ? { signature: o.signature } : {}),
      })),
    })),
    shared: plan.shared.map(rel),
    metrics: plan.metrics,
    steps: plan.steps.map((step) => ({ ...step, places: step.places.map((p) => ({ ...p, file: rel(p.file) })) })),
  };
}
