import type * as TS from 'typescript';
import type { TextEdit } from '../../core/finding';
import { ModuleGraph } from '../../core/module-graph';
import { LineIndex } from '../../core/text';
import type { Workspace, WorkspaceFile } from '../../core/workspace';
import { sameListing } from '../../core/workspace';
import type { MemoKind } from './components';
import { readComponents } from './components';
import { ReactEdits } from './edits';
import { memoWrapEdits, rendersMuch } from './memo-wrap';
import type { FileModel, JsxUse } from './model';
import { buildFileModel, contextNames } from './model';
import { REACT_FILE, mayHoldReact, parseScript } from './parse';
import { SourceCache } from './source-cache';

/**
 * Which component a JSX element renders, across files: the element's tag is followed through the file's
 * imports on the shared module graph (`resolveExport`: barrels, default exports, tsconfig paths, workspace
 * packages) to the module that defines it, and that module's components are read for their memo kind.
 *
 * Incremental by stamp: the module graph re-reads changed files only, and a defining module's summary is read
 * once per stamp, when an analysed file first needs it. Updates are serialised (the module graph must not be
 * updated by two analyses at once); lookups are synchronous after `resolveFor`.
 *
 * Each React file is parsed once where it can be: the module graph reads imports and exports from the same tree
 * (with parent pointers) the analysis walks, kept in `sources` between the workspace's first read and the file's
 * analysis, or handed to `update` by the analysis of an edited file.
 */

/** The analysed document's tree, for the module graph to read instead of parsing the text again. */
export interface ParsedDocument {
  file: string;
  text: string;
  source: TS.SourceFile;
}

export interface Definition {
  /** The workspace file that defines the component (the analysed file for a local one). */
  file: string;
  name: string;
  memo: MemoKind;
  /** The definition's name span in `file`, when it is known. */
  start?: number;
  end?: number;
  /** The component comes from a package (node_modules): its props handling is not read. */
  packageName?: string;
  /** Unmemoised and rendering other components or a list (memo-wrap.ts): skipping its renders saves work. */
  heavy?: boolean;
  /** For a heavy component of another file: the edits in that file that wrap it in `memo()`. */
  memoWrap?: TextEdit[];
}

interface Brief {
  name: string;
  memo: MemoKind;
  start: number;
  end: number;
  heavy?: boolean;
  memoWrap?: TextEdit[];
}

interface Summary {
  stamp: string;
  exports: Map<string, Brief>;
  byName: Map<string, Brief>;
  contexts: Set<string>;
}

export class ComponentGraph {
  readonly modules = new ModuleGraph((file, text) => this.sourceFor(file, text));
  private readonly summaries = new Map<string, Summary>();
  private entries = new Map<string, WorkspaceFile>();
  /** The files and stamps `entries` was made from. */
  private listing: readonly { file: string; stamp: string }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private built = false;
  private readonly sources = new SourceCache();
  private handed: ParsedDocument | undefined;

  constructor(private readonly ts: typeof TS) {}

  /**
   * Brings the module graph up to date with the workspace (one edited file: that file re-read). `document` is
   * the analysed file's tree when the caller parsed it: the module graph reads it instead of parsing again.
   */
  update(workspace: Workspace, document?: ParsedDocument): Promise<void> {
    const run = this.queue.then(async () => {
      const first = !this.built;
      this.handed = document;
      let changed: boolean;
      let files: WorkspaceFile[];
      try {
        const [update, listed] = await Promise.all([this.modules.update(workspace), workspace.files(REACT_FILE)]);
        changed = update.read > 0;
        files = listed;
      } finally {
        this.handed = undefined;
      }
      // Trees are kept from the workspace's first read only; once it changes, the rest are not about to be analysed.
      if (changed && !first) this.sources.clear();
      if (!sameListing(this.listing, files)) {
        this.listing = files.map((entry) => ({ file: entry.file, stamp: entry.stamp }));
        this.entries = new Map(files.map((entry) => [entry.file, entry]));
        for (const [file, summary] of this.summaries)
          if (this.entries.get(file)?.stamp !== summary.stamp) this.summaries.delete(file);
      }
      this.built = true;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The tree the workspace's read made of `file` from exactly `text`, if it was kept; it is not kept after this.
   * An analysis that finds none drops the rest: the CLI analyses files in the order they were read and kept, so
   * the kept ones have been used by then, and an editor analysing its open files would otherwise hold them all.
   */
  takeSource(file: string, text: string): TS.SourceFile | undefined {
    const source = this.sources.take(file, text);
    if (!source) this.sources.clear();
    return source;
  }

  /**
   * The tree the module graph reads a module's imports from: the handed document's, or for a React file a tree
   * with parent pointers, kept for its analysis while the workspace is first read; any other module is parsed
   * by the graph its own cheaper way.
   */
  private sourceFor(file: string, text: string): TS.SourceFile | undefined {
    const handed = this.handed;
    if (handed && handed.file === file && handed.text === text) return handed.source;
    if (this.built || !mayHoldReact(file, text) || !this.sources.hasRoom(text)) return undefined;
    const source = parseScript(this.ts, file, text);
    this.sources.keep(file, text, source);
    return source;
  }

  /**
   * Stands for the workspace's modules as the graph last read them: another object once a module came, went or
   * changed its stamp, so facts of the whole workspace (an app's entry) can be kept until then.
   */
  get state(): object {
    return this.listing;
  }

  get ready(): boolean {
    return this.built;
  }

  /** Reads the summaries of the modules defining the components `model`'s elements import. */
  async resolveFor(model: FileModel): Promise<void> {
    if (!this.built) return;
    const wanted = new Set<string>();
    for (const use of model.jsx) {
      if (use.intrinsic) continue;
      const origin = this.originOf(model, use.tag);
      if (origin && !origin.packageName) wanted.add(origin.file);
    }
    await Promise.all([...wanted].map((file) => this.summaryOf(file)));
  }

  /** The component an element renders, or undefined for a DOM element or a tag that cannot be followed. */
  definitionOf(model: FileModel, use: JsxUse): Definition | undefined {
    if (use.intrinsic) return undefined;
    const local = model.components.find((c) => c.name === use.tag);
    if (local) return { file: model.file, name: local.name, memo: local.memo, start: local.start, end: local.end };
    const origin = this.originOf(model, use.tag);
    if (!origin) return undefined;
    if (origin.packageName)
      return { file: origin.file, name: origin.name, memo: 'unknown', packageName: origin.packageName };
    const summary = this.summaries.get(origin.file);
    const found = summary?.exports.get(origin.name) ?? (origin.local ? summary?.byName.get(origin.local) : undefined);
    if (!found) return undefined;
    return { file: origin.file, ...found };
  }

  /** Whether `tag`'s object (`Theme` of `Theme.Provider`, or the tag itself) is a context made by `createContext`. */
  isContext(model: FileModel, name: string): boolean {
    if (model.contexts.has(name)) return true;
    const origin = this.originOf(model, name);
    if (!origin || origin.packageName) return false;
    return this.summaries.get(origin.file)?.contexts.has(origin.local ?? origin.name) ?? false;
  }

  /** Reads the summary of the module defining a context the file imports (for `isContext`). */
  async resolveNames(model: FileModel, names: Iterable<string>): Promise<void> {
    if (!this.built) return;
    const files = new Set<string>();
    for (const name of names) {
      const origin = this.originOf(model, name);
      if (origin && !origin.packageName) files.add(origin.file);
    }
    await Promise.all([...files].map((file) => this.summaryOf(file)));
  }

  private originOf(
    model: FileModel,
    tag: string,
  ): { file: string; name: string; local?: string; packageName?: string } | undefined {
    const [head, member, ...rest] = tag.split('.');
    if (rest.length) return undefined;
    const binding = model.imports.get(head);
    if (!binding || !this.built) return undefined;
    const name = binding.name === '*' ? member : binding.name;
    if (name === undefined || (binding.name !== '*' && member !== undefined)) return undefined;
    const node = this.modules.module(model.file);
    const reference = node?.references.find((r) => r.specifier === binding.specifier && r.kind === 'import');
    if (!reference) return undefined;
    if (!reference.target || reference.external)
      return reference.unresolved?.reason === 'missing'
        ? undefined
        : { file: model.file, name, packageName: reference.unresolved?.packageName ?? binding.specifier };
    const origin = this.modules.resolveExport(reference.target, name);
    if (!origin) return undefined;
    if (origin.unresolved)
      return origin.unresolved.reason === 'external'
        ? { file: origin.file, name: origin.name, packageName: origin.unresolved.specifier }
        : undefined;
    return { file: origin.file, name: origin.name, ...(origin.local ? { local: origin.local } : {}) };
  }

  private async summaryOf(file: string): Promise<Summary | undefined> {
    const entry = this.entries.get(file);
    if (!entry) return undefined;
    const cached = this.summaries.get(file);
    if (cached?.stamp === entry.stamp) return cached;
    const text = await entry.read().catch(() => undefined);
    if (text === undefined || !mayHoldReact(file, text)) return undefined;
    let summary: Summary;
    try {
      summary = summarise(this.ts, file, text, entry.stamp, this.sources.peek(file, text));
    } catch {
      // A module the parser cannot read defines nothing the graph can follow; it reports its own error when analysed.
      return undefined;
    }
    this.summaries.set(file, summary);
    return summary;
  }
}

function summarise(ts: typeof TS, file: string, text: string, stamp: string, parsed?: TS.SourceFile): Summary {
  const source = parsed ?? parseScript(ts, file, text);
  const { components, exports } = readComponents(ts, source);
  const heavy = new Set(components.filter((def) => def.memo === 'none' && def.render && rendersMuch(ts, def.render)));
  // The edits are made here, while the text is at hand: the rules that offer them run on another file.
  const edits = heavy.size ? new ReactEdits(buildFileModel(ts, file, text, source), new LineIndex(text)) : undefined;
  const briefs = new Map<(typeof components)[number], Brief>();
  const brief = (def: (typeof components)[number]): Brief => {
    const known = briefs.get(def);
    if (known) return known;
    const memoWrap = edits && heavy.has(def) ? memoWrapEdits(edits, def) : undefined;
    const made: Brief = {
      name: def.name,
      memo: def.memo,
      start: def.start,
      end: def.end,
      ...(heavy.has(def) ? { heavy: true } : {}),
      ...(memoWrap ? { memoWrap } : {}),
    };
    briefs.set(def, made);
    return made;
  };
  const contexts = contextNames(ts, source);
  return {
    stamp,
    exports: new Map([...exports].map(([name, def]) => [name, brief(def)])),
    byName: new Map(components.map((def) => [def.name, brief(def)])),
    contexts,
  };
}
