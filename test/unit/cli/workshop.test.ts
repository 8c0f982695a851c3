import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { cliLocale } from '../../../src/cli/locale';
import { main } from '../../../src/cli/main';
import { installStorefrontModules } from '../workshop/sample-workspace';
import { REPO_ROOT } from './workspace';

async function copyOf(...overlays: string[]): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sa-workshop-'));
  await fs.cp(path.join(REPO_ROOT, 'samples/workshop-ecommerce'), dir, { recursive: true });
  for (const overlay of overlays)
    await fs.cp(path.join(REPO_ROOT, 'test/fixtures/workshop', overlay), dir, { recursive: true });
  return dir;
}

async function run(argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(argv, {
    cwd: REPO_ROOT,
    stdout: (text) => void (stdout += text),
    stderr: () => undefined,
    version: '9.8.7',
    env,
  });
  return { code, stdout };
}

describe('cli workshop', () => {
  it('parses the folder and its options', () => {
    assert.deepEqual(parseArgs(['workshop', 'shop']), {
      kind: 'workshop',
      folder: 'shop',
      format: 'markdown',
      measure: true,
      quiet: false,
    });
    assert.deepEqual(
      parseArgs([
        'workshop',
        'shop',
        '--name',
        'Ada',
        '--locale=de',
        '--format',
        'html',
        '--no-measure',
        '--rows',
        '5000',
      ]),
      {
        kind: 'workshop',
        folder: 'shop',
        name: 'Ada',
        locale: 'de',
        format: 'html',
        measure: false,
        rows: 5000,
        quiet: false,
      },
    );
    assert.throws(() => parseArgs(['workshop']), UsageError);
    assert.throws(() => parseArgs(['workshop', '.', '--locale', 'fr']), /unknown value "fr"/);
    assert.throws(() => parseArgs(['workshop', '.', '--rows', '10']), /--rows takes a whole number/);
  });

  it('takes the language from --locale, else LC_ALL, LC_MESSAGES or LANG', () => {
    assert.equal(cliLocale(undefined, { LANG: 'de_DE.UTF-8' }), 'de');
    assert.equal(cliLocale(undefined, { LC_ALL: 'C', LANG: 'de_DE.UTF-8' }), 'en');
    assert.equal(cliLocale('en', { LANG: 'de_DE.UTF-8' }), 'en');
    assert.equal(cliLocale(undefined, { LC_MESSAGES: 'de_AT' }), 'de');
    assert.equal(cliLocale(undefined, {}), 'en');
    assert.equal(cliLocale(undefined, { LANG: 'den_XX' }), 'en');
  });

  it('prints the report in German under LANG=de and exits 1 while an exercise has not passed', async () => {
    const folder = await copyOf();
    try {
      const { code, stdout } = await run(['workshop', folder, '--name', 'Erika Müller', '--no-measure'], {
        LANG: 'de_DE.UTF-8',
      });
      assert.equal(code, 1);
      assert.match(stdout, /^# Skalierungs-Workshop: Teilnahmebestätigung/);
      assert.match(stdout, /\*\*Teilnehmer\/in:\*\* Erika Müller/);
      assert.match(stdout, /\*\*Geprüft mit:\*\* Scaling Assistant 9\.8\.7/);
      assert.match(stdout, /## HPA-Review und die Kosten der Lastspitze: noch nicht bestanden/);
      assert.match(stdout, /## Frontend-Optimierung: noch nicht bestanden/);
      // The peak's figures, as the HPA reviewer estimates them, in the report's language.
      assert.match(
        stdout,
        /^ {2}- ecommerce-api bei maxReplicas 50: 12\.5 vCPU \+ 12\.5 GiB angefordert, etwa \$410 im Monat \(Schätzung\)$/m,
      );
      assert.match(
        stdout,
        /^ {2}- Kosten der Lastspitze von 3 Workloads \(Schätzung\): etwa \$415 im Monat, aus Requests × /m,
      );
      // Without web/node_modules nothing of the storefront is measured, and the report says why.
      assert.match(
        stdout,
        /^ {2}- Paket-Importe des Storefronts \(gzip, mit esbuild gebündelt\): nicht gemessen: web\/node\\_modules fehlt: Führen Sie npm install in web\/ aus$/m,
      );
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('prints the HTML report in English with the passed exercises of a solved copy', async () => {
    const folder = await copyOf('solved');
    await installStorefrontModules(path.join(folder, 'web'));
    try {
      const { code, stdout } = await run(
        ['workshop', folder, '--format', 'html', '--no-measure', '--name', '<b>Ada</b>'],
        {
          LANG: 'en_GB.UTF-8',
        },
      );
      // Not measured: the query exercise is not fully checked, so not every exercise passed.
      assert.equal(code, 1);
      assert.match(stdout, /<html lang="en">/);
      assert.match(stdout, /&#60;b&#62;Ada&#60;\/b&#62;/);
      assert.match(stdout, /Frontend optimisation <span class="status passed">passed/);
      assert.match(stdout, /HPA review and the cost of the peak <span class="status passed">passed/);
      assert.match(
        stdout,
        /<li>ecommerce-api at maxReplicas 50: <b>12\.5 vCPU \+ 12\.5 GiB requested, about \$410 a month \(estimate\)<\/b><\/li>/,
      );
      // The storefront's package imports measured with esbuild in the copy's node_modules, before → after.
      assert.match(
        stdout,
        /<li>Package imports of the storefront \(gzip, bundled with esbuild\): <b>[\d.]+ kB → [\d.]+ kB \(the sample as shipped → yours\)<\/b><\/li>/,
      );
      assert.match(
        stdout,
        /<li>Renders per parent update of ProductList: <b>not measured: the sandbox measurements were switched off for this check<\/b><\/li>/,
      );
      assert.match(stdout, /The roadmap and its export <span class="status passed">passed/);
      // The boundaries of docs/decomposition.json, judged by the planner on monolith/src as the CLI reads it.
      assert.match(stdout, /Monolith decomposition <span class="status passed">passed/);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses a folder that does not exist', async () => {
    const { code } = await run(['workshop', path.join(os.tmpdir(), 'no-such-workshop-folder')], {});
    assert.equal(code, 2);
  });
});
