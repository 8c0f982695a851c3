import { buildSync } from 'esbuild';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * One of our bench children bundled to plain JavaScript, as the extension and the CLI ship (esbuild.mjs), so it
 * starts like the peer's prebuilt command: no TypeScript-to-JavaScript loader at run time. Packages stay outside
 * the bundle and are found through a node_modules link beside it (ESM's import() ignores NODE_PATH), as the peer
 * finds its own. Like esbuild.mjs, dynamic imports become require() wrapped in a promise: left as import(), the
 * compiler went through Node's ESM loader (format detection and a CommonJS export scan of its 9 MB, ~1 s) that the
 * shipped bundles never take.
 */
export function bundleChild(entry: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'decomposition-child-'));
  symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(folder, 'node_modules'), 'dir');
  const outfile = path.join(folder, `${path.parse(entry).name}.cjs`);
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    supported: { 'dynamic-import': false },
    packages: 'external',
    outfile,
  });
  return outfile;
}
