import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { factsProvider } from '../../../../src/assistants/catalog';
import type { GatherOptions } from '../../../../src/assistants/decomposition/facts/gather';
import { gatherFacts } from '../../../../src/assistants/decomposition/facts/gather';
import type { DecompositionFacts } from '../../../../src/assistants/decomposition/model';
import { memoryWorkspace } from '../../../../src/core/workspace';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/decomposition/facts');

/** A fixture project's texts, keyed by their path inside it (forward slashes). */
export function fixtureTexts(name: string): Map<string, string> {
  const root = path.join(FIXTURES, name);
  const texts = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else texts.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return texts;
}

/** Handed in as the CLI and the editor do: an assistant never imports the catalog itself. */
export const withSql: GatherOptions = { tableAccess: () => factsProvider('table-access') };

const gathered = new Map<string, Promise<DecompositionFacts>>();

/** The facts of a whole fixture project, gathered once per run of the suite. */
export function fixtureFacts(name: string): Promise<DecompositionFacts> {
  let facts = gathered.get(name);
  if (!facts) {
    facts = gatherFacts(memoryWorkspace(fixtureTexts(name)), '', withSql);
    gathered.set(name, facts);
  }
  return facts;
}

/** `file table mode source` lines, sorted, for readable assertions. */
export function accessLines(facts: DecompositionFacts): string[] {
  return facts.data.map((d) => `${d.file} ${d.table} ${d.mode} ${d.source}`).sort();
}
