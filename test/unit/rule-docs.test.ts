import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatTaskTitle, renderRuleDoc, ruleDocPath } from '../../src/core/rule';
import { allRules, renderIndex } from '../../scripts/gen-rule-docs';

const root = path.resolve(__dirname, '../..');

/**
 * Properties of every rule every available assistant registers (static and plan rules alike), whatever their
 * number: each has its generated page and roadmap metadata. That each file of a rules/ folder is registered,
 * and has fixtures, is the rule catalogue's check in each assistant's fixture harness.
 */
describe('rule documentation pages', () => {
  it('exist for every rule and match the rule source (run `npm run docs` when this fails)', async () => {
    const rules = await allRules();
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      const file = path.join(root, ruleDocPath(rule));
      assert.ok(existsSync(file), `missing ${ruleDocPath(rule)}`);
      assert.equal(readFileSync(file, 'utf8'), renderRuleDoc(rule), `${ruleDocPath(rule)} is stale`);
    }
    assert.equal(readFileSync(path.join(root, 'docs/rules/README.md'), 'utf8'), renderIndex(rules));
  });

  it('belong to a registered rule (no page left behind by a rename; run `npm run docs`)', async () => {
    const pages = new Set((await allRules()).map((rule) => ruleDocPath(rule)));
    const docs = path.join(root, 'docs/rules');
    const onDisk = readdirSync(docs, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((folder) =>
        readdirSync(path.join(docs, folder.name)).map((name) => `docs/rules/${folder.name}/${name}`),
      );
    assert.deepEqual(
      onDisk.filter((page) => !pages.has(page)),
      [],
    );
  });

  it('every rule has roadmap metadata: a task with {count}, hours, risk, a mitigation and skills', async () => {
    const problems: string[] = [];
    for (const rule of await allRules()) {
      const r = rule.roadmap;
      if (!r) {
        problems.push(`${rule.id}: no roadmap metadata`);
        continue;
      }
      if (!r.task.includes('{count}') || /[{}]/.test(formatTaskTitle(r.task, 2))) problems.push(`${rule.id}: task`);
      if (!(r.baseHours > 0 && r.hoursPerPlace >= 0)) problems.push(`${rule.id}: hours`);
      if (!['low', 'medium', 'high'].includes(r.risk)) problems.push(`${rule.id}: risk`);
      if (!r.mitigation.trim().endsWith('.')) problems.push(`${rule.id}: mitigation`);
      if (r.skills.length === 0) problems.push(`${rule.id}: skills`);
    }
    assert.deepEqual(problems, []);
  });
});
