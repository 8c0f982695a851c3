import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadAssistant } from '../assistants/catalog';
import type { ReactRenderReport } from '../assistants/react/contract';
import { reportMarkdown } from '../assistants/react/contract';
import type { Finding } from '../core/finding';
import type { RenderArgs } from './args';
import { FileWorkspace } from './file-workspace';
import { describeError } from './format-text';
import type { CliIo } from './io';
import { runAdvice } from './run-advice';
import { MAX_FILE_BYTES, readSource } from './read-source';
import { walk } from './walk';

/**
 * `scaling-assistant render <file>`: the measured part of *Optimize React Component* on the command line. The
 * file's component (`--component`, else the first exported one with findings) is rendered in the sandbox under a
 * parent found in its project (the nearest folder above it with a package.json), with the project's own react and
 * react-dom, re-rendered `--updates` times with `--items` items per generated list, and measured as written and
 * with each candidate fix of its findings applied in memory.
 * Exit codes: 0 measured; 1 the component could not be rendered (the report says exactly why; the static findings
 * are printed all the same); 2 usage error, unreadable file, or the engine failed.
 */
export async function runRender(args: RenderArgs, io: CliIo): Promise<number> {
  const absolute = path.resolve(io.cwd, args.file);
  const source = await readSource(absolute, MAX_FILE_BYTES);
  if (!source.ok) {
    io.stderr(`scaling-assistant: ${args.file}: ${source.message}\n`);
    return 2;
  }
  const root = projectRoot(absolute);
  const walked = await walk([root, absolute], io.cwd);
  // Absolute names: the engine finds call sites through the component graph and bundles from disk by these names.
  const workspace = new FileWorkspace(
    walked.files.map((f) => ({ ...f, display: f.absolute })),
    MAX_FILE_BYTES,
  );
  const engine = await loadAssistant('react');
  const settings: Record<string, unknown> = {};
  if (args.component) settings.renderComponent = args.component;
  if (args.items) settings.renderItems = args.items;
  if (args.updates) settings.renderUpdates = args.updates;
  const run = {
    command: 'render',
    noAdvice: 'this build of the frontend optimizer has no measured renders',
    doc: { file: absolute, text: source.text },
    workspace,
    prepareLabel: root,
    settings,
    quiet: args.quiet,
  };
  return runAdvice(engine, run, io, (result, workspaceErrors) => {
    // Other files that do not parse cost call sites, not the measurement: named once each, the render goes on.
    for (const error of [...workspaceErrors.filter((e) => e.file !== absolute), ...result.errors])
      io.stderr(`${describeError(error)}\n`);
    const report = result.report as ReactRenderReport;
    const display = path.relative(io.cwd, absolute) || path.basename(absolute);
    if (args.format === 'json') io.stdout(renderJson(display, report, result.findings));
    else io.stdout(renderMarkdown(display, report, result.findings));
    if (result.errors.some((e) => e.kind === 'internal')) return 2;
    return report.notRendered ? 1 : 0;
  });
}

/** The nearest folder at or above the file's that holds a package.json: the project a parent is looked for in. */
function projectRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

function renderJson(display: string, report: ReactRenderReport, findings: readonly Finding[]): string {
  const { file: _file, ...rest } = report;
  return `${JSON.stringify({ version: 1, file: display, ...rest, findings: findings.map(findingJson) }, null, 2)}\n`;
}

function findingJson(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    message: finding.message,
    ...(finding.evidence?.measured ? { measured: finding.evidence.measured } : {}),
  };
}

function renderMarkdown(display: string, report: ReactRenderReport, findings: readonly Finding[]): string {
  const lines = [reportMarkdown(report), '', '## Static findings', ''];
  if (!findings.length) lines.push('None.');
  for (const f of findings)
    lines.push(`- ${display}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}
