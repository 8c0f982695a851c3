import type {
  AdviceResult,
  AdviseContext,
  AnalysisContext,
  Assistant,
  ParsedStatements,
  RewriteVerdict,
  SourceDocument,
} from '../../core/assistant';
import type { AnalysisError, Finding } from '../../core/finding';
import { completeFinding } from '../../core/rule';
import type { BudgetCheck, EngineOptions } from '../../core/run-rules';
import type { WorkspaceFile } from '../../core/workspace';
import { ruleRunner } from '../../core/run-rules';
import { LineIndex } from '../../core/text';
import type { NodeLike, NodeRef, Span } from './ast';
import { asRef, spanOf, unwrap, walk } from './ast';
import type { ParsedSql, SqlStatement } from './parser';
import { loadSqlParser } from './parser';
import type { ParsedFragment } from './fragment-parse';
import { parseFragment } from './fragment-parse';
import { placeFinding, syntaxErrorReport } from './placement';
import { routineStatements } from './plpgsql';
import { queryFunctions } from './query-functions';
import type { QueryLevel } from './query';
import { queryLevels } from './query';
import type { AdviceReport } from './advice/document';
import { adviseDocument } from './advice/document';
import { EngineProvider } from './advice/engines';
import { ADVICE_RULES } from './advice/plan-rules';
import { verifyRewrite } from './advice/verify-rewrite';
import type { PlanEngine } from './plan-engine/types';
import type { SqlDocumentInfo, SqlReport, SqlRule, SqlRuleContext } from './rule';
import { hasUnicodeEscape, mayReport } from './rule';
import type { RunContext } from './run-context';
import { PROJECT_MANIFEST, projectRoots, routineRunContext, runContextOf } from './run-context';
import { isSystemRelation } from './names';
import type { ResultInputs } from './result-memo';
import { ResultMemo } from './result-memo';
import { SQL_RULES } from './rules';
import { embeddedSuppressionFix } from './suppress';
import type { Catalog } from './schema';
import { SchemaCache } from './schema-cache';
import { loadScriptParser } from './script-migrations';
import { inRollback } from './migrations';
import { SCHEMA_SOURCE, isRollbackPath, isSchemaPath } from './schema-paths';
import type { SqlSettings } from './settings';
import { sqlSettings } from './settings';
import type { DocumentSql, SqlFragment } from './sources';
import { SQL_FILE, escapeForHost, extractFragments, loadTypeScript } from './sources';
import { documentKind, documentSqlOf } from './document-fragments';

/** A migration that runs against a live database: a migrations folder, a numbered/timestamped file name, Go's `migrations.go`. */
const MIGRATION_PATH =
  /(?:^|\/)(?:migrations?|migrate)\/|(?:^|\/)(?:V\d+__|\d{3,}[_-])[^/]*\.sql$|(?:^|\/)migrations?\.go$/i;
/** A file named by its number alone (`sql/000011.sql`): a migration when it holds DDL, a query file otherwise. */
const NUMBER_ONLY_PATH = /(?:^|\/)\d{3,}\.sql$/i;
/** Statements that change the schema: what makes a number-only file a migration. */
const DDL = /^(?:(?:Create|Alter|Drop)\w*Stmt|IndexStmt|RenameStmt|ViewStmt|DefineStmt|CompositeTypeStmt)$/;

/**
 * The query optimizer's engine: SQL fragments of the document (a SQL file, or SQL embedded in
 * TypeScript/JavaScript) → statements parsed by PostgreSQL's own grammar → rules with the workspace
 * schema → findings on the exact host span. Documents without SQL never load the parser.
 */
export function createSqlAssistant({
  cache = new SchemaCache(),
  rules = SQL_RULES,
}: EngineOptions<SchemaCache, SqlRule> = {}): Assistant<AdviceReport> {
  const engines = new EngineProvider();
  const results = new ResultMemo();

  /**
   * Fragments, parses and the catalog of a document; undefined when it holds no SQL, `notAnalysed` when its SQL
   * cannot be read as it is (a template, code nested too deeply to parse).
   */
  async function prepareDocument(
    doc: SourceDocument,
    { budget, workspace, settings: rawSettings }: AnalysisContext,
    bounded: boolean,
  ) {
    const settings = sqlSettings(rawSettings);
    // A schema file as the schema cache read it is neither extracted nor parsed again: both are the same for both.
    // (Its SQL, when it has any: a file without, or in another dialect, goes the long way for its note.)
    const saved = SQL_FILE.test(doc.file) ? cache.parsesOf(doc.file, doc.text) : undefined;
    const sql =
      saved && saved.some(({ fragment }) => fragment.sql.trim() !== '')
        ? { fragments: saved.map(({ fragment }) => fragment) }
        : await documentSqlOf(doc, { queryFunctions: queryFunctions(settings.queryFunctions) });
    if (sql.notAnalysed) return { notAnalysed: notAnalysedError(doc, sql.notAnalysed) };
    const fragments = sql.fragments;
    if (fragments.length === 0) return undefined;
    const kind = documentKind(doc);
    await loadSqlParser();
    // A migration script's rollback is told apart by the script parser (migration-without-lock-timeout does not
    // judge it), loaded here since a document analysed without a workspace never loads the schema's scripts.
    if (kind === 'script') await loadScriptParser();
    if (bounded) budget.check();
    const check = bounded ? () => budget.check() : undefined;
    // Parsed when first asked for: by the schema cache, when the document's own DDL is part of the schema and its
    // saved parse does not hold, or by the rules; a document whose last result still holds is not parsed at all.
    let parsed: ParsedFragment[] | undefined;
    const parse = (): ParsedFragment[] => {
      // Asked again: the schema cache may have read the file since (for the document's own schema).
      const reused = saved ?? (SQL_FILE.test(doc.file) ? cache.parsesOf(doc.file, doc.text) : undefined);
      return (parsed ??= (reused ?? fragments.map((fragment) => parseFragment(fragment, { check }))).flatMap(
        (found) => [found, ...routineStatements(found, { check })],
      ));
    };
    const files = workspace ? await workspace.files(SCHEMA_SOURCE) : [];
    const roots = workspace ? projectRoots((await workspace.files(PROJECT_MANIFEST)).map((f) => f.file)) : [];
    // The schema may use half of what the one-time parser loads left of the budget; past it, the
    // analysis runs on what was read and rules that conclude from an absence hold back.
    const loadedAt = budget.elapsedMs;
    // A migration is checked against the schema its predecessors built (and its own DDL), anything else against
    // the schema after every migration.
    const current =
      kind === 'sql' || isSchemaPath(doc.file, settings)
        ? { file: doc.file, text: doc.text, fragments: parse }
        : undefined;
    const { schema: catalog, final } = await cache.schemaFor(
      files,
      settings,
      current,
      bounded ? () => budget.elapsedMs > loadedAt + Math.max(0, budget.budgetMs - loadedAt) / 2 : undefined,
    );
    return new Prepared(parse, catalog, final, settings, files, roots);
  }

  /** The plan engine for a prepared document's tables, warm between requests (advice/engines.ts). */
  function engineFor(
    { catalog, settings }: { catalog: Catalog; settings: SqlSettings },
    { secrets, signal, onProgress }: AdviseContext,
  ): (tables: readonly string[], signal?: AbortSignal) => Promise<PlanEngine> {
    return (tables, capped) =>
      engines.acquire({ catalog, tables, settings, secrets, signal: capped ?? signal, onProgress });
  }

  return {
    id: 'sql',
    rules: [...rules, ...ADVICE_RULES],
    async analyze(doc, context) {
      const prepared = await prepareDocument(doc, context, true);
      if (!prepared) return { findings: [], errors: [] };
      if (prepared.notAnalysed) return { findings: [], errors: [prepared.notAnalysed] };
      const inputs: ResultInputs = {
        text: doc.text,
        languageId: doc.languageId,
        settings: JSON.stringify(prepared.settings),
        schema: prepared.catalog,
        final: prepared.final,
        roots: prepared.roots,
      };
      const known = results.get(doc.file, inputs);
      if (known) return known;
      const result = checkStatements(rules, doc, prepared, context.budget);
      results.set(doc.file, inputs, result);
      return result;
    },
    async prepare(workspace, signal) {
      await loadSqlParser();
      const catalog = await cache.catalog(
        await workspace.files(SCHEMA_SOURCE),
        sqlSettings(undefined),
        undefined,
        () => signal?.aborted ?? false,
      );
      return { errors: catalog.errors };
    },
    async advise(doc, context): Promise<AdviceResult<AdviceReport>> {
      const prepared = await prepareDocument(doc, context, false);
      if (!prepared) return { findings: [], errors: [], report: { statements: [] } };
      if (prepared.notAnalysed) return { findings: [], errors: [prepared.notAnalysed], report: { statements: [] } };
      const { parsed, catalog, settings, files } = prepared;
      const statics = checkStatements(rules, doc, prepared);
      const texts = new Map<string, string>();
      for (const file of files) {
        if (!catalog.files.includes(file.file)) continue;
        const text = await file.read();
        if (text !== undefined) texts.set(file.file, text);
      }
      const advice = await adviseDocument(
        {
          doc,
          fragments: parsed,
          catalog,
          settings,
          staticFindings: statics.findings,
          engine: engineFor(prepared, context),
          readFile: (file) => texts.get(file),
          analyze: !settings.databaseUrl || settings.analyzeOnServer,
        },
        context,
      );
      const errors = [
        ...statics.errors.filter((e) => e.kind === 'parse' || e.kind === 'unsupported'),
        ...advice.errors,
      ];
      return { findings: advice.findings, errors, report: advice.report };
    },
    async verifyRewrite(doc, range, newText, context): Promise<RewriteVerdict> {
      const prepared = await prepareDocument(doc, context, false);
      if (!prepared) return { parses: false, equivalent: null, note: 'the document holds no SQL statement' };
      if (prepared.notAnalysed) return { parses: false, equivalent: null, note: prepared.notAnalysed.message };
      return verifyRewrite(doc, range, newText, {
        fragments: prepared.parsed,
        catalog: prepared.catalog,
        engine: engineFor(prepared, context),
        signal: context.signal,
      });
    },
    statements: documentStatements,
    dispose: () => engines.dispose(true),
  };
}

export const sqlAssistant: Assistant<AdviceReport> = createSqlAssistant();

/**
 * Every statement of a document for a check that must not miss one (the AI layer's edit guard): the
 * exhaustive extraction, so also templated SQL files and SQL in any script literal. Syntax errors are
 * reported only for the SQL the rules would analyse; a stray literal that does not parse is prose.
 */
async function documentStatements(doc: SourceDocument): Promise<ParsedStatements> {
  const out: ParsedStatements = { statements: [], errors: [] };
  const kind = documentKind(doc);
  if (!kind) return out;
  if (kind === 'script') await loadTypeScript();
  const file = kind === 'sql' && !SQL_FILE.test(doc.file) ? `${doc.file}.sql` : doc.file;
  const fragments = extractFragments(file, doc.text, { exhaustive: true });
  if (fragments.length === 0) return out;
  await loadSqlParser();
  for (const found of fragments) {
    const { fragment, parsed } = parseFragment(found);
    const certain = fragment.origin !== 'literal';
    for (const statement of parsed.statements) {
      const host = fragment.map.spanToHost(statement.start, statement.end);
      out.statements.push({
        type: statement.type,
        node: statement.node,
        textOf: (node) => {
          const span = spanOf(node as NodeLike, statement.tokens);
          return span && fragment.sql.slice(span.start, span.end);
        },
        normalized: statement.tokens.map((t) => t.text).join(' '),
        start: host.start,
        end: host.end,
        certain,
      });
    }
    if (!certain) continue;
    for (const error of parsed.errors) {
      const host = fragment.map.spanToHost(error.start, error.end);
      out.errors.push({
        message: error.message,
        normalized: fragment.sql.slice(error.start, error.end).replace(/\s+/g, ' ').trim(),
        start: host.start,
        end: host.end,
      });
    }
  }
  return out;
}

function notAnalysedError(doc: SourceDocument, why: NonNullable<DocumentSql['notAnalysed']>): AnalysisError {
  const at = why.start !== undefined ? new LineIndex(doc.text).rangeOf(why.start, why.end ?? why.start) : undefined;
  return { file: doc.file, kind: 'unsupported', message: why.message, ...(at ? { range: at } : {}) };
}

/**
 * A document made ready for its rules: the catalogs it is checked against, and its fragments parsed when first read.
 * A class, not an object literal with a getter of its own: with one such literal per document, V8 kept each getter
 * (and through its closure the document's whole parse) reachable from the old generation until a full collection,
 * so every young-generation collection copied and promoted the trees of documents long done with (measured in
 * docs/sql-peer-comparison.md, session 11). A getter on a class's prototype is one function for all documents.
 */
class Prepared {
  /** Told apart from a document that cannot be analysed (prepareDocument's other answer). */
  declare readonly notAnalysed?: undefined;

  constructor(
    private readonly parse: () => ParsedFragment[],
    readonly catalog: Catalog,
    readonly final: Catalog,
    readonly settings: SqlSettings,
    readonly files: readonly WorkspaceFile[],
    readonly roots: readonly string[],
  ) {}

  get parsed(): ParsedFragment[] {
    return this.parse();
  }
}

/** What checkStatements reads of a prepared document. */
interface PreparedDocument {
  parsed: readonly { fragment: SqlFragment; parsed: ParsedSql }[];
  /** The schema as of the document (a migration's own past), and after every migration. */
  catalog: Catalog;
  final: Catalog;
  settings: SqlSettings;
  /** Folders of the workspace's project manifests (see run-context.ts). */
  roots: readonly string[];
}

/**
 * Every static rule on every statement of the document's fragments, with the document's syntax errors. Where the
 * document runs decides what its queries are judged by: test SQL is not checked at all, findings on the queries
 * of once-only SQL (a migration's backfill, a seed) are hints that say why, and a query of PostgreSQL's own
 * catalog (`information_schema`, `pg_catalog`) is no user table's problem.
 */
function checkStatements(
  rules: readonly SqlRule[],
  doc: SourceDocument,
  { parsed: fragments, catalog, final, settings, roots }: PreparedDocument,
  budget?: BudgetCheck,
): { findings: Finding[]; errors: AnalysisError[] } {
  const lines = new LineIndex(doc.text);
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [];
  const embedded = !SQL_FILE.test(doc.file) && doc.languageId !== 'sql';
  const path = doc.file.replace(/\\/g, '/');
  const isSchemaFile = isSchemaPath(path, settings);
  const isMigration =
    MIGRATION_PATH.test(path) ||
    (NUMBER_ONLY_PATH.test(path) &&
      fragments.some(
        ({ fragment, parsed }) => fragment.origin !== 'body' && parsed.statements.some((s) => DDL.test(s.type)),
      ));
  const runs = runContextOf(doc.file, roots, isMigration);
  const functionBodies = functionSpans(fragments);
  const info: SqlDocumentInfo = {
    file: doc.file,
    text: doc.text,
    embedded,
    isSchemaFile,
    isMigration,
    runs,
    order: catalog.orderOf(doc.file),
    eol: lines.eol,
  };
  if (!catalog.complete) {
    errors.push({
      file: doc.file,
      kind: 'partial',
      message:
        'workspace schema still loading: checks that need it (missing indexes, existing tables) are held back until it is complete',
    });
  }
  const created = tablesCreated(fragments);
  const rollbackFile = isMigration && isRollbackPath(path);
  // Findings that lay wholly on a stand-in in a SQL file: about text the file does not hold (placement.ts).
  const dropped = new Set<Finding>();
  for (const { fragment, parsed } of fragments) {
    for (const error of parsed.errors) {
      const report = syntaxErrorReport(doc.file, doc.text, fragment, error, lines);
      if (report) errors.push(report);
    }
    // Test SQL never runs against production: nothing it does is a scaling problem.
    if (runs.kind === 'test') continue;
    const at = fragment.map.toHost(0);
    const fragmentRuns = routineRunContext(
      runs,
      fragment.origin === 'body' && functionBodies.some((span) => at >= span.start && at < span.end),
    );
    // One context per fragment, moved from statement to statement, its `report` re-pointed per rule: a context (and
    // its functions) per statement, or per rule, was a good part of the engine's time. Safe because rules are
    // synchronous and read the context only inside check().
    const { context, moveTo } = ruleContext(doc, info, fragment, parsed, { catalog, final }, settings, lines, created);
    let statement = parsed.statements[0];
    let once = false;
    let reverting = false;
    const check = (rule: SqlRule, report: SqlRuleContext['report']) => {
      context.report = report;
      rule.check(context);
    };
    const complete = (rule: SqlRule, partial: SqlReport) => {
      const completed = completeFinding(
        rule,
        doc.file,
        reverting ? inRollbackOnly(partial) : once ? onceOnly(partial, fragmentRuns) : partial,
      );
      const finding = placeFinding(completed, fragment, lines);
      if (!finding) {
        dropped.add(completed);
        return completed;
      }
      if (embedded) {
        const suppress = embeddedSuppressionFix(
          doc.file,
          doc.text,
          lines,
          fragment,
          rule.id,
          lines.offsetAt(finding.range.start),
        );
        if (suppress) finding.fixes = [...(finding.fixes ?? []), suppress];
      }
      return finding;
    };
    const errorRange = () => context.rangeOf({ start: statement.start, end: statement.end });
    const runRules = ruleRunner({ file: doc.file, check, complete, errorRange });
    // The rules that may report on the statement (rule.ts, `when`), in one list reused from statement to statement.
    const applicable: SqlRule[] = [];
    for (statement of parsed.statements) {
      const query = isQuery(statement);
      const text = fragment.sql.slice(statement.start, statement.end);
      if (query && readsOnlySystemCatalogs(statement, text)) continue;
      once = query && fragmentRuns.kind === 'once';
      moveTo(statement);
      reverting = isMigration && (rollbackFile || inRollback(context));
      // The budget once per statement rather than before each rule: a statement's rules take microseconds, and
      // asking the clock for each of them was a measurable share of the run.
      budget?.check();
      applicable.length = 0;
      const escaped = hasUnicodeEscape(text);
      for (const rule of rules)
        if (mayReport(rule, statement.type, text, escaped) && (!fragment.builder || BUILDER_RULES.has(rule.id)))
          applicable.push(rule);
      const ran = runRules(applicable);
      for (const f of ran.findings) if (!dropped.has(f)) findings.push(f);
      for (const e of ran.errors) errors.push(e);
    }
  }
  return { findings, errors };
}

/**
 * The rules that judge a schema builder's DDL (schema-builders.ts): an index built without the builder's own
 * concurrent option. The others would ask for SQL the builder cannot write; the builder's DDL feeds the schema.
 */
const BUILDER_RULES = new Set(['create-index-not-concurrently']);

/** Statements whose findings judge what they cost per execution: queries and DML. */
const QUERY_TYPES = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

function isQuery(statement: SqlStatement): boolean {
  return QUERY_TYPES.has(statement.type);
}

const SYSTEM_NAME = /\b(?:information_schema|pg_\w)/i;

/** A query finding on SQL that runs once is a hint, and says why. */
function onceOnly(partial: SqlReport, runs: RunContext): SqlReport {
  return hintBecause(partial, `${runs.what.charAt(0).toUpperCase()}${runs.what.slice(1)} runs once, not per request`);
}

/**
 * A finding on a migration's rollback (`exports.down`, a `down.sql` file) is a hint, and says why: reverting runs
 * rarely and by hand, and what it locks is the rollback's own trade-off, not the migration's.
 */
function inRollbackOnly(partial: SqlReport): SqlReport {
  return hintBecause(partial, "In the migration's rollback, which runs only when the migration is reverted");
}

/** The finding as a hint whose message starts with why it is only one. */
function hintBecause(partial: SqlReport, why: string): SqlReport {
  return { ...partial, severity: 'hint', message: `${why}, so this is only a hint: ${partial.message}` };
}

/** Does the statement (its text given) read PostgreSQL's own catalogs and nothing else (an existence check on information_schema)? */
function readsOnlySystemCatalogs(statement: SqlStatement, text: string): boolean {
  // Most statements name no catalog at all: their text says so without a walk of the tree.
  if (!SYSTEM_NAME.test(text)) return false;
  let system = 0;
  let user = 0;
  walk(statement.node, (ref) => {
    if (ref.type !== 'RangeVar') return;
    if (isSystemRelation(ref.node)) system++;
    else user++;
  });
  return system > 0 && user === 0;
}

/** Host spans of the document's CREATE FUNCTION (and PROCEDURE) statements, whose bodies run when called. */
function functionSpans(fragments: readonly { fragment: SqlFragment; parsed: ParsedSql }[]): Span[] {
  const out: Span[] = [];
  for (const { fragment, parsed } of fragments) {
    if (fragment.origin === 'body') continue;
    for (const s of parsed.statements)
      if (s.type === 'CreateFunctionStmt') out.push(fragment.map.spanToHost(s.start, s.end));
  }
  return out;
}

/** Host offset and name of each CREATE TABLE of the document, in every fragment (separate calls of one migration). */
function tablesCreated(fragments: readonly { fragment: SqlFragment; parsed: ParsedSql }[]): CreatedTable[] {
  const out: CreatedTable[] = [];
  for (const { fragment, parsed } of fragments) {
    for (const s of parsed.statements) {
      const ref = unwrap(s.node);
      const relation =
        ref?.type === 'CreateStmt'
          ? ref.node.relation
          : ref?.type === 'CreateTableAsStmt'
            ? ref.node.into?.rel
            : undefined;
      if (relation?.relname) out.push({ at: fragment.map.toHost(s.start), name: String(relation.relname) });
    }
  }
  return out;
}

interface CreatedTable {
  /** Host offset of the CREATE statement. */
  at: number;
  name: string;
}

/** The context rules are handed for the statements of one fragment, and how it moves to the next statement. */
function ruleContext(
  doc: SourceDocument,
  info: SqlDocumentInfo,
  fragment: SqlFragment,
  parsed: ParsedSql,
  { catalog, final }: { catalog: Catalog; final: Catalog },
  settings: SqlSettings,
  lines: LineIndex,
  created: readonly CreatedTable[],
): { context: SqlRuleContext; moveTo(statement: SqlStatement): void } {
  let levels: QueryLevel[] | undefined;
  const isSpan = (target: unknown): target is Span =>
    typeof target === 'object' &&
    target !== null &&
    typeof (target as Span).start === 'number' &&
    typeof (target as Span).end === 'number' &&
    !('type' in target);
  const context: SqlRuleContext = {
    // Set by moveTo before any rule reads them.
    statement: undefined as unknown as SqlStatement,
    ast: undefined as unknown as NodeRef,
    parsed,
    fragment,
    document: info,
    schema: catalog,
    finalSchema: final,
    settings,
    levels: () => (levels ??= queryLevels(context.statement.node, catalog)),
    spanOf: (node) => spanOf(node, context.statement.tokens),
    rangeOf(target) {
      const span = isSpan(target) ? target : spanOf(target as NodeLike, context.statement.tokens);
      if (!span) return undefined;
      const host = fragment.map.spanToHost(span.start, span.end);
      return lines.rangeOf(host.start, host.end);
    },
    hostRange: (start, end) => lines.rangeOf(start, end),
    edit(span, newText) {
      const host = fragment.map.editableSpan(span.start, span.end);
      if (!host) return undefined;
      return {
        file: doc.file,
        range: lines.rangeOf(host.start, host.end),
        newText: escapeForHost(newText, fragment.quote),
      };
    },
    existedBefore(table) {
      if (!table) return undefined;
      if (table.origin.file === doc.file) return false;
      return table.origin.order < info.order;
    },
    createdEarlierHere(name) {
      const here = fragment.map.toHost(context.statement.start);
      return created.some((c) => c.at < here && c.name === name);
    },
    relatedAt(origin, message) {
      if (origin.file === doc.file)
        return [{ file: doc.file, range: lines.rangeOf(origin.start, origin.end), message }];
      const other = catalog.lines.get(origin.file);
      if (!other) return undefined;
      return [{ file: origin.file, range: other.rangeOf(origin.start, origin.end), message }];
    },
    report: () => undefined,
  };
  const moveTo = (statement: SqlStatement) => {
    context.statement = statement;
    context.ast = unwrap(statement.node) ?? { type: statement.type, node: {} };
    levels = undefined;
  };
  return { context, moveTo };
}

export { asRef };
/** The facts this engine offers other assistants (see contract.ts), loaded through the catalog with the engine. */
export { sqlFacts } from './facts';

export { loadParsers } from './parsers';
