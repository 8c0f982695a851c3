import { readFileSync } from 'node:fs';
import path from 'node:path';

const PACKAGE_NAME = 'scaling-assistant';

/**
 * The version in our package.json. The bundle runs from dist/ (package.json one level up) and the sources
 * from src/cli/ under tsx (two levels up), so look upwards for our own package.json rather than hard-code
 * either layout; the name check keeps a stray package.json above an installed copy from being read.
 */
export function packageVersion(startDir: string = __dirname): string {
  let dir = startDir;
  for (let depth = 0; depth < 4; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not here (or unreadable): keep looking upwards.
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return '0.0.0';
}
