/**
 * Writes bench/decomposition/truth/<name>.json from a clone of a recipe's repository: each source file of the
 * monolith commit, relative to the monolith's folder, with the service of the later layout it ended up in.
 * Git's rename tracking first (`git diff -M` between the two commits); for a file deleted without a rename, the
 * recipe may match it by its last path segments to exactly one service. Files that cannot be placed are
 * counted, not guessed. Only paths and names are written, never the project's code.
 * Usage: npx tsx bench/decomposition/truth/derive.ts <name> <clone folder>
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isTruthSource, RECIPES, type Recipe } from './recipes';
import type { TruthFile } from './truth';

function git(clone: string, ...args: string[]): string {
  return execFileSync('git', ['-C', clone, '-c', 'diff.renameLimit=100000', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}

function serviceOf(recipe: Recipe, file: string): string | undefined {
  for (const { prefix, service } of recipe.destinations)
    if (file.startsWith(prefix)) return typeof service === 'string' ? service : service(file.slice(prefix.length));
  return undefined;
}

/** The one service whose files end with the same last `segments` path segments, if exactly one does. */
function byName(recipe: Recipe, file: string, later: string[], segments: number): string | undefined {
  const tail = file.split('/').slice(-segments).join('/');
  const services = new Set(
    later.filter((f) => f.endsWith(`/${tail}`)).map((f) => serviceOf(recipe, f) ?? '(elsewhere)'),
  );
  const [only] = services;
  return services.size === 1 && only !== '(elsewhere)' ? only : undefined;
}

export function derive(recipe: Recipe, clone: string): TruthFile {
  const before = git(clone, 'rev-parse', `${recipe.before}^{commit}`).trim();
  const after = git(clone, 'rev-parse', `${recipe.after}^{commit}`).trim();
  const input = `${recipe.input}/`;
  const monolith = git(clone, 'ls-tree', '-r', '--name-only', before, '--', recipe.input)
    .split('\n')
    .filter((file) => file.startsWith(input) && isTruthSource(recipe, file.slice(input.length)));
  const later = git(clone, 'ls-tree', '-r', '--name-only', after)
    .split('\n')
    .filter((file) => file && serviceOf(recipe, file) !== undefined);

  const status = new Map<string, { kind: string; to?: string }>();
  for (const line of git(
    clone,
    'diff',
    '-M',
    '--name-status',
    before,
    after,
    '--',
    recipe.input,
    ...recipe.destinations.map((d) => d.prefix),
  ).split('\n')) {
    const [kind, from, to] = line.split('\t');
    if (from) status.set(from, { kind: kind[0], to });
  }

  const files: Record<string, string> = {};
  const how = { renamed: 0, unchanged: 0, byName: 0, dropped: 0 };
  for (const file of monolith) {
    const change = status.get(file);
    let service: string | undefined;
    if (!change || change.kind === 'M') {
      service = serviceOf(recipe, file);
      if (service) how.unchanged++;
    } else if (change.kind === 'R') {
      service = serviceOf(recipe, change.to!);
      if (service) how.renamed++;
    } else if (change.kind === 'D' && recipe.matchByName) {
      service = byName(recipe, file, later, 2) ?? byName(recipe, file, later, 1);
      if (service) how.byName++;
    }
    if (service) files[file.slice(input.length)] = service;
    else how.dropped++;
  }
  const services: Record<string, number> = {};
  for (const service of Object.values(files)) services[service] = (services[service] ?? 0) + 1;
  return {
    name: recipe.name,
    repository: recipe.repository,
    before,
    after,
    input: recipe.input,
    note: recipe.note,
    ...(recipe.heldOut ? { heldOut: true } : {}),
    placed: how,
    services,
    files,
  };
}

function main(): void {
  const [name, clone] = process.argv.slice(2);
  const recipe = RECIPES.find((r) => r.name === name);
  if (!recipe || !clone) {
    console.error(`usage: derive.ts <${RECIPES.map((r) => r.name).join('|')}> <clone folder>`);
    process.exit(2);
  }
  const truth = derive(recipe, clone);
  const out = path.join(__dirname, `${recipe.name}.json`);
  writeFileSync(out, `${JSON.stringify(truth, null, 2)}\n`);
  console.log(
    `${out}: ${Object.keys(truth.files).length} files in ${Object.keys(truth.services).length} services`,
    truth.placed,
    truth.services,
  );
}

if (require.main === module) main();
