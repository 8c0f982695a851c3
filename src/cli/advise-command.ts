import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadAssistant } from '../assistants/catalog';
import { DEFAULT_CONFIG } from '../core/config';
import { TimeBudget } from '../core/budget';
import type { AnalysisError } from '../core/finding';
import type { AdviseArgs } from './args';
import { FileWorkspace } from './file-workspace';
import type { CliIo } from './io';
import { MAX_FILE_BYTES, readSource } from './read-source';
import { describeIoError, displayPath, walk } from './walk';

/**
 * `scaling-assistant advise <file.sql>`: measured advice for every statement of one SQL file. The schema
 * comes from `--schema` files or folders (default: the schema files found under the current folder); the
 * statements run in the embedded sandbox on `--rows` synthetic rows per table, or are planned on the server
 * of `--database-url` (its password from PGPASSWORD). Prints the advisor's report: per statement its plan,
 * the plan's problems and the suggestions with before/after times.
 * Exit codes: 0 advice printed; 2 usage error, unreadable file, or the advisor failed.
 */

/** A report statement as printed: the plan without its node tree (the outline is in `planOutline`). */
interface PrintedStatement {
  range: unknown;
  start: number;
  end: number;
  sql: string;
  plan?: Record<string, unknown>;
  planFindings: { kind: string; message: string; start: number; end: number }[];
  suggestions: Record<string, unknown>[];
  notes: string[];
}

export async function runAdvise(args: AdviseArgs, io: CliIo): Promise<number> {
  const absolute = path.resolve(io.cwd, args.file);
  const display = displayPath(io.cwd, absolute);
  const source = await readSource(absolute, MAX_FILE_BYTES);
  if (!source.ok) {
    io.stderr(`scaling-assistant: ${args.file}: ${source.message}\n`);
    return 2;
  }
  const schemaPaths = args.schema.length > 0 ? args.schema : ['.'];
  for (const schema of args.schema) {
    try {
      await fs.stat(path.resolve(io.cwd, schema));
    } catch (error) {
      io.stderr(
        `scaling-assistant: --schema ${schema}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : describeIoError(error)}\n`,
      );
      return 2;
    }
  }
  const walked = await walk([...schemaPaths, args.file], io.cwd);
  const workspace = new FileWorkspace(walked.files, MAX_FILE_BYTES);
  // Explicit --schema paths are the schema, whatever their names; without them, discovery as in the editor.
  const schemaGlobs = args.schema.length > 0 ? await explicitSchemaGlobs(args.schema, io.cwd) : undefined;

  const engine = await loadAssistant('sql');
  if (!engine.advise) {
    io.stderr('scaling-assistant: this build of the SQL assistant has no measured advice\n');
    return 2;
  }
  const settings: Record<string, unknown> = { rows: args.rows, analyzeOnServer: args.analyze };
  if (schemaGlobs) settings.schemaPaths = schemaGlobs;
  if (args.databaseUrl) settings.databaseUrl = args.databaseUrl;
  if (args.rowsPerTable) settings.rowsPerTable = args.rowsPerTable;
  const secrets: Record<string, string> = {};
  if (process.env.PGPASSWORD) secrets.databasePassword = process.env.PGPASSWORD;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let lastProgress = '';
  try {
    await engine.prepare?.(workspace, controller.signal);
    const result = await engine.advise(
      { file: display, text: source.text, languageId: 'sql' },
      {
        config: DEFAULT_CONFIG,
        budget: new TimeBudget(Number.MAX_SAFE_INTEGER, controller.signal),
        signal: controller.signal,
        workspace,
        settings,
        secrets,
        onProgress: (message) => {
          if (!args.quiet && message !== lastProgress) io.stderr(`${message}\n`);
          lastProgress = message;
        },
      },
    );
    for (const error of result.errors) io.stderr(`${describeError(error)}\n`);
    const report = result.report as { engine?: string; statements: PrintedStatement[] };
    const statements = report.statements.map(printable);
    if (args.format === 'json')
      io.stdout(`${JSON.stringify({ version: 1, file: display, engine: report.engine, statements }, null, 2)}\n`);
    else io.stdout(formatText(display, statements));
    return result.errors.some((e) => e.kind === 'internal') ? 2 : 0;
  } catch (error) {
    io.stderr(`scaling-assistant: advise failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await engine.dispose?.();
  }
}

/** Globs for the given schema files and folders, relative to the cwd like the walked display paths. */
async function explicitSchemaGlobs(paths: readonly string[], cwd: string): Promise<string[]> {
  const globs: string[] = [];
  for (const p of paths) {
    const absolute = path.resolve(cwd, p);
    const shown = displayPath(cwd, absolute);
    const stats = await fs.stat(absolute);
    globs.push(stats.isDirectory() ? (shown === '.' ? '**/*.sql' : `${shown}/**/*.sql`) : shown);
  }
  return globs;
}

function printable(statement: PrintedStatement): PrintedStatement {
  const plan = statement.plan as (Record<string, unknown> & { root?: unknown }) | undefined;
  let printedPlan: Record<string, unknown> | undefined;
  if (plan) {
    const { root, ...rest } = plan;
    printedPlan = { ...rest, nodeType: (root as { nodeType?: string } | undefined)?.nodeType };
  }
  return {
    range: statement.range,
    start: statement.start,
    end: statement.end,
    sql: statement.sql,
    plan: printedPlan,
    planFindings: statement.planFindings.map(({ kind, message, start, end }) => ({ kind, message, start, end })),
    suggestions: statement.suggestions.map((s) => {
      const { candidate: _candidate, ...rest } = s;
      return { ...rest, equivalent: s.kind === 'rewrite' ? (s.equivalent ?? null) : undefined };
    }),
    notes: statement.notes,
  };
}

function formatText(file: string, statements: PrintedStatement[]): string {
  if (statements.length === 0) return `${file}: no statement to measure (queries and DML are measured)\n`;
  const out: string[] = [];
  for (const s of statements) {
    const range = s.range as { start: { line: number; character: number } };
    const plan = s.plan as { executionMs?: number; totalCost?: number; engine?: string } | undefined;
    const time = plan?.executionMs !== undefined ? `${plan.executionMs.toFixed(1)} ms` : 'not executed';
    out.push(
      `${file}:${range.start.line + 1}:${range.start.character + 1}: ${s.sql.replace(/\s+/g, ' ').slice(0, 70)}${s.sql.length > 70 ? '…' : ''}`,
    );
    out.push(
      `  plan: ${time}${plan?.totalCost !== undefined ? `, cost ${Math.round(plan.totalCost)}` : ''}${plan?.engine ? ` (${plan.engine})` : ''}`,
    );
    for (const f of s.planFindings) out.push(`  plan finding (${f.kind}): ${f.message}`);
    for (const suggestion of s.suggestions) {
      const m = suggestion.measured as { beforeMs: number; afterMs: number; speedup: number; rows: number } | undefined;
      const measured = m
        ? ` — ${m.beforeMs} ms → ${m.afterMs} ms, ${m.speedup}× on ${m.rows.toLocaleString('en-US')} rows (measured)`
        : '';
      const eq =
        suggestion.kind === 'rewrite'
          ? ` [equivalent: ${suggestion.equivalent === true ? 'proven' : suggestion.equivalent === false ? 'no' : 'not proven'}]`
          : '';
      out.push(`  ${suggestion.kind}: ${String(suggestion.title)}${measured}${eq}`);
      out.push(
        ...String(suggestion.sql)
          .split('\n')
          .map((l) => `      ${l}`),
      );
      if (suggestion.kind === 'rewrite' && suggestion.equivalenceNote)
        out.push(`    ${String(suggestion.equivalenceNote)}`);
    }
    for (const note of s.notes) out.push(`  note: ${note}`);
    out.push('');
  }
  return out.join('\n');
}

function describeError(error: AnalysisError): string {
  const where = error.range
    ? `${error.file}:${error.range.start.line + 1}:${error.range.start.character + 1}`
    : error.file;
  return `${where}: ${error.kind === 'parse' ? '' : `${error.kind}: `}${error.message}`;
}
