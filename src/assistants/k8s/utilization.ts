import { isMap, isScalar } from 'yaml';
import type { Document } from 'yaml';
import type { TextEdit } from '../../core/finding';
import type { LineIndex } from '../../core/text';
import { insertPairEdit, setPairValueEdit } from './edits';
import type { ObjectGraph } from './graph';
import type { HpaMetric } from './hpa';
import { effectiveRequest, limitRangeDefaults } from './requests';
import type { Container, Workload } from './workload';
import { countedContainers } from './workload';
import { deref, findPair } from './yaml-nodes';

/**
 * Which containers a Resource or ContainerResource utilisation metric divides by, and which of them have
 * no request for its resource from any source, following the HPA controller's `calculateRequests`: a
 * Resource metric sums app containers and restartable (sidecar) init containers, or uses the pod-level
 * request when the pod spec has one; a ContainerResource metric uses only the named container's own
 * request. Regular init containers never count.
 */
export interface UtilizationRequests {
  resource: string;
  /** The containers whose requests the metric divides by. */
  counted: Container[];
  /** Counted containers with no request for the resource (written, from a limit, or from a LimitRange). */
  missing: Container[];
}

/** Undefined when the metric is not a utilisation metric we can check, or names an unknown container. */
export function utilizationRequests(
  workload: Workload,
  metric: HpaMetric,
  graph: ObjectGraph,
): UtilizationRequests | undefined {
  const template = workload.template;
  const resource = metric.resourceName;
  if (!template || !resource || metric.targetType !== 'Utilization') return undefined;
  const defaults = limitRangeDefaults(graph, workload.object.namespace);
  const all = countedContainers(template);
  let counted: Container[];
  if (metric.type === 'Resource') {
    // Pod-level requests replace the per-container sum for Resource metrics.
    if (template.podRequests.has(resource)) return { resource, counted: all, missing: [] };
    counted = all;
  } else if (metric.type === 'ContainerResource') {
    counted = all.filter((c) => c.name === metric.container);
    if (counted.length === 0) return undefined;
  } else {
    return undefined;
  }
  return { resource, counted, missing: counted.filter((c) => !effectiveRequest(c, resource, defaults)) };
}

/**
 * Edits that add `resources.requests.<resource>: <value>` for each entry of `values` to a container,
 * creating `resources` and `requests` where they are missing and keeping everything else as written.
 * Undefined where the container's shape leaves no safe place for the text.
 */
export function addRequestsEdits(
  file: string,
  lines: LineIndex,
  doc: Document.Parsed,
  container: Container,
  values: ReadonlyMap<string, string>,
): TextEdit[] | undefined {
  if (values.size === 0) return [];
  const requests = Object.fromEntries(values);
  const node = container.node;
  const resourcesPair = findPair(node, 'resources');
  if (!resourcesPair) return one(insertPairEdit(file, lines, node, 'resources', { requests }));
  const resources = deref(resourcesPair.value, doc);
  if (
    resources === null ||
    resources === undefined ||
    (isScalar(resources) && (resources.value === null || resources.value === ''))
  ) {
    return one(setPairValueEdit(file, lines, resourcesPair, { requests }));
  }
  if (!isMap(resources)) return undefined;
  const requestsPair = findPair(resources, 'requests');
  if (!requestsPair) {
    return one(
      resources.items.length === 0 && !resources.flow
        ? setPairValueEdit(file, lines, resourcesPair, { requests })
        : insertPairEdit(file, lines, resources, 'requests', requests),
    );
  }
  const map = deref(requestsPair.value, doc);
  if (map === null || map === undefined || (isScalar(map) && (map.value === null || map.value === ''))) {
    return one(setPairValueEdit(file, lines, requestsPair, requests));
  }
  if (!isMap(map)) return undefined;
  if (map.items.length === 0 && !map.flow) return one(setPairValueEdit(file, lines, requestsPair, requests));
  const edits = [...values].map(([resource, value]) => insertPairEdit(file, lines, map, resource, value));
  return edits.every((e): e is TextEdit => e !== undefined) ? edits : undefined;
}

/** True when the container already has a `resources.requests` map, so adding a key creates no new block. */
export function hasRequestsMap(container: Container, doc: Document.Parsed): boolean {
  const resources = deref(findPair(container.node, 'resources')?.value, doc);
  const requests = isMap(resources) ? deref(findPair(resources, 'requests')?.value, doc) : undefined;
  return isMap(requests) && (requests.items.length > 0 || Boolean(requests.flow));
}

function one(edit: TextEdit | undefined): TextEdit[] | undefined {
  return edit ? [edit] : undefined;
}
