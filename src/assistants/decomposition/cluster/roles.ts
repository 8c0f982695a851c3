import type { RuntimeRole } from '../facts/runtime-entries';
import type { FusedGraph } from './fused-graph';
import { tiesOf } from './fused-graph';
import { asymptoticSurprise } from './granularity';
import { slug } from './naming';

/** The group of files reached from more than one role: code every process needs, a library of theirs. */
export const BY_SEVERAL_ROLES = '(several roles)';

export interface RolePartition {
  /** Each file of the graph: a role's name, or BY_SEVERAL_ROLES. */
  assignment: Map<string, string>;
  /** Files some role reaches (the rest were placed by their ties). */
  reached: number;
}

/**
 * Files split by the processes that run them: a file reached from one role only belongs to it, one reached from
 * several to the code they share. A file no use case reaches (a module declaration, a DTO, an entity) takes the
 * label its ties lean to, spreading outwards from the reached files a ring at a time, each ring reading the labels
 * of the rings before it; a file tied to nothing labelled joins the role with the most files.
 */
export function rolePartition(graph: FusedGraph, roles: readonly RuntimeRole[]): RolePartition {
  const assignment = new Map<string, string>();
  for (const file of graph.files) {
    const of = roles.filter((role) => role.reaches.has(file));
    if (of.length === 1) assignment.set(file, of[0].name);
    else if (of.length > 1) assignment.set(file, BY_SEVERAL_ROLES);
  }
  const reached = assignment.size;
  const ties = tiesOf(graph);
  for (;;) {
    const ring = new Map<string, string>();
    for (const file of graph.files) {
      if (assignment.has(file)) continue;
      const weights = new Map<string, number>();
      for (const [other, weight] of ties.get(file) ?? []) {
        const label = assignment.get(other);
        if (label !== undefined) weights.set(label, (weights.get(label) ?? 0) + weight);
      }
      const best = [...weights].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0];
      if (best) ring.set(file, best[0]);
    }
    if (ring.size === 0) break;
    for (const [file, label] of ring) assignment.set(file, label);
  }
  const sizes = new Map<string, number>();
  for (const label of assignment.values()) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  const largest =
    roles.map((role) => role.name).sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0) || (a < b ? -1 : 1))[0] ??
    BY_SEVERAL_ROLES;
  for (const file of graph.files) if (!assignment.has(file)) assignment.set(file, largest);
  return { assignment, reached };
}

/** The runtime roles' verdict against the domain partition, with the sentence the plan prints. */
export interface RoleChoice {
  /** Set when the role split is proposed instead of the domain services. */
  partition?: RolePartition;
  roles: RuntimeRole[];
  surprise: number;
  note: string;
}

/**
 * Whether the services should follow the processes rather than the domains. A monolith that already runs more than
 * one process (a server and a queue worker) has a boundary it deploys today; it is the first cut when both hold:
 * - a background role has code of its own: a file beyond its entries that no other role reaches (a cron stub
 *   calling one helper the server also uses is no process worth deploying apart); a role without any still counts
 *   for what is shared, since the code it runs must reach it wherever it is deployed, and
 * - the processes are more than one program started in several ways: the files several roles reach (the shared
 *   library the split would make) are no more than the files of the largest role, and
 * - the code divides along the roles: more tie weight falls inside them than their sizes would hold by chance
 *   (asymptotic surprise above 0, the measure the domain partition's resolution is chosen by). Roles that hold
 *   nearly every file in one of them, ties spread as chance would spread them, are no structure.
 * Otherwise the domain partition stands, and the note says which test the roles failed.
 */
export function chooseRoles(graph: FusedGraph, roles: readonly RuntimeRole[]): RoleChoice | undefined {
  if (roles.length < 2 || !roles.some((role) => role.kind === 'worker')) return undefined;
  const listed = roles.map((role) => `${role.name} (${role.useCases} use case${role.useCases === 1 ? '' : 's'})`);
  const own = (role: RuntimeRole) =>
    [...role.reaches].filter((f) => !role.entries.includes(f) && roles.every((r) => r === role || !r.reaches.has(f)))
      .length;
  const owning = roles.filter((role) => role.kind === 'worker' && own(role) > 0);
  const found = `runtime roles found: ${listed.join(', ')}`;
  if (owning.length === 0)
    return {
      roles: [...roles],
      surprise: 0,
      note: `${found}; kept the domain services: no background role has code of its own (each reaches only files another role reaches too)`,
    };
  const partition = rolePartition(graph, roles);
  const byLabel = new Map<string, string[]>();
  for (const [file, label] of partition.assignment) {
    const files = byLabel.get(label);
    if (files) files.push(file);
    else byLabel.set(label, [file]);
  }
  const surprise = asymptoticSurprise(graph, [...byLabel.values()]);
  const sizes = [...byLabel]
    .map(([label, files]) => `${label === BY_SEVERAL_ROLES ? 'shared' : label} ${files.length}`)
    .join(', ');
  const largestRole = Math.max(
    ...[...byLabel].filter(([label]) => label !== BY_SEVERAL_ROLES).map(([, files]) => files.length),
  );
  const shared = byLabel.get(BY_SEVERAL_ROLES)?.length ?? 0;
  if (shared > largestRole)
    return {
      roles: [...roles],
      surprise,
      note: `${found}; kept the domain services: most of the code runs in several processes (${sizes} files), the same program started in several ways rather than processes with code of their own`,
    };
  if (surprise <= 0)
    return {
      roles: [...roles],
      surprise,
      note: `${found}; kept the domain services: the code does not divide along the roles (${sizes} files; no more ties inside them than chance)`,
    };
  return {
    partition,
    roles: [...roles],
    surprise,
    note:
      `${found}; split by runtime role (${sizes} files; ${partition.reached} reached by the roles' use cases, the rest placed by their ties): ` +
      `the monolith already runs these processes apart, a background role has code of its own and the ties fall inside the roles ` +
      `more than chance (surprise ${surprise.toFixed(0)}), so the roles are the first cut; files reached from several roles are the shared library` +
      '',
  };
}

/** A role's service name: `server`, or the worker's file (`workflow.queue.service.ts` → `workflow-queue-worker`). */
export function roleServiceName(role: RuntimeRole): string {
  if (role.kind === 'server') return 'server';
  const declared = /^process ([^,]+)/.exec(role.name);
  const script = declared && slug(declared[1].replace(/^(?:start|serve)(?:[:_-]|$)/i, ''));
  if (script) return /worker|cron|job|queue|consumer|scheduler/.test(script) ? script : `${script}-worker`;
  const base = slug(
    (role.entries[0] ?? role.name)
      .split('/')
      .pop()!
      .replace(/\.[cm]?[jt]sx?$/, '')
      .replace(/[.-](?:service|processor|consumer|handler)$/i, ''),
  );
  return /worker/.test(base) ? base : `${base}-worker`;
}
