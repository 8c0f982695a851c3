import { ASSISTANTS, assistantsForFile, loadAssistant } from '../assistants/catalog';
import type { AssistantDescriptor } from '../assistants/catalog';
import type { Assistant } from '../core/assistant';
import type { AnalysisConfig } from '../core/config';
import type { AnalysisError, AssistantId, Finding } from '../core/finding';
import { compareFindings, comparePositions } from '../core/finding';
import { analyzeDocument, prepareWorkspace } from '../core/pipeline';
import type { RuleMeta } from '../core/rule';
import type { Workspace } from '../core/workspace';
import { FileWorkspace } from './file-workspace';
import { MAX_FILE_BYTES } from './read-source';
import { compareCodeUnits, walk } from './walk';

export interface CheckOptions {
  paths: readonly string[];
  cwd: string;
  /** The built assistants to run; files no selected assistant reviews are skipped. */
  assistants: readonly AssistantDescriptor[];
  config: AnalysisConfig;
  maxFileBytes?: number;
  /** Load every selected engine even when no file needs it, so a SARIF rules table is complete. */
  loadAllRules?: boolean;
  /** Assistant-specific settings by assistant id (the editor's `scalingAssistant.<id>.*`). */
  settings?: Partial<Record<AssistantId, Record<string, unknown>>>;
  /** Keep every analysed file's text in `analysed` (for `--ai`, which sends it for a deep review). */
  keepTexts?: boolean;
}

/** A file the run analysed, with the assistants that reviewed it. */
export interface AnalysedFile {
  file: string;
  assistants: AssistantId[];
  /** The text analysed (only with `keepTexts`). */
  text?: string;
}

export interface CheckReport {
  findings: Finding[];
  errors: AnalysisError[];
  /** Files read and handed to at least one assistant. */
  filesAnalysed: number;
  /** Rules of every engine loaded in this run. */
  rules: RuleMeta[];
  /** Text of each file that has findings (SARIF fingerprints hash a finding's line). */
  sources: ReadonlyMap<string, string>;
  /** Every path on the command line was missing: nothing could be analysed at all. */
  allPathsMissing: boolean;
  /** The files analysed, in walk order. */
  analysed?: AnalysedFile[];
  /** The walked files as engines saw them (--ai hands it to the query optimizer's rewrite check). */
  workspace?: Workspace;
}

/** The `check` command's work without its presentation: walk, read, route, analyse, collect. */
export async function check(options: CheckOptions): Promise<CheckReport> {
  const walked = await walk(options.paths, options.cwd);
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [...walked.errors];
  const sources = new Map<string, string>();
  const engines = new Map<AssistantId, Assistant>();
  const failedLoads = new Set<AssistantId>();
  const selected = new Set(options.assistants.map((a) => a.id));
  const workspace = new FileWorkspace(walked.files, options.maxFileBytes ?? MAX_FILE_BYTES);
  const analysedFiles: AnalysedFile[] = [];
  let filesAnalysed = 0;

  if (options.loadAllRules) {
    for (const descriptor of options.assistants) {
      // A failure here is reported with the first file that needs the engine, which has a name to show.
      await loadAssistant(descriptor.id).then(
        (engine) => engines.set(descriptor.id, engine),
        () => undefined,
      );
    }
  }

  // Engines that reason across files read the walked workspace once, up front, so every file's findings
  // see the same, complete context whatever its own budget (the first file would otherwise pay for all).
  // What a file contributes wrong is that file's error; the engine's own failure is one error, not the run's end.
  const contextErrors: AnalysisError[] = [];
  for (const descriptor of options.assistants) {
    if (!walked.files.some((f) => descriptor.filePattern.test(f.display))) continue;
    const engine = engines.get(descriptor.id) ?? (await loadAssistant(descriptor.id).catch(() => undefined));
    if (!engine) continue;
    engines.set(descriptor.id, engine);
    contextErrors.push(...(await prepareWorkspace(engine, workspace, options.paths.join(' '))));
  }

  for (const file of walked.files) {
    const routes = assistantsForFile(file.display).filter((a) => selected.has(a.id));
    if (routes.length === 0) {
      const reason = file.explicit ? notBuiltReason(file.display) : undefined;
      if (reason) errors.push({ file: file.display, kind: 'unsupported', message: reason });
      continue;
    }
    const source = await workspace.read(file);
    if (!source.ok) {
      errors.push({ file: file.display, kind: 'read', message: source.message });
      continue;
    }
    let analysed = false;
    const reviewedBy: AssistantId[] = [];
    for (const descriptor of routes) {
      if (failedLoads.has(descriptor.id)) continue;
      let engine = engines.get(descriptor.id);
      if (!engine) {
        try {
          engine = await loadAssistant(descriptor.id);
          engines.set(descriptor.id, engine);
        } catch (error) {
          failedLoads.add(descriptor.id);
          const message = error instanceof Error ? error.message : String(error);
          errors.push({
            file: file.display,
            kind: 'internal',
            message: `could not load the ${descriptor.displayName}: ${message}`,
          });
          continue;
        }
      }
      const doc = { file: file.display, text: source.text };
      const result = await analyzeDocument(engine, doc, options.config, undefined, {
        workspace,
        // Display paths are relative to cwd: the frontend optimizer finds node_modules (import costs) from there.
        settings:
          descriptor.id === 'react'
            ? { importCostRoot: options.cwd, ...options.settings?.react }
            : options.settings?.[descriptor.id],
      });
      findings.push(...result.findings);
      errors.push(...result.errors);
      if (result.findings.length > 0) sources.set(file.display, source.text);
      analysed = true;
      reviewedBy.push(descriptor.id);
    }
    if (analysed) {
      filesAnalysed++;
      analysedFiles.push({
        file: file.display,
        assistants: reviewedBy,
        ...(options.keepTexts ? { text: source.text } : {}),
      });
    }
  }

  // A file the run analysed reports its own errors; the context's errors are for the files it did not.
  const reviewed = new Set(analysedFiles.map((f) => f.file));
  errors.push(...contextErrors.filter((e) => !reviewed.has(e.file)));

  return {
    findings: findings.sort(compareFindings),
    errors: errors.sort(compareErrors),
    filesAnalysed,
    rules: options.assistants.flatMap((d) => engines.get(d.id)?.rules ?? []),
    sources,
    allPathsMissing: options.paths.length > 0 && walked.missing === options.paths.length,
    analysed: analysedFiles,
    workspace,
  };
}

/** A file named on the command line that only an unbuilt assistant would review deserves a word. */
function notBuiltReason(file: string): string | undefined {
  const waiting = ASSISTANTS.find((a) => !a.available && a.filePattern.test(file));
  return waiting && `not analysed: the ${waiting.displayName} is not built yet`;
}

/** File, then position (file-wide errors first), then message. */
function compareErrors(a: AnalysisError, b: AnalysisError): number {
  const byPosition =
    a.range && b.range ? comparePositions(a.range.start, b.range.start) : a.range ? 1 : b.range ? -1 : 0;
  return compareCodeUnits(a.file, b.file) || byPosition || compareCodeUnits(a.message, b.message);
}
