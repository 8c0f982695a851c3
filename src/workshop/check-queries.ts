import { loadAssistant } from '../assistants/catalog';
import { TimeBudget } from '../core/budget';
import { DEFAULT_CONFIG } from '../core/config';
import { formatMs } from '../core/format';
import type { Workspace } from '../core/workspace';
import type { CheckInput } from './check-input';
import { engineFindings, exactFile } from './engine-findings';
import { CATALOG_QUERY_PATH, REQUIRED_SPEEDUP } from './exercises';
import type { Criterion } from './result';

const MIGRATIONS = /^db\/migrations\/[^/]+\.sql$/;

/**
 * The query optimizer's rules that judge whether a migration can run while the shop stays online (locks held,
 * rows scanned under a lock, no lock_timeout). Held to the engine's real rule ids by a unit test.
 */
export const LOCK_SAFETY_RULES: readonly string[] = [
  'create-index-not-concurrently',
  'add-foreign-key-without-not-valid',
  'add-constraint-without-not-valid',
  'migration-without-lock-timeout',
  'add-column-volatile-default',
  'alter-column-type',
  'set-not-null',
  'constraint-builds-index',
  'vacuum-full-or-cluster',
];

/** Exercise 1: unindexed foreign keys, the lock-unsafe migration, and the catalogue query measured. */
export async function checkQueries(input: CheckInput): Promise<Criterion[]> {
  const { t } = input;
  const settings = input.settings?.sql;
  const migrations = await engineFindings('sql', input.workspace, MIGRATIONS, settings, input.signal);
  const criteria: Criterion[] = [];

  const unindexed = migrations.findings.filter((f) => f.ruleId === 'unindexed-foreign-key');
  criteria.push({
    id: 'foreign-keys-indexed',
    passed: unindexed.length === 0 && migrations.errors.length === 0,
    label: t('Every foreign key in db/migrations has an index'),
    hint:
      unindexed.length > 0
        ? t(
            '{0} foreign keys without an index, the first in {1}: add the indexes in a new migration (built concurrently).',
            unindexed.length,
            unindexed[0].file,
          )
        : migrationErrorHint(migrations.errors, input) || t('The query optimizer finds no unindexed foreign key.'),
    place: unindexed[0] ? { file: unindexed[0].file, line: unindexed[0].range.start.line } : undefined,
  });

  const unsafe = migrations.findings.filter((f) => LOCK_SAFETY_RULES.includes(f.ruleId));
  const first = unsafe[0];
  criteria.push({
    id: 'migrations-lock-safe',
    passed: unsafe.length === 0 && migrations.errors.length === 0,
    label: t('Migration 007 (and any added after it) passes the lock-safety rules'),
    hint: first
      ? t('{0} lock-safety findings, the first: {1} ({2}).', unsafe.length, first.message, first.ruleId)
      : migrationErrorHint(migrations.errors, input) ||
        t('No statement takes a lock that would stop the shop while the migration runs.'),
    place: first ? { file: first.file, line: first.range.start.line } : { file: 'db/migrations' },
  });

  criteria.push(await measureCatalogQuery(input));
  return criteria;
}

function migrationErrorHint(errors: ReadonlyArray<{ file: string; message: string }>, { t }: CheckInput): string {
  return errors.length > 0 ? t('{0} could not be analysed: {1}', errors[0].file, errors[0].message) : '';
}

/**
 * The catalogue query before (the sample's query on the sample's schema) and after (the participant's query on the
 * participant's schema, new indexes included), each measured by the query optimizer's own advice run: EXPLAIN
 * ANALYZE on the sandbox's synthetic rows, warm, median of three. Any faster query and any indexes count.
 */
async function measureCatalogQuery(input: CheckInput): Promise<Criterion> {
  const { t } = input;
  const base = {
    id: 'catalog-query-faster',
    label: t(
      'The catalogue query measured at least {0}× faster than the original on the sandbox rows',
      REQUIRED_SPEEDUP,
    ),
    place: { file: CATALOG_QUERY_PATH },
  };
  if (input.measure === false)
    return { ...base, passed: false, hint: t('Not measured this time: run Check My Work with the measurement.') };
  input.onProgress?.(t('Measuring the original catalogue query in the sandbox…'));
  const before = await measuredMs(input.original, input);
  if (typeof before === 'string') return { ...base, passed: false, hint: t('The original query: {0}', before) };
  input.onProgress?.(t('Measuring your catalogue query in the sandbox…'));
  const after = await measuredMs(input.workspace, input);
  if (typeof after === 'string') return { ...base, passed: false, hint: t('Your query: {0}', after) };
  const speedup = before / Math.max(after, 0.001);
  const figures = [
    { label: t('Original'), value: formatMs(before) },
    { label: t('Yours'), value: formatMs(after) },
    { label: t('Speedup'), value: `${speedup.toFixed(1)}×` },
  ];
  return {
    ...base,
    passed: speedup >= REQUIRED_SPEEDUP,
    hint:
      speedup >= REQUIRED_SPEEDUP
        ? t('{0} → {1}: {2}× faster.', formatMs(before), formatMs(after), speedup.toFixed(1))
        : t(
            '{0} → {1}: only {2}× faster. Run Optimize SQL Query on the file and apply its measured advice (indexes in a new migration, the rewrite).',
            formatMs(before),
            formatMs(after),
            speedup.toFixed(1),
          ),
    figures,
  };
}

/** The first statement's measured execution time in `workspace`, or why there is none. */
async function measuredMs(workspace: Workspace, input: CheckInput): Promise<number | string> {
  const { t } = input;
  const [file] = await workspace.files(exactFile(CATALOG_QUERY_PATH));
  const text = await file?.read();
  if (text === undefined) return t('{0} is missing.', CATALOG_QUERY_PATH);
  const engine = await loadAssistant('sql');
  if (!engine.advise) return t('the query optimizer cannot measure.');
  const result = await engine.advise(
    { file: CATALOG_QUERY_PATH, text, languageId: 'sql' },
    {
      config: DEFAULT_CONFIG,
      budget: new TimeBudget(Number.MAX_SAFE_INTEGER, input.signal),
      signal: input.signal,
      workspace,
      settings: input.settings?.sql,
      onProgress: input.onProgress,
    },
  );
  const statement = result.report.statements[0];
  const ms = statement?.plan?.analyzed ? statement.plan.executionMs : undefined;
  if (ms !== undefined) return ms;
  const why = statement?.notes[0] ?? result.errors[0]?.message;
  return why ? t('not measured ({0}).', why) : t('not measured.');
}
