#!/usr/bin/env node
// Installs Debian's PostgreSQL 15 server and the HypoPG extension for the tests of the real-server plan
// engine (test/unit/sql/server/**), which start their own throwaway server (test/support/postgres-server.ts).
//
// Packages: postgresql-15 (server binaries in /usr/lib/postgresql/15/bin) and postgresql-15-hypopg
// (hypothetical indexes). Debian 12 ships both. No system service is started: apt's post-install scripts go
// through invoke-rc.d, which a policy-rc.d that exits 101 forbids (these machines ship one; when it is
// missing we put one in place for the install and remove it after).
//
// Idempotent: when both are installed it only checks two files and returns. A failed install fails the
// run only under CI=true; elsewhere the server's tests are skipped with the reason.
// Usage: node scripts/setup-postgres.mjs [--check]   (--check: report what is missing, install nothing)

import fs from 'node:fs';
import { SetupError, aptInstall, setupSteps } from './lib/setup.mjs';

const PG_MAJOR = 15;
const PG_BIN = `/usr/lib/postgresql/${PG_MAJOR}/bin`;

const PACKAGES = [
  {
    pkg: `postgresql-${PG_MAJOR}`,
    present: () => fs.existsSync(`${PG_BIN}/postgres`) && fs.existsSync(`${PG_BIN}/initdb`),
  },
  {
    pkg: `postgresql-${PG_MAJOR}-hypopg`,
    present: () => fs.existsSync(`/usr/share/postgresql/${PG_MAJOR}/extension/hypopg.control`),
  },
];
const POLICY_RC = '/usr/sbin/policy-rc.d';

const { log, run } = setupSteps('setup-postgres');

function install(missing) {
  const ownPolicy = !fs.existsSync(POLICY_RC) && process.getuid?.() === 0;
  if (ownPolicy)
    fs.writeFileSync(
      POLICY_RC,
      '#!/bin/sh\n# written by scripts/setup-postgres.mjs for one apt-get install: start no service\nexit 101\n',
      { mode: 0o755 },
    );
  try {
    aptInstall(run, missing, { noRecommends: true });
  } finally {
    if (ownPolicy) fs.rmSync(POLICY_RC, { force: true });
  }
}

function main() {
  const missing = PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);
  if (missing.length === 0) {
    console.log(`[setup-postgres] ${PACKAGES.map((p) => p.pkg).join(' and ')} installed (${PG_BIN})`);
    return;
  }
  if (process.argv.includes('--check')) {
    console.log(`[setup-postgres] missing: ${missing.join(' ')}`);
    process.exitCode = 1;
    return;
  }
  log(`installing ${missing.join(' ')}`);
  install(missing);
  const still = PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);
  if (still.length) throw new SetupError(`apt-get install did not provide: ${still.join(' ')}`);
  log(`done: ${PACKAGES.map((p) => p.pkg).join(' and ')} installed`);
}

try {
  main();
} catch (error) {
  const message = error instanceof SetupError ? error.message : (error?.stack ?? String(error));
  console.error(`\n[setup-postgres] FAILED: ${message}`);
  // Outside CI a machine without the server still runs every other test; the server's tests say they
  // were skipped and why. CI must have it.
  if (process.env.CI === 'true') process.exit(1);
  console.error(
    '[setup-postgres] continuing: the tests that need a PostgreSQL server will be skipped (CI=true makes this an error).',
  );
}
