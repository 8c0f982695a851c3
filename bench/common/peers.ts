import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The name of a package spec (`typescript@5.9.3` → typescript, `@scope/x@^1` → @scope/x). */
function nameOf(spec: string): string {
  return spec.replace(/(.)@.*$/, '$1');
}

/**
 * Installs into `folder` those of the peer packages (`name@range` specs) that are not there yet, so a benchmark
 * runs on a fresh machine; peers are never dependencies of the project. False, with the reason printed, when npm
 * cannot install them (offline).
 */
export function installPeers(folder: string, specs: readonly string[], label: string): boolean {
  const missing = specs.filter((spec) => !existsSync(path.join(folder, 'node_modules', nameOf(spec), 'package.json')));
  if (!missing.length) return true;
  console.log(`installing ${missing.join(', ')} into ${folder} …`);
  try {
    execFileSync('npm', ['install', '--prefix', folder, '--no-audit', '--no-fund', ...missing], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return true;
  } catch (error) {
    console.log(`${label}: could not be installed (${String(error).slice(0, 200)})`);
    return false;
  }
}
