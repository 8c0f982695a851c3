import path from 'node:path';
import type * as TS from 'typescript';
import type { Evidence } from '../../../core/finding';
import type { ImportCost, ImportEntry } from '../import-cost';
import { formatBytes } from '../import-cost';
import type { LocalModules } from '../import-cost/for-file';
import { NOT_BUNDLED, SHARED_IMPORTERS_FOR_INFO } from '../import-cost/for-file';
import type { FileModel } from '../model';
import type { ReactRule } from '../rule';

/** Below this (gzip bytes) the barrel's extra weight is noise, whatever the ratio. */
const MIN_SAVING_BYTES = 2000;
/** And the barrel must weigh at least this many times the deep imports. */
const MIN_RATIO = 1.5;

/**
 * Packages whose root entry re-exports everything and that publish one module per export: how a named
 * export maps to its own module. Whether the root really costs more is measured, never assumed (an ES build
 * marked side-effect free tree-shakes to the same size, and is then not reported).
 */
const DEEP_ENTRIES: Record<string, (name: string) => string> = {
  '@mui/icons-material': (name) => `@mui/icons-material/${name}`,
  '@mui/material': (name) => `@mui/material/${name}`,
  '@mui/lab': (name) => `@mui/lab/${name}`,
  '@material-ui/core': (name) => `@material-ui/core/${name}`,
  '@material-ui/icons': (name) => `@material-ui/icons/${name}`,
  'react-bootstrap': (name) => `react-bootstrap/${name}`,
  antd: (name) => `antd/es/${kebab(name)}`,
  '@fortawesome/free-solid-svg-icons': (name) => `@fortawesome/free-solid-svg-icons/${name}`,
  '@fortawesome/free-regular-svg-icons': (name) => `@fortawesome/free-regular-svg-icons/${name}`,
  '@fortawesome/free-brands-svg-icons': (name) => `@fortawesome/free-brands-svg-icons/${name}`,
};
/** Packages whose per-export modules export the value by its own name rather than as their default. */
const NAMED_DEEP_EXPORT = /^@fortawesome\//;

interface BarrelImport {
  statement: TS.ImportDeclaration;
  specifier: string;
  /** [exported name, local name] of each value import. */
  names: [string, string][];
  whole: ImportEntry[];
  deep: ImportEntry[];
  /** The import of each name from its own module, quoted with `quote`. */
  deepImports(quote: string): string[];
  /** What the findings call the per-export modules (`@mui/icons-material/Delete`, `./ui/button`). */
  deepLabels: string[];
  /** For a workspace barrel: how many other modules import it too. */
  others?: number;
}

/**
 * A named import from a package's root barrel (`import { Delete } from '@mui/icons-material'`) where the
 * package has one module per export, and the barrel measures heavier than those modules: the bundle carries
 * what the barrel drags in (CommonJS builds, side effects, re-exports a bundler cannot drop). Both are measured
 * in the workspace's node_modules; the finding quotes the sizes and offers the deep imports.
 */
export const barrelImport: ReactRule = {
  id: 'barrel-import',
  crossFile: true,
  assistant: 'react',
  title: 'Import from a package barrel that weighs more than the modules it uses',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Import {count} barrel import(s) from their own modules',
    baseHours: 1,
    hoursPerPlace: 0.25,
    risk: 'low',
    mitigation:
      'The deep modules are the same code; compare the bundle analyser’s output (or the build’s size report) before and after.',
    skills: ['React', 'Bundling'],
  },
  docs: `
## Why it matters

A package's root entry is often a barrel: one file that re-exports every component or icon. When the
package is built as ES modules and marked free of side effects, a bundler keeps only what is imported; when
it is CommonJS, has side effects, or re-exports in ways the bundler cannot follow, the whole barrel comes
along — thousands of icons for one. Development servers also load every module of the barrel on each start
and reload.

The rule measures both in your own \`node_modules\` with esbuild (minified, for the browser, React external,
gzipped): exactly the names imported from the barrel, and the per-export modules the package publishes
(\`@mui/icons-material/Delete\`, \`@mui/material/Button\`, \`antd/es/button\`, \`react-bootstrap/Button\`,
\`@fortawesome/free-solid-svg-icons/faCoffee\`). It reports only when the barrel costs at least
${formatBytes(MIN_SAVING_BYTES)} and ${MIN_RATIO}× more, and quotes the sizes. Without the package installed
nothing is reported: the difference would be a guess.

The workspace's own barrels count too: a named import from an \`index.ts\` that re-exports two or more modules
(through a relative path or a tsconfig alias such as \`@/components\`). The module graph follows each name to
the module that defines it; the barrel and those modules are bundled the same way, with their own imports, and
the same thresholds apply. A barrel of side-effect-free modules tree-shakes and is not reported; one whose
modules run code at load (a \`styled()\` call, a registry, a top-level \`createContext\`) is. Not reported: a
barrel whose modules import the file back (a cycle puts them in one chunk anyway), and tests and stories. The
figures compare the two imports on their own: when other files import the barrel too, the page's bundle keeps
it through them. The finding then says how many do, and from ${SHARED_IMPORTERS_FOR_INFO} on it is an information rather than a
warning: the saving comes only when all of them change (a codemod, or the bundler's own rewrite).

## How to fix it

Import each name from its own module (the quick fix rewrites the import, keeping the local names; for a
workspace barrel, in the import's own style: relative, or below the alias), or
configure the bundler to do it (Next.js \`optimizePackageImports\`, babel-plugin-import).

## When to ignore it

When the bundler is already configured to rewrite these imports.
`,
  measures(model, { local }) {
    return barrelsOf(model, local).flatMap((found) => [found.whole, found.deep]);
  },
  check({ model, edits, report, importCost, local }) {
    for (const found of barrelsOf(model, local)) {
      const whole = importCost(found.whole);
      const deep = importCost(found.deep);
      if (!('cost' in whole) || !('cost' in deep)) continue;
      const before = whole.cost.gzipBytes;
      const after = deep.cost.gzipBytes;
      if (before - after < MIN_SAVING_BYTES || before < MIN_RATIO * after) continue;
      const deepLabel =
        found.deepLabels.length === 1
          ? `\`${found.deepLabels[0]}\``
          : `the ${found.deepLabels.length} per-export modules`;
      const figures = `\`${found.specifier}\` ${formatBytes(before)} gzip → ${deepLabel} ${formatBytes(after)} (measured)`;
      const eol = edits.lines.eol;
      const quote = model.text[found.statement.moduleSpecifier.getStart(model.source)];
      const deepImports = found.deepImports(quote).join(eol);
      const others = found.others ?? 0;
      const shared = others
        ? ` ${others} other file${others === 1 ? ' imports' : 's import'} this barrel too: the bundle keeps it until ${others === 1 ? 'that one imports' : 'they all import'} from the modules as well, so change them together.`
        : '';
      report({
        range: edits.rangeOf(found.statement),
        message: `This import from the \`${found.specifier}\` barrel brings ${formatBytes(before - after)} gzip more into the bundle than the modules it uses (${figures}): the barrel does not tree-shake down to ${found.names.length === 1 ? 'the one export' : 'the exports'} imported. Import each from its own module.${shared}`,
        ...(others >= SHARED_IMPORTERS_FOR_INFO ? { severity: 'info' as const } : {}),
        evidence: evidenceOf(figures, whole.cost, deep.cost),
        fixes: [
          {
            title: `Import ${found.names.length === 1 ? found.names[0][0] : 'each name'} from its own module`,
            edits: [edits.replace(found.statement, deepImports)],
            isPreferred: true,
          },
        ],
      });
    }
  },
};

// Both rounds of measurements and the check ask for the same analysis' barrel imports (a model is made per analysis):
// each followed every name through the module graph again.
const BARRELS = new WeakMap<FileModel, { local: LocalModules; found: BarrelImport[] }>();

function barrelsOf(model: FileModel, local: LocalModules): BarrelImport[] {
  const known = BARRELS.get(model);
  if (known?.local === local) return known.found;
  const found = [...barrelImports(model), ...workspaceBarrelImports(model, local)];
  BARRELS.set(model, { local, found });
  return found;
}

function barrelImports(model: FileModel): BarrelImport[] {
  const ts = model.ts;
  const out: BarrelImport[] = [];
  for (const statement of model.source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const deepOf = DEEP_ENTRIES[specifier];
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    // Only plain named imports can be split: a default or namespace import takes the barrel itself.
    if (!deepOf || !clause || clause.isTypeOnly || clause.name || !bindings || !ts.isNamedImports(bindings)) continue;
    if (bindings.elements.some((e) => e.isTypeOnly)) continue;
    const names = bindings.elements.map((e): [string, string] => [(e.propertyName ?? e.name).text, e.name.text]);
    if (!names.length || names.some(([name]) => !/^[A-Za-z_$][\w$]*$/.test(name))) continue;
    out.push({
      statement,
      specifier,
      names,
      whole: [{ module: specifier, names: names.map(([name]) => name) }],
      // The whole per-export module: what a deep import brings, whichever way it exports.
      deep: names.map(([name]) => ({ module: deepOf(name), names: ['*'] })),
      deepImports: (quote) =>
        names.map(([name, local]) => {
          const module = `${quote}${deepOf(name)}${quote}`;
          if (!NAMED_DEEP_EXPORT.test(specifier)) return `import ${local} from ${module};`;
          return `import { ${name === local ? name : `${name} as ${local}`} } from ${module};`;
        }),
      deepLabels: names.map(([name]) => deepOf(name)),
    });
  }
  return out;
}

/**
 * Named imports from a workspace barrel (an `index.ts` re-exporting two or more modules, through a relative
 * path or a tsconfig alias such as `@/components`), each name followed to its defining module by the module
 * graph. Both are measured as workspace modules (with their imports); the fix imports each name from there.
 */
function workspaceBarrelImports(model: FileModel, local: LocalModules): BarrelImport[] {
  const ts = model.ts;
  const out: BarrelImport[] = [];
  if (NOT_BUNDLED.test(model.file)) return out;
  for (const statement of model.source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    if (!clause || clause.isTypeOnly || clause.name || !bindings || !ts.isNamedImports(bindings)) continue;
    if (!bindings.elements.length || bindings.elements.some((e) => e.isTypeOnly)) continue;
    const barrel = local.fileOf(specifier);
    if (!barrel || !/^index\.[cm]?[jt]sx?$/.test(path.basename(barrel)) || local.reExportedModules(specifier) < 2)
      continue;
    // A barrel whose modules import this file back shares its chunk: the deep import would not shrink it.
    if (local.importsBack(specifier)) continue;
    const names = bindings.elements.map((e): [string, string] => [(e.propertyName ?? e.name).text, e.name.text]);
    const origins = names.map(([name]) => local.definingModule(specifier, name));
    if (origins.some((o) => !o)) continue;
    const deepSpecifiers = origins.map((o) => deepSpecifier(local.file, specifier, barrel, o!.file));
    if (deepSpecifiers.some((d) => d === undefined)) continue;
    out.push({
      statement,
      specifier,
      names,
      whole: [{ module: barrel, names: names.map(([name]) => name) }],
      deep: origins.map((o) => ({ module: o!.file, names: [o!.name] })),
      deepImports: (quote) =>
        names.map(([, localName], i) => {
          const module = `${quote}${deepSpecifiers[i]!}${quote}`;
          const name = origins[i]!.name;
          if (name === 'default') return `import ${localName} from ${module};`;
          return `import { ${name === localName ? name : `${name} as ${localName}`} } from ${module};`;
        }),
      deepLabels: deepSpecifiers.map((d) => d!),
      others: local.otherImporters(specifier),
    });
  }
  return out;
}

/**
 * How the file names `defining` in the style of its barrel import: relative from the file for a relative
 * import; for a tsconfig alias of the barrel's folder (`@/components`, `~/ui`), the alias with the path below
 * it. Undefined for anything else (a workspace package's own entry: its modules are not its public names).
 */
function deepSpecifier(
  file: string | undefined,
  specifier: string,
  barrel: string,
  defining: string,
): string | undefined {
  const withoutExtension = (p: string) => p.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
  if (specifier.startsWith('.')) {
    if (!file) return undefined;
    const relative = path.posix.relative(
      path.dirname(file).split(path.sep).join('/'),
      defining.split(path.sep).join('/'),
    );
    const deep = withoutExtension(relative);
    return deep.startsWith('.') ? deep : `./${deep}`;
  }
  if (!/^(?:@|~|#|\$)\//.test(specifier) || /\/index$/.test(specifier)) return undefined;
  const below = path.posix.relative(path.dirname(barrel).split(path.sep).join('/'), defining.split(path.sep).join('/'));
  if (below.startsWith('..')) return undefined;
  return `${specifier.replace(/\/$/, '')}/${withoutExtension(below)}`;
}

function evidenceOf(figures: string, whole: ImportCost, deep: ImportCost): Evidence {
  const measured = whole.packages.length ? whole.packages.join(', ') : 'workspace modules with their imports';
  const engine = `esbuild, minified for the browser, gzip; ${measured}`;
  return {
    measuredSize: { beforeBytes: whole.gzipBytes, afterBytes: deep.gzipBytes, engine },
    notes: [`measured: ${figures}; ${engine}`],
  };
}

/** `DatePicker` → `date-picker`. */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
