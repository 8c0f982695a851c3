#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code in your browser, with the workshop sample open.
//
//   npm start                      build, then serve VS Code (code-server) on http://127.0.0.1:8080 (next free port)
//   npm start -- --fresh           start over: a new copy of the sample and new editor state (.tmp/ is reset)
//   npm start -- --watch           also rebuild on change (then run "Developer: Reload Window" in the browser)
//   PORT=9000 HOST=0.0.0.0 npm start
//
// The sample is copied once to .tmp/workshop-ecommerce so your edits there persist between runs; editor state
// (settings, open editors, layout) lives in .tmp/code-server-data/. The storefront's (web/) runtime
// dependencies are installed into the copy once, so import costs are measured. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  SAMPLE_WORKSPACE,
  buildExtension,
  ensureCodeServer,
  startCodeServer,
  vscodeVersion,
  workbenchUrl,
} from './lib/code-server.mjs';

const args = new Set(process.argv.slice(2));
const fresh = args.has('--fresh');
const watch = args.has('--watch');
const TMP = path.join(ROOT, '.tmp');
const WORKSPACE = path.join(TMP, 'workshop-ecommerce');
const DATA = path.join(TMP, 'code-server-data');

function step(message) {
  console.log(`[start] ${message}`);
}

/** `npm install` when the project's dependencies are missing (a fresh clone). */
function ensureDependencies() {
  if (fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json'))) return;
  step('node_modules missing: npm install');
  const r = spawnSync('npm', ['install'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm install failed');
}

/** The sample workspace, copied once so user edits survive restarts; --fresh starts over. */
function prepareWorkspace() {
  if (fresh) {
    fs.rmSync(WORKSPACE, { recursive: true, force: true });
    fs.rmSync(DATA, { recursive: true, force: true });
  }
  if (fs.existsSync(WORKSPACE)) {
    step(`workspace: ${path.relative(ROOT, WORKSPACE)} (kept from an earlier run; --fresh recopies it)`);
    return;
  }
  fs.mkdirSync(TMP, { recursive: true });
  if (fs.existsSync(SAMPLE_WORKSPACE)) {
    fs.cpSync(SAMPLE_WORKSPACE, WORKSPACE, { recursive: true });
    step(`workspace: copied samples/workshop-ecommerce to ${path.relative(ROOT, WORKSPACE)}`);
  } else {
    fs.mkdirSync(WORKSPACE, { recursive: true });
    step(`workspace: samples/workshop-ecommerce not found; opening an empty ${path.relative(ROOT, WORKSPACE)}`);
  }
}

/**
 * The storefront's runtime dependencies (lodash, moment, React) installed into the sample copy, so the frontend
 * optimizer's import costs are measured rather than "not measured". Once per copy; without network it says so
 * and the rest still starts. Scripts are not run and dev tools (Vite, TypeScript) not installed: only the
 * packages a browser bundle pays for are needed.
 */
function installSampleDependencies() {
  const web = path.join(WORKSPACE, 'web');
  if (!fs.existsSync(path.join(web, 'package.json'))) return;
  if (fs.existsSync(path.join(web, 'node_modules', '.package-lock.json'))) return;
  step('workspace: installing web/ dependencies (npm install --omit=dev) so import costs are measured');
  const r = spawnSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: web,
    stdio: 'inherit',
  });
  if (r.status !== 0) step('workspace: npm install in web/ failed: import costs will say they were not measured');
}

/** `node esbuild.mjs --watch` in the background, so edits rebuild dist/ (reload the window to load them). */
function startWatcher() {
  const child = spawn(process.execPath, [path.join(ROOT, 'esbuild.mjs'), '--watch'], { cwd: ROOT, stdio: 'inherit' });
  child.on('exit', (code) => code && step(`esbuild --watch exited with ${code}`));
  return child;
}

async function main() {
  ensureDependencies();
  ensureCodeServer();
  buildExtension();
  prepareWorkspace();
  installSampleDependencies();

  const host = process.env.HOST || '127.0.0.1';
  const wanted = Number(process.env.PORT || 8080);

  const server = await startCodeServer({
    host,
    preferredPort: wanted,
    trusted: true,
    userDataDir: path.join(DATA, 'user-data'),
    extensionsDir: path.join(DATA, 'extensions'),
    verbose: process.env.SA_VERBOSE === '1',
  });
  const port = server.port;
  if (port !== wanted) step(`port ${wanted} is taken; using ${port}`);
  const watcher = watch ? startWatcher() : undefined;

  // A wildcard bind is reachable under any of the machine's names; print the loopback one.
  const origin = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  const url = workbenchUrl(server, { folder: WORKSPACE, extensionDevelopmentPath: ROOT, origin });
  console.log('');
  console.log(`  Scaling Assistant is running in VS Code ${vscodeVersion()} (code-server), bound to ${host}:${port}.`);
  console.log('  Open this URL in your browser (it loads the extension from this checkout and opens the sample):');
  console.log('');
  console.log(`  ${url}`);
  console.log('');
  console.log(`  Server log: ${server.logFile}`);
  console.log('  Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    step(`${signal}: stopping`);
    watcher?.kill('SIGTERM');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));

  const { code, signal } = await server.exited;
  if (!stopping) {
    console.error(`[start] code-server exited unexpectedly (code ${code}, signal ${signal}):\n${server.logTail()}`);
    watcher?.kill('SIGTERM');
    await server.stop({ keepFiles: true });
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`[start] ${error.message ?? error}`);
  process.exit(1);
});
