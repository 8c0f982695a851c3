import type { AnalysisError } from '../../../core/finding';
import { loadTypeScript } from '../../../core/module-graph/typescript';
import type { Workspace } from '../../../core/workspace';
import type { ChattyPair, ContractOperation, DecompositionFacts, ServiceContract } from '../model';
import type * as TS from 'typescript';
import { crossingCandidates } from './candidates';
import type { Candidates } from './candidates';
import { mentionOf } from './edit-reach';
import { ContractMemory, seenWithoutImport, synthesisInputs } from './memory';
import type { Scope, SynthesisInputs } from './memory';
import { chattyPairs } from './chatty';
import { openapiDocument } from './openapi';
import { declaredNames } from './names';
import { installedStamp } from './package-types';
import { contractOptions, contractProgram, readContractTexts } from './program';
import type { ContractProgram } from './program';
import { OUTSIDE, OUTSIDE_EXPLAINED, ShapeReader } from './shapes';
import { signatureOf } from './signature';
import type { TypedSignature } from './signature';
import { sitesIn } from './sites';
import { countedSite } from './sites';
import type { CountedSite, Site, Target } from './sites';
import { remoteSignature, typeText, typescriptModule } from './typescript-module';
import type { OperationShape } from './typescript-module';

export { chattyThresholds, MIN_CHATTY_OPERATIONS, MIN_CHATTY_SITES } from './chatty';
export { crossingCandidates, TYPE_IMPORT_DEPTH } from './candidates';
export { MAX_TYPE_DEPTH } from './shapes';
export { ContractMemory } from './memory';

export interface ContractOptions {
  signal?: AbortSignal;
  /** Kept by the caller between syntheses over the same folder: after a save, only what it can change is typed. */
  memory?: ContractMemory;
}

export interface ContractsResult {
  contracts: ServiceContract[];
  chatty: ChattyPair[];
  errors: AnalysisError[];
}

/**
 * The contracts the proposed services must offer each other, from the real call sites that cross a boundary
 * (`assignment`: workspace file → service), typed with the TypeScript checker over only the files involved.
 * One contract per service that others call; chatty pairs beside. A file that cannot be read is an error of
 * the result and the rest is still synthesised. Throws the signal's reason when cancelled. With a memory, a
 * synthesis whose files, callers and services are those of the last one reuses what no edited file can change
 * (memory.ts).
 */
export async function synthesizeContracts(
  workspace: Workspace,
  facts: DecompositionFacts,
  assignment: ReadonlyMap<string, string>,
  options: ContractOptions = {},
): Promise<ContractsResult> {
  const { signal, memory } = options;
  signal?.throwIfAborted();
  const candidates = crossingCandidates(facts.graph, assignment, facts.calls);
  if (candidates.callers.length === 0) {
    memory?.forget();
    return { contracts: [], chatty: [], errors: [] };
  }
  const ts = await loadTypeScript();
  const compilerOptions = await contractOptions(ts, workspace, facts.root);
  signal?.throwIfAborted();
  const located = [...candidates.files].flatMap((file) => workspace.locate?.(file) ?? []);
  const installed = installedStamp(ts, located);
  const inputs = synthesisInputs(facts.graph, facts.root, assignment, candidates, compilerOptions, installed);
  const kept = memory?.unchanged(inputs);
  if (kept) return kept;
  const run = { ts, workspace, facts, assignment, candidates, inputs, compilerOptions, signal };
  const scope = memory?.scope(inputs);
  const partial = scope && (await synthesize(run, memory ?? new ContractMemory(), scope));
  return partial ?? (await synthesize(run, memory ?? new ContractMemory()))!;
}

interface Run {
  ts: typeof TS;
  workspace: Workspace;
  facts: DecompositionFacts;
  assignment: ReadonlyMap<string, string>;
  candidates: Candidates;
  inputs: SynthesisInputs;
  compilerOptions: TS.CompilerOptions;
  signal?: AbortSignal;
}

/**
 * One synthesis: everything, or only the scope's callers and services over a program of what they import (the
 * rest from the memory). Undefined when the scope turns out not to hold what the edit changed (an edited file
 * now seen without an import): the caller then synthesises everything.
 */
async function synthesize(run: Run, memory: ContractMemory, scope?: Scope): Promise<ContractsResult | undefined> {
  const { ts, workspace, facts, assignment, candidates, signal } = run;
  const read = await readContractTexts(workspace, run.compilerOptions, candidates.files, signal);
  const textOf = (file: string) => read.texts.get(read.internal.get(file) ?? '');
  if (scope) memory.reach(ts, scope, facts.graph, textOf);
  for (;;) {
    // No caller to read again: no program either, the edited files' names are read from their syntax alone.
    const roots = scope && new Set([...scope.callers, ...scope.roots]);
    const built =
      scope?.callers.size === 0 ? undefined : contractProgram(ts, facts.graph, read, candidates.files, roots);
    const sourceOf = (file: string): TS.SourceFile | undefined => {
      const path = read.internal.get(file);
      if (path === undefined) return undefined;
      if (built) return built.program.getSourceFile(path);
      return scope?.roots.has(file)
        ? ts.createSourceFile(path, read.texts.get(path)!, ts.ScriptTarget.Latest, true)
        : undefined;
    };
    const errors: AnalysisError[] = read.unreadable.map(({ file, message }) => ({ file, message, kind: 'read' }));
    const names = new Map<string, ReadonlySet<string>>();
    const global = new Set<string>();
    const changedNames = new Set<string>();
    for (const file of candidates.files) {
      const source = sourceOf(file);
      const previous = memory.previousNames(file);
      if (!source) {
        if (previous) names.set(file, previous);
        if (memory.isGlobal(file)) global.add(file);
        continue;
      }
      const own = declaredNames(ts, source);
      names.set(file, own);
      if (seenWithoutImport(ts, source)) global.add(file);
      if (scope && previous) for (const name of symmetricDifference(own, previous)) changedNames.add(name);
    }
    if (scope) {
      if ([...scope.roots].some((file) => global.has(file) && !memory.isGlobal(file))) return undefined;
      // Which identifiers the checker is asked about depends on the names every file declares (names.ts): a
      // caller that mentions a name an edit added or removed is read again.
      const mentions = mentionOf(changedNames);
      const mentioning = candidates.callers.filter((caller) => {
        const text = textOf(caller);
        return text === undefined || mentions.test(text);
      });
      if (memory.widen(scope, mentioning)) continue;
    }

    const serviceOf = (programPath: string) => {
      const file = read.external.get(programPath);
      const service = file === undefined ? undefined : assignment.get(file);
      return file !== undefined && service !== undefined ? { service, file } : undefined;
    };
    const declarers = new Map<string, Set<string>>();
    for (const [file, declared] of names) {
      const service = assignment.get(file);
      if (service === undefined) continue;
      for (const name of declared) {
        const services = declarers.get(name);
        if (services) services.add(service);
        else declarers.set(name, new Set([service]));
      }
    }
    const sitesOf = new Map<string, CountedSite[]>();
    const fresh: Site[] = [];
    for (const caller of candidates.callers) {
      signal?.throwIfAborted();
      if (scope && !scope.callers.has(caller)) {
        sitesOf.set(caller, memory.previousSites(caller));
        continue;
      }
      const source = sourceOf(caller);
      if (!source || !built) continue;
      const service = assignment.get(caller)!;
      // Imports renamed on the way in (`import { a as b }`) are used by their local name.
      const locals = new Set(facts.graph.module(caller)?.references.flatMap((r) => r.names.map((n) => n.local)) ?? []);
      const interesting = (name: string) =>
        locals.has(name) || [...(declarers.get(name) ?? [])].some((other) => other !== service);
      try {
        const found = sitesIn(ts, built.checker, source, caller, service, serviceOf, interesting);
        fresh.push(...found);
        sitesOf.set(caller, found.map(countedSite));
      } catch (error) {
        errors.push({ file: caller, message: `call sites could not be read: ${messageOf(error)}`, kind: 'internal' });
      }
    }
    // A caller read again may now reach a service it did not: that contract is rebuilt too, from fresh sites.
    if (scope) {
      const reached = [...scope.changed].flatMap((caller) => (sitesOf.get(caller) ?? []).map((s) => s.target.service));
      if (memory.widen(scope, [], reached)) continue;
    }

    const sites = [...sitesOf.values()].flat();
    const called = [...new Set(sites.map((site) => site.target.service))].sort((a, b) => a.localeCompare(b));
    const byService = new Map<string, Site[]>();
    for (const site of fresh) {
      const list = byService.get(site.target.service);
      if (list) list.push(site);
      else byService.set(site.target.service, [site]);
    }
    const contracts: ServiceContract[] = [];
    for (const service of called) {
      signal?.throwIfAborted();
      if (scope && !scope.services.has(service)) {
        const previous = memory.previousContract(service);
        if (!previous) return undefined;
        contracts.push(previous);
        continue;
      }
      const inbound = byService.get(service);
      if (!inbound || !built) return undefined;
      contracts.push(contractOf(ts, built, service, inbound, errors, (file) => relativeTo(facts.root, file)));
    }
    const result = { contracts, chatty: chattyPairs(sites, new Set(assignment.values()).size), errors };
    const texts = new Map<string, string>();
    for (const file of candidates.files) {
      const text = textOf(file);
      if (text !== undefined) texts.set(file, text);
    }
    memory.remember({
      inputs: run.inputs,
      texts,
      global,
      names,
      sites: sitesOf,
      contracts: new Map(contracts.map((contract) => [contract.service, contract])),
      result,
    });
    return result;
  }
}

function symmetricDifference(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...[...a].filter((name) => !b.has(name)), ...[...b].filter((name) => !a.has(name))];
}

function contractOf(
  ts: Awaited<ReturnType<typeof loadTypeScript>>,
  built: ContractProgram,
  service: string,
  inbound: readonly Site[],
  errors: AnalysisError[],
  display: (file: string) => string,
): ServiceContract {
  const interfaceName = interfaceNameOf(service);
  const reader = new ShapeReader(
    ts,
    built.checker,
    (path) => built.external.get(path),
    [interfaceName],
    (path) => built.packageOf(path),
  );
  const byTarget = new Map<string, Site[]>();
  for (const site of inbound) {
    const list = byTarget.get(site.target.key);
    if (list) list.push(site);
    else byTarget.set(site.target.key, [site]);
  }
  const targets = [...byTarget.values()]
    .map((list) => list[0].target)
    .sort((a, b) => a.file.localeCompare(b.file) || a.symbol.localeCompare(b.symbol));
  const names = operationNames(targets);
  const shapes: OperationShape[] = [];
  const operations: ContractOperation[] = [];
  for (const target of targets) {
    const list = byTarget.get(target.key)!;
    let signature: TypedSignature;
    try {
      signature = signatureOf(ts, built.checker, reader, target);
    } catch (error) {
      errors.push({
        file: target.file,
        message: `${target.symbol} could not be typed: ${messageOf(error)}`,
        kind: 'internal',
      });
      signature = { typeParameters: [], parameters: [], returns: { kind: 'unknown', why: 'could not be typed' } };
    }
    const callers = callerCounts(list);
    const shape: OperationShape = {
      name: names.get(target.key)!,
      file: display(target.file),
      symbol: target.symbol,
      callers,
      ...signature,
    };
    shapes.push(shape);
    operations.push({
      name: shape.name,
      file: target.file,
      symbol: target.symbol,
      kind: target.kind,
      parameters: signature.parameters.map((p) => ({
        name: p.rest ? `...${p.name}` : p.name,
        type: typeText(p.shape),
        optional: p.optional,
      })),
      returns: typeText(signature.returns),
      callers,
      signature: remoteSignature(shape),
      sites: list.map((site) => ({
        service: site.service,
        file: site.file,
        range: site.range,
        ...(site.loop ? { loop: site.loop } : {}),
      })),
    });
  }
  const notes = [...reader.unconverted].sort();
  if (notes.length) notes.push(`each of these is \`unknown\` in TypeScript and any value in OpenAPI`);
  if (notes.some((note) => note.endsWith(OUTSIDE))) notes.push(OUTSIDE_EXPLAINED);
  if (built.fallbackLib)
    notes.push(
      'TypeScript’s lib files were not found: built-in types are known, types inferred through others are not',
    );
  const declarations = new Map([...reader.declarations].map(([name, d]) => [name, { ...d, file: display(d.file) }]));
  return {
    service,
    interfaceName,
    operations,
    typescript: typescriptModule(service, interfaceName, shapes, [...declarations.values()]),
    openapi: openapiDocument(service, shapes, declarations),
    ...(notes.length ? { notes } : {}),
  };
}

function callerCounts(sites: readonly Site[]): { service: string; sites: number }[] {
  const counts = new Map<string, number>();
  for (const site of sites) counts.set(site.service, (counts.get(site.service) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([service, n]) => ({ service, sites: n }));
}

/**
 * An operation's name in its service's interface: the function's or method's own name; a method whose name
 * another operation already has is prefixed by its class (`ordersServiceCreate`); `new X` is `newX`; reading
 * a constant `x` is `getX`. What still collides gets a number.
 */
function operationNames(targets: readonly Target[]): Map<string, string> {
  const plain = (t: Target) =>
    t.kind === 'constructor' ? `new${pascal(t.member)}` : t.kind === 'constant' ? `get${pascal(t.member)}` : t.member;
  const counts = new Map<string, number>();
  for (const t of targets) counts.set(plain(t), (counts.get(plain(t)) ?? 0) + 1);
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const t of targets) {
    let name = plain(t);
    if (counts.get(name)! > 1 && t.container) name = `${camel(t.container)}${pascal(t.member)}`;
    const base = name;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    out.set(t.key, name);
  }
  return out;
}

/** `orders` → `OrdersService`; `order-service` → `OrderService`. */
export function interfaceNameOf(service: string): string {
  const base = pascal(service) || 'Unnamed';
  const name = /^[0-9]/.test(base) ? `S${base}` : base;
  return name.endsWith('Service') ? name : `${name}Service`;
}

/** `order-service` → `OrderService`; `MAX_ITEMS` → `MaxItems` (a constant's capitals read as words). */
function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => (/^[A-Z0-9]+$/.test(word) && word.length > 1 ? word.charAt(0) + word.slice(1).toLowerCase() : word))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function camel(text: string): string {
  const p = pascal(text);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** A workspace path as the folder's users read it: relative to the folder decomposed. */
function relativeTo(root: string, file: string): string {
  const prefix = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const normal = file.replace(/\\/g, '/');
  return prefix && normal.startsWith(`${prefix}/`) ? normal.slice(prefix.length + 1) : normal;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
