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
import type { FusedGraph } from '../../src/assistants/decomposition/cluster/fused-graph';
import type { SignalWeights } from '../../src/assistants/decomposition/model';
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

/**
 * The monolith's folder at the commit before the split, at its place in the repository, with the repository's
 * root configs (a tsconfig the folder's extends, the workspaces' package.json), written to a new temporary folder.
 */
export function checkoutMonolith(truth: TruthFile, clone: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), `monolith-${truth.name}-`));
  const configs = execFileSync('git', ['-C', clone, 'ls-tree', '--name-only', truth.before], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => /^(?:tsconfig[\w.-]*\.json|package\.json)$/.test(name));
  const archive = execFileSync('git', ['-C', clone, 'archive', truth.before, truth.input, ...configs], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', folder], { input: archive });
  return folder;
}

/** Workspace paths of the monolith's folder relative to it, as the truth names them. */
export function relativeToInput(truth: TruthFile, partition: Partition): Partition {
  const prefix = `${truth.input}/`;
  return new Map(
    [...partition]
      .filter(([file]) => file.startsWith(prefix))
      .map(([file, service]) => [file.slice(prefix.length), service]),
  );
}

/** How much of one signal's tie weight lies inside one service of the truth, against what chance would put there. */
export interface SignalPrecision {
  signal: keyof SignalWeights;
  /** Ties between two files the truth places. */
  pairs: number;
  /** Share of their weight joining two files of one service. */
  inside: number;
}

/**
 * Each signal of the fused graph judged against the truth on the files it places: a signal whose ties fall inside
 * one later service more often than another's is the better guide. `chance` is the share a tie between two files
 * drawn at random would have (Σ nᵢ² / n² over the truth's service sizes).
 */
export function signalPrecision(graph: FusedGraph, truth: Partition): { chance: number; signals: SignalPrecision[] } {
  const inside = new Map<keyof SignalWeights, { pairs: number; weight: number; inside: number }>();
  for (const edge of graph.edges) {
    const a = truth.get(edge.a);
    const b = truth.get(edge.b);
    if (a === undefined || b === undefined) continue;
    for (const [signal, weight] of Object.entries(edge.signals) as [keyof SignalWeights, number][]) {
      const row = inside.get(signal) ?? { pairs: 0, weight: 0, inside: 0 };
      row.pairs++;
      row.weight += weight;
      if (a === b) row.inside += weight;
      inside.set(signal, row);
    }
  }
  const sizes = [...clustersOf(truth).values()].map((files) => files.length);
  const n = sizes.reduce((sum, size) => sum + size, 0);
  return {
    chance: n ? sizes.reduce((sum, size) => sum + size * size, 0) / (n * n) : 0,
    signals: [...inside].map(([signal, row]) => ({
      signal,
      pairs: row.pairs,
      inside: row.weight ? row.inside / row.weight : 0,
    })),
  };
}
