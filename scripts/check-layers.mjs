#!/usr/bin/env node
// Checks the layering of ARCHITECTURE.md over the source tree, independently of ESLint (which encodes the
// 'vscode' ban too, for the editor's squiggles). Uses only the `typescript` package's parser, so it sees
// every form an import can take: import declarations (also `import type`), `export … from`,
// `import x = require()`, require() calls, import() expressions, `import('…')` types and
// `/// <reference types="…" />`.
//
//   node scripts/check-layers.mjs [root]        root defaults to the project's src/
//
// Rules (root = src/):
//   (a) only editor/** and extension.ts may import 'vscode';
//   (b) core/** imports only core/**, node builtins and packages;
//   (c) an assistant under assistants/<name>/ never imports another assistant's folder (nor the registry,
//       assistants/catalog.ts, which would hand it every other assistant); catalog.ts may import them all;
//   (d) core, assistants, roadmap, ai and workshop never import editor/** or cli/** (nor extension.ts);
//   (e) cli/** never imports editor/** (nor extension.ts);
//   (f) outside assistants/, only assistants/catalog.ts and assistants/<name>/contract.ts (an assistant's
//       public face) may be imported from assistants/ (core imports none of it, rule b);
//   (g) editor modules that do not import 'vscode' live in a common/ folder, the shell's (editor/common/**)
//       or a feature's (editor/<feature>/common/**), and a module there never imports 'vscode'. A type-only
//       import counts; extension.ts is not an editor module.
// Prints each violation as `file:line: message` and exits 1 on any; prints
// `layers: N files checked, 0 violations` and exits 0 otherwise; exits 2 when the root cannot be read.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const DOC = 'see ARCHITECTURE.md, "Rules of the house"';
const SOURCE_EXTENSIONS = /\.(?:[cm]?tsx?|[cm]?jsx?)$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);
/** Layers that must stay free of presentation code (rule d). */
const ENGINE_LAYERS = new Set(['core', 'assistants', 'roadmap', 'ai', 'workshop']);

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? path.join(projectRoot, 'src'));

function toPosix(p) {
  return p.split(path.sep).join('/');
}

/** Path for messages: relative to the working directory when inside it, so `file:line` is clickable. */
function displayPath(file) {
  const rel = path.relative(process.cwd(), file);
  return toPosix(rel.startsWith('..') || path.isAbsolute(rel) ? file : rel);
}

function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listSourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSourceFiles(full));
    else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** A module name with or without its extension: `catalog`, `catalog.ts`, `contract.js`. */
const moduleNamed = (name) => new RegExp(`^${name}(?:\\.[cm]?[jt]sx?)?$`);
const EXTENSION = moduleNamed('extension');
const CATALOG = moduleNamed('catalog');
const CONTRACT = moduleNamed('contract');

/**
 * Where a path sits in the tree: `{ layer, path, assistant, contract, commonFolder }`.
 *   layer: 'core' | 'assistants' | 'roadmap' | 'ai' | 'editor' | 'cli' | 'extension' | <other folder> | 'root' | 'outside'
 *   path: `src/…` as written in messages (the root is called src/ whatever its real name).
 *   assistant: for layer 'assistants', the assistant folder name, 'catalog' for the registry, or undefined
 *   for other files directly in assistants/; contract: true for `assistants/<name>/contract`.
 *   commonFolder: for layer 'editor', the common/ folder the path is in (`editor/common`,
 *   `editor/<feature>/common`), if any.
 */
function locate(absPath) {
  const rel = path.relative(root, absPath);
  if (rel === '') return { layer: 'root', path: 'src' };
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { layer: 'outside', path: toPosix(absPath) };
  const parts = toPosix(rel).split('/');
  const where = { path: `src/${parts.join('/')}` };
  if (parts.length === 1) {
    // A file (or module path without extension) directly in the root.
    return { ...where, layer: EXTENSION.test(parts[0]) ? 'extension' : 'root' };
  }
  const layer = parts[0];
  if (layer === 'editor') {
    const common = parts.slice(0, -1).indexOf('common');
    return {
      ...where,
      layer,
      commonFolder: common === 1 || common === 2 ? parts.slice(0, common + 1).join('/') : undefined,
    };
  }
  if (layer !== 'assistants') return { ...where, layer };
  if (parts.length === 2) {
    // `assistants/sql` is the assistant's folder (its index); `assistants/shared` a file of no assistant.
    const assistant = CATALOG.test(parts[1]) ? 'catalog' : isDirectory(absPath) ? parts[1] : undefined;
    return { ...where, layer, assistant };
  }
  return { ...where, layer, assistant: parts[1], contract: parts.length === 3 && CONTRACT.test(parts[2]) };
}

function describeLocation(where) {
  switch (where.layer) {
    case 'extension':
      return 'src/extension.ts';
    case 'outside':
      return 'a file outside the source root';
    case 'root':
      return 'the source root';
    case 'assistants':
      if (where.assistant === 'catalog') return 'the assistant registry (src/assistants/catalog.ts)';
      return where.assistant ? `src/assistants/${where.assistant}/` : 'src/assistants/';
    case 'editor':
      return where.commonFolder ? `src/${where.commonFolder}/` : 'src/editor/';
    default:
      return `src/${where.layer}/`;
  }
}

/** Every module specifier in a file, with the node that carries it (for the line number). */
function collectImports(sourceFile) {
  const found = [];
  const add = (specifierNode, kind) => {
    if (specifierNode && (ts.isStringLiteral(specifierNode) || ts.isNoSubstitutionTemplateLiteral(specifierNode))) {
      found.push({ specifier: specifierNode.text, pos: specifierNode.getStart(sourceFile), kind });
    }
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, 'import');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node.moduleSpecifier, 'export … from');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, 'import = require()');
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        add(node.arguments[0], 'import()');
      } else if (ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length >= 1) {
        add(node.arguments[0], 'require()');
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, 'import() type');
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  for (const ref of sourceFile.typeReferenceDirectives) {
    found.push({ specifier: ref.fileName, pos: ref.pos, kind: '/// <reference types>' });
  }
  return found.sort((a, b) => a.pos - b.pos);
}

function scriptKindFor(file) {
  if (/\.[cm]?tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  if (/\.[cm]?jsx$/.test(file)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

const isVscode = (specifier) => specifier === 'vscode' || specifier.startsWith('vscode/');

/** The violation message for one import, or undefined when it is allowed. */
function check(fromWhere, specifier, fromFile) {
  if (isVscode(specifier)) {
    if (fromWhere.commonFolder) {
      return `${describeLocation(fromWhere)} imports 'vscode': a common/ folder holds the editor's modules that run without VS Code; move this file out of common/, or its VS Code part into a module beside common/ (${DOC})`;
    }
    if (fromWhere.layer === 'editor' || fromWhere.layer === 'extension') return undefined;
    return `${describeLocation(fromWhere)} imports 'vscode': only src/editor/** and src/extension.ts may talk to VS Code (${DOC})`;
  }
  const relative = specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
  if (!relative) return undefined; // node builtins and packages are fine everywhere
  const to = locate(path.resolve(path.dirname(fromFile), specifier));
  const toPresentation = to.layer === 'editor' || to.layer === 'cli' || to.layer === 'extension';

  if (fromWhere.layer === 'core' && to.layer !== 'core') {
    return `src/core/ imports ${describeLocation(to)} ('${specifier}'): core may import only itself, node builtins and packages (${DOC})`;
  }
  if (ENGINE_LAYERS.has(fromWhere.layer) && toPresentation) {
    return `${describeLocation(fromWhere)} imports ${describeLocation(to)} ('${specifier}'): engines never import the editor or the CLI (${DOC})`;
  }
  if (fromWhere.layer === 'cli' && (to.layer === 'editor' || to.layer === 'extension')) {
    return `src/cli/ imports ${describeLocation(to)} ('${specifier}'): the CLI runs without VS Code and never imports the editor (${DOC})`;
  }
  if (
    fromWhere.layer === 'assistants' &&
    fromWhere.assistant &&
    fromWhere.assistant !== 'catalog' &&
    to.layer === 'assistants' &&
    to.assistant &&
    to.assistant !== fromWhere.assistant
  ) {
    const what = to.assistant === 'catalog' ? describeLocation(to) : `another assistant, ${describeLocation(to)}`;
    return `${describeLocation(fromWhere)} imports ${what} ('${specifier}'): assistants share core/ and never import each other; only assistants/catalog.ts knows them all (${DOC})`;
  }
  if (fromWhere.layer !== 'assistants' && to.layer === 'assistants' && to.assistant !== 'catalog' && !to.contract) {
    const face = to.assistant
      ? `src/assistants/${to.assistant}/contract.ts`
      : "the catalog or an assistant's contract.ts";
    return `${describeLocation(fromWhere)} imports ${to.path} ('${specifier}'): outside src/assistants/, only the catalog (src/assistants/catalog.ts) and an assistant's contract.ts may be imported; export what is needed from ${face} (${DOC})`;
  }
  return undefined;
}

/**
 * Rule (g) for a whole file: an editor module outside common/ that imports nothing from 'vscode' belongs
 * in a common/ folder. Reported on line 1, as no import is at fault.
 */
function checkEditorModule(where, imports) {
  if (where.layer !== 'editor' || where.commonFolder) return undefined;
  if (imports.some(({ specifier }) => isVscode(specifier))) return undefined;
  const parts = where.path.split('/');
  const into =
    parts.length > 3
      ? `its feature's src/editor/${parts[2]}/common/`
      : "the shell's src/editor/common/ or its feature's common/";
  return `an editor module outside common/ imports nothing from 'vscode': editor modules that run without VS Code live in a common/ folder; move it into ${into} (${DOC})`;
}

function main() {
  let files;
  try {
    if (!fs.statSync(root).isDirectory()) throw new Error('not a directory');
    files = listSourceFiles(root);
  } catch (error) {
    console.error(`layers: cannot read ${displayPath(root)}: ${error.message}`);
    return 2;
  }
  const violations = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindFor(file));
    const fromWhere = locate(file);
    const imports = collectImports(sourceFile);
    const misplaced = checkEditorModule(fromWhere, imports);
    if (misplaced) violations.push(`${displayPath(file)}:1: ${misplaced}`);
    for (const { specifier, pos } of imports) {
      const message = check(fromWhere, specifier, file);
      if (!message) continue;
      const line = sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
      violations.push(`${displayPath(file)}:${line}: ${message}`);
    }
  }
  for (const v of violations) console.log(v);
  const summary = `layers: ${files.length} files checked, ${violations.length} violation${violations.length === 1 ? '' : 's'}`;
  console.log(summary);
  return violations.length > 0 ? 1 : 0;
}

process.exitCode = main();
