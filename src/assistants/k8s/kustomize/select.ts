import { stringMap } from '../yaml-nodes';
import { CLUSTER_SCOPED_KINDS } from './field-specs';
import type { Selector } from './kustomization';
import type { BuildResource, ResId } from './resource';
import { effectiveNamespace } from './resource';
import { getIn } from './tree';

/**
 * Which objects a patch applies to. A `target` selects like kustomize's resource selector: group, version,
 * kind, name and namespace are anchored regular expressions (name and namespace tried against the original
 * and the current id), plus label and annotation selectors. A patch without a target names its object
 * itself: kind, name and namespace equal to any id the object has had.
 */

function anchored(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }
}

export function selectTargets(resources: readonly BuildResource[], selector: Selector): BuildResource[] {
  const group = anchored(selector.group);
  const version = anchored(selector.version);
  const kind = anchored(selector.kind);
  const name = anchored(selector.name);
  const namespace = anchored(selector.namespace);
  return resources.filter((resource) => {
    const current = resource.id();
    const original = resource.originalId();
    const clusterScoped = CLUSTER_SCOPED_KINDS.has(current.kind);
    const ns = (id: ResId) => effectiveNamespace(id, clusterScoped);
    if (namespace && !namespace.test(ns(original)) && !namespace.test(ns(current))) return false;
    if (name && !name.test(original.name) && !name.test(current.name)) return false;
    if (group && !group.test(current.group)) return false;
    if (version && !version.test(current.version)) return false;
    if (kind && !kind.test(current.kind)) return false;
    if (selector.labelSelector && !labelsMatch(selector.labelSelector, mapAtPath(resource, ['metadata', 'labels'])))
      return false;
    if (
      selector.annotationSelector &&
      !labelsMatch(selector.annotationSelector, mapAtPath(resource, ['metadata', 'annotations']))
    )
      return false;
    return true;
  });
}

/** The object a patch without a target names: same group, version, kind, name and namespace as one of its ids. */
export function selectById(resources: readonly BuildResource[], id: ResId): BuildResource[] {
  const clusterScoped = CLUSTER_SCOPED_KINDS.has(id.kind);
  return resources.filter((resource) =>
    resource
      .ids()
      .some(
        (other) =>
          other.kind === id.kind &&
          other.name === id.name &&
          other.group === id.group &&
          other.version === id.version &&
          effectiveNamespace(other, clusterScoped) === effectiveNamespace(id, clusterScoped),
      ),
  );
}

function mapAtPath(resource: BuildResource, path: readonly string[]): Map<string, string> {
  return stringMap(getIn(resource.root, path, resource.doc), resource.doc);
}

/** Kubernetes' label selector string: `a=b,c!=d,e in (f,g),h notin (i),j,!k`. */
export function labelsMatch(selector: string, labels: ReadonlyMap<string, string>): boolean {
  const requirements = selector.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  return requirements.every((raw) => {
    const requirement = raw.trim();
    if (requirement === '') return true;
    let match = /^!\s*([^\s!=]+)$/.exec(requirement);
    if (match) return !labels.has(match[1]);
    match = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(requirement);
    if (match) {
      const [, key, op, value] = match;
      return op === '!=' ? labels.get(key) !== value : labels.get(key) === value;
    }
    match = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(requirement);
    if (match) {
      const [, key, op, list] = match;
      const values = list.split(',').map((v) => v.trim());
      const has = labels.has(key) && values.includes(labels.get(key) as string);
      return op === 'in' ? has : !has;
    }
    return labels.has(requirement);
  });
}
