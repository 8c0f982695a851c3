import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ReviewSubject } from './contract';

/**
 * A prompt template from prompts/<subject>.md: a front matter naming the variables it receives, then a
 * `## System` and a `## User` section with `{{variable}}` placeholders. Users may edit them; a template
 * that uses an undeclared variable or lacks a section is refused with a message naming the file and the
 * problem, never sent half-rendered.
 */
export interface PromptTemplate {
  file: string;
  variables: Record<string, string>;
  system: string;
  user: string;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

export async function loadTemplate(promptsDir: string, subject: ReviewSubject): Promise<PromptTemplate> {
  const file = path.join(promptsDir, `${subject}.md`);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new TemplateError(`Prompt template ${file} could not be read: ${(error as Error).message}`);
  }
  return parseTemplate(text, file);
}

export function parseTemplate(text: string, file: string): PromptTemplate {
  const normalised = text.replace(/\r\n?/g, '\n');
  const front = /^---\n([\s\S]*?)\n---\n/.exec(normalised);
  if (!front) throw new TemplateError(`${file}: missing the front matter (--- variables: … ---)`);
  let header: unknown;
  try {
    header = parseYaml(front[1]);
  } catch (error) {
    throw new TemplateError(`${file}: the front matter is not valid YAML: ${(error as Error).message}`);
  }
  const declared = (header as { variables?: unknown } | null)?.variables;
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
    throw new TemplateError(`${file}: the front matter needs "variables:", a map of name → description`);
  }
  const variables = Object.fromEntries(
    Object.entries(declared).map(([name, description]) => [name, String(description)]),
  );
  const body = normalised.slice(front[0].length);
  const system = section(body, 'System');
  const user = section(body, 'User');
  if (system === undefined || user === undefined)
    throw new TemplateError(`${file}: needs a "## System" and a "## User" section`);
  for (const part of [system, user]) {
    for (const match of part.matchAll(PLACEHOLDER)) {
      if (!(match[1] in variables))
        throw new TemplateError(`${file}: {{${match[1]}}} is used but not declared under variables`);
    }
  }
  return { file, variables, system, user };
}

function section(body: string, title: string): string | undefined {
  const heading = new RegExp(`^## ${title}\\s*$`, 'm');
  const start = heading.exec(body);
  if (!start) return undefined;
  const rest = body.slice(start.index + start[0].length);
  const next = /^## /m.exec(rest);
  return (next ? rest.slice(0, next.index) : rest).trim();
}

/** Fills the placeholders; every declared variable must be supplied (an empty string is a value). */
export function render(
  template: PromptTemplate,
  values: Readonly<Record<string, string>>,
): { system: string; user: string } {
  const missing = Object.keys(template.variables).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new TemplateError(`${template.file}: no value for ${missing.join(', ')}`);
  // One pass per section, so a value containing "{{x}}" (user code) is never expanded again.
  const fill = (text: string) => text.replace(PLACEHOLDER, (_m, name: string) => values[name]);
  return { system: fill(template.system), user: fill(template.user) };
}
