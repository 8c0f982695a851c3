import type {
  AdviceResult,
  AnalysisContext,
  Assistant,
  ParsedStatements,
  RewriteVerdict,
  SourceDocument,
} from '../../core/assistant';
import type { AnalysisError, Finding, Range } from '../../core/finding';
import { completeFinding } from '../../core/rule';
import { LineIndex } from '../../core/text';
import type { NodeLike, Span } from './ast';
import { asRef, spanOf, unwrap } from './ast';
import type { ParsedSql, SqlStatement } from './parser';
import { loadSqlParser, parseSql } from './parser';
import type { QueryLevel } from './query';
import { queryLevels } from './query';
import type { ReportStatement } from './advice/document';
import { adviseDocument, hoverMarkdown } from './advice/document';
import { EngineProvider } from './advice/engines';
import { checkEquivalence } from './advice/equivalence';
import { ADVICE_RULES } from './advice/rules';
import type { SqlDocumentInfo, SqlRuleContext } from './rule';
import { SQL_RULES } from './rules';
import { embeddedSuppressionFix } from './suppress';
import type { Catalog } from './schema';
import { SchemaCache, isSchemaPath } from './schema-cache';
import type { SqlSettings } from './settings';
import { sqlSettings } from './settings';
import type { SqlFragment } from './sources';
import { SCRIPT_FILE, SQL_FILE, escapeForHost, extractFragments, loadTypeScript, mightContainSql } from './sources';

const SCRIPT_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);
/** A migration that runs against a live database: a migrations folder, or a numbered/timestamped file name. */
const MIGRATION_PATH = /(?:^|\/)(?:migrations?|migrate)\/|(?:^|\/)(?:V\d+__|\d{3,}[_-])[^/]*\.sql$/i;

function documentKind(doc: SourceDocument): 'sql' | 'script' | undefined {
  if (SQL_FILE.test(doc.file) || doc.languageId === 'sql') return 'sql';
  if (SCRIPT_FILE.test(doc.file) || (doc.languageId && SCRIPT_LANGUAGES.has(doc.languageId))) return 'script';
  return undefined;
}

/**
 * The query optimizer's engine: SQL fragments of the document (a SQL file, or SQL embedded in
 * TypeScript/JavaScript) → statements parsed by PostgreSQL's own grammar → rules with the workspace
 * schema → findings on the exact host span. Documents without SQL never load the parser.
 */
export function createSqlAssistant(cache = new SchemaCache()): Assistant {
  const engines = new EngineProvider();
  /** The last measured advice per document, for the hover (kept while the text is unchanged). */
  const lastAdvice = new Map<string, { text: string; statements: ReportStatement[] }>();

  /** Fragments, parses and the catalog of a document, or undefined when it holds no SQL. */
  async function prepareDocument(
    doc: SourceDocument,
    { budget, workspace, settings: rawSettings }: AnalysisContext,
    bounded: boolean,
  ) {
    const kind = documentKind(doc);
    if (!kind) return undefined;
    if (kind === 'script') {
      if (!mightContainSql(doc.text)) return undefined;
      await loadTypeScript();
    }
    const fragments = extractFragments(
      kind === 'sql' && !SQL_FILE.test(doc.file) ? `${doc.file}.sql` : doc.file,
      doc.text,
    );
    if (fragments.length === 0 || fragments.every((f) => f.sql.trim() === '')) return undefined;
    await loadSqlParser();
    if (bounded) budget.check();
    const settings = sqlSettings(rawSettings);
    const parsed = fragments.map((fragment) => ({ fragment, parsed: parseSql(fragment.sql) }));
    const files = workspace ? await workspace.files(SQL_FILE) : [];
    // The schema may use half of what the one-time parser loads left of the budget; past it, the
    // analysis runs on what was read and rules that conclude from an absence hold back.
    const loadedAt = budget.elapsedMs;
    const catalog = await cache.catalog(
      files,
      settings,
      kind === 'sql' ? { file: doc.file, text: doc.text, parsed: parsed[0]?.parsed } : undefined,
      bounded ? () => budget.elapsedMs > loadedAt + Math.max(0, budget.budgetMs - loadedAt) / 2 : undefined,
    );
    return { parsed, catalog, settings, files };
  }

  return {
    id: 'sql',
    rules: [...SQL_RULES, ...ADVICE_RULES],
    async analyze(doc, context) {
      const prepared = await prepareDocument(doc, context, true);
      if (!prepared) return { findings: [], errors: [] };
      return runRules(doc, prepared.parsed, prepared.catalog, prepared.settings, () => context.budget.check());
    },
    async prepare(workspace, signal) {
      await loadSqlParser();
      await cache.catalog(
        await workspace.files(SQL_FILE),
        sqlSettings(undefined),
        undefined,
        () => signal?.aborted ?? false,
      );
    },
    async advise(doc, context): Promise<AdviceResult> {
      const prepared = await prepareDocument(doc, context, false);
      if (!prepared) return { findings: [], errors: [], report: { statements: [] } };
      const { parsed, catalog, settings, files } = prepared;
      const statics = runRules(doc, parsed, catalog, settings, () => undefined);
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
          engine: (tables) =>
            engines.acquire({
              catalog,
              tables,
              settings,
              secrets: context.secrets,
              signal: context.signal,
              onProgress: context.onProgress,
            }),
          readFile: (file) => texts.get(file),
          analyze: !settings.databaseUrl || settings.analyzeOnServer,
        },
        context,
      );
      lastAdvice.set(doc.file, { text: doc.text, statements: advice.statements });
      const errors = [...statics.errors.filter((e) => e.kind === 'parse'), ...advice.errors];
      return { findings: advice.findings, errors, report: advice.report };
    },
    async verifyRewrite(doc, range, newText, context): Promise<RewriteVerdict> {
      const prepared = await prepareDocument(doc, context, false);
      if (!prepared) return { parses: false, equivalent: null, note: 'the document holds no SQL statement' };
      const lines = new LineIndex(doc.text);
      const start = lines.offsetAt(range.start);
      const end = lines.offsetAt(range.end);
      for (const { fragment, parsed } of prepared.parsed) {
        for (const statement of parsed.statements) {
          const host = fragment.map.spanToHost(statement.start, statement.end);
          // A whole-line edit (Claude's) covers the indentation and the `;`, which the statement's span excludes.
          const from = start < host.start && /^\s*$/.test(doc.text.slice(start, host.start)) ? host.start : start;
          const to = end > host.end && /^\s*;?\s*$/.test(doc.text.slice(host.end, end)) ? host.end : end;
          if (!(host.start <= from && to <= host.end)) continue;
          const proposed = (from > start ? newText.trimStart() : newText).replace(/\s*;\s*$/, '');
          const original = fragment.sql.slice(statement.start, statement.end);
          if (doc.text.slice(host.start, host.end) !== original) {
            return {
              parses: false,
              equivalent: null,
              note: 'the statement is embedded with placeholders or escapes: the rewrite cannot be checked as written',
            };
          }
          const rewritten = doc.text.slice(host.start, from) + proposed + doc.text.slice(to, host.end);
          const check = parseSql(rewritten);
          if (check.errors.length > 0 || check.statements.length !== 1) {
            return {
              parses: false,
              equivalent: false,
              note: check.errors[0]?.message ?? `the rewrite is ${check.statements.length} statements, not one`,
            };
          }
          const tables = new Set<string>();
          for (const node of [statement.node, check.statements[0].node]) {
            try {
              for (const level of queryLevels(node, prepared.catalog))
                for (const entry of level.scope.baseTables) if (entry.table) tables.add(entry.table.key);
            } catch {
              // Unknown tables are not loaded: the check then fails on them and says so.
            }
          }
          const engine = await engines.acquire({
            catalog: prepared.catalog,
            tables: [...tables],
            settings: prepared.settings,
            secrets: context.secrets,
            signal: context.signal,
            onProgress: context.onProgress,
          });
          const verdict = await checkEquivalence(engine, original, rewritten, { signal: context.signal });
          return { parses: true, equivalent: verdict.equivalent, note: verdict.note };
        }
      }
      return { parses: false, equivalent: null, note: 'the range is not inside one SQL statement' };
    },
    statements: documentStatements,
    async hover(doc, position) {
      const last = lastAdvice.get(doc.file);
      if (!last || last.text !== doc.text) return undefined;
      const offset = new LineIndex(doc.text).offsetAt(position);
      const statement = last.statements.find((s) => s.start <= offset && offset <= s.end);
      return statement ? hoverMarkdown(statement) : undefined;
    },
    dispose: () => engines.dispose(true),
  };
}

export const sqlAssistant: Assistant = createSqlAssistant();

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
  for (const fragment of fragments) {
    const parsed = parseSql(fragment.sql);
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

function runRules(
  doc: SourceDocument,
  fragments: readonly { fragment: SqlFragment; parsed: ParsedSql }[],
  catalog: Catalog,
  settings: SqlSettings,
  checkBudget: () => void,
): { findings: Finding[]; errors: AnalysisError[] } {
  const lines = new LineIndex(doc.text);
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [];
  const embedded = !SQL_FILE.test(doc.file) && doc.languageId !== 'sql';
  const path = doc.file.replace(/\\/g, '/');
  const info: SqlDocumentInfo = {
    file: doc.file,
    text: doc.text,
    embedded,
    isSchemaFile: !embedded && isSchemaPath(path, settings),
    isMigration: !embedded && MIGRATION_PATH.test(path),
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
  for (const { fragment, parsed } of fragments) {
    for (const error of parsed.errors) {
      if (!reportSyntaxError(fragment, error)) continue;
      const span = fragment.map.spanToHost(error.start, Math.max(error.end, error.start));
      errors.push({
        file: doc.file,
        kind: 'parse',
        message: error.message,
        range: lines.rangeOf(span.start, span.end),
      });
    }
    for (const statement of parsed.statements) {
      checkBudget();
      // One context per statement, its `report` re-pointed per rule: copying the context for every rule
      // was a tenth of the engine's time. Safe because rules are synchronous and report only inside check().
      const context: SqlRuleContext = {
        ...ruleContext(doc, info, fragment, parsed, statement, catalog, settings, lines),
        report: () => undefined,
      };
      for (const rule of SQL_RULES) {
        try {
          context.report = (partial) => {
            const finding = completeFinding(rule, doc.file, partial);
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
            findings.push(finding);
          };
          rule.check(context);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          errors.push({
            file: doc.file,
            kind: 'internal',
            message: `rule ${rule.id} failed: ${message}`,
            range: context.rangeOf({ start: statement.start, end: statement.end }),
          });
        }
      }
    }
  }
  return { findings, errors };
}

/**
 * A syntax error in embedded SQL is reported unless the SQL is built at run time: text spliced in by
 * string interpolation, an error at a `${…}` (an identifier or a fragment, not a value), or at a driver's
 * own placeholder syntax (knex's `?`, Sequelize's `:name`).
 */
function reportSyntaxError(fragment: SqlFragment, error: { start: number; end: number }): boolean {
  if (fragment.origin === 'file') return true;
  if (fragment.interpolated) return false;
  if (fragment.placeholders.some((p) => error.start < p.sqlEnd + 1 && error.end > p.sqlStart - 1)) return false;
  const at = fragment.sql.slice(error.start, Math.max(error.end, error.start + 1));
  return !/^(\?|:)/.test(at);
}

function ruleContext(
  doc: SourceDocument,
  info: SqlDocumentInfo,
  fragment: SqlFragment,
  parsed: ParsedSql,
  statement: SqlStatement,
  catalog: Catalog,
  settings: SqlSettings,
  lines: LineIndex,
): Omit<SqlRuleContext, 'report'> {
  let levels: QueryLevel[] | undefined;
  const isSpan = (target: unknown): target is Span =>
    typeof target === 'object' &&
    target !== null &&
    typeof (target as Span).start === 'number' &&
    typeof (target as Span).end === 'number' &&
    !('type' in target);
  const rangeOf = (target: NodeLike | Span): Range | undefined => {
    const span = isSpan(target) ? target : spanOf(target as NodeLike, statement.tokens);
    if (!span) return undefined;
    const host = fragment.map.spanToHost(span.start, span.end);
    return lines.rangeOf(host.start, host.end);
  };
  const ast = unwrap(statement.node) ?? { type: statement.type, node: {} };
  return {
    statement,
    ast,
    parsed,
    fragment,
    document: info,
    schema: catalog,
    settings,
    levels: () => (levels ??= queryLevels(statement.node, catalog)),
    spanOf: (node) => spanOf(node, statement.tokens),
    rangeOf,
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
      return parsed.statements.some((s) => {
        if (s.start >= statement.start) return false;
        const ref = unwrap(s.node);
        const relation =
          ref?.type === 'CreateStmt'
            ? ref.node.relation
            : ref?.type === 'CreateTableAsStmt'
              ? ref.node.into?.rel
              : undefined;
        return relation?.relname === name;
      });
    },
    relatedAt(origin, message) {
      if (origin.file === doc.file)
        return [{ file: doc.file, range: lines.rangeOf(origin.start, origin.end), message }];
      const other = catalog.lines.get(origin.file);
      if (!other) return undefined;
      return [{ file: origin.file, range: other.rangeOf(origin.start, origin.end), message }];
    },
  };
}

export { asRef };
