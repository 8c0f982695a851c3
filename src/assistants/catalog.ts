import type { Assistant } from '../core/assistant';
import type { FactKind, FactProviders } from '../core/facts';
import type { AssistantId } from '../core/finding';
import type { DecompositionEngine } from './decomposition/contract';
import type { ReactRenderReport } from './react/contract';
import type { SqlAdviceReport } from './sql/contract';
import type { importCosts as ReactImportCosts, measureFileImports as MeasureFileImports } from './react/index';
import type { loadParsers } from './sql/parsers';

/**
 * Each assistant's measured-advice report, as its `contract.ts` declares it (`never`: no `advise` yet). The
 * editor and the CLI get typed reports from `loadAssistant(id)` and render them with the assistant's presenter.
 */
export interface AdviceReports {
  sql: SqlAdviceReport;
  k8s: never;
  react: ReactRenderReport;
  decomposition: never;
}

/**
 * What the editor and the CLI know about each assistant before loading it: cheap metadata only.
 * `load()` pulls in the engine (parsers, WASM) on first use; the build turns each engine into its own
 * chunk so activation and `--help` never pay for it.
 */
export interface AssistantDescriptor<Id extends AssistantId = AssistantId> {
  id: Id;
  /** Shown as the diagnostics' `source` and in messages. */
  displayName: string;
  /** Editor language ids this assistant analyses. */
  languageIds: readonly string[];
  /** File names the CLI's walk hands to this assistant. */
  filePattern: RegExp;
  /** False until its issue lands: commands say so plainly instead of pretending. */
  available: boolean;
  /** Set for an assistant that plans a whole folder rather than reviewing files: the CLI command that runs it. */
  folderCommand?: string;
  load(): Promise<Assistant<AdviceReports[Id]>>;
}

/** One descriptor per assistant, each typed by its own id. */
type AnyDescriptor = { [Id in AssistantId]: AssistantDescriptor<Id> }[AssistantId];

export const ASSISTANTS: readonly AnyDescriptor[] = [
  {
    id: 'k8s',
    displayName: 'HPA reviewer',
    languageIds: ['yaml', 'json'],
    filePattern: /\.(ya?ml|json)$/i,
    available: true,
    load: async () => (await import('./k8s/index')).k8sAssistant,
  },
  {
    id: 'sql',
    displayName: 'query optimizer',
    // SQL files, and SQL embedded in scripts and Go sources (one without SQL is skipped by a cheap text check).
    languageIds: ['sql', 'typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'go'],
    filePattern: /\.(sql|psql|pgsql|ts|tsx|mts|cts|js|jsx|mjs|cjs|go)$/i,
    available: true,
    load: async () => (await import('./sql/index')).sqlAssistant,
  },
  {
    id: 'react',
    displayName: 'frontend optimizer',
    languageIds: ['typescriptreact', 'javascriptreact', 'typescript', 'javascript'],
    filePattern: /\.(tsx|jsx|ts|js|mts|cts|mjs|cjs)$/i,
    available: true,
    load: async () => (await import('./react/index')).reactAssistant,
  },
  {
    id: 'decomposition',
    displayName: 'decomposition planner',
    // It plans a folder, not a document: no language, no file routed to it; its engine is loadDecompositionPlanner().
    languageIds: [],
    filePattern: /$^/,
    available: true,
    folderCommand: 'decompose',
    load: async () => (await import('./decomposition/index')).decompositionAssistant,
  },
];

/**
 * A file glob covering every available assistant's files, for the editor's workspace index. Derived from
 * the `filePattern`s (which are all of the form `\.(ext|ext…)$`), so adding an assistant needs no edit here.
 */
export function workspaceGlob(): string {
  const extensions = new Set<string>();
  for (const assistant of ASSISTANTS) {
    if (!assistant.available) continue;
    const group = /\\\.\(([\w|?]+)\)\$/.exec(assistant.filePattern.source)?.[1];
    for (const alternative of group?.split('|') ?? []) {
      // `ya?ml` → yaml and yml.
      if (alternative.includes('?')) {
        const [before, after] = alternative.split('?');
        extensions.add(before + after);
        extensions.add(before.slice(0, -1) + after);
      } else extensions.add(alternative);
    }
  }
  return `**/*.{${[...extensions].sort().join(',')}}`;
}

export function descriptorFor<Id extends AssistantId>(id: Id): AssistantDescriptor<Id> {
  const found = ASSISTANTS.find((a) => a.id === id);
  if (!found) throw new Error(`unknown assistant: ${id}`);
  return found as AssistantDescriptor<Id>;
}

/** Assistants that analyse a file of this name (the CLI's routing; the editor routes by language id). */
export function assistantsForFile(file: string): AssistantDescriptor[] {
  return ASSISTANTS.filter((a) => a.available && a.filePattern.test(file));
}

let decomposition: Promise<DecompositionEngine> | undefined;

/**
 * The decomposition planner's engine (its own chunk, dist/assistants/decomposition.js): the planner factory over a
 * folder (reading SQL through the query optimizer's table-access facts unless told otherwise) and the plan's
 * renderings. Loaded once per process; a failed load is retried next time.
 */
export function loadDecompositionPlanner(): Promise<DecompositionEngine> {
  if (!decomposition) {
    decomposition = import('./decomposition/index').then(({ decompositionEngine: engine }) => ({
      ...engine,
      // SQL's tables come from the query optimizer's facts, which only the catalog may hand over.
      createPlanner: (workspace, root, options = {}) =>
        engine.createPlanner(workspace, root, { tableAccess: () => factsProvider('table-access'), ...options }),
    }));
    decomposition.catch(() => (decomposition = undefined));
  }
  return decomposition;
}

const loaded = new Map<AssistantId, Promise<Assistant<unknown>>>();

/**
 * Releases what loaded engines hold outside the process's heap (the SQL sandbox's worker, server
 * connections); engines never loaded are not loaded for it.
 */
export async function disposeLoadedAssistants(): Promise<void> {
  const engines = await Promise.allSettled([...loaded.values()]);
  await Promise.allSettled(engines.map((e) => (e.status === 'fulfilled' ? e.value.dispose?.() : undefined)));
}

/** Loads an engine once per process; a failed load is retried next time rather than cached. */
export function loadAssistant<Id extends AssistantId>(id: Id): Promise<Assistant<AdviceReports[Id]>> {
  let promise = loaded.get(id) as Promise<Assistant<AdviceReports[Id]>> | undefined;
  if (!promise) {
    promise = descriptorFor(id).load();
    promise.catch(() => loaded.delete(id));
    loaded.set(id, promise);
  }
  return promise;
}

// ---- Facts assistants offer each other (core/facts.ts) ------------------------------------------------
// The only place that knows which assistant offers which kind: a consumer (the decomposition planner) asks
// for a kind and never imports the assistant. Loaded through the engine's own chunk (`./<name>/index`), so
// asking costs what analysing a document of that assistant costs, and nothing before.

const FACT_PROVIDERS: { readonly [K in FactKind]: () => Promise<FactProviders[K]> } = {
  'table-access': async () => (await import('./sql/index')).sqlFacts['table-access'],
  'peak-cost': async () => (await import('./k8s/index')).peakCostProvider,
};

/** The provider of a kind of fact, with the assistant that offers it loaded. */
export function factsProvider<K extends FactKind>(kind: K): Promise<FactProviders[K]> {
  return FACT_PROVIDERS[kind]();
}

/**
 * The frontend optimizer's import costs (the editor's decorations), from its chunk: the measurer the findings
 * use, and the measurement of a file's package imports.
 */
export async function loadImportCosts(): Promise<{
  importCosts: typeof ReactImportCosts;
  measureFileImports: typeof MeasureFileImports;
}> {
  const { importCosts, measureFileImports } = await import('./react/index');
  return { importCosts, measureFileImports };
}

/**
 * The TypeScript compiler and the PostgreSQL parser, from the query optimizer's chunk (where they live anyway):
 * the AI layer's structural redaction reads with them and so carries no parser of its own.
 */
export async function loadSharedParsers(): ReturnType<typeof loadParsers> {
  return (await import('./sql/index')).loadParsers();
}
