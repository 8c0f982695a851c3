import { ASSISTANTS } from '../assistants/catalog';
import { DEFAULT_BUDGET_MS } from '../core/config';
import { ASSESSMENT_PATH } from '../roadmap/model';
import { DEFAULT_MODEL } from '../ai/model';
import { AI_MAX_FILES } from './args';

// What the text says about assistants comes from the catalog, so it stays true as each one lands.
const BUILT = ASSISTANTS.filter((a) => a.available);
const NOT_BUILT = ASSISTANTS.filter((a) => !a.available);
const OPTION_COLUMN = 28;

/** `a`, `a and b`, `a, b and c`. */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Breaks `text` at spaces into lines that end by column 112, each starting at column `indent`. */
function wrap(text: string, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > 112) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

const ids = (list: typeof ASSISTANTS) => list.map((a) => a.id).join(', ');
const named = (list: typeof ASSISTANTS) => inWords(list.map((a) => `the ${a.displayName} (${a.id})`));

const ABOUT = [
  wrap(`Reviews code for scaling problems with ${named(BUILT)}.`, 0),
  ...(NOT_BUILT.length > 0 ? [wrap(`Not built yet: ${named(NOT_BUILT)}.`, 0)] : []),
].join('\n');

const ASSISTANT_OPTION = wrap(
  `Only these assistants, comma-separated: ${ids(BUILT)} (default: all of them).` +
    (NOT_BUILT.length > 0 ? ` Not built yet, so skipped with a note: ${ids(NOT_BUILT)}.` : ''),
  OPTION_COLUMN,
);

export const USAGE = `Usage: scaling-assistant <command> [options]

${ABOUT}

Commands:
  check <paths...>          Analyse files and folders; folders are walked, skipping node_modules, .git
                            and whatever .gitignore files ignore. Files named explicitly are always analysed.
                            Cross-file checks (an HPA and the Deployment it scales) see the files given.
  roadmap <folder>          Analyse a workspace folder as check does and print a four-phase scaling roadmap:
                            the findings grouped into tasks with estimated effort, impact, risk, skills and
                            dependencies, plus the tasks the readiness assessment calls for.
  advise <file>             Measure every statement of a SQL file, or every statement a TypeScript, JavaScript
                            or Go file embeds: its plan (EXPLAIN ANALYZE in an embedded PostgreSQL on synthetic
                            rows; $n parameters get values drawn from those rows), plan problems mapped to the
                            SQL, and index candidates and rewrites timed before and after (rewrites checked to
                            return the same rows as the original).
  render <file>             Render a React component in a DOM emulation (happy-dom, with the project's own react
                            and react-dom) under a parent found in its project, re-render the parent, and
                            count each child's renders and time; then measure each candidate fix of the
                            component's findings applied in memory (the file is not changed).
  decompose <folder>        Propose services for a TypeScript/JavaScript monolith from its imports, calls, tables,
                            use cases and git history; print each service's files, tables, routes and
                            operations, metrics beside two baselines, and the strangler-fig steps.
  workshop <folder>         Check every exercise of the scaling workshop in your copy of the workshop sample,
                            with the same engines and measurement as Check My Work in the editor, and print
                            the workshop report. Its language follows --locale, else LC_ALL, LC_MESSAGES or
                            LANG (de or en); rule messages stay English.

Options for check:
  --format <text|json|sarif>
                            Output format (default: text). text prints file:line:col severity rule message
                            to stdout and a summary to stderr; json prints {"version": 1, "findings", "errors"};
                            sarif prints a SARIF 2.1.0 log for code-scanning tools.
  --assistant <ids>         ${ASSISTANT_OPTION}
  --fail-on <error|warning|never>
                            Lowest severity that makes the exit code 1 (default: error).
  --cluster-version <1.xx>  Kubernetes version the manifests are applied to (default: 1.30); decides removed
                            APIs and supported HPA fields, and Helm charts' .Capabilities.
  --helm-values <file>      A values file Helm charts render with, as helm's -f (repeatable, the last wins);
                            it applies to the chart whose folder holds it, one outside every chart to all.
  --query-functions <names> The project's own functions or methods that run SQL (their first argument is a
                            statement), besides the drivers' and ORMs', e.g. rawQuery,db.run; repeatable.
  --prices cpuHour=<p>,memoryGiBHour=<p>[,currency=<ISO>]
                            What a vCPU and a GiB of requests cost an hour, for the HPA reviewer's cost
                            estimates (default: example AWS Fargate list prices, USD); the readiness
                            assessment's monthlyInfrastructureBudget is read in the same currency.
  --budget-ms <n>           Time budget per file and assistant in milliseconds (default: ${DEFAULT_BUDGET_MS}).
  --react-compiler <auto|on|off>
                            Whether the React Compiler builds the components (default: auto, read from the
                            Babel, Vite, Next or Expo config and package.json); where it compiles a component,
                            no advice to memoise by hand. With the plugin installed it runs on each file.
  --lazy-min-kb <n>         Smallest measured size (kB, gzip, not already in the app's entry bundle) of a
                            conditionally rendered component for lazy-load-heavy-component to report
                            (default: 30; as the setting scalingAssistant.react.lazyLoadMinKb).
  --verbose                 text format: also print related locations and the titles of available fixes.
  --ai                      Also ask Claude for a deep review of the analysed files (those with findings first).
                            Giving --ai is your consent to send them: each file is named on stderr with its
                            size and an estimate of its tokens. Secrets (Kubernetes Secret data, passwords in
                            connection strings, cloud and API keys, private keys, tokens, .env values) are
                            redacted first. Needs ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL overrides the endpoint.
                            Claude's findings are printed with rule ids claude/<category> and marked as AI in
                            their evidence; they never count for --fail-on. If the review fails, the static
                            findings are printed as usual and the error goes to stderr.
  --ai-subject <ids>        --ai: only files of these assistants (default: all that ran).
  --ai-max-files <n>        --ai: send at most n files (default: ${AI_MAX_FILES}).
  --ai-model <id>           --ai: the Claude model (default: ${DEFAULT_MODEL}).

Options for roadmap:
  --assessment <file>       Readiness assessment (JSON) to plan with; default, when it exists:
                            <folder>/${ASSESSMENT_PATH}. Its gaps add strategic tasks; its team
                            size sets each phase's capacity. A missing or broken assessment is reported on
                            stderr and the plan is made without it.
  --decompose               Also plan the folder's decomposition (as decompose does, without git history) and add
                            its strangler-fig steps as tasks in phases 3 and 4.
  --locale <de|en>          Language of the Markdown's headings and labels (default: from LC_ALL, LC_MESSAGES or
                            LANG; else English). Task titles and rationales come from the rules and stay English.
  --format <markdown|json>  Output format (default: markdown). markdown is a document to paste into a planning
                            page; json prints the plan: {"version": 1, "phases": [{"id", "title", "horizon",
                            "tasks": [{"title", "assistant", "effort", "impact", "risk", "findings", …}]}], "summary"}.
  --cluster-version, --query-functions, --prices, --budget-ms
                            As for check.

Options for advise:
  --schema <file|folder>    Schema (DDL, migrations) to build the sandbox from; repeatable. A folder gives
                            its SQL files and its script or Go migrations. Default: the migrations and
                            schema files found under the current folder.
  --rows <n>                Synthetic rows per table (default: 100000).
  --rows-per-table <t=n,…>  Rows for particular tables, e.g. categories=200.
  --database-url <url>      Plan on this PostgreSQL server instead (read-only; password from PGPASSWORD);
                            what-if indexes need HypoPG there, and are estimates.
  --analyze                 With --database-url: EXPLAIN ANALYZE, which executes there the reads that call
                            only vetted built-in functions; the others are planned only, and the note says why.
  --allow-privileged-role   With --analyze: execute even as a superuser or a member of pg_signal_backend,
                            pg_read_server_files, pg_write_server_files or pg_execute_server_program (by
                            default such a role gets plans only, and a warning).
  --run-timeout-ms <ms>     Limit of the whole run (default: 300000); statements not measured by then are
                            reported with that reason.
  --format <text|json>      Output format (default: text). json prints {"version": 1, "statements": [{"range",
                            "sql", "plan": {"totalCost", "executionMs", …}, "planFindings", "suggestions":
                            [{"kind", "title", "sql", "costBefore", "costAfter", "measured": {"beforeMs",
                            "afterMs", "speedup", "rows", "engine"}, "equivalent"}], "notes"}]}.
  --quiet                   No progress lines on stderr.

Options for render:
  --component <name>        The component to render (default: the first exported one with findings, else the first
                            exported one).
  --items <n>               Items of each generated list prop or data loader's list (default: 1000).
  --updates <n>             Parent updates measured (default: 5).
  --format <markdown|json>  Output format (default: markdown). json prints {"version": 1, "file", "component",
                            "notRendered", "engine", "baseline": {"rendersPerUpdate", "renderMsPerUpdate",
                            "updateMs", …}, "candidates": [{"ruleId", "fix", "measurement", "line"}], "findings"}.
  --quiet                   No progress lines on stderr.
  It runs the project's code: use it on code you trust.

Options for decompose:
  --services <n>            Propose this many services (default: as many as the clustering finds).
  --weights <signal=w,…>    Weights of the signals imports, calls, data, useCases and coupling (defaults 1, 1, 1,
                            1 and 0.5): what a typical tie of the signal is worth against a typical import.
  --no-history              Do not read git history (no change coupling).
  --guardrails <folder>     Also write the boundaries as dependency-cruiser.boundaries.cjs and eslint.boundaries.mjs
                            into the folder (existing files are not overwritten).
  --format <markdown|json>  Output format (default: markdown). json prints {"version": 1, "services": [{"name",
                            "files", "tables", "routes", "operations"}], "shared", "metrics": {"ours", "folders",
                            "louvain"}, "steps"}, paths relative to the folder.

Options for workshop:
  --name <name>             Your name on the report.
  --locale <de|en>          Language of the report (default: from LC_ALL, LC_MESSAGES or LANG; else English).
  --format <markdown|html>  Output format (default: markdown); html is one self-contained page.
  --no-measure              Skip the sandbox measurements: the catalogue query (that criterion is then not met) and
                            the storefront's renders (the report says they were not measured).
  --rows <n>                Synthetic rows per table for the measurement (default: 100000).
  --quiet                   No progress lines on stderr.

Global options:
  -h, --help                Show this help.
  --version                 Show the version.

Exit codes:
  0  no finding at or above --fail-on (roadmap, decompose: the plan was printed; workshop: every exercise passed)
  1  at least one finding at or above --fail-on (check only; workshop: an exercise has not passed; render: the
     component could not be rendered, and the report says why)
  2  usage error, none of the given paths exist, or an assistant failed internally
  3  --ai: a deep review failed and no static finding reached --fail-on (static results were printed)

Suppress one finding with a comment on the line above it:
  # scaling-assistant-disable-next-line workload-replicas-with-hpa
`;
