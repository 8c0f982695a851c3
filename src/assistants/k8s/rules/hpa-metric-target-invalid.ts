import { isMap } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { Fix } from '../../../core/finding';
import type { LineIndex } from '../../../core/text';
import type { K8sRule } from '../rule';
import { deletePairEdit, insertPairEdit, replaceScalarEdit } from '../edits';
import { isHpa } from '../hpa';
import { parseQuantity } from '../quantity';
import type { AnyPair } from '../yaml-nodes';
import { deref, findPair, pairAt, scalarText, seqItems } from '../yaml-nodes';

/**
 * A metric target (autoscaling/v2 and v2beta2 `target:` blocks) the API server rejects or the controller
 * cannot use. The API validates each source differently (`validateResourceSource`, `validatePodsSource`,
 * `validateObjectSource`, `validateExternalSource`, `validateMetricTarget` in
 * pkg/apis/autoscaling/validation), and the controller reads Object targets by their `type` (the others by
 * the field present): a target that passes validation can still be useless at run time.
 */

const TYPES = ['Utilization', 'AverageValue', 'Value'] as const;
type SourceType = 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';
const SOURCES: readonly SourceType[] = ['Resource', 'ContainerResource', 'Pods', 'Object', 'External'];

/** Target types each source supports, and the field each type reads. */
const SUPPORTED: Record<SourceType, readonly (typeof TYPES)[number][]> = {
  Resource: ['Utilization', 'AverageValue'],
  ContainerResource: ['Utilization', 'AverageValue'],
  Pods: ['AverageValue'],
  Object: ['Value', 'AverageValue'],
  External: ['Value', 'AverageValue'],
};
const FIELD_OF: Record<(typeof TYPES)[number], 'averageUtilization' | 'averageValue' | 'value'> = {
  Utilization: 'averageUtilization',
  AverageValue: 'averageValue',
  Value: 'value',
};

interface Problem {
  pair: AnyPair;
  message: string;
  severity?: 'error' | 'warning';
  fix?: Fix;
}

export const hpaMetricTargetInvalid: K8sRule = {
  id: 'hpa-metric-target-invalid',
  assistant: 'k8s',
  title: 'HPA metric target the API rejects or the controller cannot use',
  defaultSeverity: 'error',
  impact: 'high',
  effort: 'small',
  roadmap: {
    task: 'Fix {count} HPA metric target(s) the controller cannot use',
    baseHours: 0.5,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation: 'Dry-run the change against the cluster and check the HPA reports ScalingActive afterwards.',
    skills: ['Kubernetes', 'HPA'],
  },
  docs: `
## Why it matters

Each metric of an autoscaling/v2 HPA has a \`target\` with a \`type\` and the one value that type reads:

| source | supported target types |
| --- | --- |
| Resource, ContainerResource | \`Utilization\` (\`averageUtilization\`, a percentage of requests) or \`AverageValue\` |
| Pods | \`AverageValue\` |
| Object, External | \`Value\` or \`AverageValue\` |

A target outside this table is either rejected by the API server (the whole HPA fails to apply, so a deploy
pipeline stops or, worse, keeps the old HPA), or accepted and then useless or misleading. The controller reads an
Object target by its \`type\`: a type that does not match the value written never yields a target, and the HPA
does not scale on that metric. Resource, Pods and External targets are read by the field that is present: a wrong
\`type\` there works by accident and says something the HPA does not do (reported as a warning).

Typical mistakes: \`averageUtilization\` and \`averageValue\` both set, \`type: Utilization\` with an
\`averageValue\`, a \`Value\` target on a CPU metric, a target with no value, a zero or negative value.

## How to fix it

Give the target the type its value means (\`Utilization\` with \`averageUtilization\`, \`AverageValue\` with
\`averageValue\`, \`Value\` with \`value\`), only one value, and a positive number. The quick fixes do this where the
intent is clear (for example, drop the value the \`type\` does not read).

## When to ignore it

Never: the API server or the controller will not use the target as written.
`,
  check({ manifest, report, rangeOf }) {
    for (const object of manifest.objects) {
      if (!isHpa(object)) continue;
      const { root, doc } = object;
      const problems: Problem[] = [];
      // autoscaling/v1: one CPU percentage.
      const v1 = pairAt(root, ['spec', 'targetCPUUtilizationPercentage'], doc);
      if (v1) {
        const n = Number(scalarText(deref(v1.value, doc)));
        if (!Number.isFinite(n) || n < 1) {
          problems.push({
            pair: v1,
            message: `HorizontalPodAutoscaler ${object.name}: targetCPUUtilizationPercentage must be a whole number above 0; the API server rejects ${scalarText(deref(v1.value, doc)) ?? 'this value'}.`,
          });
        }
      }
      // autoscaling/v2beta1 spells targets as fields of the source (removed-api-version migrates them).
      if (object.apiVersion !== 'autoscaling/v2beta1') {
        for (const item of seqItems(pairAt(root, ['spec', 'metrics'], doc)?.value, doc)) {
          const problem = checkMetric(item, object.name, manifest.file, manifest.lines, doc);
          if (problem) problems.push(problem);
        }
      }
      for (const problem of problems) {
        const range = rangeOf(object, problem.pair);
        if (range)
          report({
            range,
            severity: problem.severity,
            message: problem.message,
            fixes: problem.fix ? [problem.fix] : undefined,
          });
      }
    }
  },
};

function checkMetric(
  item: unknown,
  hpaName: string,
  file: string,
  lines: LineIndex,
  doc: Document.Parsed,
): Problem | undefined {
  if (!isMap(item)) return undefined;
  const source = scalarText(deref(findPair(item, 'type')?.value, doc)) as SourceType | undefined;
  if (!source || !SOURCES.includes(source)) return undefined;
  const blockPair = findPair(item, source[0].toLowerCase() + source.slice(1));
  const block = deref(blockPair?.value, doc);
  if (!blockPair || !isMap(block)) return undefined;
  const targetPair = findPair(block, 'target');
  const subject = `${source} metric${metricLabel(source, block, doc)} of HorizontalPodAutoscaler ${hpaName}`;
  if (!targetPair) {
    // External/Object/Pods without a target are hpa-external-metric-incomplete's finding.
    if (source !== 'Resource' && source !== 'ContainerResource') return undefined;
    return {
      pair: blockPair,
      message: `${subject} has no target: the API server rejects the HPA. Add target: {type: Utilization, averageUtilization: <percent>}.`,
    };
  }
  const target = deref(targetPair.value, doc);
  if (!isMap(target)) {
    return {
      pair: targetPair,
      message: `${subject}: target must be a map with a type and a value; the API server rejects the HPA.`,
    };
  }
  const typePair = findPair(target, 'type');
  const type = scalarText(deref(typePair?.value, doc));
  const au = findPair(target, 'averageUtilization');
  const av = findPair(target, 'averageValue');
  const v = findPair(target, 'value');
  const present = { averageUtilization: au, averageValue: av, value: v };
  const supported = SUPPORTED[source];
  const supportedText = supported.join(' or ');
  const setType = (newType: string): Fix | undefined => {
    const edit = typePair
      ? replaceScalarEdit(file, lines, deref(typePair.value, doc), newType)
      : file.toLowerCase().endsWith('.json')
        ? undefined
        : insertPairEdit(file, lines, target, 'type', newType);
    return edit ? { title: `Set target type: ${newType}`, isPreferred: true, edits: [edit] } : undefined;
  };
  // The type that matches the only value written, when that type is supported here.
  const written = TYPES.filter((t) => present[FIELD_OF[t]]);
  const inferred = written.length === 1 && supported.includes(written[0]) ? written[0] : undefined;

  if (!typePair || type === undefined || type === '') {
    return {
      pair: typePair ?? targetPair,
      message: `${subject}: target has no type (${supportedText}); the API server rejects the HPA.`,
      fix: inferred ? setType(inferred) : undefined,
    };
  }
  if (!(TYPES as readonly string[]).includes(type)) {
    const known = TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    return {
      pair: typePair,
      message: `${subject}: target type ${type} is not one of Utilization, AverageValue or Value; the API server rejects the HPA.`,
      fix: known && supported.includes(known) ? setType(known) : undefined,
    };
  }
  if (!au && !av && !v) {
    return {
      pair: targetPair,
      message: `${subject}: target type ${type} has no value (${FIELD_OF[type as (typeof TYPES)[number]]}); the API server rejects the HPA.`,
    };
  }
  const resourceLike = source === 'Resource' || source === 'ContainerResource';
  if (au && av) {
    // Resource metrics: the API forbids both. Elsewhere averageUtilization means nothing and is ignored.
    const drop = type === 'AverageValue' || !resourceLike ? au : type === 'Utilization' ? av : undefined;
    const edit = drop && deletePairEdit(file, lines, target, drop);
    const dropName = drop === au ? 'averageUtilization' : 'averageValue';
    return {
      pair: drop ?? av,
      severity: resourceLike ? 'error' : 'warning',
      message: resourceLike
        ? `${subject} sets both averageUtilization and averageValue; the API server rejects the HPA (only one target value is allowed).`
        : `${subject} sets averageUtilization, which a ${source} metric does not have; the controller ignores it and scales on averageValue.`,
      fix: edit
        ? { title: `Remove ${dropName} (type: ${type} does not read it)`, isPreferred: true, edits: [edit] }
        : undefined,
    };
  }
  if (source === 'External' && v && av) {
    const drop = type === 'Value' ? av : type === 'AverageValue' ? v : undefined;
    const edit = drop && deletePairEdit(file, lines, target, drop);
    const dropName = drop === v ? 'value' : 'averageValue';
    return {
      pair: drop ?? av,
      message: `${subject} sets both value and averageValue; the API server rejects the HPA (an External target is one or the other).`,
      fix: edit
        ? { title: `Remove ${dropName} (type: ${type} does not read it)`, isPreferred: true, edits: [edit] }
        : undefined,
    };
  }
  const typed = type as (typeof TYPES)[number];
  const field = FIELD_OF[typed];
  if (!supported.includes(typed) || !present[field]) {
    const why = !supported.includes(typed)
      ? typed === 'Utilization'
        ? 'Utilization (a percentage of requests) exists only for Resource and ContainerResource metrics'
        : typed === 'Value'
          ? `a ${source} metric has no Value target (that would be a total across pods)`
          : `a ${source} metric has no ${typed} target`
      : `type ${type} reads ${field}, which is not set`;
    // What the API server accepts (validation.go) and what the controller then reads (horizontal.go):
    // Resource and External metrics by the field present, Pods always averageValue, Object by the type.
    const rejected = resourceLike ? !au && !av : source === 'Pods' ? !av : !v && !av;
    const controllerReads = resourceLike
      ? av
        ? 'averageValue'
        : 'averageUtilization'
      : source === 'Pods'
        ? 'averageValue'
        : source === 'External'
          ? av
            ? 'averageValue'
            : v
              ? 'value'
              : undefined
          : undefined;
    const consequence = rejected
      ? 'the API server rejects the HPA'
      : controllerReads
        ? `the controller ignores the type and scales on ${controllerReads}, so it works, but the target does not say what it does`
        : 'the controller reads Object targets by their type, finds no value for it and never scales on this metric';
    return {
      pair: typePair,
      severity: rejected || !controllerReads ? 'error' : 'warning',
      message: `${subject} has target type ${type}: ${why}; ${consequence}. Use ${inferred ? `type: ${inferred}` : supportedText}.`,
      fix: inferred ? setType(inferred) : undefined,
    };
  }
  const valuePair = present[field]!;
  const raw = scalarText(deref(valuePair.value, doc));
  if (field === 'averageUtilization') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      return {
        pair: valuePair,
        message: `${subject}: averageUtilization must be a whole percentage above 0 (got ${raw ?? 'nothing'}); the API server rejects the HPA.`,
      };
    }
  } else {
    const q = parseQuantity(raw);
    if (q === undefined || q <= 0) {
      return {
        pair: valuePair,
        message: `${subject}: ${field} must be a positive quantity (got ${raw ?? 'nothing'}); the API server rejects the HPA.`,
      };
    }
  }
  return undefined;
}

function metricLabel(source: SourceType, block: YAMLMap, doc: Document.Parsed): string {
  if (source === 'Resource' || source === 'ContainerResource') {
    const name = scalarText(deref(findPair(block, 'name')?.value, doc));
    return name ? ` ${name}` : '';
  }
  const metric = deref(findPair(block, 'metric')?.value, doc);
  const name = isMap(metric) ? scalarText(deref(findPair(metric, 'name')?.value, doc)) : undefined;
  return name ? ` ${name}` : '';
}
