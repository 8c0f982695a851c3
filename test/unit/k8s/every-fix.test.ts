import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyEdits } from '../helpers/apply-edits';
import { contextFiles } from './context-fixtures';

/**
 * A property every Kubernetes fix must have, checked for every fix (not only the preferred one) of every
 * finding in every bad fixture: applied on its own, it leaves YAML (or JSON) that parses, every comment of
 * the file still in it, and one finding fewer of its rule. Cross-file fixes are applied to each file they
 * touch and checked there too.
 */

const PROJECT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(PROJECT, 'test/fixtures/k8s');

function rel(file: string): string {
  return path.relative(PROJECT, file).split(path.sep).join('/');
}

function comments(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /(?:^|\s)(#.*)$/.exec(line)?.[1]?.trim())
    .filter((c): c is string => c !== undefined && !c.startsWith('# expect-'));
}

function yamlErrors(text: string): string[] {
  return parseAllDocuments(text).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message.split('\n')[0]) : []));
}

interface Case {
  file: string;
  text: string;
  context: Map<string, string>;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const rule of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, rule);
    const context = contextFiles(rule);
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/^bad.*\.(ya?ml|json)$/.test(name) || name.includes('.fixed.')) continue;
      const file = rel(path.join(dir, name));
      out.push({ file, text: fs.readFileSync(path.join(PROJECT, file), 'utf8'), context });
    }
  }
  return out;
}

async function analyze(file: string, files: Map<string, string>): Promise<Finding[]> {
  const workspace = files.size > 1 ? memoryWorkspace(files) : undefined;
  return (
    await analyzeDocument(k8sAssistant, { file, text: files.get(file) ?? '' }, DEFAULT_CONFIG, undefined, { workspace })
  ).findings;
}

describe('every Kubernetes fix', () => {
  let checked = 0;
  after(() => {
    // Guards the harness itself: if fixtures or fixes disappeared, this property would pass vacuously.
    assert.ok(checked >= 50, `only ${checked} fixes were checked`);
  });

  for (const { file, text, context } of cases()) {
    it(`${file}: each fix parses, keeps every comment and removes its finding`, async () => {
      const files = new Map([...context, [file, text]]);
      const findings = await analyze(file, files);
      for (const finding of findings) {
        for (const fix of finding.fixes ?? []) {
          const label = `${file}:${finding.range.start.line + 1} ${finding.ruleId} — "${fix.title}"`;
          const changed = new Map(files);
          for (const target of new Set(fix.edits.map((e) => e.file))) {
            const before = files.get(target);
            assert.ok(before !== undefined, `${label}: edits unknown file ${target}`);
            const after = applyEdits(
              before,
              fix.edits.filter((e) => e.file === target),
            );
            if (target.endsWith('.json'))
              assert.doesNotThrow(() => JSON.parse(after), `${label}: ${target} is no longer JSON`);
            // A fixture may be broken on purpose elsewhere in the file: the fix must not add an error.
            else
              assert.ok(
                yamlErrors(after).length <= yamlErrors(before).length,
                `${label}: ${target} no longer parses: ${yamlErrors(after).join('; ')}`,
              );
            const lost = comments(before).filter((c) => !after.includes(c));
            assert.deepEqual(lost, [], `${label}: comments lost in ${target}`);
            changed.set(target, after);
          }
          const again = await analyze(file, changed);
          const count = (list: Finding[]) => list.filter((f) => f.ruleId === finding.ruleId).length;
          assert.ok(
            count(again) < count(findings),
            `${label}: the fix does not remove its finding (${count(findings)} → ${count(again)})`,
          );
          checked++;
        }
      }
    });
  }
});
