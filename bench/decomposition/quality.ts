import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  adjustedRand,
  clustersOf,
  mojoFm,
  onCommon,
  type Partition,
} from '../../src/assistants/decomposition/evaluation';
import type { TruthFile } from './truth/truth';

export interface Scored {
  name: string;
  services: number;
  /** Files both the partition and the truth place. */
  compared: number;
  mojoFm: number;
  ari: number;
}

/** A partition scored against the truth on the files both place. */
export function score(name: string, partition: Partition, truth: Partition): Scored {
  const [ours, theirs] = onCommon(partition, truth);
  return {
    name,
    services: clustersOf(ours).size,
    compared: ours.size,
    mojoFm: ours.size ? mojoFm(ours, theirs) : 0,
    ari: ours.size ? adjustedRand(ours, theirs) : 0,
  };
}

/**
 * A clone of the truth's repository: `<clones>/<name>` when it is there (any clone holding both commits), else a
 * blobless clone made once under the temporary folder.
 */
export function cloneOf(truth: TruthFile, clones: string | undefined): string {
  const given = clones && path.join(clones, truth.name);
  if (given && existsSync(given)) return given;
  const cached = path.join(tmpdir(), 'decomposition-truth', truth.name);
  if (!existsSync(cached)) {
    mkdirSync(path.dirname(cached), { recursive: true });
    console.log(`cloning ${truth.repository} into ${cached} …`);
    execFileSync(
      'git',
      ['clone', '--quiet', '--filter=blob:none', '--no-checkout', `https://github.com/${truth.repository}.git`, cached],
      {
        stdio: 'inherit',
      },
    );
  }
  return cached;
}

/** The monolith's folder at the commit before the split, written to a new temporary folder. */
export function checkoutMonolith(truth: TruthFile, clone: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), `monolith-${truth.name}-`));
  const depth = truth.input.split('/').length;
  const archive = execFileSync('git', ['-C', clone, 'archive', truth.before, truth.input], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', `--strip-components=${depth}`, '-C', folder], { input: archive });
  return folder;
}
