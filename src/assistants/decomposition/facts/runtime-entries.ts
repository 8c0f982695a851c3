import type { ProcessEntry, UseCase } from '../model';

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

/** A declared process named for work in the background (`start-workers`, Procfile `cron:`, `worker.Dockerfile`). */
const BACKGROUND = /worker|cron|job|queue|consumer|scheduler|processor/i;

/**
 * The runtime roles of a monolith, the server first, from its use cases and the processes it declares
 * (package.json scripts, Procfile, Dockerfiles: process-entries.ts). A declared process named for background work
 * is a role of its own: it reaches what its entry calls, and the use cases declared in its entry file (a worker's
 * health route) or reached from it (the queue consumers it starts) are its own. Other declared processes (`start`,
 * `serve`, a Dockerfile's command, a command-line `bin`) start the server or a command and add no role. Without a
 * declared process, every HTTP route is served by the server and each file declaring queue consumers or jobs runs a
 * loop of its own. A background role reaching no file but its own entries (a browser's route-change listener, a
 * cron stub) starts no process worth deploying apart and is left out.
 */
export function runtimeRoles(useCases: readonly UseCase[], processes: readonly ProcessEntry[] = []): RuntimeRole[] {
  const server: RuntimeRole = { name: 'server', kind: 'server', entries: [], useCases: 0, reaches: new Set() };
  const declared = processes
    .filter((process) => BACKGROUND.test(process.name))
    .map((process): RuntimeRole => ({
      name: `process ${process.name}`,
      kind: 'worker',
      entries: [process.entry],
      useCases: 0,
      reaches: new Set(process.reaches),
    }));
  const declaredAt = new Map(declared.map((role) => [role.entries[0], role]));
  const workers = new Map<string, RuntimeRole>();
  for (const useCase of useCases) {
    // An event handler runs wherever the event is emitted (an in-process bus), not in a process of its own.
    if (useCase.kind === 'event-handler') continue;
    let role = declaredAt.get(useCase.file) ?? server;
    if (role === server && useCase.kind !== 'http-route') {
      role = workers.get(useCase.file) ?? {
        name: `worker ${useCase.name.replace(/^(?:queue|cron|job|event|topic|message) /, '')}`,
        kind: 'worker',
        entries: [useCase.file],
        useCases: 0,
        reaches: new Set(),
      };
      workers.set(useCase.file, role);
    } else if (role === server && !server.entries.includes(useCase.file)) server.entries.push(useCase.file);
    role.useCases++;
    role.reaches.add(useCase.file);
    for (const file of useCase.reaches) role.reaches.add(file);
  }
  // A worker file a declared process reaches runs in that process: one role.
  for (const [file, worker] of workers) {
    const process = declared.find((role) => role.reaches.has(file));
    if (!process) continue;
    workers.delete(file);
    process.entries.push(file);
    process.useCases += worker.useCases;
    for (const reached of worker.reaches) process.reaches.add(reached);
  }
  const background = [...declared, ...workers.values()].filter((role) =>
    [...role.reaches].some((f) => !role.entries.includes(f)),
  );
  return [...(server.useCases > 0 ? [server] : []), ...background.sort((a, b) => (a.name < b.name ? -1 : 1))];
}
