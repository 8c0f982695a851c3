import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { buildCase, kustomizeCases, plainDocuments, plainObjects, sortObjects } from './kustomize-fixtures';

/**
 * The in-memory `kustomize build` against outputs written by hand from kustomize's documentation, one per
 * fixture folder (test/fixtures/k8s-kustomize/<case>/expected/). Where the real `kustomize` binary is on PATH,
 * the same expected outputs are checked against it too, so the hand-written expectations are kustomize's own.
 */

function kustomizeOnPath(): string | undefined {
  try {
    execFileSync('kustomize', ['version'], { stdio: 'ignore', timeout: 20_000 });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

describe('k8s kustomize build', () => {
  for (const kase of kustomizeCases()) {
    describe(kase.name, () => {
      const builds = buildCase(kase);
      for (const expected of kase.expected) {
        it(`${expected.folder} builds as ${expected.file} says`, () => {
          const build = builds.find((b) => b.folder === `${expected.folder}/`);
          assert.ok(build, `no build rooted at ${expected.folder} (builds: ${builds.map((b) => b.folder).join(', ')})`);
          assert.deepEqual(build.result.errors, [], 'build errors');
          assert.deepEqual(sortObjects(plainObjects(build)), sortObjects(expected.objects));
        });
      }
    });
  }

  describe('the expected outputs against the real kustomize', () => {
    const missing = kustomizeOnPath();
    for (const kase of kustomizeCases()) {
      for (const expected of kase.expected) {
        it(`kustomize build ${kase.name}/${expected.folder} gives ${expected.file}`, function () {
          if (missing) {
            console.log(`      skipped: the kustomize binary is not on PATH (${missing})`);
            this.skip();
          }
          const output = execFileSync('kustomize', ['build', path.join(kase.dir, expected.folder)], {
            encoding: 'utf8',
            timeout: 60_000,
          });
          assert.deepEqual(sortObjects(plainDocuments(output)), sortObjects(expected.objects));
        });
      }
    }
  });
});
