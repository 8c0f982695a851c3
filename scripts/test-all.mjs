// `npm test`: every tier, in order of cost, on a fresh machine of this kind. Static checks first
// (typecheck, lint, formatting, layering), then unit tests, the build, and the two real-editor tiers
// (extension-host integration tests and the Chromium end-to-end test) in code-server.
// Each tier's counts are summed into one closing line: "tests: N passed, N failed".
import { spawn } from 'node:child_process';

/** Reads "<tier>: N passed, N failed" from a runner's last summary line. */
function lastCounts(pattern) {
  return (out) => {
    const all = [...out.matchAll(pattern)];
    const last = all[all.length - 1];
    return [last?.[1], last?.[2]];
  };
}

const tiers = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', '.', '--noEmit'] },
  // The roadmap panel's front end runs in a browser frame: its own project, with the DOM's types.
  { name: 'typecheck:webview', cmd: 'npx', args: ['tsc', '-p', 'webview-ui', '--noEmit'] },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.'] },
  // One formatting for the whole repository (.prettierrc.json, 120 columns): `npm run format` writes it.
  { name: 'format', cmd: 'npx', args: ['prettier', '--check', '.', '--log-level', 'warn'] },
  { name: 'layers', cmd: 'node', args: ['scripts/check-layers.mjs'] },
  // Debian's PostgreSQL 15 + HypoPG for the real-server plan tests (installed when missing; quick when present).
  { name: 'setup:postgres', cmd: 'node', args: ['scripts/setup-postgres.mjs'] },
  {
    name: 'unit',
    cmd: 'npx',
    args: ['mocha'],
    counts: (out) => [/(\d+) passing/.exec(out)?.[1], /(\d+) failing/.exec(out)?.[1]],
  },
  { name: 'build', cmd: 'node', args: ['esbuild.mjs'] },
  // The build tier has just built dist/: the real-editor tiers skip their own build.
  {
    name: 'integration',
    cmd: 'node',
    args: ['scripts/run-integration.mjs'],
    env: { SA_SKIP_BUILD: '1' },
    counts: lastCounts(/integration[^\n]*?: (\d+) passed, (\d+) failed/g),
  },
  {
    name: 'e2e',
    cmd: 'node',
    args: ['scripts/run-e2e.mjs'],
    env: { SA_SKIP_BUILD: '1' },
    counts: lastCounts(/e2e[^\n]*?: (\d+) passed, (\d+) failed/g),
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const summary = [];

function run({ cmd, args, env = {} }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  console.log(`\n=== ${tier.name}: ${tier.cmd} ${tier.args.join(' ')}`);
  const started = Date.now();
  const { code, output } = await run(tier);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let line = `${tier.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s`;
  if (tier.counts) {
    // Strip colour codes before reading a runner's counts.
    const [p = 0, f = 0] = tier.counts(output.replace(/\x1b\[[0-9;]*m/g, '')).map((n) => Number(n ?? 0));
    passed += p;
    failed += f;
    line += ` (${p} passed, ${f} failed)`;
    if (code !== 0 && f === 0) failed += 1;
  } else if (code !== 0) {
    failed += 1;
  }
  summary.push(line);
  if (code !== 0) break;
}

console.log('\n=== summary');
for (const line of summary) console.log(`  ${line}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
