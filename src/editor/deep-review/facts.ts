import * as vscode from 'vscode';
import { loadAi } from '../../ai/loader';
import type { DecompositionPlan } from '../../assistants/decomposition/contract';
import type { AssistantId, Finding } from '../../core/finding';
import type { Workspace } from '../../core/workspace';
import type { RoadmapPlan } from '../../roadmap/model';
import { schemaExcerpt, tablesUsed } from './common/schema';

/**
 * The facts a deep review hands Claude besides the document and its static findings, per subject, as text
 * blocks. Built from what the extension already has (the workspace's schema files, cached measured advice, the
 * manifests a finding relates to); cheap, bounded, and never the whole workspace. The AI layer redacts them
 * with the document before anything is sent.
 */

/** Each block is capped, so facts never dwarf the code under review. */
export const BLOCK_LIMIT = 24_000;

/** The part of the measured advice the facts need (the shell's measured advice). */
export interface CachedAdvice {
  engineLabel: string;
  statements: readonly unknown[];
}

export interface FactSources {
  workspace: Workspace;
  /** Measured advice of the document's current version, when the query optimizer has it cached. */
  advice?: CachedAdvice;
  /** The decomposition plan the review stands on, and the reviewed module as the plan names it. */
  decomposition?: { plan: DecompositionPlan; file: string };
}

export async function factsFor(
  subject: AssistantId,
  document: { file: string; text: string },
  findings: readonly Finding[],
  sources: FactSources,
): Promise<Record<string, string>> {
  switch (subject) {
    case 'sql':
      return sqlFacts(document, sources);
    case 'k8s':
      return k8sFacts(document, findings, sources.workspace);
    case 'decomposition':
      return sources.decomposition ? decompositionFacts(sources.decomposition) : {};
    default:
      return {};
  }
}

// --- SQL ------------------------------------------------------------------------------------------------------

/** Schema files as the query optimizer finds them by default: migrations, schema*.sql, DDL under db/. */
const SCHEMA_FILE = /(?:^|\/)(?:migrations?\/.*\.sql|[^/]*schema[^/]*\.sql|db\/.*\.sql)$/i;

async function sqlFacts(
  document: { file: string; text: string },
  sources: FactSources,
): Promise<Record<string, string>> {
  const facts: Record<string, string> = {};
  const tables = tablesUsed(document.text);
  const schemaFiles: { file: string; text: string }[] = [];
  for (const entry of await sources.workspace.files(/\.(sql|psql|pgsql)$/i)) {
    if (!SCHEMA_FILE.test(pathOf(entry.file)) || entry.file === document.file) continue;
    const text = await entry.read();
    if (text !== undefined)
      schemaFiles.push({ file: vscode.workspace.asRelativePath(vscode.Uri.parse(entry.file)), text });
  }
  const schema = schemaExcerpt(schemaFiles, tables);
  if (schema)
    facts.schema = `Schema statements from the workspace that mention the tables this SQL uses (${[...tables].sort().join(', ')}):\n\n${schema}`;
  if (sources.advice?.statements.length) {
    const json = JSON.stringify(sources.advice.statements, null, 1);
    facts.plan = `Measured by the query optimizer (${sources.advice.engineLabel}): plans, candidate indexes and rewrites, timed.\n\n${cap(json)}`;
  }
  return facts;
}

// --- Kubernetes -----------------------------------------------------------------------------------------------

/** The other manifests the static findings point at (the Deployment an HPA scales, the PDB that selects it). */
async function k8sFacts(
  document: { file: string },
  findings: readonly Finding[],
  workspace: Workspace,
): Promise<Record<string, string>> {
  const related = new Set<string>();
  for (const finding of findings)
    for (const r of finding.related ?? []) if (r.file !== document.file) related.add(r.file);
  if (related.size === 0) return {};
  const byFile = new Map((await workspace.files(/\.(ya?ml|json)$/i)).map((f) => [f.file, f]));
  const blocks: string[] = [];
  let size = 0;
  for (const file of [...related].sort()) {
    const text = await byFile.get(file)?.read();
    if (text === undefined) continue;
    const block = `# ${vscode.workspace.asRelativePath(vscode.Uri.parse(file))}\n${text}`;
    if (size + block.length > BLOCK_LIMIT) break;
    blocks.push(block);
    size += block.length;
  }
  return blocks.length
    ? { objectGraph: `Manifests in the workspace that the findings relate to:\n\n${blocks.join('\n---\n')}` }
    : {};
}

// --- the decomposition planner -------------------------------------------------------------------------------

/**
 * The plan's services, crossings (this module's first) and metrics, as the AI layer words them. Capped like
 * every block: a plan of thousands of files must not crowd out the module under review.
 */
async function decompositionFacts(source: { plan: DecompositionPlan; file: string }): Promise<Record<string, string>> {
  let ai: Awaited<ReturnType<typeof loadAi>>;
  try {
    ai = await loadAi();
  } catch {
    // The request itself loads the AI layer next and reports the failure with the action that helps.
    return {};
  }
  const { importGraph, modules } = ai.decompositionReviewFacts(source.plan, source.file);
  return { importGraph: cap(importGraph), modules: cap(modules) };
}

// --- the roadmap ----------------------------------------------------------------------------------------------

/**
 * The plan as Claude needs it for a narrative: phases, tasks with their effort, impact, risk and dependencies,
 * and how many places each task covers (not every place: a workspace with thousands of findings would not fit).
 */
export function roadmapFacts(plan: RoadmapPlan, assessment?: unknown): Record<string, string> {
  const compact = {
    summary: plan.summary,
    phases: plan.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      horizon: phase.horizon,
      hours: phase.hours,
      capacityHours: phase.capacityHours,
      capacityBasis: phase.capacityBasis,
      tasks: phase.tasks.map((task) => ({
        id: task.id,
        title: task.title,
        assistant: task.assistant,
        severity: task.severity,
        effortHours: task.effort.hours,
        impact: { level: task.impact.level, score: task.impact.score, basis: task.impact.basis },
        risk: task.risk,
        dependsOn: task.dependsOn,
        placement: task.placement,
        places: task.findings.length,
        examplePlaces: task.findings.slice(0, 3).map((f) => `${f.file}:${f.range.start.line + 1}`),
        description: task.description,
      })),
    })),
  };
  const facts: Record<string, string> = { plan: cap(JSON.stringify(compact, null, 1), 120_000) };
  if (assessment !== undefined) facts.assessment = cap(JSON.stringify(assessment, null, 1));
  return facts;
}

function cap(text: string, limit = BLOCK_LIMIT): string {
  return text.length <= limit
    ? text
    : `${text.slice(0, limit)}\n… (cut at ${limit.toLocaleString('en-US')} characters)`;
}

function pathOf(file: string): string {
  try {
    return vscode.Uri.parse(file).path;
  } catch {
    return file;
  }
}
