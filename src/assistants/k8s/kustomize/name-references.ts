import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import { originOf } from '../node-origin';
import { deref, findPair, scalarText } from '../yaml-nodes';
import { CLUSTER_SCOPED_KINDS, NAME_REFERENCES, podSpecPath } from './field-specs';
import type { BuildResource } from './resource';
import { effectiveNamespace } from './resource';
import { syntheticScalar, updateIn } from './tree';

/**
 * When the build renames an object (prefix, suffix, a generator's hash), the fields that name it follow: an
 * HPA's scaleTargetRef, a pod's ConfigMap and Secret volumes and env, its service account, a StatefulSet's
 * serviceName, an Ingress backend, a role binding's roleRef. A reference is matched against every name the
 * object has had; among several candidates the one in the referrer's namespace, then the one renamed by the
 * same prefixes and suffixes, wins (a reference kustomize would find ambiguous is left as written).
 */
export function fixNameReferences(resources: readonly BuildResource[]): void {
  for (const referrer of resources) {
    const podSpec = podSpecPath(referrer.kind);
    for (const reference of NAME_REFERENCES) {
      if (reference.podSpec ? !podSpec : reference.kind !== referrer.kind) continue;
      const segments = [...(reference.podSpec && podSpec ? podSpec.split('/') : []), ...reference.path.split('/')];
      const field = segments[segments.length - 1];
      const options = { doc: referrer.doc, file: referrer.file, create: false, anchor: { file: referrer.file } };
      referrer.root = updateIn(
        referrer.root,
        segments.slice(0, -1),
        (parent) => {
          const map = deref(parent, referrer.doc);
          if (!isMap(map)) return parent;
          const kinds = reference.kindField
            ? reference.referred.filter(
                (k) => k === scalarText(deref(findPair(map, reference.kindField ?? '')?.value, referrer.doc)),
              )
            : reference.referred;
          return renamed(map, field, kinds, referrer, resources) ?? parent;
        },
        options,
      ) as YAMLMap;
    }
  }
}

function renamed(
  map: YAMLMap,
  field: string,
  kinds: readonly string[],
  referrer: BuildResource,
  resources: readonly BuildResource[],
): unknown {
  const pair = findPair(map, field);
  const value = pair ? deref(pair.value, referrer.doc) : undefined;
  const name = scalarText(value);
  if (!pair || name === undefined || kinds.length === 0) return undefined;
  const target = referral(kinds, name, referrer, resources);
  if (!target || target.name === name) return undefined;
  const file = originOf(value)?.file ?? referrer.file;
  const options = { doc: referrer.doc, file: referrer.file, create: false, anchor: { file } };
  return updateIn(map, [field], () => syntheticScalar(target.name, value, file), options);
}

function referral(
  kinds: readonly string[],
  name: string,
  referrer: BuildResource,
  resources: readonly BuildResource[],
): BuildResource | undefined {
  let candidates = resources.filter((r) => kinds.includes(r.kind) && r.ids().some((id) => id.name === name));
  if (candidates.length <= 1) return candidates[0];
  const namespace = effectiveNamespace(referrer.id(), CLUSTER_SCOPED_KINDS.has(referrer.kind));
  const sameNamespace = candidates.filter(
    (c) => CLUSTER_SCOPED_KINDS.has(c.kind) || effectiveNamespace(c.id(), false) === namespace,
  );
  if (sameNamespace.length > 0) candidates = sameNamespace;
  if (candidates.length <= 1) return candidates[0];
  const affixes = (r: BuildResource) => `${r.prefixes.join('\u0000')}\u0001${r.suffixes.join('\u0000')}`;
  const sameAffixes = candidates.filter((c) => affixes(c) === affixes(referrer));
  return sameAffixes.length === 1 ? sameAffixes[0] : undefined;
}
