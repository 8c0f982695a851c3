/**
 * A generated TypeScript monorepo shaped like a real one: packages with a tsconfig `paths` alias, feature
 * folders with barrels (`export *`), components importing siblings, other features and packages, a few
 * dynamic imports, type-only imports and external packages. Deterministic for a given size.
 */
export function generateWorkspace(fileCount: number): Map<string, string> {
  const files = new Map<string, string>();
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const packages = ['core', 'ui', 'data', 'auth', 'billing'];
  files.set('package.json', JSON.stringify({ name: 'bench-mono', private: true, workspaces: ['packages/*'] }));
  files.set(
    'tsconfig.base.json',
    JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@app/*': ['app/src/*'] } } }),
  );
  files.set('tsconfig.json', JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { strict: true } }));
  const perFeature = 20;
  const modules: { path: string; feature: string; pkg: string; index: number }[] = [];
  // Configs, then per package a package.json and a barrel, per feature a barrel and its modules.
  const fixed = 3 + packages.length * 2;
  const featureCount = Math.max(1, Math.floor((fileCount - fixed) / (perFeature + 1)));
  for (let f = 0; f < featureCount; f++) {
    const pkg = packages[f % packages.length];
    const feature = `feature${f}`;
    for (let i = 0; i < perFeature; i++)
      modules.push({ path: `packages/${pkg}/src/${feature}/m${i}`, feature, pkg, index: i });
  }
  for (const pkg of packages) {
    files.set(`packages/${pkg}/package.json`, JSON.stringify({ name: `@bench/${pkg}`, main: 'dist/index.js' }));
    const features = [...new Set(modules.filter((m) => m.pkg === pkg).map((m) => m.feature))];
    files.set(`packages/${pkg}/src/index.ts`, features.map((f) => `export * from './${f}';\n`).join(''));
  }
  const byFeature = new Map<string, typeof modules>();
  for (const m of modules) byFeature.set(m.feature, [...(byFeature.get(m.feature) ?? []), m]);
  for (const [feature, members] of byFeature) {
    const pkg = members[0].pkg;
    files.set(
      `packages/${pkg}/src/${feature}/index.ts`,
      members.map((m) => `export { value${m.index} as ${feature}_${m.index} } from './m${m.index}';\n`).join(''),
    );
  }
  for (const m of modules) {
    const lines: string[] = [];
    const ext = m.index % 3 === 0 ? 'tsx' : 'ts';
    if (m.index > 0) lines.push(`import { value${m.index - 1} } from './m${m.index - 1}.js';`);
    if (m.index > 1) lines.push(`import type { Shape${m.index - 2} } from './m${m.index - 2}';`);
    const other = pick(modules);
    if (other.pkg !== m.pkg) lines.push(`import { ${other.feature}_${other.index} } from '@bench/${other.pkg}';`);
    else if (other.feature !== m.feature)
      lines.push(`import { value${other.index} as far } from '../${other.feature}/m${other.index}';`);
    if (random() < 0.3) lines.push(`import { debounce } from 'lodash';`);
    if (random() < 0.2) lines.push(`import * as React from 'react';`);
    lines.push('');
    lines.push(`export interface Shape${m.index} { id: number; name: string; tags: string[] }`);
    for (let k = 0; k < 12; k++)
      lines.push(
        `function helper${k}(input: Shape${m.index}): string {\n  const parts = input.tags.map((t) => t.trim()).filter(Boolean);\n  return \`\${input.name}-\${parts.join(',')}-${k}\`;\n}`,
      );
    if (random() < 0.05) lines.push(`export const load = () => import('./m${(m.index + 1) % perFeature}');`);
    lines.push(`export const value${m.index} = (n: number): number => n + ${m.index};`);
    files.set(`${m.path}.${ext}`, lines.join('\n') + '\n');
  }
  // The remainder, so the workspace has exactly the size asked: leaf modules importing a package.
  for (let i = 0; files.size < fileCount; i++)
    files.set(
      `app/src/leaf${i}.ts`,
      `import { feature0_0 } from '@bench/${packages[0]}';\n\nexport const leaf${i} = feature0_0;\n`,
    );
  return files;
}
