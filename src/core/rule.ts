import type { AssistantId, Effort, Impact, Severity } from './finding';

/**
 * What every rule declares about itself. Each assistant extends this with its own `check` signature,
 * because each checks different facts (a YAML object graph, a SQL parse tree, a TSX tree).
 */
export interface RuleMeta {
  /** Stable, kebab-case, unique across assistants; appears in suppression comments and settings. */
  id: string;
  assistant: AssistantId;
  /** One line: what is wrong. Used as the SARIF short description and in the docs index. */
  title: string;
  defaultSeverity: Severity;
  impact: Impact;
  effort: Effort;
  /** Markdown: why it matters at scale, how to fix it, when to ignore it. Shipped as the rule's page. */
  docs: string;
}

/** Path of a rule's documentation page, relative to the extension's (or CLI's) dist folder. */
export function ruleDocPath(rule: Pick<RuleMeta, 'assistant' | 'id'>): string {
  return `docs/rules/${rule.assistant}/${rule.id}.md`;
}

/** The rule's page as a Markdown document: heading, metadata table, then the rule's own text. */
export function renderRuleDoc(rule: RuleMeta): string {
  return [
    `# ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    '| assistant | default severity | impact | effort |',
    '| --- | --- | --- | --- |',
    `| ${rule.assistant} | ${rule.defaultSeverity} | ${rule.impact} | ${rule.effort} |`,
    '',
    rule.docs.trim(),
    '',
    '## Suppressing it',
    '',
    'Put a comment on the line before the finding (in the file\'s own comment syntax):',
    '',
    '```',
    `scaling-assistant-disable-next-line ${rule.id}`,
    '```',
    '',
    `or turn the rule off in the setting \`scalingAssistant.rules.disabled\`.`,
    '',
  ].join('\n');
}
