import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { RuleMeta } from '../../../src/core/rule';
import { RULE_ID, SCAFFOLD_MARK } from '../../../scripts/new-rule';

/**
 * The checks every assistant's rule catalogue must pass, whatever the engine: one rule per file, named
 * after its id and listed in the engine's rule list; kebab-case unique ids; a fixture folder with bad and
 * good files per rule and no stale folders; nothing left as `npm run new-rule` scaffolded it. No count:
 * adding a rule is adding its file, fixtures and docs page. Call inside the assistant's `describe`.
 */
export function checkRuleCatalogue(options: {
  /** The engine's rule list, e.g. K8S_RULES, and its name as written in rules/index.ts. */
  rules: readonly (RuleMeta & { check: unknown })[];
  listName: string;
  rulesDir: string;
  fixturesDir: string;
  /** Fixture file names (relative to the rule's folder) the harness reads. */
  fixtureFiles(dir: string): string[];
  /** Extension of the files a missing-fixture message names (`yaml`, `sql`). */
  extension: string;
}): void {
  const { rules, listName, rulesDir, fixturesDir, extension } = options;
  const ruleFiles = fs
    .readdirSync(rulesDir)
    .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && !name.endsWith('.d.ts'))
    .sort();
  const shown = path.relative(path.resolve(__dirname, '../../..'), fixturesDir).split(path.sep).join('/');

  it('every rule has a fixture folder with bad and good files', () => {
    const missing: string[] = [];
    for (const rule of rules) {
      const dir = path.join(fixturesDir, rule.id);
      const files = (fs.existsSync(dir) ? options.fixtureFiles(dir) : []).map((f) => path.basename(f));
      if (!files.some((f) => f.startsWith('bad'))) missing.push(`${shown}/${rule.id}/bad.${extension}`);
      if (!files.some((f) => f.startsWith('good'))) missing.push(`${shown}/${rule.id}/good.${extension}`);
    }
    assert.deepEqual(missing, []);
  });

  it('every fixture folder belongs to a rule (no stale fixtures after a rename)', () => {
    const ids = new Set(rules.map((r) => r.id));
    const folders = fs
      .readdirSync(fixturesDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    assert.deepEqual(
      folders.filter((f) => !ids.has(f)),
      [],
    );
  });

  it(`every file of the rules folder (except index.ts) is one rule, named after its id, listed in ${listName}`, () => {
    const load = createRequire(__filename);
    const listed = new Set<unknown>(rules);
    const problems: string[] = [];
    for (const name of ruleFiles) {
      const exports = load(path.join(rulesDir, name)) as Record<string, unknown>;
      const found = Object.values(exports).filter(
        (v): v is RuleMeta =>
          typeof v === 'object' && v !== null && 'id' in v && typeof (v as { check?: unknown }).check === 'function',
      );
      if (found.length !== 1) problems.push(`${name}: exports ${found.length} rules (one rule per file)`);
      for (const r of found) {
        if (!listed.has(r)) problems.push(`${name}: ${r.id} is not listed in ${listName} (rules/index.ts)`);
        if (`${r.id}.ts` !== name) problems.push(`${name}: rule id ${r.id} does not match the file name`);
      }
    }
    assert.deepEqual(problems, []);
    assert.equal(rules.length, ruleFiles.length, `${listName} lists something that is not a file of rules/`);
  });

  it('rule ids are kebab-case and unique', () => {
    const ids = rules.map((r) => r.id);
    for (const id of ids) assert.match(id, RULE_ID, id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
  });

  it('no rule is left as `npm run new-rule` scaffolded it (rule file and fixtures)', () => {
    const fixtures = rules.flatMap((r) => {
      const dir = path.join(fixturesDir, r.id);
      return fs.existsSync(dir) ? options.fixtureFiles(dir).map((f) => path.join(dir, f)) : [];
    });
    assert.deepEqual(
      scaffoldLeftovers([...ruleFiles.map((name) => path.join(rulesDir, name)), ...fixtures]),
      [],
      `write what the scaffold left to fill in (every line marked "${SCAFFOLD_MARK}"), then npm run docs`,
    );
  });
}

/** The lines of these files a developer has still to write: `file:line: text` for each scaffold mark. */
export function scaffoldLeftovers(files: readonly string[], root = path.resolve(__dirname, '../../..')): string[] {
  return files.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .flatMap((line, i) =>
        line.includes(SCAFFOLD_MARK)
          ? [`${path.relative(root, file).split(path.sep).join('/')}:${i + 1}: ${line.trim()}`]
          : [],
      ),
  );
}
