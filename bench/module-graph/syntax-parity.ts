/**
 * The token reader (token-syntax.ts) against the syntax tree (syntax.ts) on every module file under the folders
 * given: where the token reader answers, its answer must equal the tree's (imports, exports, names and spans).
 * Prints the files it leaves to the parser, the mismatches, and the time each reader takes.
 * Usage: npx tsx bench/module-graph/syntax-parity.ts <folder>… [--show 10]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import ts from 'typescript';
import { MODULE_FILE, parseModuleSyntax } from '../../src/core/module-graph/syntax';
import { scanModuleSyntax } from '../../src/core/module-graph/token-syntax';

const args = process.argv.slice(2);
const showAt = args.indexOf('--show');
const show = showAt >= 0 ? Number(args.splice(showAt, 2)[1]) : 10;

function* modules(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git') yield* modules(full);
    } else if (entry.isFile() && MODULE_FILE.test(entry.name) && statSync(full).size < 1_000_000) yield full;
  }
}

let files = 0;
let scanned = 0;
let scanMs = 0;
let parseMs = 0;
const left = new Map<string, number>();
const mismatches: string[] = [];
for (const folder of args)
  for (const file of modules(folder)) {
    const text = readFileSync(file, 'utf8');
    files++;
    let start = performance.now();
    const fast = scanModuleSyntax(ts, file, text);
    scanMs += performance.now() - start;
    start = performance.now();
    const tree = parseModuleSyntax(ts, file, text);
    parseMs += performance.now() - start;
    if (!fast) {
      const ext = /\.d\.[cm]?ts$|\.[^.]+$/.exec(file)![0];
      left.set(ext, (left.get(ext) ?? 0) + 1);
      continue;
    }
    scanned++;
    if (!isDeepStrictEqual(fast, tree)) mismatches.push(file);
  }
console.log(
  `${files} files: ${scanned} read from tokens, ${files - scanned} left to the parser ` +
    `(${[...left].map(([ext, n]) => `${ext} ${n}`).join(', ')}); ${mismatches.length} mismatches`,
);
console.log(`token reader (with its give-ups) ${scanMs.toFixed(0)} ms, tree reader ${parseMs.toFixed(0)} ms`);
for (const file of mismatches.slice(0, show)) {
  const text = readFileSync(file, 'utf8');
  const fast = scanModuleSyntax(ts, file, text)!;
  const tree = parseModuleSyntax(ts, file, text);
  console.log(`\n${file}`);
  const diff = (label: string, a: unknown[], b: unknown[]) => {
    const only = (x: unknown[], y: unknown[]) => x.filter((e) => !y.some((f) => isDeepStrictEqual(e, f)));
    for (const e of only(a, b)) console.log(`  ${label} tokens only: ${JSON.stringify(e)}`);
    for (const e of only(b, a)) console.log(`  ${label} tree only:   ${JSON.stringify(e)}`);
  };
  diff('reference', fast.references, tree.references);
  diff('export', fast.exports, tree.exports);
  if (fast.references.length === tree.references.length && fast.exports.length === tree.exports.length)
    console.log('  (same entries, another order)');
}
