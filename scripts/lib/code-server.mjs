// Shared helpers for running a real VS Code (code-server 4.100.3 = VS Code 1.100.3) in the integration tests, the
// e2e tests and `npm start`. See shared/notes/real-vscode-tests.md for why code-server and how it is driven.
//
// The pieces:
//   codeServerPaths / isCodeServerInstalled / ensureCodeServer   where the install lives (scripts/setup-code-server.mjs)
//   findFreePort                                                 a port for a server of our own
//   DEFAULT_SETTINGS / writeUserSettings                         quiet user settings (no Welcome, telemetry, trust prompt)
//   startCodeServer / exitOnSignals                              start, wait until ready, stop (whole process group)
//   remoteUri / workbenchUrl                                     URLs with ?folder= and the extension-development payload
//   launchChromium                                               playwright-core + Debian's Chromium, offline-safe flags
//   makeTempDir / copyWorkspaceFixture                           temp folders removed on exit; the sample workspace copy
//   buildExtension / compileIntegrationTests                     `node esbuild.mjs`; test/integration -> out/test/integration
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = path.join(ROOT, '.vscode-test', 'code-server');
export const CHROMIUM_PATH = process.env.SA_CHROMIUM_PATH || '/usr/bin/chromium';

/** The extension id tests look for: `${publisher}.${name}` from package.json. */
export const EXTENSION_ID = 'scaling-assistant.scaling-assistant';

export function codeServerPaths() {
  const pkg = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
  return {
    pkg,
    entry: path.join(pkg, 'out', 'node', 'entry.js'),
    vscodeDir: path.join(pkg, 'lib', 'vscode'),
    marker: path.join(CODE_SERVER_DIR, '.setup-complete.json'),
  };
}

/** True when scripts/setup-code-server.mjs finished for this version and this Node (native modules are per ABI). */
export function isCodeServerInstalled() {
  const p = codeServerPaths();
  try {
    const marker = JSON.parse(fs.readFileSync(p.marker, 'utf8'));
    return marker.version === CODE_SERVER_VERSION && marker.node === process.version && fs.existsSync(p.entry);
  } catch {
    return false;
  }
}

/** Runs the setup script when the install is missing or stale; throws when it fails. */
export function ensureCodeServer() {
  if (isCodeServerInstalled()) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'setup-code-server.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('setting up code-server failed (see above)');
}

/** The VS Code version inside the installed code-server, read from its product/package metadata (e.g. "1.100.3"). */
export function vscodeVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(codeServerPaths().vscodeDir, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

// --- ports --------------------------------------------------------------------------------------------------------

function canListen(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on `host`. With `preferred`, tries it and the next `tries - 1` ports first (for `npm start`, where
 * the user wants a stable, guessable port); otherwise asks the OS for any free one.
 */
export async function findFreePort({ preferred, host = '127.0.0.1', tries = 50 } = {}) {
  if (preferred) {
    for (let port = preferred; port < preferred + tries; port++) {
      if (await canListen(port, host)) return port;
    }
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// --- settings -----------------------------------------------------------------------------------------------------

/**
 * User settings for test and dev sessions: no Welcome page or walkthroughs stealing focus, no telemetry, no update or
 * marketplace chatter (there is no network), no workspace-trust prompt (trust itself is decided by the
 * --disable-workspace-trust flag, so Restricted Mode can still be tested), and no chat/Copilot setup UI.
 */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.editor.enablePreview': false,
  'window.commandCenter': false,
  'editor.hover.delay': 300,
};

/**
 * code-server keeps the web workbench's user settings on the server, in <user-data-dir>/User/settings.json (the same
 * layout as desktop VS Code's user data folder), so writing that file before the start is enough.
 */
export function writeUserSettings(userDataDir, settings = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  let existing = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // no settings yet (or comments in a user-edited file: then keep the user's file as it is)
    if (fs.existsSync(file)) return file;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...DEFAULT_SETTINGS, ...existing, ...settings }, null, 2)}\n`);
  return file;
}

// --- the server ---------------------------------------------------------------------------------------------------

const liveServers = new Set();
const tempDirs = new Set();
// A crash or process.exit() in a runner must not leave a server or temp folders behind: clean up synchronously.
process.on('exit', () => {
  for (const server of liveServers) server.killGroup('SIGKILL');
  for (const dir of [...tempDirs, ...[...liveServers].map((server) => server.tmpRoot)]) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
});

/** A temp folder removed on exit at the latest (and earlier by whoever calls the returned cleanup). */
export function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return {
    dir,
    cleanup() {
      tempDirs.delete(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For the test runners: Ctrl+C / SIGTERM exit at once (130 / 143) after killing every server. Needed because the
 * servers run in their own process groups (so the terminal's Ctrl+C does not reach them) and because Node's default
 * signal action skips 'exit' handlers. `npm start` handles signals itself, stopping gracefully.
 */
export function exitOnSignals() {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, () => {
      console.log(`\n${signal}: stopping code-server and the browser`);
      process.exit(code); // the 'exit' handler above (and playwright's) kill the processes
    });
  }
}

/**
 * Starts code-server and resolves once it answers /healthz.
 *
 * options:
 *   port         exactly this port; preferredPort: this one or the next free one; default: any free one
 *   host         bind address, default 127.0.0.1
 *   trusted      default true: adds --disable-workspace-trust; false = the folder opens in Restricted Mode
 *   userDataDir / extensionsDir   default: fresh temp folders, removed on stop()
 *   settings     extra user settings merged over DEFAULT_SETTINGS
 *   verbose      echo the server's output (it always goes to <tmp>/code-server.log)
 *   env          extra environment variables; the extension hosts inherit them (how tests get their options)
 *
 * returns { port, host, origin, pid, userDataDir, extensionsDir, logFile, stop(), exited }
 */
export async function startCodeServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  let port = options.port ?? (await findFreePort({ preferred: options.preferredPort, host }));
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, host, port);
    } catch (error) {
      // Another process took the port between our check and code-server's bind (two starts at once): move on to
      // the next free port, unless the caller asked for exactly this one.
      if (!error.addressInUse || options.port || attempt >= 5) throw error;
      fs.rmSync(error.tmpRoot, { recursive: true, force: true });
      port = await findFreePort({ preferred: port + 1, host });
    }
  }
}

async function startOnce(options, host, port) {
  const { entry } = codeServerPaths();
  if (!fs.existsSync(entry)) throw new Error('code-server is not installed: run `npm run setup:vscode`');
  const trusted = options.trusted ?? true;

  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-code-server-'));
  const userDataDir = options.userDataDir ?? path.join(tmpRoot, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(tmpRoot, 'extensions');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, options.settings);
  // An empty config file of our own: otherwise code-server writes ~/.config/code-server/config.yaml with a password.
  const configFile = path.join(tmpRoot, 'config.yaml');
  fs.writeFileSync(configFile, '');
  const logFile = path.join(tmpRoot, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');

  const args = [
    entry,
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--config',
    configFile,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--ignore-last-opened',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    ...(options.extraArgs ?? []),
  ];
  const env = {
    ...process.env,
    // code-server keeps its own logs under $XDG_DATA_HOME/code-server; keep them in the temp folder, not in $HOME.
    XDG_DATA_HOME: path.join(tmpRoot, 'xdg-data'),
    // Flags decide; a PORT/PASSWORD in the caller's environment (npm start reads PORT itself) must not leak in.
    PORT: undefined,
    PASSWORD: undefined,
    HASHED_PASSWORD: undefined,
    NODE_OPTIONS: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
    VSCODE_IPC_HOOK_CLI: undefined,
    // No extension gallery: there is no network, and the default one would be looked up on every start.
    EXTENSIONS_GALLERY: '{}',
    // Extra variables for the server and the extension hosts it spawns (they inherit its environment).
    ...(options.env ?? {}),
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  // detached: its own process group, so stop() can end code-server and every extension host it spawned at once.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const onOutput = (chunk) => {
    fs.writeSync(logFd, chunk);
    if (options.verbose) process.stderr.write(chunk);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let isRunning = true;
  exited.then(() => {
    isRunning = false;
  });

  const server = {
    port,
    host,
    // A wildcard bind is still reached through loopback from this machine.
    origin: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`,
    pid: child.pid,
    trusted,
    userDataDir,
    extensionsDir,
    logFile,
    tmpRoot,
    exited,
    get running() {
      return isRunning;
    },
    killGroup(signal) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    },
    /** SIGTERM to the whole group, SIGKILL after a grace period, then remove the temp folders. */
    async stop({ keepFiles = false } = {}) {
      if (isRunning) {
        server.killGroup('SIGTERM');
        const timer = setTimeout(() => server.killGroup('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // Extension hosts may outlive the main process by a moment; make sure none stays.
      server.killGroup('SIGKILL');
      liveServers.delete(server);
      try {
        fs.closeSync(logFd);
      } catch {
        /* closed */
      }
      if (!keepFiles) fs.rmSync(tmpRoot, { recursive: true, force: true });
    },
    /** The last lines of the server's log, for error messages. */
    logTail(lines = 40) {
      try {
        return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };
  liveServers.add(server);

  try {
    await waitForHealthy(server, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    const tail = server.logTail();
    await server.stop({ keepFiles: true });
    const failure = new Error(`${error.message}\n--- code-server log (${logFile}) ---\n${tail}`);
    failure.addressInUse = /EADDRINUSE/.test(tail);
    failure.tmpRoot = server.tmpRoot;
    throw failure;
  }
  return server;
}

/**
 * Ready = this process logged that it listens AND /healthz answers. The log check matters: with two starts racing for
 * one port, /healthz may be answered by the other server while ours fails with EADDRINUSE.
 */
async function waitForHealthy(server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!server.running) throw new Error(`code-server exited during startup`);
    if (!server.logTail(200).includes('HTTP server listening on')) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      const res = await fetch(`${server.origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not become ready on ${server.origin} within ${timeoutMs / 1000}s`);
}

// --- URLs ---------------------------------------------------------------------------------------------------------

/**
 * A vscode-remote URI for a path on the server machine. The authority must be the host:port the browser uses for
 * the workbench, since that is the remote the workbench connected to.
 */
export function remoteUri(server, absPath, authority = new URL(server.origin).host) {
  const posixPath = path.resolve(absPath).split(path.sep).join('/');
  return `vscode-remote://${authority}${encodeURI(posixPath)}`;
}

/**
 * The workbench URL: `?folder=` opens a folder; `payload` carries extensionDevelopmentPath (load the extension from
 * source, like F5) and extensionTestsPath (run the mocha index inside the extension host, then exit). code-server
 * refuses those two as command-line flags, but its web workbench reads them from the payload, as VS Code's own
 * browser integration tests do.
 */
export function workbenchUrl(
  server,
  { folder, extensionDevelopmentPath, extensionTestsPath, origin = server.origin } = {},
) {
  const url = new URL(origin);
  const authority = url.host;
  const params = [];
  if (folder) params.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  const payload = [];
  if (extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath, authority)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, extensionTestsPath, authority)]);
  if (payload.length) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${url.origin}/${params.length ? `?${params.join('&')}` : ''}`;
}

// --- the browser --------------------------------------------------------------------------------------------------

/**
 * Flags for Debian's Chromium on a machine without a network: without the background-networking ones, Chromium keeps
 * trying (and failing) to reach Google's services. --no-sandbox because we run as root.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches headless Chromium through playwright-core (never its own browser download, which is blocked here). */
export async function launchChromium({ headless = true } = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run \`npm run setup:vscode\` (installs Debian's chromium)`,
    );
  }
  const { chromium } = await import('playwright-core');
  // Chromium keeps a crash-report folder under $XDG_CONFIG_HOME/chromium whatever the user-data-dir: keep it out of
  // $HOME (removed on exit).
  const config = makeTempDir('sa-chromium-config-');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: config.dir },
  });
  browser.on('disconnected', () => config.cleanup());
  return browser;
}

// --- workspace fixtures -------------------------------------------------------------------------------------------

export const SAMPLE_WORKSPACE = path.join(ROOT, 'samples', 'workshop-ecommerce');

/**
 * A fresh copy of the sample workspace in a temp folder, so tests can edit files freely. When the sample does not
 * exist (yet), an empty folder stands in for it.
 */
export function copyWorkspaceFixture(source = SAMPLE_WORKSPACE, prefix = 'sa-workspace-') {
  const { dir, cleanup } = makeTempDir(prefix);
  const target = path.join(dir, path.basename(source));
  if (fs.existsSync(source)) fs.cpSync(source, target, { recursive: true });
  else fs.mkdirSync(target);
  return { dir, folder: target, present: fs.existsSync(source), cleanup };
}

/**
 * Runs `node esbuild.mjs` (the project build, producing dist/) when it exists; SA_SKIP_BUILD=1 skips it (a build
 * that already ran, e.g. in `npm test`). Returns whether it built.
 */
export function buildExtension({ args = [] } = {}) {
  const script = path.join(ROOT, 'esbuild.mjs');
  if (process.env.SA_SKIP_BUILD === '1') {
    console.log('[build] SA_SKIP_BUILD=1: using dist/ as it is');
    return false;
  }
  if (!fs.existsSync(script)) {
    console.log('[build] esbuild.mjs not found: skipping the extension build');
    return false;
  }
  const r = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node esbuild.mjs failed (exit ${r.status})`);
  return true;
}

// --- integration tests --------------------------------------------------------------------------------------------

export const INTEGRATION_SRC = path.join(ROOT, 'test', 'integration');
export const INTEGRATION_OUT = path.join(ROOT, 'out', 'test', 'integration');

function listFiles(dir, predicate) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, predicate);
    return predicate(entry.name) ? [full] : [];
  });
}

/**
 * Bundles test/integration/index.ts and every *.test.ts separately into out/test/integration/ (CommonJS for the
 * extension host, linked source maps). `vscode` is provided by the host, and `mocha` is left external so the index
 * and the suites share one copy from node_modules (suite()/describe() register on the runner the index created).
 * Used by both runners: code-server (run-integration.mjs) and desktop VS Code (run-electron.mjs).
 */
export async function compileIntegrationTests() {
  const esbuild = await import('esbuild');
  const entryPoints = listFiles(INTEGRATION_SRC, (name) => name === 'index.ts' || name.endsWith('.test.ts'));
  fs.rmSync(INTEGRATION_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outbase: INTEGRATION_SRC,
    outdir: INTEGRATION_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  console.log(`[integration] compiled ${entryPoints.length} file(s) to ${path.relative(ROOT, INTEGRATION_OUT)}/`);
  return listFiles(INTEGRATION_OUT, (name) => name.endsWith('.test.js'));
}
