// Writes docs/rules/<assistant>/<rule>.md from each rule's own metadata and docs text, so the pages the
// editor links to never drift from the code. `npm run docs`; a unit test fails when they are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASSISTANTS, loadAssistant } from '../src/assistants/catalog';
import { renderRuleDoc, ruleDocPath } from '../src/core/rule';
import type { RuleMeta } from '../src/core/rule';

export async function allRules(): Promise<RuleMeta[]> {
  const rules: RuleMeta[] = [];
  for (const descriptor of ASSISTANTS.filter((a) => a.available)) {
    rules.push(...(await loadAssistant(descriptor.id)).rules);
  }
  return rules;
}

export function renderIndex(rules: readonly RuleMeta[]): string {
  const lines = [
    '# Rules',
    '',
    '| rule | assistant | severity | impact | effort | what it finds |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const rule of rules) {
    const link = ruleDocPath(rule).replace(/^docs\/rules\//, '');
    lines.push(
      `| [${rule.id}](${link}) | ${rule.assistant} | ${rule.defaultSeverity} | ${rule.impact} | ${rule.effort} | ${rule.title} |`,
    );
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const rules = await allRules();
  const docsRoot = path.join(root, 'docs/rules');
  for (const folder of readdirSync(docsRoot, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    rmSync(path.join(docsRoot, folder.name), { recursive: true });
  }
  for (const rule of rules) {
    const file = path.join(root, ruleDocPath(rule));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, renderRuleDoc(rule));
  }
  writeFileSync(path.join(docsRoot, 'README.md'), renderIndex(rules));
  console.log(`docs: ${rules.length} rule pages written to docs/rules/`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
