import type * as TS from 'typescript';
import { loadTypeScript } from '../../../core/module-graph/typescript';
import { parseScript } from '../parse';
import type { ImportCostResult, ImportEntry } from './index';
import { formatBytes, importCosts, packageNameOf } from './index';

/** A package import of a file: the line its declaration ends on, and the names it takes. */
export interface PackageImport {
  /** 0-based line where the import declaration ends (where a decoration goes). */
  line: number;
  module: string;
  entries: ImportEntry[];
}

/**
 * The package imports of a file, each with exactly the names it takes (`import { a } from 'x'` → `a`; a default
 * import → `default`; a namespace → `*`; a bare `import 'x'` → its side effects). Relative imports, type-only
 * imports, React and `node:` built-ins are not packages this measures.
 */
export function packageImports(ts: typeof TS, file: string, text: string): PackageImport[] {
  const source = parseScript(ts, file, text);
  const out: PackageImport[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    const name = packageNameOf(module);
    // React is external to every measurement (the page has it anyway): its imports cost nothing here.
    if (!name || name === 'react' || name === 'react-dom' || clause?.isTypeOnly) continue;
    const bindings = clause?.namedBindings;
    const names = [
      ...(clause?.name ? ['default'] : []),
      ...(bindings && ts.isNamespaceImport(bindings) ? ['*'] : []),
      ...(bindings && ts.isNamedImports(bindings)
        ? bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text)
        : []),
    ];
    // `import { type A } from 'x'` takes nothing at run time.
    if (clause && !names.length) continue;
    const line = source.getLineAndCharacterOfPosition(statement.getEnd()).line;
    out.push({ line, module, entries: [{ module, names }] });
  }
  return out;
}

export interface MeasuredImport extends PackageImport {
  result: ImportCostResult;
  /** `26.6 kB gzip`, or undefined when it was not measured. */
  label?: string;
  /** The sizes in full and the packages measured, or why it was not measured. */
  detail: string;
}

/** Each package import of the file with its measured cost (the editor's decorations), on the shared measurer. */
export async function measureFileImports(
  file: string,
  text: string,
  options: { signal?: AbortSignal } = {},
): Promise<MeasuredImport[]> {
  const ts = await loadTypeScript();
  const imports = packageImports(ts, file, text);
  return Promise.all(
    imports.map(async (found) => {
      const result = await importCosts.measure(file, found.entries, options);
      if (!('cost' in result))
        return { ...found, result, detail: `\`${found.module}\`: not measured: ${result.notMeasured}` };
      const { gzipBytes, minifiedBytes, packages } = result.cost;
      return {
        ...found,
        result,
        label: `${formatBytes(gzipBytes)} gzip`,
        detail: `\`${found.module}\`: ${formatBytes(gzipBytes)} gzip, ${formatBytes(minifiedBytes)} minified (measured: ${packages.join(', ')}; esbuild, browser, React external)`,
      };
    }),
  );
}
