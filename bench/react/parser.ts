/**
 * Which parser the frontend optimizer reads TSX with: TypeScript's `createSourceFile` (already bundled, its own
 * chunk) against `oxc-parser` (native, from npm), on the generated corpus of 400 component files and on one
 * 8,000-line file. oxc-parser is not a dependency of the project: install it anywhere
 * (`npm install --prefix /tmp/peers oxc-parser`) and pass `--peers /tmp/peers`; without it the run measures
 * TypeScript alone and says so. Each figure is the median of `--repeat` runs after one warm-up.
 * Usage: npx tsx bench/react/parser.ts [--repeat 7] [--peers <folder>]
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { generateLargeFile, generateReactCorpus } from './corpus';
import { median, option } from './measure';

const repeat = Number(option('repeat') ?? 7);

function measure(run: () => void): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

type OxcParse = (file: string, text: string, options?: Record<string, unknown>) => { errors: unknown[] };

function loadOxc(): OxcParse | undefined {
  const peers = option('peers');
  for (const root of [peers, process.cwd()]) {
    if (!root) continue;
    try {
      const required = createRequire(path.join(path.resolve(root), 'package.json'))('oxc-parser') as {
        parseSync: OxcParse;
      };
      return required.parseSync;
    } catch {
      // Not installed there; try the next place.
    }
  }
  return undefined;
}

const corpus = generateReactCorpus(400);
const texts = corpus.components.map((file) => [file, corpus.files.get(file)!] as const);
const large = generateLargeFile(8000);
const lineCount = (text: string) => text.split('\n').length;
console.log(
  `corpus: ${texts.length} files, ${texts.reduce((n, [, t]) => n + lineCount(t), 0)} lines; large file ${lineCount(large)} lines`,
);

const parsers: { name: string; parse: (file: string, text: string) => void }[] = [
  {
    name: 'typescript createSourceFile',
    parse: (file, text) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX),
  },
  {
    name: 'typescript createSourceFile + parents',
    parse: (file, text) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX),
  },
];
const oxc = loadOxc();
if (oxc) {
  parsers.push({ name: 'oxc-parser parseSync', parse: (file, text) => oxc(file, text, { lang: 'tsx' }) });
} else console.log('oxc-parser not found: pass --peers <folder where it is installed> to compare');

const rows = parsers.map(({ name, parse }) => ({
  name,
  corpus: measure(() => {
    for (const [file, text] of texts) parse(file, text);
  }),
  large: measure(() => parse('Large.tsx', large)),
}));
const [baseline] = rows;
for (const row of rows)
  console.log(
    `${row.name.padEnd(40)} 400 files ${row.corpus.toFixed(1).padStart(7)} ms (${(baseline.corpus / row.corpus).toFixed(2)}×)   8,000 lines ${row.large.toFixed(1).padStart(6)} ms (${(baseline.large / row.large).toFixed(2)}×)`,
  );
