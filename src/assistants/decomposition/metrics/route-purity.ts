import type { UseCase } from '../model';
import type { Partition } from './partition';
import { serviceOf } from './partition';

/**
 * Business-context purity: the share of use cases (routes, consumers, handlers, jobs) whose reached service files
 * all lie in one service, 0..1. Library files do not count; a use case reaching no service file is left out.
 * NaN (null in JSON) when no use case reaches a service file: there is nothing to measure.
 */
export function routePurity(useCases: readonly UseCase[], partition: Partition): number {
  let counted = 0;
  let pure = 0;
  for (const useCase of useCases) {
    const services = new Set<string>();
    for (const file of useCase.reaches) {
      const service = serviceOf(partition, file);
      if (service !== undefined) services.add(service);
    }
    if (services.size === 0) continue;
    counted++;
    if (services.size === 1) pure++;
  }
  return counted === 0 ? NaN : pure / counted;
}
