import type { UseCase } from '../model';

/** What a process started from the monolith does: serve requests, or work in the background. */
export type RoleKind = 'server' | 'worker';

/**
 * A runtime role: one kind of process the monolith runs, known by the ways into the code it serves. Every HTTP
 * route is served by the server (one listening process, however many controllers); each file declaring queue
 * consumers or scheduled jobs runs a loop of its own (a BullMQ worker, a cron scheduler), which a deployment can
 * start apart from the server. Event handlers are no role: they run in the process that emits the event.
 */
export interface RuntimeRole {
  name: string;
  kind: RoleKind;
  /** The files declaring the role's ways in (controllers, the worker's class). */
  entries: string[];
  /** How many use cases it runs. */
  useCases: number;
  /** Every file its use cases reach, the entries included. */
  reaches: Set<string>;
}

/**
 * The runtime roles of a monolith, from its use cases, the server first. A background file whose use cases
 * reach no file but itself (a browser's route-change listener, a cron stub) starts no process worth
 * deploying apart and is left out.
 */
export function runtimeRoles(useCases: readonly UseCase[]): RuntimeRole[] {
  const server: RuntimeRole = { name: 'server', kind: 'server', entries: [], useCases: 0, reaches: new Set() };
  const workers = new Map<string, RuntimeRole>();
  for (const useCase of useCases) {
    // An event handler runs wherever the event is emitted (an in-process bus), not in a process of its own.
    if (useCase.kind === 'event-handler') continue;
    let role = server;
    if (useCase.kind !== 'http-route') {
      role = workers.get(useCase.file) ?? {
        name: `worker ${useCase.name.replace(/^(?:queue|cron|job|event|topic|message) /, '')}`,
        kind: 'worker',
        entries: [useCase.file],
        useCases: 0,
        reaches: new Set(),
      };
      workers.set(useCase.file, role);
    } else if (!server.entries.includes(useCase.file)) server.entries.push(useCase.file);
    role.useCases++;
    role.reaches.add(useCase.file);
    for (const file of useCase.reaches) role.reaches.add(file);
  }
  const background = [...workers.values()].filter((role) => [...role.reaches].some((f) => !role.entries.includes(f)));
  return [...(server.useCases > 0 ? [server] : []), ...background.sort((a, b) => (a.name < b.name ? -1 : 1))];
}
