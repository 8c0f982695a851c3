import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { k8sAssistant } from '../../../src/assistants/k8s/index';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding, TextEdit } from '../../../src/core/finding';
import type { DocumentAnalysis } from '../../../src/core/pipeline';
import { analyzeDocument } from '../../../src/core/pipeline';
import { memoryWorkspace } from '../../../src/core/workspace';
import { applyEdits, preferredFix } from '../helpers/apply-edits';

/**
 * Cross-file assertions the fixture harness cannot express with markers (rule-fixtures.test.ts already
 * analyses every bad/good file with `<rule>/context/*.yaml` as the rest of the workspace): messages, related
 * information in the other file, fixes that edit the other file, and runs with the context left out or
 * with other settings.
 */

export const FIXTURES = path.resolve(__dirname, '../../fixtures/k8s');
const PROJECT = path.resolve(__dirname, '../../..');

export function rel(abs: string): string {
  return path.relative(PROJECT, abs).split(path.sep).join('/');
}

/**
 * Workspace-relative path → text of every file under the rule's context/ folder (subfolders too: the readiness
 * assessment lives in `.scaling-assistant/`).
 */
export function contextFiles(ruleId: string): Map<string, string> {
  const dir = path.join(FIXTURES, ruleId, 'context');
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const names = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((n) => n.split(path.sep).join('/'));
  for (const name of names.sort()) {
    if (/\.(ya?ml|json)$/.test(name)) out.set(rel(path.join(dir, name)), fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return out;
}

export interface ContextRun {
  file: string;
  text: string;
  context: Map<string, string>;
  result: DocumentAnalysis;
  ofRule: Finding[];
}

/** Analyses a fixture (or any text) with the rule's context folder (or `options.context`) as the rest of the workspace. */
export async function analyzeWithContext(
  ruleId: string,
  name: string,
  options: { text?: string; context?: Map<string, string>; settings?: Record<string, unknown> } = {},
): Promise<ContextRun> {
  const abs = path.join(FIXTURES, ruleId, name);
  const file = rel(abs);
  const text = options.text ?? fs.readFileSync(abs, 'utf8');
  const context = options.context ?? contextFiles(ruleId);
  const workspace = memoryWorkspace(new Map([...context, [file, text]]));
  const result = await analyzeDocument(k8sAssistant, { file, text }, DEFAULT_CONFIG, undefined, {
    workspace,
    settings: options.settings,
  });
  return { file, text, context, result, ofRule: result.findings.filter((f) => f.ruleId === ruleId) };
}

/** 0-based lines that `# expect-next-line <ruleId>` markers point at. */
export function markedLines(text: string, ruleId: string): number[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: number[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*#\s*expect-next-line\s+(.+?)\s*$/.exec(line);
    if (m && m[1].split(/[\s,]+/).includes(ruleId)) out.push(i + 1);
  });
  return out;
}

/** The run's findings of the rule sit exactly at the markers, one each, with no analysis error. */
export function assertAtMarkers(run: ContextRun, ruleId: string): void {
  assert.deepEqual(run.result.errors, [], `${run.file}: analysis errors`);
  const got = run.ofRule.map((f) => f.range.start.line).sort((a, b) => a - b);
  assert.deepEqual(
    got,
    markedLines(run.text, ruleId),
    `${run.file}: ${ruleId} findings at lines ${got.map((l) => l + 1).join(', ')}`,
  );
}

/** Applies the preferred fixes of `findings` to every file they edit; returns file → new text. */
export function applyAcrossFiles(
  texts: ReadonlyMap<string, string>,
  findings: readonly Finding[],
): Map<string, string> {
  const byFile = new Map<string, TextEdit[]>();
  for (const finding of findings) {
    for (const edit of preferredFix(finding)?.edits ?? [])
      byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  }
  const out = new Map(texts);
  for (const [file, edits] of byFile) {
    const text = texts.get(file);
    assert.ok(text !== undefined, `a fix edits ${file}, which is not in the workspace`);
    out.set(file, applyEdits(text, edits));
  }
  return out;
}
