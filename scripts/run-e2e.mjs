#!/usr/bin/env node
// End-to-end tests: what a user sees in a real VS Code (code-server's web workbench) driven by playwright-core in
// Debian's Chromium, with this extension loaded from source and a fresh copy of samples/workshop-ecommerce open.
//
//   node scripts/run-e2e.mjs                 every test in test/e2e/*.e2e.mjs
//   node scripts/run-e2e.mjs quick fix       only tests whose name contains "quick fix" (or SA_E2E_GREP)
//   SA_VERBOSE=1 ...                         also print code-server's log
//
// Each test gets its own code-server, user data, workspace copy and browser context, so tests never see each
// other's edits. Screenshots go to test-results/e2e/ (a failing test leaves <name>-failure.png there).
// Last line: `e2e (Chromium, real VS Code): N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT,
  SAMPLE_WORKSPACE,
  buildExtension,
  copyWorkspaceFixture,
  ensureCodeServer,
  exitOnSignals,
  launchChromium,
  startCodeServer,
  workbenchUrl,
} from './lib/code-server.mjs';
import { registeredTests, setCurrentFile } from '../test/e2e/lib/harness.mjs';
import { Workbench } from '../test/e2e/lib/workbench.mjs';

const E2E_DIR = path.join(ROOT, 'test', 'e2e');
const RESULTS_DIR = path.join(ROOT, 'test-results', 'e2e');
const DEFAULT_TIMEOUT_MS = 120_000;
const verbose = process.env.SA_VERBOSE === '1';

async function loadTests() {
  const files = fs
    .readdirSync(E2E_DIR)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort();
  for (const file of files) {
    setCurrentFile(file);
    await import(pathToFileURL(path.join(E2E_DIR, file)).href);
  }
  const grep = process.argv.slice(2).join(' ') || process.env.SA_E2E_GREP || '';
  return registeredTests().filter((t) => !grep || t.name.toLowerCase().includes(grep.toLowerCase()));
}

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(browser, t) {
  const source = t.options.workspace ?? SAMPLE_WORKSPACE;
  const workspace = copyWorkspaceFixture(source);
  const server = await startCodeServer({ trusted: t.options.trusted ?? true, settings: t.options.settings, verbose });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const wb = new Workbench({ page, workspaceFolder: workspace.folder, screenshotDir: RESULTS_DIR, server });
  // Facts about the fixture a test may want (the sample may not exist yet on a young checkout).
  wb.workspaceName = path.basename(workspace.folder);
  wb.workspaceHasFiles = workspace.present && fs.readdirSync(workspace.folder).length > 0;
  const started = Date.now();
  try {
    const body = async () => {
      await page.goto(workbenchUrl(server, { folder: workspace.folder, extensionDevelopmentPath: ROOT }));
      await wb.waitForWorkbench();
      await t.fn(wb);
    };
    await withTimeout(body(), t.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, `test "${t.name}"`);
    console.log(`  ✔ ${t.name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    return true;
  } catch (error) {
    console.log(`  ✘ ${t.name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    console.log(indent(error.stack ?? String(error)));
    if (error.cause?.message) console.log(indent(`cause: ${error.cause.message.split('\n')[0]}`));
    const shot = await wb.screenshot(`${slug(t.name)}-failure`).catch(() => undefined);
    if (shot) console.log(indent(`screenshot: ${path.relative(ROOT, shot)}`));
    if (pageErrors.length) console.log(indent(`workbench errors:\n${pageErrors.slice(-5).join('\n')}`));
    console.log(indent(`code-server log (last lines):\n${server.logTail(15)}`));
    return false;
  } finally {
    await context.close().catch(() => {});
    await server.stop();
    workspace.cleanup();
  }
}

function indent(text) {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}

async function main() {
  let passed = 0;
  let failed = 0;
  let browser;
  try {
    ensureCodeServer();
    buildExtension();
    const tests = await loadTests();
    if (tests.length === 0) throw new Error('no e2e test matched');
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    if (!fs.existsSync(SAMPLE_WORKSPACE))
      console.log('[e2e] samples/workshop-ecommerce missing: tests get an empty folder');
    browser = await launchChromium();
    let currentFile;
    for (const t of tests) {
      if (t.file !== currentFile) console.log(`\n${(currentFile = t.file)}`);
      if (await runTest(browser, t)) passed++;
      else failed++;
    }
  } catch (error) {
    console.error(`[e2e] ${error.stack ?? error}`);
    failed++;
  } finally {
    await browser?.close().catch(() => {});
  }
  console.log(`\ne2e (Chromium, real VS Code): ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

exitOnSignals();
main();
