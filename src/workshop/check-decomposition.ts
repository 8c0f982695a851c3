import { loadDecompositionPlanner } from '../assistants/catalog';
import type { DecompositionPlan, Move } from '../assistants/decomposition/contract';
import type { CheckInput } from './check-input';
import { exactFile } from './engine-findings';
import { DECOMPOSITION_PLAN_PATH, MONOLITH_ROOT } from './exercises';
import type { Criterion } from './result';

/** The service name that puts a file in the shared library (the planner's own). */
const SHARED = 'shared';
/** More services than files would be nonsense; fewer than two is not a decomposition. */
const MAX_SERVICES = 200;

/** The participant's boundaries: each service's files (relative to monolith/) and the shared library. */
interface Boundaries {
  services: { name: string; files: string[] }[];
  shared: string[];
}

/**
 * Exercise 5: the participant's chosen service boundaries for monolith/ (docs/decomposition.json, as Save the
 * Decomposition Plan or `scaling-assistant decompose monolith --format json` writes it, edited or not), judged by
 * the decomposition planner on the monolith's own facts: every file placed, at least two services, no table
 * written by two of them and no transaction that would span them. The planner's first proposal leaves the order
 * transaction spanning services, so the participant decides: merge what one transaction holds together, or change
 * the code so the transaction no longer reaches other services' tables.
 */
export async function checkDecomposition(input: CheckInput): Promise<Criterion[]> {
  const { t } = input;
  const place = { file: DECOMPOSITION_PLAN_PATH };
  const [file] = await input.workspace.files(exactFile(DECOMPOSITION_PLAN_PATH));
  const text = await file?.read();
  const read = text === undefined ? undefined : readBoundaries(text);
  const label = t('{0}: service boundaries for every file of {1}/', DECOMPOSITION_PLAN_PATH, MONOLITH_ROOT);
  if (!read || typeof read === 'string') {
    return [
      {
        id: 'boundaries-chosen',
        passed: false,
        label,
        hint:
          read === undefined
            ? t(
                '{0} is missing: plan the decomposition of {1}/, then use the walkthrough button (Save the Decomposition Plan).',
                DECOMPOSITION_PLAN_PATH,
                MONOLITH_ROOT,
              )
            : t('{0} is not a decomposition plan: {1}', DECOMPOSITION_PLAN_PATH, read),
        place,
      },
    ];
  }

  const engine = await loadDecompositionPlanner();
  const planner = await engine.createPlanner(input.workspace, MONOLITH_ROOT);
  const proposal = await planner.plan({}, input.signal);
  const inMonolith = (rel: string) => `${MONOLITH_ROOT}/${rel}`;
  const known = new Set(planner.facts.files);
  const named = new Set([...read.services.flatMap((s) => s.files), ...read.shared].map(inMonolith));
  const unknown = [...named].filter((f) => !known.has(f));
  const placed = [...proposal.services.flatMap((s) => s.files), ...proposal.shared];
  const unplaced = placed.filter((f) => !named.has(f));
  const services = read.services.filter((s) => s.files.length > 0).length;
  const complete = unknown.length === 0 && unplaced.length === 0 && services >= 2;
  const criteria: Criterion[] = [
    {
      id: 'boundaries-chosen',
      passed: complete,
      label,
      hint:
        unknown.length > 0
          ? t('{0} names files {1}/ does not have: {2}', DECOMPOSITION_PLAN_PATH, MONOLITH_ROOT, list(unknown))
          : unplaced.length > 0
            ? t('These files belong to no service of yours: {0}', list(unplaced))
            : services < 2
              ? t('One service is the monolith again: draw at least one boundary.')
              : t('{0} services, every file placed.', services),
      place,
    },
  ];
  if (!complete) return criteria;

  const moves: Move[] = [
    ...read.services.flatMap((s) => s.files.map((f) => ({ path: inMonolith(f), service: s.name }))),
    ...read.shared.map((f) => ({ path: inMonolith(f), service: SHARED })),
  ];
  const yours = await planner.plan({ moves }, input.signal);
  const { tablesWrittenByMany, distributedTransactions } = yours.metrics.ours;
  const writers = tableWriters(yours, planner.facts.data);
  criteria.push({
    id: 'no-shared-written-tables',
    passed: tablesWrittenByMany === 0,
    label: t('No table is written by two of your services'),
    hint:
      tablesWrittenByMany === 0
        ? t('Every table has one writer: its service owns it.')
        : t(
            'Written by more than one service: {0}. Put the writers in one service, or let the owner write and the others call it.',
            writers.map(([table, by]) => `${table} (${by.join(', ')})`).join('; ') || String(tablesWrittenByMany),
          ),
    place: writers[0] ? { file: writers[0][2].file, line: writers[0][2].line } : place,
  });
  const spanning = spanningTransactions(yours, planner.facts.transactions);
  criteria.push({
    id: 'no-distributed-transactions',
    passed: distributedTransactions === 0,
    label: t('No transaction spans two of your services'),
    hint:
      distributedTransactions === 0
        ? t('Every transaction stays inside one service.')
        : t(
            'The transaction in {0} would span {1}: keep what it writes in one service, or split it (an outbox, a saga).',
            spanning[0]?.file ?? MONOLITH_ROOT,
            spanning[0]?.services.join(', ') ?? String(distributedTransactions),
          ),
    place: spanning[0] ? { file: spanning[0].file, line: spanning[0].line } : place,
  });
  return criteria;
}

/** The boundaries a plan file holds, or what is wrong with it. Extra fields (metrics, steps) are the planner's. */
export function readBoundaries(text: string): Boundaries | string {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const plan = value as { services?: unknown; shared?: unknown };
  if (!Array.isArray(plan.services) || plan.services.length > MAX_SERVICES) return 'no "services" list';
  const services: Boundaries['services'] = [];
  for (const [i, raw] of plan.services.entries()) {
    const s = raw as { name?: unknown; files?: unknown };
    if (typeof s?.name !== 'string' || s.name.trim() === '' || s.name === SHARED)
      return `services[${i}] needs a name (other than "${SHARED}")`;
    if (!isPathList(s.files)) return `services[${i}].files must be a list of paths`;
    services.push({ name: s.name, files: s.files });
  }
  if (plan.shared !== undefined && !isPathList(plan.shared)) return '"shared" must be a list of paths';
  return { services, shared: (plan.shared as string[] | undefined) ?? [] };
}

function isPathList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '' && !v.startsWith('/'));
}

function list(files: readonly string[]): string {
  return files.length > 5 ? `${files.slice(0, 5).join(', ')}, …` : files.join(', ');
}

function serviceOf(plan: DecompositionPlan): Map<string, string> {
  return new Map(plan.services.flatMap((s) => s.files.map((f) => [f, s.name] as const)));
}

/** Tables more than one service writes, with the writers and the first write's place. */
function tableWriters(
  plan: DecompositionPlan,
  data: readonly { file: string; table: string; mode: string; range: { start: { line: number } } }[],
): [string, string[], { file: string; line: number }][] {
  const owner = serviceOf(plan);
  const writers = new Map<string, { services: Set<string>; at: { file: string; line: number } }>();
  for (const access of data) {
    const service = owner.get(access.file);
    if (access.mode !== 'write' || service === undefined) continue;
    const entry = writers.get(access.table) ?? {
      services: new Set<string>(),
      at: { file: access.file, line: access.range.start.line },
    };
    entry.services.add(service);
    writers.set(access.table, entry);
  }
  return [...writers].filter(([, w]) => w.services.size > 1).map(([table, w]) => [table, [...w.services].sort(), w.at]);
}

/** Transactions whose tables different services own, with those services. */
function spanningTransactions(
  plan: DecompositionPlan,
  transactions: readonly { file: string; range: { start: { line: number } }; tables: string[] }[],
): { file: string; line: number; services: string[] }[] {
  const owners = new Map(plan.services.flatMap((s) => s.tablesOwned.map((table) => [table, s.name] as const)));
  return transactions.flatMap((tx) => {
    const services = [...new Set(tx.tables.flatMap((table) => owners.get(table) ?? []))].sort();
    return services.length > 1 ? [{ file: tx.file, line: tx.range.start.line, services }] : [];
  });
}
