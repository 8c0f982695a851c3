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
//   (d) core, assistants, roadmap and ai never import editor/** or cli/** (nor extension.ts);
//   (e) cli/** never imports editor/** (nor extension.ts).
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
const ENGINE_LAYERS = new Set(['core', 'assistants', 'roadmap', 'ai']);

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

/**
 * Where a path sits in the tree: `{ layer, assistant }`.
 *   layer: 'core' | 'assistants' | 'roadmap' | 'ai' | 'editor' | 'cli' | 'extension' | <other folder> | 'root' | 'outside'
 *   assistant: for layer 'assistants', the assistant folder name, 'catalog' for the registry, or undefined
 *   for other files directly in assistants/.
 */
function locate(absPath) {
  const rel = path.relative(root, absPath);
  if (rel === '') return { layer: 'root' };
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { layer: 'outside' };
  const parts = toPosix(rel).split('/');
  if (parts.length === 1) {
    // A file (or module path without extension) directly in the root.
    return /^extension(?:\.[cm]?[jt]sx?)?$/.test(parts[0]) ? { layer: 'extension' } : { layer: 'root' };
  }
  const layer = parts[0];
  if (layer !== 'assistants') return { layer };
  if (parts.length === 2) {
    return /^catalog(?:\.[cm]?[jt]sx?)?$/.test(parts[1]) ? { layer, assistant: 'catalog' } : { layer };
  }
  return { layer, assistant: parts[1] };
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

/** The violation message for one import, or undefined when it is allowed. */
function check(fromWhere, specifier, fromFile) {
  const isVscode = specifier === 'vscode' || specifier.startsWith('vscode/');
  if (isVscode) {
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
  return undefined;
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
    for (const { specifier, pos } of collectImports(sourceFile)) {
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
