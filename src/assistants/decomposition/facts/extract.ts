import type { TableAccessProvider } from '../../../core/facts';
import type { AnalysisError } from '../../../core/finding';
import type { ModuleGraph, ModuleNode } from '../../../core/module-graph';
import { MODULE_FILE } from '../../../core/module-graph';
import { loadTypeScript } from '../../../core/module-graph/typescript';
import type { Workspace, WorkspaceFile } from '../../../core/workspace';
import type { CallSite, DataAccess, ProcessEntry, TransactionFact, UseCase } from '../model';
import { extractCalls } from './calls';
import { extractDataAccess } from './data-access';
import type { LocatedAccess } from './data-access';
import { FactsIndex } from './facts-index';
import { LinkCache } from './link-cache';
import { isUnder } from './folder-paths';
import type { ScannedFile } from './facts-index';
import { scanFile } from './file-scan';
import { lineStartsOf } from './lines';
import { prismaModels } from './prisma-schema';
import type { SqlTables } from './sql-tables';
import { SQL_ONLY_FILE, sqlTablesOf } from './sql-tables';
import { extractTransactions } from './transactions';
import { extractUseCases } from './use-cases';
import { PROCESS_FILE, declaredProcesses } from './process-entries';
import { WHOLE_FILE } from './facts-index';
import { filesOf } from './reach';

export interface ExtractedFacts {
  data: DataAccess[];
  transactions: TransactionFact[];
  useCases: UseCase[];
  calls: CallSite[];
  processes: ProcessEntry[];
  /** Files of the folder that only declare types, constants or schemas (file-scan.ts `declarationsOnly`). */
  declarations: string[];
  errors: AnalysisError[];
}

/** What each file said, by stamp: a save scans and asks the SQL parser about that one file again. */
interface FactsCache {
  scanned: Map<string, ScannedFile>;
  sql: Map<string, { stamp: string; tables: SqlTables }>;
  prisma: Map<string, { stamp: string; models: Map<string, string> }>;
  /** package.json, Procfile and Dockerfile texts, by stamp: a save of a source file reads none of them again. */
  processFiles: Map<string, { stamp: string; text: string }>;
  links: LinkCache;
  /** Kept from the first gather, so a refresh that is not handed it again still reads SQL. */
  tableAccess?: () => Promise<TableAccessProvider>;
}

/** One cache per graph: `refreshFacts` keeps the graph, and with it what was read before. */
const caches = new WeakMap<ModuleGraph, FactsCache>();

const PRISMA_FILE = /\.prisma$/;
const IN_NODE_MODULES = /(?:^|[\\/])node_modules[\\/]/;
/** Migrations are the schema's history, run once: their backfills say nothing of which code owns a table. */
const MIGRATIONS = /(?:^|[\\/])migrations?[\\/]/;

/**
 * The data, transactions, use cases and calls of the folder's `files`. Each file is scanned once per stamp
 * (file-scan.ts); the folder's files with SQL in them are asked of the query optimizer's facts; files outside
 * the folder are scanned only when the folder imports from them (an entity, a router declared elsewhere).
 * Linking the scans through the module graph is redone each time: it is cheap, and what a file's names mean
 * changes when another file does.
 */
export async function extractFacts(
  graph: ModuleGraph,
  workspace: Workspace,
  root: string,
  files: readonly string[],
  options: { tableAccess?: () => Promise<TableAccessProvider>; signal?: AbortSignal } = {},
): Promise<ExtractedFacts> {
  const { signal } = options;
  let cache = caches.get(graph);
  if (!cache)
    caches.set(
      graph,
      (cache = {
        scanned: new Map(),
        sql: new Map(),
        prisma: new Map(),
        processFiles: new Map(),
        links: new LinkCache(),
      }),
    );
  cache.tableAccess = options.tableAccess ?? cache.tableAccess;
  const loadTableAccess = cache.tableAccess;
  const errors: AnalysisError[] = [];
  const ts = await loadTypeScript();
  const entries = new Map((await workspace.files(MODULE_FILE)).map((entry) => [entry.file, entry]));
  const inFolder = new Set(files);

  const rescanned = new Set<string>();
  const wanted = new Set(files);
  for (const file of files) for (const other of importedFiles(graph, file)) wanted.add(other);

  let provider: TableAccessProvider | undefined;
  let providerFailed = false;
  const tablesOf = async (file: string, stamp: string, text: string, lines: number[]) => {
    const cached = cache.sql.get(file);
    if (cached?.stamp === stamp) return;
    if (!loadTableAccess) return;
    if (!provider && !providerFailed)
      provider = await loadTableAccess().catch((error: unknown) => {
        providerFailed = true;
        errors.push({
          file: root || file,
          kind: 'internal',
          message: `SQL table access not read: ${messageOf(error)}`,
        });
        return undefined;
      });
    if (!provider || !provider.files.test(file)) return;
    const tables = await sqlTablesOf(provider, file, text, lines).catch((error: unknown): SqlTables => ({
      accesses: [],
      transactions: [],
      errors: [{ file, kind: 'internal', message: `SQL table access not read: ${messageOf(error)}` }],
    }));
    cache.sql.set(file, { stamp, tables });
  };

  for (const file of wanted) {
    signal?.throwIfAborted();
    const entry = entries.get(file);
    if (!entry || /\.d\.[cm]?ts$/.test(file)) continue;
    const cached = cache.scanned.get(file);
    const sqlStale =
      loadTableAccess !== undefined &&
      inFolder.has(file) &&
      cached?.scan.mightHoldSql &&
      cache.sql.get(file)?.stamp !== entry.stamp;
    if (cached?.stamp === entry.stamp && !sqlStale) continue;
    const text = await readText(entry, graph, errors);
    if (text === undefined) {
      if (cache.scanned.delete(file)) rescanned.add(file);
      continue;
    }
    let scanned = cached?.stamp === entry.stamp ? cached : undefined;
    if (!scanned) {
      try {
        scanned = { file, stamp: entry.stamp, scan: scanFile(ts, file, text), lines: lineStartsOf(text) };
      } catch (error) {
        errors.push({ file, kind: 'parse', message: `not read for the decomposition facts: ${messageOf(error)}` });
        if (cache.scanned.delete(file)) rescanned.add(file);
        continue;
      }
      cache.scanned.set(file, scanned);
      rescanned.add(file);
    }
    if (inFolder.has(file) && scanned.scan.mightHoldSql) await tablesOf(file, entry.stamp, text, scanned.lines);
  }
  for (const file of [...cache.scanned.keys()])
    if (!wanted.has(file) || !entries.has(file)) {
      cache.scanned.delete(file);
      rescanned.add(file);
    }

  const sqlFiles = (loadTableAccess ? await workspace.files(SQL_ONLY_FILE) : []).filter(
    (entry) =>
      isUnder(entry.file, root.replace(/\\/g, '/').replace(/\/+$/, '')) &&
      !IN_NODE_MODULES.test(entry.file) &&
      !MIGRATIONS.test(entry.file),
  );
  for (const entry of sqlFiles) {
    signal?.throwIfAborted();
    if (cache.sql.get(entry.file)?.stamp === entry.stamp) continue;
    const text = await readText(entry, graph, errors);
    if (text !== undefined) await tablesOf(entry.file, entry.stamp, text, lineStartsOf(text));
  }
  const stamps = new Map(sqlFiles.map((entry) => [entry.file, entry.stamp]));
  for (const file of files) if (cache.scanned.get(file)?.scan.mightHoldSql) stamps.set(file, entries.get(file)!.stamp);
  const sql = new Map<string, SqlTables>();
  for (const [file, { stamp, tables }] of [...cache.sql]) {
    if (stamps.get(file) === stamp) sql.set(file, tables);
    else cache.sql.delete(file);
  }

  const prisma = await prismaSchemas(workspace, cache, errors, graph);
  cache.links.sync(graph, rescanned);
  const index = new FactsIndex(graph, cache.scanned, cache.links);
  const accesses = extractDataAccess(index, files, prisma, sql);
  const transactions = extractTransactions(index, files, accesses, sql);
  for (const tables of sql.values()) errors.push(...tables.errors);
  return {
    data: accesses.map(({ span: _span, ...access }: LocatedAccess) => access),
    transactions,
    useCases: extractUseCases(index, files),
    calls: extractCalls(index, files),
    processes: await processEntries(workspace, root, files, index, cache.processFiles, errors),
    declarations: files.filter((file) => cache.scanned.get(file)?.scan.declarationsOnly),
    errors,
  };
}

const imported = new WeakMap<ModuleNode, string[]>();

/** The files a file imports from and the files that define what it imports (past barrels), by graph node. */
function importedFiles(graph: ModuleGraph, file: string): string[] {
  const node = graph.module(file);
  if (!node) return [];
  let files = imported.get(node);
  if (!files) {
    const set = new Set<string>();
    for (const reference of node.references) {
      if (!reference.target || reference.external) continue;
      set.add(reference.target);
      for (const name of reference.names) {
        const origin = graph.resolveExport(reference.target, name.name);
        if (origin && !origin.unresolved) set.add(origin.file);
      }
    }
    imported.set(node, (files = [...set]));
  }
  return files;
}

async function prismaSchemas(
  workspace: Workspace,
  cache: FactsCache,
  errors: AnalysisError[],
  graph: ModuleGraph,
): Promise<Map<string, string>> {
  const entries = (await workspace.files(PRISMA_FILE)).filter((entry) => !IN_NODE_MODULES.test(entry.file));
  const merged = new Map<string, string>();
  for (const entry of entries) {
    let cached = cache.prisma.get(entry.file);
    if (cached?.stamp !== entry.stamp) {
      const text = await readText(entry, graph, errors);
      cached = { stamp: entry.stamp, models: text === undefined ? new Map() : prismaModels(text) };
      cache.prisma.set(entry.file, cached);
    }
    for (const [delegate, table] of cached.models) merged.set(delegate, table);
  }
  const present = new Set(entries.map((entry) => entry.file));
  for (const file of [...cache.prisma.keys()]) if (!present.has(file)) cache.prisma.delete(file);
  return merged;
}

/** The processes the folder's package.json files, Procfiles and Dockerfiles start, with what each entry reaches. */
async function processEntries(
  workspace: Workspace,
  root: string,
  files: readonly string[],
  index: FactsIndex,
  cached: Map<string, { stamp: string; text: string }>,
  errors: AnalysisError[],
): Promise<ProcessEntry[]> {
  const prefix = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const texts: { file: string; text: string }[] = [];
  const listed = new Set<string>();
  for (const entry of await workspace.files(PROCESS_FILE)) {
    if (!isUnder(entry.file, prefix) || IN_NODE_MODULES.test(entry.file)) continue;
    listed.add(entry.file);
    const known = cached.get(entry.file);
    const text = known?.stamp === entry.stamp ? known.text : await entry.read().catch(() => undefined);
    if (text === undefined) cached.delete(entry.file);
    else {
      cached.set(entry.file, { stamp: entry.stamp, text });
      texts.push({ file: entry.file, text });
    }
  }
  for (const file of [...cached.keys()]) if (!listed.has(file)) cached.delete(file);
  const declared = declaredProcesses(texts, root, files);
  for (const { file, message } of declared.errors) errors.push({ file, kind: 'parse', message });
  return declared.processes.map((process) => ({
    ...process,
    reaches: filesOf(index.reach(process.entry, WHOLE_FILE)),
  }));
}

/** The file's text; a module the graph could not read already carries that error, so it is not said twice. */
async function readText(
  entry: WorkspaceFile,
  graph: ModuleGraph,
  errors: AnalysisError[],
): Promise<string | undefined> {
  const text = await entry.read().catch(() => undefined);
  if (text === undefined && !graph.module(entry.file)?.error)
    errors.push({ file: entry.file, kind: 'read', message: 'could not be read' });
  return text;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
