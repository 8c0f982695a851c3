import type { AnalysisResult } from '../../core/assistant';
import type { Catalog } from './schema';

/**
 * What a document's static findings depend on besides the engine's rules: the same inputs give the same findings,
 * so a document analysed again with nothing changed (the editor re-checking every open file after a save, a
 * workspace run repeated) takes its last result instead of parsing and checking every statement again.
 */
export interface ResultInputs {
  text: string;
  languageId?: string;
  /** The validated settings, as JSON. */
  settings: string;
  /** The schema the document was checked against and the final one: the schema cache hands out the same objects while no schema file changed. */
  schema: Catalog;
  final: Catalog;
  /** Folders of the workspace's project manifests (where a document runs). */
  roots: readonly string[];
}

/**
 * The last static result of each document, with its inputs. Only results made against a complete schema are kept
 * (a partial one is replaced as the schema loads). A new final schema makes every kept result stale, so they are
 * all dropped then: the memo holds at most one result per document of the current schema.
 */
export class ResultMemo {
  private final?: Catalog;
  private readonly byFile = new Map<string, { inputs: ResultInputs; result: AnalysisResult }>();

  get(file: string, inputs: ResultInputs): AnalysisResult | undefined {
    const kept = this.byFile.get(file);
    if (!kept || !sameInputs(kept.inputs, inputs)) return undefined;
    // Copies of the lists: a caller may filter or sort what it gets; the findings themselves are never changed.
    return { findings: [...kept.result.findings], errors: [...kept.result.errors] };
  }

  set(file: string, inputs: ResultInputs, result: AnalysisResult): void {
    if (inputs.final !== this.final) {
      this.byFile.clear();
      this.final = inputs.final;
    }
    if (!inputs.schema.complete || !inputs.final.complete) {
      this.byFile.delete(file);
      return;
    }
    this.byFile.set(file, { inputs, result: { findings: [...result.findings], errors: [...result.errors] } });
  }
}

function sameInputs(a: ResultInputs, b: ResultInputs): boolean {
  return (
    a.text === b.text &&
    a.languageId === b.languageId &&
    a.settings === b.settings &&
    a.schema === b.schema &&
    a.final === b.final &&
    a.roots.length === b.roots.length &&
    a.roots.every((root, i) => root === b.roots[i])
  );
}
