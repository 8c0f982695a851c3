// Entry point of the integration tests: VS Code loads this file inside the extension host (the `extensionTestsPath`
// of the test run) and calls run(). Compiled by scripts/run-integration.mjs to out/test/integration/index.js, next to
// the compiled *.test.js files it runs.
//
// Both mocha interfaces work: describe/it (as in test/unit) and suite/test (as in VS Code's own samples).
//
// Passes: files named *.untrusted.test.ts only run when the workspace is in Restricted Mode (the runner's untrusted
// pass, code-server started without --disable-workspace-trust); *.production.test.ts only in the production pass
// (the extension installed, not under development); *.german.test.ts only in the German pass (VS Code's display
// language German); every other *.test.ts only in the trusted pass.
//
// Output: the extension host's console (and process.stdout writes) reach the runner through the workbench's
// codeAutomationLog, but console.log's printf-style arguments arrive unformatted, so mocha's reporter gets a
// console.log that formats first. The last line is machine-readable:
//   @@RESULT {"passed":N,"failed":M,"pending":K,"pass":"trusted"}
// and the same JSON goes to $SA_INTEGRATION_RESULT_FILE when that is set (the runner reads the file first).
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import * as url from 'node:url';
import * as util from 'node:util';
import * as vscode from 'vscode';
import Mocha from 'mocha';

export const RESULT_MARKER = '@@RESULT';

type Pass = 'trusted' | 'untrusted' | 'production' | 'german';

function findTestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findTestFiles(full));
    else if (entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

function belongsToPass(file: string, pass: Pass): boolean {
  const suitePass: Pass = file.endsWith('.untrusted.test.js')
    ? 'untrusted'
    : file.endsWith('.production.test.js')
      ? 'production'
      : file.endsWith('.german.test.js')
        ? 'german'
        : 'trusted';
  return suitePass === pass;
}

/**
 * Rewrites `(out/test/integration/x.test.js:226:31)` frames to the .ts source line. VS Code's extension host
 * installs its own Error.prepareStackTrace, which bypasses Node's source-map support, so this is done by hand with
 * node:module's findSourceMap (which works for modules loaded after setSourceMapsEnabled(true)).
 */
function mapStackToSources(stack: string): string {
  // Mocha has already shortened paths under the working directory ("out/test/..."): resolve them back.
  return stack.replace(/([^\s():]+\.js):(\d+):(\d+)/g, (frame, file: string, line: string, column: string) => {
    try {
      const map = nodeModule.findSourceMap(path.resolve(file));
      const entry = map?.findEntry(Number(line) - 1, Number(column) - 1) as
        { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
      if (!entry?.originalSource || entry.originalLine === undefined) return frame;
      const source = entry.originalSource.startsWith('file://')
        ? url.fileURLToPath(entry.originalSource)
        : entry.originalSource;
      const resolved = path.resolve(path.dirname(path.resolve(file)), source);
      return `${path.relative(process.cwd(), resolved)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    } catch {
      return frame;
    }
  });
}

export async function run(): Promise<void> {
  // Load the suites with their source maps (esbuild writes linked .map files), so failures can name .ts lines.
  process.setSourceMapsEnabled?.(true);

  // The runner says which pass this is; without it (e.g. a hand-made launch config), trust decides.
  const requested = process.env.SA_INTEGRATION_PASS;
  const pass: Pass =
    requested === 'untrusted' || requested === 'trusted' || requested === 'production' || requested === 'german'
      ? requested
      : vscode.workspace.isTrusted
        ? 'trusted'
        : 'untrusted';

  // The host forwards console.log(format, ...args) with the arguments unformatted ("%s" stays literal), so hand mocha's
  // reporter a console.log that formats first.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(util.format(...args));

  const mocha = new Mocha({
    ui: 'bdd',
    color: false, // plain text: the lines travel through the workbench log to the runner's stdout
    timeout: 60_000,
    reporter: 'spec',
    grep: process.env.SA_INTEGRATION_GREP || undefined,
  });
  // Also offer suite()/test()/suiteSetup() (tdd) next to describe()/it().
  Mocha.interfaces.tdd(mocha.suite);

  const files = findTestFiles(__dirname).filter((file) => belongsToPass(file, pass));
  for (const file of files) mocha.addFile(file);
  console.log(
    `[integration] ${pass} pass: VS Code ${vscode.version}, workspace trusted: ${vscode.workspace.isTrusted}, ` +
      `${files.length} suite file(s)${process.env.SA_INTEGRATION_GREP ? `, grep "${process.env.SA_INTEGRATION_GREP}"` : ''}`,
  );

  const result = await new Promise<{ passed: number; failed: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
        resolve({ passed: stats.passes, failed: stats.failures, pending: stats.pending });
      });
      // The reporter prints failures at the end, so rewriting the stack when a test fails is early enough.
      runner.on('fail', (_test, error: unknown) => {
        if (error instanceof Error && error.stack) error.stack = mapStackToSources(error.stack);
      });
    } catch (error) {
      reject(error);
    }
  });

  const summary = JSON.stringify({ ...result, pass });
  if (process.env.SA_INTEGRATION_RESULT_FILE) fs.writeFileSync(process.env.SA_INTEGRATION_RESULT_FILE, summary);
  console.log(`${RESULT_MARKER} ${summary}`);
  // A rejected run() makes the test extension host exit with code 1, which the runner receives as the exit code.
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}
