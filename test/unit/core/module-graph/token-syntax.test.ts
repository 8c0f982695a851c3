import assert from 'node:assert/strict';
import ts from 'typescript';
import { parseModuleSyntax, readModuleSyntax } from '../../../../src/core/module-graph/syntax';
import { scanModuleSyntax } from '../../../../src/core/module-graph/token-syntax';

/** Modules the token reader must answer alone, each exactly as the syntax tree does (names, kinds, spans). */
const answered: [string, string][] = [
  [
    'imports.ts',
    [
      "import 'side-effect';",
      "import a from './a';",
      "import * as ns from './ns';",
      "import b, { c, d as e, type F, default as g } from './b';",
      "import type { H } from './h';",
      "import type I from './i';",
      "import type * as J from './j';",
      "import type from './type-named';",
      'import type, { k } from "./k";',
      "import { type } from './l';",
      "import { as, as as bs } from './m';",
      "import {} from './empty';",
      "import json from './data.json' with { type: 'json' };",
      "import { 'string-name' as sn } from './n';",
      "import x = require('./x');",
      "import type y = require('./y');",
      'import Alias = Namespace.Inner;',
      'const meta = import.meta.url;',
    ].join('\n'),
  ],
  [
    'exports.ts',
    [
      "export * from './all';",
      "export type * from './types';",
      "export * as grouped from './grouped';",
      "export { a, b as c, default as d, type E } from './abc';",
      "export type { F } from './f';",
      'const g = 1, h = 2;',
      'export { g, h as i };',
      'export type { G2 };',
      'export {};',
      'export const j = 1, k: Map<string, number> = new Map(), l = [1, 2].map((n) => n * 2);',
      'export let m: (a: number, b: string) => void;',
      'export var n = { o: 1, p: 2 }, q = `t${n.o}x${n.p}`;',
      'export declare const r: number;',
      'export function s() {}',
      'export async function t() {}',
      'export function* u() {}',
      'export class V<T> extends Base implements I {}',
      'export abstract class W {}',
      '@decorate() export class X {}',
      'export @decorate class Y {}',
      'export interface Z {}',
      'export type Alias = { a: string, b: number };',
      'export enum Colour { Red, Green }',
      'export const enum Size { S, M }',
      'export namespace Space { export const inner = 1; }',
      "export declare module 'ambient' { export const hidden: number; }",
      "export import Imported = require('./imported');",
      'export default Space;',
    ].join('\n'),
  ],
  ['default-function.ts', 'export default async function load() { return 1 }\n'],
  ['default-class.ts', '@Injectable()\nexport default class Service {}\n'],
  ['default-interface.ts', 'export default interface Shape { a: number }\n'],
  ['default-identifier-no-semicolon.ts', 'const a = 1\nexport default a\nexport const after = 2\n'],
  ['export-equals.ts', 'class Legacy {}\nexport = Legacy;\n'],
  [
    'commonjs.js',
    [
      "'use strict';",
      "const helper = require('./helper');",
      "const { readFile, writeFile: write, missing = 1, ...rest } = require('fs');",
      "const [first] = require('./list');",
      "const fromProperty = require('./p').value;",
      "let late;\nlate = require('./late');",
      'exports.a = helper;',
      'exports.b = function () { return 1 };',
      'exports.c = exports.d = void 0;',
      'module.exports.e = 1',
      'exports.f = 1, exports.g = 2;',
      'if (helper) exports.h = 1;',
      'if (helper) {',
      "  require('./inside');",
      '  exports.notTop = 1;',
      '}',
      'module.exports = { readFile, renamed: write, computed: helper.x, "quoted": helper, method() {}, get getter() { return 1 }, async run() {}, ...rest, [helper]: 1, 2: 3 };',
      "setTimeout(() => require('./deferred'), 0);",
      "new require('./constructed');",
      "obj.require('./method');",
      "require('./a' + 'b');",
      'require(`./template`);',
      'const regex = /["\'`]require\\(/g, ratio = 1 / 2 / 3;',
    ].join('\n'),
  ],
  ['module-exports-identifier.cjs', "const run = require('./run')\nmodule.exports = run\n"],
  ['module-exports-call.cjs', "module.exports = require('./other')\n"],
  [
    'dynamic.ts',
    [
      'export const load = () => import("./lazy");',
      "export const later = async () => { const m = await import('./later'); return m; };",
      "register(import('./argument'));",
      "void import('./void');",
      'const text = `${a}/${b}` + "/" + \'/\';',
    ].join('\n'),
  ],
  [
    'no-jsx.tsx',
    "import { h } from './h';\nexport const f = (a: number) => a < 2 ? h : null;\nexport const g = f(1) > 0;\n",
  ],
  ['generics.ts', 'export const m: Record<string, Array<Map<string, number>>> = {}, n = 1;\n'],
];

/** Modules tokens cannot answer for certain: the reader gives up and the tree answers. */
const leftToTheParser: [string, string][] = [
  ['jsx.tsx', "import { A } from './a';\nexport const el = <A title='x' />;\n"],
  ['generic-arrow.tsx', 'export const g = <T,>(x: T) => x;\n'],
  ['anonymous-default.ts', 'export default function () {}\n'],
  ['default-expression.ts', 'export default { a: 1 };\n'],
  ['destructured-export.ts', 'export const { a, b } = source;\n'],
  ['import-type-position.ts', "let t: typeof import('./types');\n"],
  ['declarations.d.ts', "export declare const a: import('./b').B;\n"],
  ['generic-initializer.ts', 'export const a = f<A, B>(x), b = 2;\n'],
  ['unterminated.ts', "import { a } from './a\n"],
  ['unbalanced.ts', 'export function f() {\n'],
  ['var-list.js', "var fs = require('fs'),\n  path = require('path');\n"],
];

describe('module graph: imports and exports read from tokens', () => {
  for (const [file, text] of answered)
    it(`reads ${file} as the syntax tree does`, () => {
      const tokens = scanModuleSyntax(ts, file, text);
      assert.ok(tokens, 'the token reader answers');
      assert.deepEqual(tokens, parseModuleSyntax(ts, file, text));
    });

  for (const [file, text] of leftToTheParser)
    it(`leaves ${file} to the parser, which answers`, () => {
      assert.equal(scanModuleSyntax(ts, file, text), undefined);
      assert.deepEqual(readModuleSyntax(ts, file, text), parseModuleSyntax(ts, file, text));
    });

  it('reads names, kinds and spans of a module', () => {
    const text = "import { a as b } from './a';\nexport const c = require('./c');\n";
    const syntax = scanModuleSyntax(ts, 'm.ts', text)!;
    assert.deepEqual(
      syntax.references.map((r) => [r.specifier, r.kind, text.slice(r.span.start, r.span.end)]),
      [
        ['./a', 'import', "'./a'"],
        ['./c', 'require', "'./c'"],
      ],
    );
    assert.deepEqual(syntax.references[0].names, [
      { name: 'a', local: 'b', span: { start: 9, end: 15 }, typeOnly: false },
    ]);
    assert.deepEqual(
      syntax.references[1].names.map((n) => [n.name, n.local]),
      [['*', 'c']],
    );
    assert.deepEqual(
      syntax.exports.map((e) => [e.name, text.slice(e.span.start, e.span.end)]),
      [['c', 'c']],
    );
  });

  it('uses the tree it is given instead of reading tokens', () => {
    const text = "export default function () {}\nimport a from './a';\n";
    const tree = ts.createSourceFile('given.ts', text, ts.ScriptTarget.Latest, true);
    assert.deepEqual(readModuleSyntax(ts, 'given.ts', text, tree), parseModuleSyntax(ts, 'given.ts', text));
  });
});
