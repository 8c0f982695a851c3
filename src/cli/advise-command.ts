import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadAssistant } from '../assistants/catalog';
import type { EngineDescription, PlanSummary, SqlAdviceReport } from '../assistants/sql/contract';
import { adviceJson, adviceText, embedsSql, engineLabel } from '../assistants/sql/contract';
import type { AdviseArgs } from './args';
import { FileWorkspace } from './file-workspace';
import { describeError } from './format-text';
import type { CliIo } from './io';
import { runAdvice } from './run-advice';
import { MAX_FILE_BYTES, readSource } from './read-source';
import { describeIoError, displayPath, walk } from './walk';

/**
 * `scaling-assistant advise <file>`: measured advice for every statement of one SQL file, or every statement a
 * script or Go file embeds (read as the editor reads it). The schema
 * comes from `--schema` files or folders (default: the schema files found under the current folder); the
 * statements run in the embedded sandbox on `--rows` synthetic rows per table, or are planned on the server
 * of `--database-url` (its password from PGPASSWORD). Prints the advisor's report: per statement its plan,
 * the plan's problems and the suggestions with before/after times.
 * Problems of the schema files (a statement that does not parse or is not analysed) go to stderr, each with
 * its file, and the advice is made without what they would have added.
 * Exit codes: 0 advice printed; 2 usage error, unreadable file, or the advisor or the schema's parse failed.
 */

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
  // An absent runTimeoutMs leaves the setting's default.
  const settings: Record<string, unknown> = {
    rows: args.rows,
    analyzeOnServer: args.analyze,
    runTimeoutMs: args.runTimeoutMs,
  };
  if (schemaGlobs) settings.schemaPaths = schemaGlobs;
  if (args.databaseUrl) settings.databaseUrl = args.databaseUrl;
  // The flag confirms this one database (the engine compares connection labels, so the URL is enough).
  if (args.allowPrivilegedRole) settings.analyzeWithPrivilegedRole = [args.databaseUrl];
  if (args.rowsPerTable) settings.rowsPerTable = args.rowsPerTable;
  const secrets: Record<string, string> = {};
  if (process.env.PGPASSWORD) secrets.databasePassword = process.env.PGPASSWORD;
  const run = {
    command: 'advise',
    noAdvice: 'this build of the SQL assistant has no measured advice',
    // A script or Go source is read for its embedded statements, as in the editor; any other file is SQL.
    doc: { file: display, text: source.text, ...(embedsSql(absolute) ? {} : { languageId: 'sql' }) },
    workspace,
    // The schema's problems (a statement not analysed, a file that failed) name their files; the advice goes on.
    prepareLabel: schemaPaths.join(' '),
    settings,
    secrets,
    quiet: args.quiet,
  };
  return runAdvice(engine, run, io, (result, schemaErrors) => {
    // The advised file's own errors come with the advice, not again from the schema.
    const errors = [...schemaErrors.filter((e) => e.file !== display), ...result.errors];
    for (const error of errors) io.stderr(`${describeError(error)}\n`);
    const report = result.report;
    if (report.privilegedRole) io.stderr(`scaling-assistant: ${report.privilegedRole.warning}\n`);
    if (args.format === 'json') io.stdout(adviceJson(display, report));
    else io.stdout(adviceText(display, report, engineLabel(engineOf(args), firstPlan(report))));
    return errors.some((e) => e.kind === 'internal') ? 2 : 0;
  });
}

/** Globs for the given schema files and folders, relative to the cwd like the walked display paths. */
async function explicitSchemaGlobs(paths: readonly string[], cwd: string): Promise<string[]> {
  const globs: string[] = [];
  for (const p of paths) {
    const absolute = path.resolve(cwd, p);
    const shown = displayPath(cwd, absolute);
    const stats = await fs.stat(absolute);
    // A folder named as the schema holds it in any form the engine reads (SQL, knex or node-pg-migrate scripts,
    // Go migrations): the engine's schema-path rule still passes over other files, type declarations and rollbacks.
    globs.push(stats.isDirectory() ? (shown === '.' ? '**/*' : `${shown}/**/*`) : shown);
  }
  return globs;
}

/** Where the advice was measured, for the text report's headlines (never with the password). */
function engineOf(args: AdviseArgs): EngineDescription {
  if (!args.databaseUrl) return { kind: 'pglite', rows: args.rowsPerTable ? undefined : args.rows };
  try {
    const url = new URL(args.databaseUrl);
    return { kind: 'postgresql', server: `${url.hostname}${url.pathname}` };
  } catch {
    return { kind: 'postgresql' };
  }
}

function firstPlan(report: SqlAdviceReport): PlanSummary | undefined {
  return report.statements.find((s) => s.plan)?.plan;
}
