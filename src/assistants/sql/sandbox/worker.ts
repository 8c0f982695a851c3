import { parentPort } from 'node:worker_threads';
import { SandboxDatabase } from './database';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './protocol';
import type { LoadReport } from './schema-spec';

/**
 * The sandbox worker thread (built as dist/assistants/sql-sandbox.js): owns one PGlite, keeps it warm
 * between requests, and reloads only when the schema or row settings (the fingerprint) change. Requests
 * are answered one at a time; the client never sends a second before the first is answered.
 */

let database: Promise<SandboxDatabase> | undefined;
let loaded: { fingerprint: string; report: LoadReport } | undefined;

function db(): Promise<SandboxDatabase> {
  if (!database) {
    database = SandboxDatabase.start();
    database.catch(() => (database = undefined));
  }
  return database;
}

/** The database, when it holds the load the request was made for. */
async function loadedDb(fingerprint: string): Promise<SandboxDatabase> {
  if (loaded?.fingerprint !== fingerprint) {
    const error = new Error('the sandbox holds another schema or row setting: load first');
    error.name = 'NotLoaded';
    throw error;
  }
  return db();
}

async function handle(request: WorkerRequest, progress: (message: string) => void): Promise<WorkerResult> {
  switch (request.op) {
    case 'load': {
      if (loaded?.fingerprint === request.fingerprint) return { ...loaded.report, reused: true };
      if (!database) progress('starting PGlite');
      const sandbox = await db();
      if (loaded) await sandbox.reset();
      loaded = undefined;
      const report = await sandbox.load(request.schema, request.settings, progress);
      loaded = { fingerprint: request.fingerprint, report };
      return report;
    }
    case 'explain':
      return (await loadedDb(request.fingerprint)).explain(request.sql, request.request);
    case 'explainWithIndexes':
      return (await loadedDb(request.fingerprint)).explainWithIndexes(request.indexes, request.sql, request.request);
    case 'rows':
      return (await loadedDb(request.fingerprint)).rows(request.sql, request.request);
    case 'query':
      return (await db()).query(request.sql, request.params);
    case 'crash':
      setImmediate(() => {
        throw new Error('sandbox worker crash requested (test hook)');
      });
      return new Promise(() => undefined);
  }
}

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    const send = (response: WorkerResponse) => port.postMessage(response);
    handle(request, (message) => send({ id: request.id, progress: message })).then(
      (result) => send({ id: request.id, ok: true, result }),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        send({ id: request.id, ok: false, error: { name: e.name, message: e.message } });
      },
    );
  });
}
