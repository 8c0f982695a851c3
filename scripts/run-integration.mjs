#!/usr/bin/env node
// Runs the integration suites (test/integration/**/*.test.ts) inside a real VS Code extension host: code-server's
// web workbench in headless Chromium, with this extension loaded from source and the mocha index as the
// extensionTestsPath. Works offline (see shared/notes/real-vscode-tests.md).
//
//   node scripts/run-integration.mjs            both passes as needed
//   SA_INTEGRATION_GREP=harness ...             only tests whose full title matches
//   SA_UNTRUSTED=1 ...                          only the Restricted Mode pass (*.untrusted.test.ts)
//   SA_UNTRUSTED=0 ...                          only the trusted, production and German passes
//   SA_VERBOSE=1 ...                            also print code-server's and the workbench's own log lines
//
// Passes: *.untrusted.test.ts run in a workspace opened without --disable-workspace-trust (Restricted Mode);
// *.production.test.ts with the extension installed in the extensions folder (ExtensionMode.Production) and a probe
// extension under development that carries the tests; *.german.test.ts with VS Code's display language German (a
// language pack of our own, test/integration/language-pack-de, installed in the pass's profile); all other suites in
// a trusted workspace. Each pass gets a fresh code-server, user data and copy of the sample workspace.
// Last line: `integration (real VS Code <version>): N passed, N failed`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  INTEGRATION_OUT as TEST_OUT,
  buildExtension,
  compileIntegrationTests,
  copyWorkspaceFixture,
  ensureCodeServer,
  exitOnSignals,
  launchChromium,
  makeTempDir,
  startCodeServer,
  vscodeVersion,
  workbenchUrl,
} from './lib/code-server.mjs';

// The trusted pass takes about 3 minutes on an idle machine; a shared, loaded one has needed more than 5.
const PASS_TIMEOUT_MS = 10 * 60_000;
const verbose = process.env.SA_VERBOSE === '1';

/** Which passes to run: by the suites present, narrowed by SA_UNTRUSTED (the production pass runs with the trusted). */
function choosePasses(suites) {
  const untrusted = suites.filter((f) => f.endsWith('.untrusted.test.js'));
  const production = suites.filter((f) => f.endsWith('.production.test.js'));
  const german = suites.filter((f) => f.endsWith('.german.test.js'));
  const trusted = suites.filter(
    (f) => !f.endsWith('.untrusted.test.js') && !f.endsWith('.production.test.js') && !f.endsWith('.german.test.js'),
  );
  const passes = [];
  if (trusted.length && process.env.SA_UNTRUSTED !== '1') passes.push('trusted');
  if (untrusted.length && process.env.SA_UNTRUSTED !== '0') passes.push('untrusted');
  if (production.length && process.env.SA_UNTRUSTED !== '1') passes.push('production');
  if (german.length && process.env.SA_UNTRUSTED !== '1') passes.push('german');
  return passes;
}

/** The development extension of the production pass: a probe, so that Scaling Assistant runs installed. */
const PRODUCTION_PROBE = path.join(ROOT, 'test', 'integration', 'production-probe');

/** What an installed copy of the extension holds (the .vsix's contents): the manifest and the built files. */
const SHIPPED = [
  'package.json',
  'package.nls.json',
  'package.nls.de.json',
  'l10n',
  'dist',
  'media',
  'prompts',
  'docs',
  'samples',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

/**
 * An extensions folder with Scaling Assistant installed in it the way VS Code lays out an installed extension
 * (`<publisher>.<name>-<version>/`), its entries linked to this checkout's built files: VS Code then runs it in
 * ExtensionMode.Production, as users get it. A real folder of links, so whatever VS Code removes there (an
 * obsolete extension's folder) never reaches the checkout.
 */
function installedExtensionsDir() {
  const dir = makeTempDir('sa-installed-');
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const installed = path.join(dir.dir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(installed);
  for (const entry of SHIPPED) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.symlinkSync(path.join(ROOT, entry), path.join(installed, entry));
  }
  return dir;
}

/**
 * Errors the workbench logs by design offline: with a display language other than English it looks for a language
 * pack in the gallery, and there is none (EXTENSIONS_GALLERY is empty). SA_VERBOSE=1 still shows them.
 */
const EXPECTED_ERRORS = [/^No extension gallery service configured\./];

/** The German pass's language pack: ours, contributing `de` with a translation file of our own. */
const LANGUAGE_PACK = path.join(ROOT, 'test', 'integration', 'language-pack-de');

/**
 * A profile (user data and extensions folders) whose display language is German, as VS Code leaves one after a
 * language pack is installed: the pack in the extensions folder, and `languagepacks.json` in the user data naming its
 * translations (what VS Code's language-pack service writes on install; there is no gallery offline to install
 * from). With `--locale de`, code-server then resolves German for the workbench and the extension host
 * (vscode.env.language) instead of falling back to English, as it does when no pack names the language.
 */
function germanProfile() {
  const dir = makeTempDir('sa-german-');
  const manifest = JSON.parse(fs.readFileSync(path.join(LANGUAGE_PACK, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  const extensionsDir = path.join(dir.dir, 'extensions');
  const userDataDir = path.join(dir.dir, 'user-data');
  const installed = path.join(extensionsDir, `${id}-${manifest.version}`);
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.cpSync(LANGUAGE_PACK, installed, { recursive: true });
  const packs = {};
  for (const localization of manifest.contributes.localizations) {
    packs[localization.languageId] = {
      hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: Object.fromEntries(localization.translations.map((t) => [t.id, path.join(installed, t.path)])),
      label: localization.localizedLanguageName,
    };
  }
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
  return { ...dir, userDataDir, extensionsDir };
}

/**
 * The extension host's console arrives through the workbench's automation logger as codeAutomationLog(level, args),
 * mixed with the workbench's own log lines and without a prefix telling them apart. So: before the test index says
 * hello, only errors are shown (workbench start-up); after it, everything but a few known workbench chatter lines.
 * SA_VERBOSE=1 shows all of it.
 */
const WORKBENCH_CHATTER = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[Service Worker\]/,
  /additional builtin extensions/,
  /^ChatSessionStore:/,
];

function printHostLog(level, args, state) {
  const text = Array.isArray(args)
    ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')
    : String(args);
  const result = text.match(/^@@RESULT (\{.*\})\s*$/);
  if (result) {
    state.resultLine = result[1];
    return;
  }
  if (text.startsWith('[integration] ')) state.testsStarted = true;
  const chatter = WORKBENCH_CHATTER.some((re) => re.test(text));
  const expected = EXPECTED_ERRORS.some((re) => re.test(text));
  const show = verbose || (!expected && (level === 'error' || (state.testsStarted && !chatter)));
  if (!show) return;
  for (const line of text.split('\n'))
    console.log(`  ${level === 'error' || level === 'warn' ? `[${level}] ` : ''}${line}`);
}

async function runPass(pass) {
  const trusted = pass !== 'untrusted';
  const production = pass === 'production';
  const installed = production ? installedExtensionsDir() : undefined;
  const german = pass === 'german' ? germanProfile() : undefined;
  const workspace = copyWorkspaceFixture();
  const resultDir = makeTempDir('sa-integration-');
  const resultFile = path.join(resultDir.dir, 'result.json');
  console.log(
    `\n[integration] ${pass} pass: code-server${trusted ? ' --disable-workspace-trust' : ' (Restricted Mode)'}, ` +
      `workspace ${workspace.present ? 'copy of samples/workshop-ecommerce' : 'empty folder (samples/workshop-ecommerce missing)'}`,
  );

  // The extension host inherits code-server's environment: that is how the pass, grep and result file reach index.js.
  const server = await startCodeServer({
    trusted,
    verbose,
    extensionsDir: installed?.dir ?? german?.extensionsDir,
    userDataDir: german?.userDataDir,
    extraArgs: german ? ['--locale', 'de'] : [],
    env: {
      SA_INTEGRATION_PASS: pass,
      SA_INTEGRATION_RESULT_FILE: resultFile,
      SA_INTEGRATION_GREP: process.env.SA_INTEGRATION_GREP ?? '',
    },
  });
  const browser = await launchChromium();
  const state = { resultLine: undefined, testsStarted: false };
  const started = Date.now();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    let resolveExit;
    const exit = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await context.exposeFunction('codeAutomationLog', (level, message) => printHostLog(level, message, state));
    await context.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    const page = await context.newPage();
    page.on('pageerror', (error) => verbose && console.log(`  [workbench error] ${error.message}`));
    const url = workbenchUrl(server, {
      folder: workspace.folder,
      extensionDevelopmentPath: production ? PRODUCTION_PROBE : ROOT,
      extensionTestsPath: path.join(TEST_OUT, 'index.js'),
    });
    if (verbose) console.log(`[integration] ${url}`);
    await page.goto(url);

    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), PASS_TIMEOUT_MS);
    });
    const code = await Promise.race([exit, timeout, server.exited.then(() => 'server-exit')]);
    clearTimeout(timer);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    const result = readResult(resultFile, state.resultLine);
    if (typeof code !== 'number') {
      console.log(
        `[integration] ${pass} pass did not finish (${code === 'timeout' ? `no exit after ${PASS_TIMEOUT_MS / 1000}s` : 'code-server exited'}); code-server log:\n${server.logTail()}`,
      );
      return { passed: result?.passed ?? 0, failed: (result?.failed ?? 0) + 1 };
    }
    if (!result) {
      // The host exited without reporting (index.js failed to load, or run() threw before mocha ran).
      console.log(
        `[integration] ${pass} pass: test host exited with code ${code} and no result; code-server log:\n${server.logTail()}`,
      );
      return { passed: 0, failed: 1 };
    }
    console.log(
      `[integration] ${pass} pass: ${result.passed} passed, ${result.failed} failed, ${result.pending ?? 0} pending in ${seconds}s (host exit code ${code})`,
    );
    // A non-zero exit with no failed test (run() threw after mocha finished) still fails the run.
    return { passed: result.passed, failed: result.failed + (code !== 0 && result.failed === 0 ? 1 : 0) };
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
    workspace.cleanup();
    resultDir.cleanup();
    installed?.cleanup();
    german?.cleanup();
  }
}

/** The result file written by index.js; the @@RESULT console line if the file is missing. */
function readResult(file, line) {
  for (const text of [fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined, line]) {
    if (!text) continue;
    try {
      return JSON.parse(text);
    } catch {
      // try the next source
    }
  }
  return undefined;
}

async function main() {
  let passed = 0;
  let failed = 0;
  try {
    ensureCodeServer();
    buildExtension();
    const suites = await compileIntegrationTests();
    const passes = choosePasses(suites);
    if (passes.length === 0) {
      console.log('[integration] no suites to run (check test/integration and SA_UNTRUSTED)');
      failed = 1;
    }
    for (const pass of passes) {
      const result = await runPass(pass);
      passed += result.passed;
      failed += result.failed;
    }
    if (passes.length && passed + failed === 0) {
      console.log('[integration] no test ran (SA_INTEGRATION_GREP matched nothing?)');
      failed = 1;
    }
  } catch (error) {
    console.error(`[integration] ${error.stack ?? error}`);
    failed += 1;
  }
  console.log(`\nintegration (real VS Code ${vscodeVersion()}): ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

exitOnSignals();
main();
