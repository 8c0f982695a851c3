#!/usr/bin/env node
// Runs the same compiled integration suites in desktop VS Code (Electron) through @vscode/test-electron, for
// developers' laptops and public CI. These machines cannot download VS Code, so the code-server runner
// (scripts/run-integration.mjs) is the real-editor tier here; this one complements it where a desktop build exists.
//
//   VSCODE_EXECUTABLE_PATH=/path/to/code node scripts/run-electron.mjs   use that VS Code
//   node scripts/run-electron.mjs                                         VS Code $VSCODE_VERSION (default 1.100.3)
//                                                                         from .vscode-test/, downloaded if missing
//
// Honest skipping: only when VSCODE_EXECUTABLE_PATH is unset AND the download fails does it print
// "skipped: no VS Code desktop on this machine" and exit 0. A given executable that fails, or failing tests, exit 1.
// test-electron always passes --disable-workspace-trust, so only the trusted suites run (*.untrusted.test.ts need
// Restricted Mode: run them with scripts/run-integration.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  INTEGRATION_OUT,
  ROOT,
  buildExtension,
  compileIntegrationTests,
  copyWorkspaceFixture,
  makeTempDir,
} from './lib/code-server.mjs';

const VERSION = process.env.VSCODE_VERSION || '1.100.3';

/**
 * Electron needs a display on Linux. Without one, run this script again under xvfb-run (when installed) with the
 * executable already resolved and the build done, and return its exit code; otherwise undefined (go on here).
 */
function rerunUnderXvfb(executable) {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.env.SA_UNDER_XVFB)
    return undefined;
  const hasXvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
  if (!hasXvfb) {
    console.log('[electron] no DISPLAY and no xvfb-run: VS Code may fail to start (apt-get install xvfb)');
    return undefined;
  }
  console.log('[electron] no DISPLAY: running under xvfb-run');
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, SA_UNDER_XVFB: '1', SA_SKIP_BUILD: '1', VSCODE_EXECUTABLE_PATH: executable },
  });
  return r.status ?? 1;
}

/** A VS Code desktop executable: the given one, or the pinned version (cached in .vscode-test/ or downloaded). */
async function resolveExecutable(testElectron) {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`VSCODE_EXECUTABLE_PATH=${given} does not exist`);
    return { executable: given, source: 'VSCODE_EXECUTABLE_PATH' };
  }
  try {
    console.log(`[electron] looking for VS Code ${VERSION} in .vscode-test/ (downloading it when missing)`);
    const executable = await testElectron.downloadAndUnzipVSCode({
      version: VERSION,
      cachePath: path.join(ROOT, '.vscode-test'),
      timeout: 30_000,
      reporter: new testElectron.SilentReporter(),
    });
    return { executable, source: `.vscode-test (VS Code ${VERSION})`, version: VERSION };
  } catch (error) {
    return { skipped: `cannot download VS Code ${VERSION}: ${error.message ?? error}` };
  }
}

/** `code --version` prints the version on its first line; empty when that does not work. */
function desktopVersion(executable) {
  const r = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  const first = (r.stdout ?? '').split('\n')[0].trim();
  return r.status === 0 && /^\d+\.\d+/.test(first) ? first : '';
}

async function main() {
  const testElectron = await import('@vscode/test-electron');
  buildExtension();
  const suites = await compileIntegrationTests();
  const trustedSuites = suites.filter((f) => !f.endsWith('.untrusted.test.js'));
  if (trustedSuites.length === 0) throw new Error('no trusted integration suites to run');

  const found = await resolveExecutable(testElectron);
  if (found.skipped) {
    console.log(`[electron] ${found.skipped}`);
    console.log('electron: skipped: no VS Code desktop on this machine (set VSCODE_EXECUTABLE_PATH to run this tier)');
    return 0;
  }
  console.log(`[electron] VS Code from ${found.source}: ${found.executable}`);
  const xvfbExit = rerunUnderXvfb(found.executable);
  if (xvfbExit !== undefined) return xvfbExit;

  const workspace = copyWorkspaceFixture();
  const resultDir = makeTempDir('sa-electron-');
  const resultFile = path.join(resultDir.dir, 'result.json');
  let exitCode;
  try {
    exitCode = await testElectron.runTests({
      vscodeExecutablePath: found.executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(INTEGRATION_OUT, 'index.js'),
      extensionTestsEnv: {
        SA_INTEGRATION_PASS: 'trusted',
        SA_INTEGRATION_RESULT_FILE: resultFile,
        SA_INTEGRATION_GREP: process.env.SA_INTEGRATION_GREP ?? '',
      },
      // The folder to open, then: no other installed extensions, no welcome or release notes, a GPU-less machine.
      launchArgs: [workspace.folder, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
    });
  } catch (error) {
    // runTests rejects with TestRunFailedError when the tests fail or VS Code does not start.
    exitCode = error?.code ?? 1;
    console.log(`[electron] ${error.message ?? error}`);
  } finally {
    workspace.cleanup();
  }
  let result;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    result = undefined;
  }
  resultDir.cleanup();
  const passed = result?.passed ?? 0;
  const failed = (result?.failed ?? 0) + (exitCode !== 0 && !result?.failed ? 1 : 0);
  const version = found.version ?? desktopVersion(found.executable);
  console.log(`\nintegration (VS Code desktop${version ? ` ${version}` : ''}): ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[electron] ${error.stack ?? error}`);
    console.log('\nintegration (VS Code desktop): 0 passed, 1 failed');
    process.exit(1);
  },
);
