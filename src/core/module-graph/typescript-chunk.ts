/**
 * Where the build put TypeScript's own chunk (dist/assistants/typescript.js, beside the engine that loads it).
 * Undefined when the sources run as they are (tests, tsx), where `import('typescript')` finds the package in
 * node_modules: esbuild.mjs replaces this module in the bundles that keep TypeScript out of themselves.
 */
export const bundledTypeScriptFile: string | undefined = undefined;
