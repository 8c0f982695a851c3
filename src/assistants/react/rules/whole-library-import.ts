import type * as TS from 'typescript';
import type { Fix } from '../../../core/finding';
import type { ReactEdits } from '../edits';
import type { FileModel } from '../model';
import type { ReactRule } from '../rule';
import { declaredWithin } from '../scopes';

/**
 * Packages whose import pulls the whole library into the bundle whatever is used: CommonJS builds a bundler
 * cannot tree-shake. Sizes are the published builds' (approximate, not measured in this workspace).
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

The sizes are the published builds', approximate; measuring them in your own \`node_modules\` comes with the
import-cost measurement.

## How to fix it

- lodash: import each function from its own module (\`import debounce from 'lodash/debounce'\`, the preferred
  quick fix; for \`_.uniq(…)\` calls the fix rewrites them to \`uniq(…)\`), or switch named imports to
  \`lodash-es\`.
- moment: move to \`date-fns\` or \`dayjs\`, or \`Intl.DateTimeFormat\`; no quick fix (the API differs).

## When to ignore it

Server-only code that is never bundled for the browser.
`,
  check({ model, edits, report }) {
    const ts = model.ts;
    for (const statement of model.source.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const library = LIBRARIES[statement.moduleSpecifier.text];
      const clause = statement.importClause;
      if (!library || !clause || clause.isTypeOnly) continue;
      const name = statement.moduleSpecifier.text;
      const fixes = name === 'lodash' ? lodashFixes(model, edits, statement, clause) : [];
      report({
        range: edits.rangeOf(statement),
        message: `\`${name}\` is CommonJS and does not tree-shake: this import puts the whole library in the bundle (${library.size}, published build, not measured here) however little of it is used. Instead, ${library.advice}.`,
        ...(fixes.length ? { fixes } : {}),
      });
    }
  },
};

function lodashFixes(
  model: FileModel,
  edits: ReactEdits,
  statement: TS.ImportDeclaration,
  clause: TS.ImportClause,
): Fix[] {
  const ts = model.ts;
  const specifier = statement.moduleSpecifier as TS.StringLiteral;
  const eol = edits.lines.eol;
  const perMethod = (pairs: [string, string][]) =>
    pairs.map(([method, local]) => `import ${local} from 'lodash/${method}';`).join(eol);
  const bindings = clause.namedBindings;
  if (!clause.name && bindings && ts.isNamedImports(bindings)) {
    const pairs = bindings.elements
      .filter((e) => !e.isTypeOnly)
      .map((e): [string, string] => [(e.propertyName ?? e.name).text, e.name.text]);
    if (!pairs.length || pairs.length !== bindings.elements.length) return [];
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
  }
  // `import _ from 'lodash'` or `import * as _ from 'lodash'`, used only as `_.method`: per-method imports.
  const local = clause.name?.text ?? (bindings && ts.isNamespaceImport(bindings) ? bindings.name.text : undefined);
  if (!local || (clause.name && bindings)) return [];
  const uses = usesOf(ts, model.source, local, statement);
  if (!uses) return [];
  const declared = declaredWithin(ts, model.source);
  const methods = [...new Set(uses.map((u) => u.name.text))];
  if (methods.some((m) => declared.has(m) || !/^[a-z]\w*$/i.test(m))) return [];
  return [
    {
      title: `Import ${methods.join(', ')} from their own modules and call them directly`,
      edits: [
        edits.replace(statement, perMethod(methods.map((m) => [m, m]))),
        ...uses.map((use) => edits.replace(use, use.name.text)),
      ],
      isPreferred: true,
    },
  ];
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
