import { DEFAULT_BUDGET_MS } from '../core/config';
import { ASSESSMENT_PATH } from '../roadmap/model';

export const USAGE = `Usage: scaling-assistant <command> [options]

Reviews Kubernetes manifests (and, as they land, SQL and React code) for scaling problems.

Commands:
  check <paths...>          Analyse files and folders; folders are walked, skipping node_modules, .git
                            and whatever .gitignore files ignore. Files named explicitly are always analysed.
                            Cross-file checks (an HPA and the Deployment it scales) see the files given.
  roadmap <folder>          Analyse a workspace folder as check does and print a four-phase scaling roadmap:
                            the findings grouped into tasks with estimated effort, impact, risk, skills and
                            dependencies, plus the tasks the readiness assessment calls for.

Options for check:
  --format <text|json|sarif>
                            Output format (default: text). text prints file:line:col severity rule message
                            to stdout and a summary to stderr; json prints {"version": 1, "findings", "errors"};
                            sarif prints a SARIF 2.1.0 log for code-scanning tools.
  --assistant <ids>         Only these assistants, comma-separated: k8s, sql, react, decomposition
                            (default: every assistant that is built).
  --fail-on <error|warning|never>
                            Lowest severity that makes the exit code 1 (default: error).
  --cluster-version <1.xx>  Kubernetes version the manifests are applied to (default: 1.30); decides removed
                            APIs and supported HPA fields.
  --budget-ms <n>           Time budget per file and assistant in milliseconds (default: ${DEFAULT_BUDGET_MS}).
  --verbose                 text format: also print related locations and the titles of available fixes.
  --ai                      Ask Claude for a deep review (not available in this version: static findings only).

Options for roadmap:
  --assessment <file>       Readiness assessment (JSON) to plan with; default, when it exists:
                            <folder>/${ASSESSMENT_PATH}. Its gaps add strategic tasks; its team
                            size sets each phase's capacity. A missing or broken assessment is reported on
                            stderr and the plan is made without it.
  --format <markdown|json>  Output format (default: markdown). markdown is a document to paste into a planning
                            page; json prints the plan: {"version": 1, "phases": [{"id", "title", "horizon",
                            "tasks": [{"title", "assistant", "effort", "impact", "risk", "findings", …}]}], "summary"}.
  --cluster-version, --budget-ms
                            As for check.

Global options:
  -h, --help                Show this help.
  --version                 Show the version.

Exit codes:
  0  no finding at or above --fail-on (roadmap: the plan was printed)
  1  at least one finding at or above --fail-on (check only)
  2  usage error, none of the given paths exist, or an assistant failed internally

Suppress one finding with a comment on the line above it:
  # scaling-assistant-disable-next-line workload-replicas-with-hpa
`;
