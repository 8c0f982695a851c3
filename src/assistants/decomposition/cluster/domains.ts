import type { DecompositionFacts } from '../model';
import { slug, STRUCTURAL } from './naming';

export interface DomainCount {
  /** Table families: tables sharing a first word. */
  tableFamilies: number;
  /** Route resources: the first path segment of the routes that is no parameter or layout word. */
  routeResources: number;
}

/**
 * How many domains the monolith's data and API name: its table families (tables sharing a first word:
 * `feature_strategies`, `feature_tag` and `features` are one family) and its route resources (`/api/orders/:id`
 * and `POST /orders.list` are `orders`, a tRPC `datasetRouter.byId` is `dataset`). The plan prints them beside
 * the number of services chosen, so a reader can tell a plan that cuts domains apart from one that groups them.
 * They do not bound the number: as a cap (at most the larger count) they cost medusa, whose 36 table families
 * are more than its 14 later modules, half its score (ARI .300 → .133), since its finer partition keeps the
 * modules' files apart.
 */
export function domainCount(facts: DecompositionFacts): DomainCount {
  const families = new Set(facts.data.map((access) => familyOf(access.table)).filter(Boolean));
  const resources = new Set<string>();
  for (const useCase of facts.useCases) {
    if (useCase.kind !== 'http-route') continue;
    const resource = resourceOf(useCase.name);
    if (resource) resources.add(resource);
  }
  return { tableFamilies: families.size, routeResources: resources.size };
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** `public.feature_strategies` → feature; `OrderItem` → order. */
function familyOf(table: string): string {
  const name = table.split('.').pop() ?? table;
  return singular(slug(name).split('-')[0] ?? '');
}

/** The route's resource: its first path segment that is no parameter or layout word, before any RPC dot. */
function resourceOf(name: string): string | undefined {
  if (name.startsWith('trpc ')) {
    const router = name.slice(5).split('.')[0] ?? '';
    return singular(slug(router.replace(/Router$/, ''))) || undefined;
  }
  const path = name.split(' ').pop() ?? '';
  for (const segment of path.split('/')) {
    if (!segment || /^[:{*($]/.test(segment) || /^v\d+$/.test(segment)) continue;
    const resource = singular(slug(segment.split('.')[0] ?? ''));
    if (resource && !STRUCTURAL.has(resource) && !STRUCTURAL.has(slug(segment))) return resource;
  }
  return undefined;
}
