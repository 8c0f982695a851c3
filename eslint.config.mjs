// ESLint 9 flat config. Syntax-only typescript-eslint (no type information) so `npx eslint .` stays fast
// enough to run on every save and in `npm test`.
//
// The layering of ARCHITECTURE.md is encoded twice on purpose: here, so an editor underlines a forbidden
// import as it is typed, and in scripts/check-layers.mjs, which needs no ESLint and also follows
// require() / import() and the folder rules that a per-file lint rule cannot express (core → other src
// folders, assistant → another assistant, an editor module without 'vscode' outside a common/ folder).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const LAYERS_DOC = 'see ARCHITECTURE.md ("Rules of the house")';

/** Globals of Node 20 that plain-JS files (scripts/, esbuild.mjs) use; TS files get them from @types/node. */
const nodeGlobals = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearImmediate',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'global',
    'globalThis',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = Object.fromEntries(
  ['__dirname', '__filename', 'exports', 'module', 'require'].map((name) => [name, 'readonly']),
);
/** Globals a webview script sees (browser + the VS Code webview bridge). */
const browserGlobals = Object.fromEntries(
  [
    'acquireVsCodeApi',
    'window',
    'document',
    'navigator',
    'location',
    'customElements',
    'requestAnimationFrame',
    'cancelAnimationFrame',
    'getComputedStyle',
    'matchMedia',
    'localStorage',
    'sessionStorage',
    'HTMLElement',
    'HTMLInputElement',
    'HTMLButtonElement',
    'HTMLTemplateElement',
    'Element',
    'Node',
    'Event',
    'CustomEvent',
    'MessageEvent',
    'KeyboardEvent',
    'MouseEvent',
    'MutationObserver',
    'ResizeObserver',
    'IntersectionObserver',
    'DOMParser',
    'Blob',
  ].map((name) => [name, 'readonly']),
);

/**
 * Relative imports into an assistant's folder other than its contract.ts, and of assistants/ files other
 * than catalog.ts: only those two are an assistant's public face for code outside src/assistants/.
 */
const ASSISTANT_INTERNALS =
  '^\\.{1,2}/(?:.*/)?assistants/(?!catalog(?:\\.[cm]?[jt]sx?)?$)[^/]+(?:/(?!contract(?:\\.[cm]?[jt]sx?)?$).*)?$';

const VSCODE_ONLY_IN_EDITOR = 'only src/editor/ and src/extension.ts talk to VS Code';

/**
 * Options for `no-restricted-imports` in a folder: 'vscode' banned (for the reason given) unless `vscode` is
 * allowed, the layers of `alsoForbid` banned, and an assistant's internals when `publicFacesOnly`.
 */
function restrictedImports(
  folder,
  { vscode = false, vscodeReason = VSCODE_ONLY_IN_EDITOR, alsoForbid = [], publicFacesOnly = false } = {},
) {
  return {
    paths: vscode
      ? []
      : [
          {
            name: 'vscode',
            message: `${folder} must not import 'vscode': ${vscodeReason}; ${LAYERS_DOC}.`,
          },
        ],
    patterns: [
      ...alsoForbid.map((layer) => ({
        // Relative imports only (`../editor/…`, `../../cli`): package names are not layers.
        regex: `^\\.{1,2}/(?:.*/)?${layer}(?:/.*)?$`,
        message: `${folder} must not import src/${layer}/ (data flows one way, towards the presentation layers); ${LAYERS_DOC}.`,
      })),
      ...(publicFacesOnly
        ? [
            {
              regex: ASSISTANT_INTERNALS,
              message: `${folder} may import from src/assistants/ only catalog.ts and an assistant's contract.ts: export what it needs from src/assistants/<name>/contract.ts; ${LAYERS_DOC}.`,
            },
          ]
        : []),
    ],
  };
}

/** The same ban for the forms `no-restricted-imports` does not see: require(), import(), `import x = require()`. */
const vscodeSyntaxBans = (folder) =>
  [
    "CallExpression[callee.name='require'][arguments.0.value='vscode']",
    "ImportExpression[source.value='vscode']",
    "TSExternalModuleReference[expression.value='vscode']",
  ].map((selector) => ({
    selector,
    message: `${folder} must not load 'vscode' (require / import() / import =); ${LAYERS_DOC}.`,
  }));

const SOURCE_FILES = '**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}';

/** One override per layer; later entries with the same rule replace earlier ones, so each folder gets exactly one. */
const layerOverrides = [
  { folder: 'src/core', alsoForbid: ['editor', 'cli'] },
  { folder: 'src/assistants', alsoForbid: ['editor', 'cli'] },
  { folder: 'src/roadmap', alsoForbid: ['editor', 'cli'], publicFacesOnly: true },
  { folder: 'src/ai', alsoForbid: ['editor', 'cli'], publicFacesOnly: true },
  { folder: 'src/cli', alsoForbid: ['editor'], publicFacesOnly: true },
  { folder: 'src/editor', vscode: true, publicFacesOnly: true },
  { folder: 'src/extension.ts', files: ['src/extension.ts'], vscode: true, publicFacesOnly: true },
  // After src/editor, so that these files get this entry's rules.
  {
    folder: 'src/editor/…/common',
    files: [`src/editor/common/${SOURCE_FILES}`, `src/editor/*/common/${SOURCE_FILES}`],
    vscodeReason: 'a common/ folder holds the editor modules that run without VS Code; move the file out of common/',
    publicFacesOnly: true,
  },
  // Not layers of src/, but they never run inside the extension host either.
  { folder: 'webview-ui', alsoForbid: [] },
  { folder: 'test/unit', alsoForbid: [] },
  { folder: 'bench', alsoForbid: [] },
].map(({ folder, files, vscode = false, vscodeReason, alsoForbid = [], publicFacesOnly = false }) => ({
  name: `scaling-assistant/layers/${folder}`,
  files: files ?? [`${folder}/${SOURCE_FILES}`],
  rules: {
    'no-restricted-imports': [
      'error',
      restrictedImports(folder, { vscode, vscodeReason, alsoForbid, publicFacesOnly }),
    ],
    ...(vscode ? {} : { 'no-restricted-syntax': ['error', ...vscodeSyntaxBans(folder)] }),
  },
}));

export default defineConfig([
  globalIgnores([
    'dist/',
    'out/',
    'node_modules/',
    '.vscode-test/',
    'samples/',
    'test/fixtures/',
    '.tmp/',
    'coverage/',
    'test-results/',
    'bench/results/',
    '**/*.d.ts',
  ]),

  // ESLint lints *.js/*.mjs/*.cjs and typescript-eslint adds *.ts/*.tsx/*.mts/*.cts everywhere that is not
  // ignored above (src/, test/, scripts/, bench/, webview-ui/, esbuild.mjs); the webview may also hold JSX.
  { name: 'scaling-assistant/jsx', files: ['webview-ui/**/*.jsx'] },

  js.configs.recommended,
  ...tseslint.configs.recommended,

  {
    name: 'scaling-assistant/rules',
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: nodeGlobals,
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports', disallowTypeAnnotations: true },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // `import x = require('…')` is TypeScript's typed CommonJS import; bare require() calls stay errors.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-throw-literal': 'error',
    },
  },

  // CommonJS scripts.
  {
    name: 'scaling-assistant/cjs',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The webview runs in a browser frame, not in Node.
  {
    name: 'scaling-assistant/webview-ui',
    files: ['webview-ui/**/*.{ts,tsx,js,mjs,jsx}'],
    languageOptions: { globals: browserGlobals },
  },

  // Tooling reads terminal output: stripping ANSI escapes (\x1b) is its job.
  {
    name: 'scaling-assistant/tooling',
    files: ['scripts/**', 'test/**', 'bench/**', 'esbuild.mjs'],
    rules: { 'no-control-regex': 'off' },
  },

  // End-to-end tests hand functions to the browser (page.evaluate / waitForFunction): browser globals exist there.
  {
    name: 'scaling-assistant/e2e',
    files: ['test/e2e/**'],
    languageOptions: { globals: { ...nodeGlobals, ...browserGlobals } },
  },

  // Tests: mocha globals for plain-JS tests (TS tests get them from @types/mocha).
  {
    name: 'scaling-assistant/tests',
    files: ['test/**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'describe',
          'it',
          'before',
          'after',
          'beforeEach',
          'afterEach',
          'suite',
          'test',
          'setup',
          'teardown',
          'suiteSetup',
          'suiteTeardown',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },

  ...layerOverrides,
]);
