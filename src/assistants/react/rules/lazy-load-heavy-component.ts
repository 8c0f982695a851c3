import path from 'node:path';
import type * as TS from 'typescript';
import type { Evidence, Fix, TextEdit } from '../../../core/finding';
import { renderCondition } from '../conditional-render';
import type { ReactEdits } from '../edits';
import type { ImportCost, ImportEntry } from '../import-cost';
import { formatBytes, packageNameOf } from '../import-cost';
import type { LocalModules } from '../import-cost/for-file';
import { NOT_BUNDLED } from '../import-cost/for-file';
import type { PageLoads } from '../import-cost/page-loads';
import type { FileModel, JsxUse } from '../model';
import type { ReactRule } from '../rule';

/** The default of `scalingAssistant.react.lazyLoadMinKb`: below this (gzip) a separate chunk is not worth a request. */
const DEFAULT_MIN_KB = 30;

/** The file renders on the server only (a React Server Component): its imports never reach the browser. */
const SERVER_ONLY_IMPORT = /^(?:server-only|next\/headers)$/;
/** Next.js app router files that are server components unless they say `'use client'`. */
const APP_ROUTER_FILE = /(?:^|\/)app\/(?:.*\/)?(?:page|layout|template|default|not-found)\.[jt]sx?$/;

interface Candidate {
  /** The component's local name. */
  local: string;
  /** The module's name for it: `default` or the export's name. */
  name: string;
  specifier: string;
  declaration: TS.ImportDeclaration;
  uses: JsxUse[];
  /** `when \`showChart\``, `on the route \`/reports\``, `inside \`<Dialog>\``. */
  condition: string;
  /** The component's module as the lazy chunk would hold it, what the page loads anyway left out. */
  chunk: ImportEntry[];
  /**
   * The part of the packages the chunk shares with the page that the page imports (without a module graph: the
   * file's other imports), measured alone and with the chunk: what the chunk adds is their difference. Empty when
   * it shares none: the chunk's own figure is then what it adds.
   */
  base: ImportEntry[];
  withBase: ImportEntry[];
  /** What loads with the file anyway (left out of the measurements); absent without a module graph. */
  loads?: PageLoads;
}

/**
 * A component imported statically whose module (with its own imports) is heavy, rendered only under a
 * condition, a route or in a dialog or tab: its code is downloaded, parsed and compiled with the page even for
 * users who never see it. What it weighs is measured (esbuild, minified, gzip) net of what the file's other
 * imports already bring; the fix loads it with `React.lazy` + `<Suspense>` (`next/dynamic` in Next.js).
 */
export const lazyLoadHeavyComponent: ReactRule = {
  id: 'lazy-load-heavy-component',
  crossFile: true,
  assistant: 'react',
  title: 'Heavy component rendered only conditionally is loaded with the page',
  defaultSeverity: 'warning',
  impact: 'medium',
  effort: 'small',
  roadmap: {
    task: 'Load {count} conditionally rendered heavy component(s) on demand',
    baseHours: 1,
    hoursPerPlace: 0.5,
    risk: 'low',
    mitigation:
      'The component renders as before once loaded; check the fallback shown while its chunk downloads, and that an error boundary covers a failed load.',
    skills: ['React', 'Bundling'],
  },
  docs: `
## Why it matters

A static \`import\` puts the imported module, and everything it imports, into the chunk of the page that
imports it. A chart, an editor, a map or a settings panel that renders only behind a condition, a route, a
dialog or a tab is then downloaded, parsed and compiled before the page becomes interactive, for every user,
including the many who never open it. \`React.lazy\` (or \`next/dynamic\`) moves it into a chunk of its own,
fetched the first time it renders.

The rule measures what the component would take out of the page: its module bundled with esbuild as a lazy
chunk would hold it (its own imports, packages included, tsconfig \`paths\` and workspace packages resolved;
minified, for the browser, React external, gzipped), without what is loaded with the file anyway. That is, with
the file's imports of the component counted as lazy, what the static imports (followed through the module graph)
of three places reach: the app's entry, the chunk the file sits in, and the file itself. The entry is the
project's (the nearest folder above the file with a package.json): Vite's \`index.html\` module script,
package.json \`module\` or \`main\` when it names a source module, Next.js's \`pages/_app\` or \`app/layout\`, else
\`src/main\` or \`src/index\`. The chunks are the modules a bundler splits: the target of every dynamic \`import()\`
(React Router's \`lazy\` routes, \`React.lazy\`), Next.js's pages and app router segment files (\`page\`,
\`layout\`…), and where Vite's config turns on TanStack Router's \`autoCodeSplitting\`, the route modules
(\`src/routes\`, or its \`routesDirectory\`: the entry reaches them but not what they import). The file's chunk is
each one its importers lead up to; a file several chunks reach counts only what all of them load. So a component
another module of the same page imports statically saves nothing (it stays in the page's chunk), and neither does
one whose module the file imports other values from. The workspace modules loaded are left out whole (esbuild
\`external\`), and so are the packages, but for a package of which the component takes names the page does not
import: the part of it the page imports is measured alone and with the component, and the difference is the
figure (a little low: gzip compresses the two together a little better than apart). The message says what it is net of ("not already
in the entry bundle or the page's chunk"). Without a module graph (a file analysed alone) the file's other
imports are what is subtracted, and the figure is an upper bound.
Styles and assets the module imports are not counted. A finding needs at least ${DEFAULT_MIN_KB} kB gzip
(\`scalingAssistant.react.lazyLoadMinKb\`, CLI \`--lazy-min-kb\`). Measurements are cached like import costs: by
the files they read (their modification time and size) and what was left out.

Rendered only conditionally means every element of the component in the file is under \`cond && …\`, a
ternary, an \`if\` or a \`case\`, after an early \`if (!open) return null\` in its block (a guard on a flag named as a
choice, \`open\`, \`isAdmin\`, \`showChart\`, or on a comparison with a literal, \`tab !== 'report'\`; not one on data
every visit gets, \`!user\`, on loading, an error or being mounted, nor one that renders something else), a react-router route (\`<Route element>\`, a route object's \`element\`), or
inside a dialog, drawer, sheet, menu, popover or tab panel that mounts its content when it opens (not with
\`keepMounted\`, \`forceMount\` or a permanent drawer). Not a finding: a component rendered on the first paint,
one already loaded lazily, one used other than as an element (passed as a value), a component of a package that other files of
the workspace import too (the package is in the page's bundle through them: a component library's runtime and
theme), a module that imports this file back (a cycle puts both in one chunk), test and story files, a
file that is a server component (its imports never reach the browser), or a file of a React Native app (its
nearest package.json declares \`react-native\` or \`expo\` and not \`react-native-web\`): the app's JavaScript is
one bundle installed with the app, so a lazy component downloads nothing.

## How to fix it

The quick fix replaces the static import with \`const Chart = lazy(() => import('./Chart'))\` (a named export:
\`.then((m) => ({ default: m.Chart }))\`), imports \`lazy\` and \`Suspense\` from React, and wraps each element in
\`<Suspense fallback={null}>\` (replace the \`null\` with a placeholder of the component's size to avoid a layout
shift). In a Next.js project (a file that imports from \`next/…\`, or any file whose nearest package.json declares
\`next\` or with a \`next.config.*\` in a folder above it), the preferred fix is \`dynamic(() => import('./Chart'))\`
from \`next/dynamic\`, which brings its own loading state.

## When to ignore it

When the condition is true on most first paints (the component would load right after the page anyway, one
round trip later), or when the chunk is prefetched some other way.
`,
  measures(model, { local, settings, measured }) {
    // The chunk first (the packages it shares with the page counted whole: an upper bound); the shared part only
    // for those heavy enough so (a component lighter than the threshold is not reported, whatever it shares).
    const found = candidatesOf(model, local);
    if (!measured) return found.map((c) => c.chunk);
    const minBytes = minKb(settings.lazyLoadMinKb) * 1000;
    return found
      .filter((c) => {
        const alone = measured(c.chunk);
        return c.base.length && 'cost' in alone && alone.cost.gzipBytes >= minBytes;
      })
      .flatMap((c) => [c.base, c.withBase]);
  },
  check({ model, edits, report, importCost, local, settings, framework }) {
    // A React Native app installs its JavaScript as one bundle: `React.lazy` there defers evaluating a module, it
    // downloads nothing, so the finding's promise (less to download with the page) does not hold.
    if (framework.native) return;
    const minBytes = minKb(settings.lazyLoadMinKb) * 1000;
    for (const found of candidatesOf(model, local)) {
      const chunk = importCost(found.chunk);
      if (!('cost' in chunk) || chunk.cost.gzipBytes < minBytes) continue;
      let saved = chunk.cost.gzipBytes;
      if (found.base.length) {
        const base = importCost(found.base);
        const withBase = importCost(found.withBase);
        if (!('cost' in base) || !('cost' in withBase)) continue;
        saved = withBase.cost.gzipBytes - base.cost.gzipBytes;
      }
      if (saved < minBytes) continue;
      const where = loadedWith(found.loads);
      const size = `${formatBytes(saved)} gzip${where ? ` not already in ${where}` : ''}, measured`;
      const left = chunk.cost.unresolved?.length
        ? ` (${chunk.cost.unresolved.length} import(s) that resolve to no file not counted)`
        : '';
      const next = usesNext(model) || framework.next !== undefined;
      report({
        range: edits.rangeOf(found.uses[0].opening),
        message: `\`${found.local}\` (${found.specifier}, ${size}) renders only ${found.condition}: load it with ${next ? '`next/dynamic`' : 'React.lazy'} so its code downloads the first time it renders, not with the page${left}.`,
        evidence: evidenceOf(found, saved, chunk.cost),
        fixes: fixesOf(model, edits, found, next),
      });
    }
  },
};

function minKb(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_MIN_KB;
}

// Both rounds of measurements and the check ask for the same analysis' candidates (a model is made per analysis):
// each found them again, with a walk of the file per import and the chunk's reach over the graph.
const CANDIDATES = new WeakMap<FileModel, { local: LocalModules; found: Candidate[] }>();

function candidatesOf(model: FileModel, local: LocalModules): Candidate[] {
  const known = CANDIDATES.get(model);
  if (known?.local === local) return known.found;
  const found = findCandidates(model, local);
  CANDIDATES.set(model, { local, found });
  return found;
}

function findCandidates(model: FileModel, local: LocalModules): Candidate[] {
  const ts = model.ts;
  if (isServerComponent(model) || NOT_BUNDLED.test(model.file)) return [];
  const usesByTag = new Map<string, JsxUse[]>();
  for (const use of model.jsx) {
    if (use.intrinsic || !ts.isIdentifier(use.opening.tagName)) continue;
    const list = usesByTag.get(use.tag);
    if (list) list.push(use);
    else usesByTag.set(use.tag, [use]);
  }
  const found: Omit<Candidate, 'base' | 'withBase'>[] = [];
  for (const [localName, binding] of model.imports) {
    const uses = usesByTag.get(localName);
    const clause = binding.declaration.importClause;
    if (!uses || binding.name === '*' || clause?.isTypeOnly || !/^[A-Z]/.test(localName)) continue;
    const conditions = uses.map((use) => renderCondition(model, use));
    if (conditions.some((c) => c === undefined)) continue;
    if (!onlyAsElement(model, localName, binding.declaration)) continue;
    const module = moduleOf(binding.specifier, local);
    if (!module) continue;
    // A package other files import too is in the page's bundle through them (a component library's runtime,
    // its theme): splitting this one import would save next to nothing of what it measures alone.
    const packageName = path.isAbsolute(module) ? undefined : packageNameOf(module);
    if (packageName && local.importedElsewhere(packageName)) continue;
    // A module that imports this file back (a cycle) is in its chunk whatever this import looks like.
    if (!packageName && local.importsBack(binding.specifier)) continue;
    found.push({
      local: localName,
      name: binding.name,
      specifier: binding.specifier,
      declaration: binding.declaration,
      uses,
      condition: conditions[0]!,
      chunk: [{ module, names: [binding.name], asChunk: true }],
    });
  }
  if (!found.length) return [];
  // A module the file also imports other values from stays in the page: only the rest become lazy.
  const candidates = new Set(found.map((c) => c.local));
  const kept = new Set<string>();
  for (const [localName, binding] of model.imports)
    if (!candidates.has(localName) && !binding.declaration.importClause?.isTypeOnly && !typeOnlyName(model, localName))
      kept.add(binding.specifier);
  const lazy = [...new Set(found.map((c) => c.specifier))].filter((specifier) => !kept.has(specifier));
  // What loads with the file anyway (with these imports made lazy) is left out of every measurement.
  const loads = local.pageLoads(lazy);
  if (!loads) {
    const others = otherImports(model, local, new Set(found.map((c) => c.local)));
    return found.map((c) => ({ ...c, base: others, withBase: [...others, ...c.chunk] }));
  }
  return found.map((c) => {
    const { external, base } = loads.lazyChunk(c.specifier);
    const chunk = c.chunk.map((entry) => ({ ...entry, external }));
    return { ...c, chunk, base, withBase: [...base, ...chunk], loads };
  });
}

/** `import { type Props }`: a name the compiled page does not import. */
function typeOnlyName(model: FileModel, localName: string): boolean {
  const bindings = model.imports.get(localName)?.declaration.importClause?.namedBindings;
  if (!bindings || !model.ts.isNamedImports(bindings)) return false;
  return bindings.elements.some((e) => e.name.text === localName && e.isTypeOnly);
}

/** What the message says the figure is net of: the entry bundle, the chunk the file loads with, or both. */
function loadedWith(loads: PageLoads | undefined): string | undefined {
  if (!loads) return undefined;
  if (loads.entry && loads.inEntry) return 'the entry bundle';
  if (loads.entry && loads.chunks.length) return "the entry bundle or the page's chunk";
  if (loads.chunks.length) return "the page's chunk";
  return loads.entry ? 'the entry bundle' : undefined;
}

/** The module to bundle: a workspace module's file on disk, or a package's specifier; React is never one. */
function moduleOf(specifier: string, local: LocalModules): string | undefined {
  const file = local.fileOf(specifier);
  if (file) return file;
  const name = packageNameOf(specifier);
  if (!name || name === 'react' || name === 'react-dom') return undefined;
  // A specifier no package and no workspace module answers (an alias the graph did not resolve) is not measured.
  return /^[./]/.test(specifier) ? undefined : specifier;
}

/** The value imports of the file other than `skip`'s (what the page's chunk holds beside the component). */
function otherImports(model: FileModel, local: LocalModules, skip: ReadonlySet<string>): ImportEntry[] {
  const byModule = new Map<string, Set<string>>();
  for (const [localName, binding] of model.imports) {
    if (skip.has(localName) || binding.declaration.importClause?.isTypeOnly) continue;
    const module = moduleOf(binding.specifier, local);
    if (!module) continue;
    const names = byModule.get(module) ?? new Set<string>();
    names.add(binding.name);
    byModule.set(module, names);
  }
  // Measured as the chunk is: a package that is not installed is left out of both, not a failed measurement.
  return [...byModule].map(([module, names]) => ({ module, names: [...names].sort(), asChunk: true }));
}

/** Every mention of `name` in the file is an element's tag (not passed as a value, exported or wrapped). */
function onlyAsElement(model: FileModel, name: string, declaration: TS.ImportDeclaration): boolean {
  const ts = model.ts;
  let other = false;
  const visit = (node: TS.Node): void => {
    if (other || node === declaration) return;
    if (ts.isIdentifier(node) && node.text === name) {
      const parent = node.parent;
      const isTag =
        (ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent) || ts.isJsxClosingElement(parent)) &&
        parent.tagName === node;
      const isProperty =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        ts.isJsxAttribute(parent);
      if (!isTag && !isProperty) other = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(model.source);
  return !other;
}

function isServerComponent(model: FileModel): boolean {
  const ts = model.ts;
  const directives: string[] = [];
  for (const statement of model.source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    directives.push(statement.expression.text);
  }
  if (directives.includes('use client')) return false;
  if (directives.includes('use server')) return true;
  if ([...model.imports.values()].some((b) => SERVER_ONLY_IMPORT.test(b.specifier))) return true;
  if (model.source.statements.some((s) => ts.isImportDeclaration(s) && isServerOnlySideEffect(ts, s))) return true;
  if (APP_ROUTER_FILE.test(model.file.replace(/\\/g, '/'))) return true;
  // An async component renders on the server: React does not run async components in the browser.
  return model.components.some((c) => c.render?.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword));
}

function isServerOnlySideEffect(ts: typeof TS, statement: TS.ImportDeclaration): boolean {
  return !statement.importClause && ts.isStringLiteral(statement.moduleSpecifier)
    ? SERVER_ONLY_IMPORT.test(statement.moduleSpecifier.text)
    : false;
}

/** The file already uses Next.js (`next/link`, `next/navigation`…): `next/dynamic` is its way to split. */
function usesNext(model: FileModel): boolean {
  return [...model.imports.values()].some((b) => b.specifier === 'next' || b.specifier.startsWith('next/'));
}

function evidenceOf(found: Candidate, saved: number, chunk: ImportCost): Evidence {
  const loads = found.loads;
  const shared = [...new Set(found.base.map((e) => packageNameOf(e.module) ?? e.module))];
  const net = !loads
    ? "net of the file's other imports"
    : [
        loads.entry
          ? `net of what the app's entry ${loads.entry.file} (${loads.entry.how}) loads with its static imports${loads.entry.splitRoutes ? ` (the route modules of ${loads.entry.splitRoutes}, which TanStack Router's autoCodeSplitting splits, not followed)` : ''}`
          : 'no app entry found',
        loads.inEntry
          ? 'the file is in the entry bundle'
          : loads.chunks.length
            ? `of what the chunk${loads.chunks.length > 1 ? 's' : ''} the file loads with (${loads.chunks.join(', ')}${loads.chunks.length > 1 ? ': their common part' : ''}) load${loads.chunks.length > 1 ? '' : 's'}`
            : 'no chunk found that loads the file',
        `and of the file's own imports (${loads.packages.length} package(s), ${loads.files.length} module(s), left out)`,
        ...(shared.length
          ? [
              `the part of ${shared.join(', ')} the page imports measured with and without the chunk (not counted whole)`,
            ]
          : []),
      ].join('; ');
  const engine = `esbuild, minified for the browser, React external, gzip; ${found.specifier} with its imports (${chunk.files ?? 0} file(s) or package(s)), ${net}`;
  return {
    measuredSize: { beforeBytes: saved, afterBytes: 0, engine },
    notes: [
      `measured: \`${found.local}\` ${formatBytes(chunk.gzipBytes)} gzip with what it shares with the page counted whole, ${formatBytes(saved)} beyond what the page loads anyway; ${engine}`,
      loads?.entry
        ? 'A chunk loaded on demand (a route, a page, a dynamic import) counts as loaded with the file only when every chunk that reaches the file loads it.'
        : 'No app entry was found (index.html, package.json main/module, Next.js pages/_app or app/layout, src/main, src/index): what it loads is not subtracted, so the figure is an upper bound.',
      'The saving is on the first load of the page; the chunk downloads when the component first renders.',
    ],
  };
}

function fixesOf(model: FileModel, edits: ReactEdits, found: Candidate, next: boolean): Fix[] {
  const quote = model.text[found.declaration.moduleSpecifier.getStart(model.source)];
  const load = `import(${quote}${found.specifier}${quote})`;
  const lazyFix = (): Fix => {
    const react = reactNames(model, edits, ['lazy', 'Suspense']);
    const module = found.name === 'default' ? load : `${load}.then((m) => ({ default: m.${found.name} }))`;
    const suspense = react.names.Suspense;
    const wraps = found.uses
      .filter((use) => !insideSuspense(model, use))
      .map((use) =>
        edits.replace(use.element, `<${suspense} fallback={null}>${use.element.getText(model.source)}</${suspense}>`),
      );
    return {
      title: `Load ${found.local} with React.lazy and render it in <Suspense>`,
      edits: [
        ...replaceImport(model, edits, found, `const ${found.local} = ${react.names.lazy}(() => ${module});`, react),
        ...wraps,
      ],
      isPreferred: !next,
    };
  };
  if (!next) return [lazyFix()];
  const dynamic = dynamicName(model);
  const module = found.name === 'default' ? load : `${load}.then((m) => m.${found.name})`;
  const declaration = `const ${found.local} = ${dynamic.name}(() => ${module});`;
  const dynamicFix: Fix = {
    title: `Load ${found.local} with next/dynamic`,
    edits: replaceImport(model, edits, found, declaration, { lines: dynamic.line ? [dynamic.line] : [], edits: [] }),
    isPreferred: true,
  };
  return [dynamicFix, lazyFix()];
}

interface ImportLines {
  /** Import lines to add (before the declaration). */
  lines: string[];
  /** Edits of existing imports. */
  edits: TextEdit[];
}

/**
 * The component's import goes (or loses its binding) and `declaration` comes after the file's imports, with any
 * new import lines before it.
 */
function replaceImport(
  model: FileModel,
  edits: ReactEdits,
  found: Candidate,
  declaration: string,
  imports: ImportLines,
): TextEdit[] {
  const ts = model.ts;
  const eol = edits.lines.eol;
  // New imports join the file's; the declaration follows them after a blank line.
  const text = [...imports.lines.map((line) => `${line}${eol}`), `${eol}${declaration}`].join('');
  const remaining = remainingImport(model, found);
  const statements = model.source.statements.filter(ts.isImportDeclaration);
  const out: TextEdit[] = [...imports.edits];
  if (remaining !== undefined) {
    out.push(edits.replace(found.declaration, remaining));
    out.push(edits.insertAt(statements[statements.length - 1].end, `${eol}${text}`));
    return out;
  }
  const last = statements.filter((s) => s !== found.declaration).pop();
  if (!last) return [...out, edits.replace(found.declaration, text)];
  out.push(edits.deleteLines(found.declaration));
  out.push(edits.insertAt(last.end, `${eol}${text}`));
  return out;
}

/** The component's import declaration without it, or undefined when nothing else is imported there. */
function remainingImport(model: FileModel, found: Candidate): string | undefined {
  const ts = model.ts;
  const clause = found.declaration.importClause!;
  const parts: string[] = [];
  if (clause.name && clause.name.text !== found.local) parts.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) parts.push(bindings.getText(model.source));
  if (bindings && ts.isNamedImports(bindings)) {
    const kept = bindings.elements.filter((e) => e.name.text !== found.local).map((e) => e.getText(model.source));
    if (kept.length) parts.push(`{ ${kept.join(', ')} }`);
  }
  if (!parts.length) return undefined;
  const from = found.declaration.moduleSpecifier.getText(model.source);
  return `import ${parts.join(', ')} from ${from};`;
}

/**
 * How React's `names` are written here and the import edits they need: an existing named import from 'react'
 * is extended, a default or namespace import is qualified (`React.lazy`), else a new import line.
 */
function reactNames(
  model: FileModel,
  edits: ReactEdits,
  names: readonly string[],
): ImportLines & { names: Record<string, string> } {
  const ts = model.ts;
  const out: Record<string, string> = {};
  let named: TS.NamedImports | undefined;
  let namespace: string | undefined;
  for (const [local, binding] of model.imports) {
    if (binding.specifier !== 'react') continue;
    if (names.includes(binding.name)) out[binding.name] = local;
    if (binding.name === '*' || binding.name === 'default') namespace ??= local;
    const bindings = binding.declaration.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && !binding.declaration.importClause?.isTypeOnly) named ??= bindings;
  }
  const missing = names.filter((name) => !out[name]);
  if (!missing.length) return { names: out, lines: [], edits: [] };
  if (named?.elements.length) {
    const last = named.elements[named.elements.length - 1];
    for (const name of missing) out[name] = name;
    return { names: out, lines: [], edits: [edits.insertAt(last.end, `, ${missing.join(', ')}`)] };
  }
  if (namespace) {
    for (const name of missing) out[name] = `${namespace}.${name}`;
    return { names: out, lines: [], edits: [] };
  }
  for (const name of missing) out[name] = name;
  return { names: out, lines: [`import { ${missing.join(', ')} } from 'react';`], edits: [] };
}

/** `dynamic` as the file names it, with the import line it needs when it does not import it yet. */
function dynamicName(model: FileModel): { name: string; line?: string } {
  for (const [local, binding] of model.imports)
    if (binding.specifier === 'next/dynamic' && binding.name === 'default') return { name: local };
  return { name: 'dynamic', line: "import dynamic from 'next/dynamic';" };
}

/** Already under a `<Suspense>` of the same render: no second boundary. */
function insideSuspense(model: FileModel, use: JsxUse): boolean {
  const ts = model.ts;
  for (let node: TS.Node | undefined = use.element.parent; node; node = node.parent) {
    if (node === use.owner?.render) return false;
    if (ts.isJsxElement(node) && /(?:^|\.)Suspense$/.test(node.openingElement.tagName.getText(model.source)))
      return true;
  }
  return false;
}
