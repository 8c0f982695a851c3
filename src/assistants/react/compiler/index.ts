import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import { CancelledError } from '../../../core/budget';
import { hashText } from '../../../core/workspace';
import type { Workspace } from '../../../core/workspace';
import { fileOnDisk } from '../import-cost/for-file';
import type { FileModel } from '../model';
import { ThreadStopped, WorkerThread, workerScript } from '../worker-thread';
import type { FileCompilation } from './components';
import { applyEvents, expectedCompilation } from './components';
import type { CompilerSetup, ConfigVerdict } from './detect';
import { COMPILER_CONFIG, decideCompiler, readCompilerConfig } from './detect';
import type { CompileRequest, CompileResult } from './protocol';

export type { ComponentCompilation, FileCompilation } from './components';
export { componentAt } from './components';
export type { CompilerSetup } from './detect';

/** `scalingAssistant.react.compiler`: detect from the configs, take it as on, or ignore it. */
export type CompilerSetting = 'auto' | 'on' | 'off';

export const DEFAULT_COMPILE_TIMEOUT_MS = 20_000;

interface CompilerSettings {
  compiler?: unknown;
  importCostRoot?: unknown;
  /** False in the editor's Restricted Mode: the workspace's plugin is its code, and is not run then. */
  workspaceTrusted?: unknown;
}

/**
 * The React Compiler as the frontend optimizer sees it: whether it builds a file (detect.ts, from the configs,
 * cached by their stamps) and, when the workspace has the plugin and @babel/core installed, what it does with
 * each component (the plugin run on the compiler thread, cached by the file's text). Without the packages, or
 * in an untrusted workspace (running the plugin runs the workspace's code), the configs decide alone and the
 * result says it is assumed.
 */
export class ReactCompilerCheck {
  private readonly thread = new WorkerThread<CompileRequest, CompileResult>('the React Compiler thread', () =>
    workerScript('react-compiler.js', __dirname),
  );
  private readonly verdicts = new Map<string, { stamp: string; verdict: ConfigVerdict | undefined }>();
  private readonly runs = new Map<string, { key: string; result: Promise<CompileResult> }>();

  /** Set when the last run of the plugin took place: its time, for the CLI's report and the docs' numbers. */
  lastRunMs?: number;

  constructor(readonly timeoutMs = DEFAULT_COMPILE_TIMEOUT_MS) {}

  /** The compiler's setup for `file`: the setting first, then the workspace's configs. */
  async setupFor(
    ts: typeof TS,
    file: string,
    workspace: Workspace | undefined,
    setting: CompilerSetting,
  ): Promise<CompilerSetup> {
    if (setting === 'off')
      return { enabled: false, mode: 'infer', reason: 'the setting scalingAssistant.react.compiler is off' };
    if (setting === 'on')
      return { enabled: true, mode: 'infer', reason: 'the setting scalingAssistant.react.compiler is on' };
    if (!workspace) return { enabled: false, mode: 'infer', reason: 'there is no workspace to read its configs from' };
    const configs = await workspace.files(COMPILER_CONFIG);
    const verdicts = new Map<string, ConfigVerdict>();
    await Promise.all(
      configs.map(async (entry) => {
        if (/[\\/]node_modules[\\/]/.test(entry.file)) return;
        let cached = this.verdicts.get(entry.file);
        if (cached?.stamp !== entry.stamp) {
          const text = await entry.read().catch(() => undefined);
          cached = {
            stamp: entry.stamp,
            verdict: text === undefined ? undefined : readCompilerConfig(ts, entry.file, text),
          };
          this.verdicts.set(entry.file, cached);
        }
        if (cached.verdict) verdicts.set(entry.file, cached.verdict);
      }),
    );
    return decideCompiler(file, verdicts);
  }

  /** What the compiler does with each component of `model`; undefined when it does not build the file. */
  async compilationOf(
    model: FileModel,
    options: { workspace?: Workspace; settings?: Readonly<Record<string, unknown>>; signal?: AbortSignal },
  ): Promise<FileCompilation | undefined> {
    const settings = (options.settings ?? {}) as CompilerSettings;
    const setting: CompilerSetting =
      settings.compiler === 'on' || settings.compiler === 'off' ? settings.compiler : 'auto';
    const setup = await this.setupFor(model.ts, model.file, options.workspace, setting);
    if (!setup.enabled) return undefined;
    const onDisk = model.file.startsWith('file://')
      ? fileURLToPath(model.file)
      : fileOnDisk(model.file, settings.importCostRoot);
    const assume = (why: string): FileCompilation => ({
      setup,
      assumed: why,
      components: expectedCompilation(model, setup.mode, why),
    });
    if (!onDisk) return assume('assumed: the file is not on disk, so the compiler cannot run on it');
    if (settings.workspaceTrusted === false)
      return assume('assumed: the compiler is not run in an untrusted workspace');
    let result: CompileResult;
    try {
      result = await this.run(onDisk, model.text, setup, options.signal);
    } catch (error) {
      if (options.signal?.aborted || (error instanceof ThreadStopped && error.message === 'cancelled'))
        throw new CancelledError();
      return assume(`assumed: the compiler could not run on it (${error instanceof Error ? error.message : error})`);
    }
    if (!result.ran) return assume(`assumed: the compiler is not installed here (no ${result.missing})`);
    return { setup, components: applyEvents(model, expectedCompilation(model, setup.mode), result.events) };
  }

  private run(file: string, code: string, setup: CompilerSetup, signal?: AbortSignal): Promise<CompileResult> {
    const key = `${setup.mode}:${code.length}:${hashText(code)}`;
    const cached = this.runs.get(file);
    if (cached?.key === key) return cached.result;
    const result = this.thread.run({ file, code, mode: setup.mode }, { timeoutMs: this.timeoutMs, signal });
    this.runs.set(file, { key, result });
    result.then(
      (done) => {
        if (done.ran) this.lastRunMs = done.ms;
        // Not installed yet: asked again next time, so an `npm install` is noticed without a restart.
        else if (this.runs.get(file)?.result === result) this.runs.delete(file);
      },
      // A failed or cancelled run is not kept: the next analysis tries again.
      () => {
        if (this.runs.get(file)?.result === result) this.runs.delete(file);
      },
    );
    return result;
  }

  dispose(): void {
    this.thread.dispose();
  }
}

/** The process's compiler check: the engines share its caches and its thread. */
export const reactCompiler = new ReactCompilerCheck();
