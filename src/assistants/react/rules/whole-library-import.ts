import type * as TS from 'typescript';
import type { Evidence, Fix } from '../../../core/finding';
import type { ReactEdits } from '../edits';
import type { ImportCostResult, ImportEntry } from '../import-cost';
import { formatBytes } from '../import-cost';
import { SHARED_IMPORTERS_FOR_INFO } from '../import-cost/for-file';
import type { FileModel } from '../model';
import type { ReactRule } from '../rule';
import { declaredWithin } from '../scopes';

/**
 * Packages whose import pulls the whole library into the bundle whatever is used: CommonJS builds a bundler
 * cannot tree-shake. Sizes are the published builds' (approximate), quoted only when the workspace's own could
 * not be measured.
 */
const LIBRARIES: Record<string, { size: string; advice: string }> = {
  lodash: {
    size: 'about 70 kB minified, 25 kB gzipped',
    advice:
      'import each function from its own module (`lodash/debounce`), or use `lodash-es`, whose named imports tree-shake',
  },
  moment: {
    size: 'about 70 kB minified and 20 kB gzipped, several times that with the locales bundlers include by default',
    advice:
      'use `date-fns` or `dayjs` (per-function, small), or the built-in `Intl.DateTimeFormat`; at least drop the locales you do not use',
  },
};

/**
 * `import _ from 'lodash'`, `import { debounce } from 'lodash'`, `import moment from 'moment'`: a CommonJS
 * library comes into the bundle whole, however little of it the code uses. `lodash-es` named imports
 * tree-shake and are not findings.
 */
export const wholeLibraryImport: ReactRule = {
  id: 'whole-library-import',
  assistant: 'react',
  title: 'Import pulls a whole library that does not tree-shake into the bundle',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Cut whole-library imports in {count} file(s)',
    baseHours: 2,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'Per-method imports run the same code; compare the bundle analyser’s output (or the build’s size report) before and after.',
    skills: ['React', 'Bundling'],
  },
  docs: `
## Why it matters

\`lodash\` and \`moment\` are published as CommonJS. A bundler cannot see which of their functions the code
uses, so \`import _ from 'lodash'\` — and even \`import { debounce } from 'lodash'\` — puts the whole library in the
bundle (lodash: about 25 kB gzipped; moment: about 20 kB, several times that with the locales most bundlers
include by default). Every user downloads, parses and compiles it before the page becomes interactive.
\`lodash-es\` is the same library as ES modules: its named imports tree-shake, and are not findings.

The finding gives the sizes measured in your own \`node_modules\` (exactly the imported names bundled with
esbuild, minified, for the browser, React external, gzipped): the import as written, and the per-method modules
it could use instead. Without the package installed the message says the sizes were not measured.

The bundle keeps the whole library while any file imports it so: the finding says how many other files of the
workspace import it too, and from ${SHARED_IMPORTERS_FOR_INFO} on it is an information rather than a warning (change
them together, or not at all).

## How to fix it

- lodash: import each function from its own module (\`import debounce from 'lodash/debounce'\`, the preferred
  quick fix; for \`_.uniq(…)\` calls the fix rewrites them to \`uniq(…)\`), or switch named imports to
  \`lodash-es\`.
- moment: move to \`date-fns\` or \`dayjs\`, or \`Intl.DateTimeFormat\`; no quick fix (the API differs).

## When to ignore it

Server-only code that is never bundled for the browser.
`,
  measures(model) {
    const out: ImportEntry[][] = [];
    for (const found of libraryImports(model)) {
      out.push(found.whole);
      if (found.perMethod) out.push(found.perMethod);
    }
    return out;
  },
  check({ model, edits, report, importCost, local }) {
    for (const found of libraryImports(model)) {
      const { statement, name, library } = found;
      const fixes = lodashFixes(model, edits, statement, found.methods);
      const sizes = sizeFigures(
        name,
        importCost(found.whole),
        found.perMethod && {
          label: found.perMethod.map((e) => `\`${e.module}\``).join(' + '),
          result: importCost(found.perMethod),
        },
      );
      const sizeText = sizes.text ?? `(sizes not measured: ${sizes.reason}; published build: ${library.size})`;
      const others = local.otherPackageImporters(name);
      const shared = others
        ? ` ${others} other file${others === 1 ? ' imports' : 's import'} \`${name}\` too: the bundle keeps the whole library until ${others === 1 ? 'that one changes' : 'they all change'} as well, so change them together.`
        : '';
      report({
        range: edits.rangeOf(statement),
        message: `\`${name}\` is CommonJS and does not tree-shake: this import puts the whole library in the bundle however little of it is used ${sizeText}. Instead, ${library.advice}.${shared}`,
        ...(others >= SHARED_IMPORTERS_FOR_INFO ? { severity: 'info' as const } : {}),
        ...(sizes.evidence ? { evidence: sizes.evidence } : {}),
        ...(fixes.length ? { fixes } : {}),
      });
    }
  },
};

interface LibraryImport {
  statement: TS.ImportDeclaration;
  name: string;
  methods: ReturnType<typeof lodashMethods>;
  library: (typeof LIBRARIES)[string];
  /** The import as written: the names it takes from the library. */
  whole: ImportEntry[];
  /** lodash: each function it uses from its own module, when they are known. */
  perMethod?: ImportEntry[];
}

// Both rounds of measurements and the check ask for the same analysis' imports (a model is made per analysis): each
// walked the whole file again for a default import's uses.
const FOUND = new WeakMap<FileModel, LibraryImport[]>();

function libraryImports(model: FileModel): LibraryImport[] {
  let found = FOUND.get(model);
  if (!found) FOUND.set(model, (found = findLibraryImports(model)));
  return found;
}

function findLibraryImports(model: FileModel): LibraryImport[] {
  const ts = model.ts;
  const out: LibraryImport[] = [];
  for (const statement of model.source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const name = statement.moduleSpecifier.text;
    const library = LIBRARIES[name];
    const clause = statement.importClause;
    if (!library || !clause || clause.isTypeOnly) continue;
    const bindings = clause.namedBindings;
    const names = [
      ...(clause.name ? ['default'] : []),
      ...(bindings && ts.isNamespaceImport(bindings) ? ['*'] : []),
      ...(bindings && ts.isNamedImports(bindings)
        ? bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text)
        : []),
    ];
    const methods = name === 'lodash' ? lodashMethods(model, statement, clause) : undefined;
    out.push({
      statement,
      name,
      library,
      methods,
      whole: [{ module: name, names }],
      ...(methods
        ? { perMethod: methods.pairs.map(([method]) => ({ module: `lodash/${method}`, names: ['default'] })) }
        : {}),
    });
  }
  return out;
}

/** "`lodash` 26.6 kB gzip → `lodash/debounce` 1.6 kB (measured)", its evidence, or why it was not measured. */
function sizeFigures(
  name: string,
  whole: ImportCostResult,
  alternative: { label: string; result: ImportCostResult } | undefined,
): { text?: string; reason?: string; evidence?: Evidence } {
  if (!('cost' in whole)) return { reason: whole.notMeasured };
  const after = alternative && 'cost' in alternative.result ? alternative.result.cost : undefined;
  const text = after
    ? `(\`${name}\` ${formatBytes(whole.cost.gzipBytes)} gzip → ${alternative!.label} ${formatBytes(after.gzipBytes)} (measured))`
    : `(\`${name}\` ${formatBytes(whole.cost.gzipBytes)} gzip, ${formatBytes(whole.cost.minifiedBytes)} minified (measured))`;
  const engine = `esbuild, minified for the browser, gzip; ${whole.cost.packages.join(', ')}`;
  return {
    text,
    evidence: {
      measuredSize: { beforeBytes: whole.cost.gzipBytes, ...(after ? { afterBytes: after.gzipBytes } : {}), engine },
      notes: [`measured: ${text.slice(1, -1)}; ${engine}`],
    },
  };
}

/**
 * The lodash functions the import uses as [function, local name]: the named imports, or every `_.method` of a
 * default or namespace import used only that way (with those uses); undefined when they cannot all be known.
 */
function lodashMethods(
  model: FileModel,
  statement: TS.ImportDeclaration,
  clause: TS.ImportClause,
): { pairs: [string, string][]; uses?: TS.PropertyAccessExpression[] } | undefined {
  const ts = model.ts;
  const bindings = clause.namedBindings;
  if (!clause.name && bindings && ts.isNamedImports(bindings)) {
    if (!bindings.elements.length || bindings.elements.some((e) => e.isTypeOnly)) return undefined;
    return { pairs: bindings.elements.map((e): [string, string] => [(e.propertyName ?? e.name).text, e.name.text]) };
  }
  const local = clause.name?.text ?? (bindings && ts.isNamespaceImport(bindings) ? bindings.name.text : undefined);
  if (!local || (clause.name && bindings)) return undefined;
  const uses = usesOf(ts, model.source, local, statement);
  if (!uses) return undefined;
  return { pairs: [...new Set(uses.map((u) => u.name.text))].map((m): [string, string] => [m, m]), uses };
}

function lodashFixes(
  model: FileModel,
  edits: ReactEdits,
  statement: TS.ImportDeclaration,
  methods: ReturnType<typeof lodashMethods>,
): Fix[] {
  if (!methods) return [];
  const specifier = statement.moduleSpecifier as TS.StringLiteral;
  const perMethod = (pairs: [string, string][]) =>
    pairs.map(([method, local]) => `import ${local} from 'lodash/${method}';`).join(edits.lines.eol);
  const { pairs, uses } = methods;
  if (!uses)
    return [
      {
        title: 'Import each function from its own module (lodash/<name>)',
        edits: [edits.replace(statement, perMethod(pairs))],
        isPreferred: true,
      },
      {
        title: "Import from 'lodash-es' (tree-shakes)",
        edits: [edits.replace(specifier, `${quote(specifier, model)}lodash-es${quote(specifier, model)}`)],
      },
    ];
  // `import _ from 'lodash'` or `import * as _ from 'lodash'`, used only as `_.method`: per-method imports.
  const names = pairs.map(([method]) => method);
  if (names.some((m) => !/^[a-z]\w*$/i.test(m))) return [];
  if (names.some((m) => mayBeDeclared(model.text, m))) {
    const declared = declaredWithin(model.ts, model.source);
    if (names.some((m) => declared.has(m))) return [];
  }
  return [
    {
      title: `Import ${names.join(', ')} from their own modules and call them directly`,
      edits: [edits.replace(statement, perMethod(pairs)), ...uses.map((use) => edits.replace(use, use.name.text))],
      isPreferred: true,
    },
  ];
}

/**
 * Whether `name` could be declared in `text`: it occurs as a word other than right after a single `.` (`_.uniq`
 * names a property, `...uniq` may declare a rest binding). Walking the whole file for its declarations was the
 * largest part of this rule's cost; most files name the methods only as `_.method`. A `\\u` escape anywhere
 * (an identifier may be spelt with one) answers yes, so the walk decides.
 */
export function mayBeDeclared(text: string, name: string): boolean {
  if (text.includes('\\u')) return true;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1] ?? '';
    const after = text[at + name.length] ?? '';
    if (/[\w$]/.test(before) || /[\w$]/.test(after)) continue;
    if (before === '.' && text.slice(at - 3, at) !== '...') continue;
    return true;
  }
  return false;
}

/** Every `local.method` of the file, or undefined when `local` is used any other way (called, passed). */
function usesOf(
  ts: typeof TS,
  source: TS.SourceFile,
  local: string,
  declaration: TS.ImportDeclaration,
): TS.PropertyAccessExpression[] | undefined {
  const uses: TS.PropertyAccessExpression[] = [];
  let other = false;
  const visit = (node: TS.Node): void => {
    if (other || node === declaration) return;
    if (ts.isIdentifier(node) && node.text === local) {
      const parent = node.parent;
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) uses.push(parent);
      else if (!(ts.isPropertyAccessExpression(parent) && parent.name === node) && !ts.isPropertyAssignment(parent))
        other = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return other || !uses.length ? undefined : uses;
}

function quote(literal: TS.StringLiteral, model: FileModel): string {
  return model.text[literal.getStart(model.source)];
}
