import { parse } from 'yaml';
import { semverCompare } from './semver';

/**
 * A chart's dependency that is not vendored under its `charts/`, found among the workspace's own charts: a
 * `repository: file://../common` names the folder (`helm dependency build` copies it from there); any other
 * repository by the chart's name, when the workspace's chart has a version the dependency's constraint admits (a
 * collection such as Bitnami's publishes the `common` it keeps beside its charts). Without it every template that
 * calls the library's helpers fails to render.
 */

export interface WorkspaceChart {
  /** The chart's folder, ending in `/`. */
  folder: string;
  name: string;
  version: string;
}

/** The workspace's charts, by their Chart.yaml: what a dependency may name. */
export function workspaceChart(chartFile: string, text: string | undefined): WorkspaceChart | undefined {
  const meta = readMap(text);
  if (!meta) return undefined;
  const folder = chartFile.slice(0, chartFile.lastIndexOf('/') + 1);
  const name = typeof meta.name === 'string' ? meta.name : undefined;
  return name ? { folder, name, version: String(meta.version ?? '') } : undefined;
}

/** The dependencies Chart.yaml (or, for apiVersion v1, requirements.yaml) lists. */
export function listedDependencies(
  chartText: string | undefined,
  requirementsText: string | undefined,
): Record<string, unknown>[] {
  const listed = readMap(chartText)?.dependencies ?? readMap(requirementsText)?.dependencies;
  return Array.isArray(listed)
    ? listed.filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object' && !Array.isArray(d))
    : [];
}

/** The workspace chart's folder that stands for `dependency` of the chart in `parent`, if one does. */
export function workspaceDependency(
  charts: readonly WorkspaceChart[],
  parent: string,
  dependency: Record<string, unknown>,
): string | undefined {
  const repository = typeof dependency.repository === 'string' ? dependency.repository : '';
  if (repository.startsWith('file://')) {
    const target = resolve(parent, repository.slice('file://'.length));
    return charts.find((c) => c.folder === target)?.folder;
  }
  const constraint = typeof dependency.version === 'string' ? dependency.version.trim() : '';
  return charts.find(
    (c) =>
      c.name === dependency.name &&
      c.folder !== parent &&
      (constraint === '' || (c.version !== '' && semverCompare(constraint, c.version))),
  )?.folder;
}

/** `parent` + a relative path, `..` resolved, ending in `/` (workspace names may be URIs: only segments move). */
function resolve(parent: string, relative: string): string {
  const segments = parent.replace(/\/$/, '').split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') segments.pop();
    else segments.push(part);
  }
  return `${segments.join('/')}/`;
}

function readMap(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = parse(text, { uniqueKeys: false }) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
