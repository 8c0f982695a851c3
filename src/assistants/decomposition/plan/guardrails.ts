import type { DecompositionPlan } from '../model';
import { relativeTo } from '../metrics/baselines';

/**
 * The proposed boundaries as rules a build can hold while the code is still one deployable (the modular monolith
 * of phase 3): a dependency-cruiser configuration and an ESLint flat configuration with `no-restricted-imports`.
 * Paths are relative to the planned folder (run the tools from there). Until a service's façade exists every
 * crossing is a violation: the list of places to change. Pure: the plan in, the file's text out.
 */

/** The smallest set of folders and files (relative to the root) covering exactly one service's files. */
export function coveringPaths(plan: DecompositionPlan, service: string): { folders: string[]; files: string[] } {
  const owner = new Map<string, string>();
  for (const s of plan.services) for (const f of s.files) owner.set(relativeTo(plan.root, f), s.name);
  for (const f of plan.shared) owner.set(relativeTo(plan.root, f), 'shared');
  const everyIn = new Map<string, Set<string>>();
  for (const [file, s] of owner) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      everyIn.set(folder, (everyIn.get(folder) ?? new Set()).add(s));
    }
  }
  const folders = new Set<string>();
  const files: string[] = [];
  for (const [file, s] of [...owner].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (s !== service) continue;
    const parts = file.split('/');
    let covering: string | undefined;
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      const services = everyIn.get(folder);
      if (services?.size === 1) {
        covering = folder;
        break;
      }
    }
    if (covering) folders.add(covering);
    else files.push(file);
  }
  return { folders: [...folders].sort(), files };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression (as dependency-cruiser reads `path`) matching the service's files. */
export function pathPattern(plan: DecompositionPlan, service: string): string {
  const { folders, files } = coveringPaths(plan, service);
  const alternatives = [...folders.map((f) => `${escape(f)}/`), ...files.map((f) => `${escape(f)}$`)];
  return `^(${alternatives.join('|')})`;
}

export function dependencyCruiserConfig(plan: DecompositionPlan): string {
  const services = plan.services.map((s) => s.name);
  const rules = services.map((name) => {
    const others = services.filter((s) => s !== name);
    return {
      name: `${name}-only-through-facades`,
      comment: `${name} may use other services only through their façades (proposed boundary)`,
      severity: 'error',
      from: { path: pathPattern(plan, name) },
      to: {
        path: others
          .map((o) => pathPattern(plan, o).slice(1))
          .join('|')
          .replace(/^/, '^(?:')
          .concat(')'),
      },
    };
  });
  const usable = rules.filter((r) => services.length > 1 && r.to.path !== '^(?:)');
  return (
    `// Service boundaries proposed by Scaling Assistant's decomposition planner for ${plan.root || 'the workspace'}.\n` +
    `// Run dependency-cruiser from that folder. Every violation is a crossing to move behind a façade.\n` +
    `module.exports = ${JSON.stringify({ forbidden: usable }, null, 2)};\n`
  );
}

/** Import specifiers that reach a service's files: `**\/orders/**` for a folder, `**\/payments/provider` for a file. */
function specifierPatterns(plan: DecompositionPlan, service: string): string[] {
  const { folders, files } = coveringPaths(plan, service);
  const patterns = new Set<string>();
  for (const folder of folders) {
    const last = folder.split('/').pop()!;
    patterns.add(`**/${last}`);
    patterns.add(`**/${last}/**`);
  }
  for (const file of files) {
    const parts = file.replace(/\.[cm]?[jt]sx?$/, '').split('/');
    patterns.add(`**/${parts.slice(-2).join('/')}`);
  }
  return [...patterns];
}

export function eslintConfig(plan: DecompositionPlan): string {
  const blocks = plan.services.flatMap((service) => {
    const { folders, files } = coveringPaths(plan, service.name);
    const group = plan.services.filter((s) => s.name !== service.name).flatMap((s) => specifierPatterns(plan, s.name));
    if (group.length === 0) return [];
    return [
      {
        files: [...folders.map((f) => `${f}/**`), ...files],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                {
                  group,
                  message: `${service.name} may use other services only through their façades (proposed boundary).`,
                },
              ],
            },
          ],
        },
      },
    ];
  });
  return (
    `// Service boundaries proposed by Scaling Assistant's decomposition planner for ${plan.root || 'the workspace'}.\n` +
    `// An ESLint flat configuration: merge these entries into eslint.config.js of that folder.\n` +
    `export default ${JSON.stringify(blocks, null, 2)};\n`
  );
}
