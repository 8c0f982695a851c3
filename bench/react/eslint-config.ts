import type { PeerName, PeerPackage } from './peers';

/** The flat config files the benchmark writes into each corpus folder, ESLint's own ignored. */
export const FULL_CONFIG = 'eslint.full.config.mjs';
export const PARSE_CONFIG = 'eslint.parse.config.mjs';

/**
 * The peer as a React project would set it up for performance and correctness, written as an ESLint flat
 * config that imports each plugin from the peers folder by file URL (the corpus folder has no node_modules):
 * typescript-eslint's parser without type information (the plugins' recommended sets need none), react-hooks'
 * recommended-latest (which holds the React Compiler's rules since 6.0), react-perf's recommended, react-x's
 * recommended-typescript plus the two performance rules it keeps for its strict set (no-unstable-context-value,
 * no-unstable-default-props). With `parseOnly`, the parser alone and no rule: the floor of ESLint's own work.
 */
export function eslintConfig(peers: Record<PeerName, PeerPackage>, parseOnly: boolean): string {
  const ignore = `{ ignores: ['${FULL_CONFIG}', '${PARSE_CONFIG}'] }`;
  const parser = `{\n    files: ['**/*.{ts,tsx}'],\n    languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: true } } },\n  }`;
  if (parseOnly)
    return `import parser from '${peers['@typescript-eslint/parser'].entry}';\n\nexport default [\n  ${ignore},\n  ${parser},\n];\n`;
  return [
    `import parser from '${peers['@typescript-eslint/parser'].entry}';`,
    `import reactHooks from '${peers['eslint-plugin-react-hooks'].entry}';`,
    `import reactPerf from '${peers['eslint-plugin-react-perf'].entry}';`,
    `import reactX from '${peers['eslint-plugin-react-x'].entry}';`,
    '',
    'export default [',
    `  ${ignore},`,
    `  ${parser},`,
    `  { files: ['**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },`,
    `  { files: ['**/*.{ts,tsx}'], ...reactPerf.configs.flat.recommended },`,
    `  { files: ['**/*.{ts,tsx}'], ...reactX.configs['recommended-typescript'] },`,
    '  {',
    `    files: ['**/*.{ts,tsx}'],`,
    `    settings: { 'react-x': { version: '19.0.0' } },`,
    `    rules: { 'react-x/no-unstable-context-value': 'warn', 'react-x/no-unstable-default-props': 'warn' },`,
    '  },',
    '];',
    '',
  ].join('\n');
}
