import type { Range } from '../../../core/finding';
import type { ModuleGraph } from '../../../core/module-graph';
import type { FileScan, ScannedCall, Span, Unit } from './file-scan-model';
import { rangeAt } from './lines';

/** A file's scan with what turns its offsets into ranges; `sql` holds the query optimizer's table accesses. */
export interface ScannedFile {
  file: string;
  stamp: string;
  scan: FileScan;
  lines: number[];
}

/** Where a binding of a file is defined: the file, its exported name there, and the binding behind it. */
export interface Origin {
  file: string;
  /** The exported name (`default` included); for a binding of the file itself, the binding. */
  name: string;
  local: string;
  /** The member still to look up in `local` (`ordersService.create`: create). */
  member?: string;
  imported: boolean;
}

export const WHOLE_FILE: Span = { start: 0, end: Number.MAX_SAFE_INTEGER };

/**
 * The scanned files of one refresh with the module graph: resolves a file's bindings to where they are
 * defined (through barrels with `resolveExport`) and finds the unit a call lands in. Built anew on every
 * refresh (resolution changes when another file does); its caches live as long as it does.
 */
export class FactsIndex {
  private readonly imports = new Map<string, Map<string, { target: string; name: string }>>();
  private readonly origins = new Map<string, Origin | null>();

  constructor(
    readonly graph: ModuleGraph,
    readonly scanned: ReadonlyMap<string, ScannedFile>,
  ) {}

  scan(file: string): FileScan | undefined {
    return this.scanned.get(file)?.scan;
  }

  range(file: string, span: Span): Range {
    const lines = this.scanned.get(file)?.lines ?? [0];
    return rangeAt(lines, span.start, Math.min(span.end, Number.MAX_SAFE_INTEGER));
  }

  /** The file's own value imports: binding → the file and name it comes from. */
  importsOf(file: string): Map<string, { target: string; name: string }> {
    let map = this.imports.get(file);
    if (map) return map;
    map = new Map();
    for (const reference of this.graph.module(file)?.references ?? []) {
      if (reference.kind === 're-export' || reference.kind === 'export-star') continue;
      if (!reference.target || reference.external || reference.typeOnly) continue;
      for (const name of reference.names)
        if (!name.typeOnly) map.set(name.local, { target: reference.target, name: name.name });
    }
    this.imports.set(file, map);
    return map;
  }

  /**
   * Where `binding` (and `member`, for a namespace or a CommonJS module) of `file` is defined; a binding the
   * file does not import is its own. Undefined when the import leaves the workspace's source.
   */
  resolve(file: string, binding: string, member?: string): Origin | undefined {
    const key = `${file}\0${binding}\0${member ?? ''}`;
    const cached = this.origins.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const origin = this.lookup(file, binding, member);
    this.origins.set(key, origin ?? null);
    return origin;
  }

  private lookup(file: string, binding: string, member: string | undefined): Origin | undefined {
    const imported = this.importsOf(file).get(binding);
    if (!imported) return { file, name: binding, local: binding, ...(member ? { member } : {}), imported: false };
    const whole = imported.name === '*' || imported.name === 'export=';
    if (whole && member) {
      const inner =
        this.graph.resolveExport(imported.target, member) ?? this.graph.resolveExport(imported.target, 'export=');
      if (!inner || inner.unresolved) return undefined;
      const named = inner.name === member;
      return {
        file: inner.file,
        name: inner.name,
        local: inner.local ?? inner.name,
        ...(named ? {} : { member }),
        imported: true,
      };
    }
    const origin = this.graph.resolveExport(imported.target, imported.name);
    if (!origin || origin.unresolved) return undefined;
    return {
      file: origin.file,
      name: origin.name,
      local: origin.local ?? origin.name,
      ...(member ? { member } : {}),
      imported: true,
    };
  }

  /** The unit an origin names (`Class.method`, a function), if its file declares one. */
  unitOf(origin: Origin): Unit | undefined {
    const units = this.scan(origin.file)?.units ?? [];
    if (origin.member) {
      const method = units.find((u) => u.name === `${origin.local}.${origin.member}`);
      if (method) return method;
    }
    return units.find((u) => u.name === origin.local);
  }

  /** Calls written inside `span` of `file`. */
  callsIn(file: string, span: Span): ScannedCall[] {
    return (this.scan(file)?.calls ?? []).filter((c) => c.start >= span.start && c.end <= span.end);
  }

  /** Where a call leads: the unit it calls (the whole file when the target is no unit), or nowhere. */
  target(file: string, call: ScannedCall): { file: string; span: Span } | undefined {
    if (call.self) {
      const unit = this.scan(file)?.units.find((u) => u.name === `${call.binding}.${call.member}`);
      return unit ? { file, span: unit } : undefined;
    }
    const origin = this.resolve(file, call.binding, call.member);
    if (!origin) return undefined;
    const unit = this.unitOf(origin);
    if (unit) return { file: origin.file, span: unit };
    return origin.imported && this.scanned.has(origin.file) ? { file: origin.file, span: WHOLE_FILE } : undefined;
  }
}
