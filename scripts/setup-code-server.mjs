#!/usr/bin/env node
// Installs a real VS Code (code-server 4.100.3 = VS Code 1.100.3) into .vscode-test/code-server/, offline-safe.
//
// Why code-server: the usual test runners (@vscode/test-electron, @vscode/test-web) download VS Code at test time,
// which these machines cannot do. code-server comes from the npm registry and ships a complete built VS Code with a
// remote Node extension host. See shared/notes/real-vscode-tests.md for the recipe followed here.
//
// Idempotent: a marker file records a finished install, so a second run returns at once.
// Usage: node scripts/setup-code-server.mjs [--force]

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CODE_SERVER_DIR,
  CODE_SERVER_VERSION,
  ROOT,
  codeServerPaths,
  isCodeServerInstalled,
} from './lib/code-server.mjs';
import { SetupError, aptInstall, setupSteps } from './lib/setup.mjs';

const force = process.argv.includes('--force');
const paths = codeServerPaths();
const { log, run } = setupSteps('setup-code-server', { defaultCwd: CODE_SERVER_DIR });

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function debPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

// --- 1. System packages -------------------------------------------------------------------------------------------
// chromium: the browser playwright-core drives (playwright's own browser download is blocked here).
// ripgrep: code-server's @vscode/ripgrep postinstall downloads rg from GitHub, so we link Debian's instead.
// libkrb5-dev: headers the `kerberos` native module needs to compile.
// python3/make/g++: node-gyp, for argon2, node-pty, kerberos, spdlog, ... (already on these machines).
function ensureSystemPackages() {
  const wanted = [
    { pkg: 'chromium', present: () => fs.existsSync('/usr/bin/chromium') },
    { pkg: 'ripgrep', present: () => fs.existsSync('/usr/bin/rg') },
    { pkg: 'libkrb5-dev', present: () => debPackageInstalled('libkrb5-dev') },
    { pkg: 'make', present: () => commandExists('make') },
    { pkg: 'g++', present: () => commandExists('g++') },
    { pkg: 'python3', present: () => commandExists('python3') },
  ];
  const missing = wanted.filter((w) => !w.present()).map((w) => w.pkg);
  if (missing.length === 0) {
    log('system packages present: chromium, ripgrep, libkrb5-dev, build tools');
    return;
  }
  aptInstall((step, command, args, options) => run(step, command, args, { ...options, cwd: ROOT }), missing);
  const still = wanted.filter((w) => missing.includes(w.pkg) && !w.present()).map((w) => w.pkg);
  if (still.length) throw new SetupError(`apt-get install did not provide: ${still.join(' ')}`);
}

// --- 2. code-server itself ----------------------------------------------------------------------------------------
// Its own package.json keeps this install away from the project's package.json and lockfile: npm uses the nearest
// folder with a package.json as the project root.
function installCodeServerPackage() {
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  const pkgJson = path.join(CODE_SERVER_DIR, 'package.json');
  const manifest = {
    name: 'scaling-assistant-code-server',
    private: true,
    description: 'Test-only install of code-server (a real VS Code) made by scripts/setup-code-server.mjs',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // npm 11's install-script policy: argon2 builds its native module; code-server's postinstall must not run
    // (it downloads; its steps are done by hand below).
    allowScripts: { argon2: true, 'code-server': false },
  };
  fs.writeFileSync(pkgJson, `${JSON.stringify(manifest, null, 2)}\n`);
  // --ignore-scripts: code-server's postinstall fetches things from the internet; we do its steps by hand below.
  run('install code-server', 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
  // argon2 (password hashing; loaded at startup even with --auth none) is a native module built from source.
  run('build argon2', 'npm', ['rebuild', 'argon2', '--loglevel=error']);
}

// --- 3. The bundled VS Code (lib/vscode) and its native modules ---------------------------------------------------
function installVscodeLib() {
  const vscodeDir = paths.vscodeDir;
  run(
    'install VS Code server modules',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: vscodeDir },
  );

  // @vscode/ripgrep's postinstall would download rg; point it at Debian's binary instead (search, Quick Open).
  const rgBinDir = path.join(vscodeDir, 'node_modules/@vscode/ripgrep/bin');
  fs.mkdirSync(rgBinDir, { recursive: true });
  fs.rmSync(path.join(rgBinDir, 'rg'), { force: true });
  fs.symlinkSync('/usr/bin/rg', path.join(rgBinDir, 'rg'));
  log('linked @vscode/ripgrep/bin/rg -> /usr/bin/rg');

  approveInstallScripts(vscodeDir);

  // Build every native module (node-pty, kerberos, spdlog, watcher, ...). node-pty's install step runs `npx`, which
  // waits for a "yes" that nobody types unless npm_config_yes is set.
  run('build native modules', 'npm', ['rebuild', '--loglevel=error'], {
    cwd: vscodeDir,
    env: { npm_config_yes: 'true' },
  });

  // The server looks for node_modules.asar (the desktop packaging); the plain folder works the same.
  const asar = path.join(vscodeDir, 'node_modules.asar');
  fs.rmSync(asar, { force: true, recursive: true });
  fs.symlinkSync('node_modules', asar);
  log('linked lib/vscode/node_modules.asar -> node_modules');

  // Built-in extensions (TypeScript/JSON/... language features) have their own runtime dependencies.
  run(
    "install built-in extensions' modules",
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    {
      cwd: path.join(vscodeDir, 'extensions'),
    },
  );
}

/**
 * npm 11 checks dependency install scripts against package.json's `allowScripts` (warning today, blocking in a
 * future release). Record the policy for VS Code's modules in this private install: native modules may build,
 * @vscode/ripgrep's postinstall (a download) may not. Older npm has no such command: nothing to do there.
 */
function approveInstallScripts(cwd) {
  const quiet = { cwd, quiet: true };
  try {
    run('deny @vscode/ripgrep download', 'npm', ['install-scripts', 'deny', '@vscode/ripgrep'], quiet);
    run(
      'approve native module builds',
      'npm',
      ['install-scripts', 'approve', '--all', '--no-allow-scripts-pin'],
      quiet,
    );
  } catch {
    log('this npm has no install-script policy (npm install-scripts): scripts run as usual');
  }
}

// --- 4. Verification ----------------------------------------------------------------------------------------------
// npm 11 prints "install-scripts ... approve" notices and a future npm may skip unapproved install scripts silently,
// so do not trust the exit code: load each native module the server needs and rebuild any that fails to load.
const NATIVE_MODULES = [
  { name: 'argon2', cwd: () => CODE_SERVER_DIR },
  { name: 'node-pty', cwd: () => paths.vscodeDir },
  { name: 'kerberos', cwd: () => paths.vscodeDir },
  { name: '@vscode/spdlog', cwd: () => paths.vscodeDir },
  { name: '@parcel/watcher', cwd: () => paths.vscodeDir },
  { name: 'native-watchdog', cwd: () => paths.vscodeDir },
];

function canLoad(name, cwd) {
  if (!fs.existsSync(path.join(cwd, 'node_modules', name))) return { ok: true, absent: true };
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(name)})`], { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, error: (r.stderr || '').split('\n').find((l) => /Error/.test(l)) };
}

function verifyNativeModules() {
  for (const mod of NATIVE_MODULES) {
    const cwd = mod.cwd();
    let state = canLoad(mod.name, cwd);
    if (state.absent) {
      log(`native module ${mod.name}: not part of this version (skipped)`);
      continue;
    }
    if (!state.ok) {
      log(
        `native module ${mod.name} does not load (${state.error ?? 'unknown error'}); rebuilding it in the foreground`,
      );
      run(`rebuild ${mod.name}`, 'npm', ['rebuild', mod.name, '--foreground-scripts'], {
        cwd,
        env: { npm_config_yes: 'true' },
      });
      state = canLoad(mod.name, cwd);
    }
    if (!state.ok) throw new SetupError(`native module ${mod.name} still does not load: ${state.error}`);
    log(`native module ${mod.name}: loads`);
  }
  const rg = spawnSync(path.join(paths.vscodeDir, 'node_modules/@vscode/ripgrep/bin/rg'), ['--version'], {
    encoding: 'utf8',
  });
  if (rg.status !== 0) throw new SetupError('ripgrep link does not run');
  log(`ripgrep: ${rg.stdout.split('\n')[0]}`);
  // code-server writes a default config (with a password) and logs under $XDG_*; keep those out of $HOME.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-code-server-version-'));
  const version = spawnSync(process.execPath, [paths.entry, '--version'], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch },
  });
  fs.rmSync(scratch, { recursive: true, force: true });
  const versionLine = (version.stdout || '').split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION));
  if (version.status !== 0 || !versionLine)
    throw new SetupError(`code-server --version failed: ${version.stdout}${version.stderr}`);
  log(`code-server --version: ${versionLine}`);
}

function main() {
  if (!force && isCodeServerInstalled()) {
    console.log(
      `[setup-code-server] code-server ${CODE_SERVER_VERSION} already installed in ${path.relative(process.cwd(), CODE_SERVER_DIR)} (use --force to reinstall)`,
    );
    return;
  }
  log(`installing code-server ${CODE_SERVER_VERSION} (a real VS Code) into ${CODE_SERVER_DIR}; takes a few minutes`);
  fs.rmSync(paths.marker, { force: true });
  ensureSystemPackages();
  installCodeServerPackage();
  installVscodeLib();
  verifyNativeModules();
  fs.writeFileSync(
    paths.marker,
    `${JSON.stringify({ version: CODE_SERVER_VERSION, node: process.version, installedAt: new Date().toISOString() }, null, 2)}\n`,
  );
  log(`done: code-server ${CODE_SERVER_VERSION} ready`);
}

try {
  main();
} catch (error) {
  const message = error instanceof SetupError ? error.message : (error?.stack ?? String(error));
  console.error(`\n[setup-code-server] FAILED: ${message}`);
  console.error(
    '[setup-code-server] Fix the cause and run `npm run setup:vscode` again (it resumes; add --force to start over).',
  );
  process.exit(1);
}
