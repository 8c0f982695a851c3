/**
 * Checks that a .vsix holds what the installed extension runs without node_modules: the import-cost and render
 * threads with esbuild's JavaScript API bundled in, the esbuild binary of the package's target platform beside them
 * (executable; none in the universal package, which measures with the workspace's esbuild), TypeScript's chunk with
 * the ES5-ES2022 libs. `tsx scripts/check-package.ts <file.vsix>…`: prints each package's size and target, and
 * exits 1 naming what is missing.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { zipEntries } from './lib/vsix';

export interface PackageCheck {
  /** The platform the package is for (`linux-x64`), from its manifest; undefined for a universal package. */
  target?: string;
  bytes: number;
  problems: string[];
}

/** Files the extension loads from beside its chunks, besides the esbuild binary. */
const REQUIRED = [
  'dist/extension.js',
  'dist/assistants/react.js',
  'dist/assistants/react-import-cost.js',
  'dist/assistants/react-render.js',
  'dist/assistants/typescript.js',
  ...['es5', 'es2015', 'es2016', 'es2017', 'es2018', 'es2019', 'es2020', 'es2021', 'es2022'].map(
    (lib) => `dist/assistants/lib.${lib}.d.ts`,
  ),
  'dist/assistants/lib.es2022.array.d.ts',
];

/**
 * What a .vsix lacks for the import-cost path (and the contracts' libs), or holds against its kind (a binary in the
 * universal package); no problems: it is complete.
 */
export function checkPackage(vsix: string): PackageCheck {
  const entries = new Map(zipEntries(readFileSync(vsix)).map((entry) => [entry.name, entry]));
  const problems: string[] = [];
  const manifest = entries.get('extension.vsixmanifest')?.data().toString('utf8') ?? '';
  const target = /TargetPlatform="([^"]+)"/.exec(manifest)?.[1];
  for (const file of REQUIRED) if (!entries.has(`extension/${file}`)) problems.push(`${file} is missing`);
  for (const file of [...entries.keys()].filter((name) => name.includes('/node_modules/')).slice(0, 3))
    problems.push(`${file}: the package is built with --no-dependencies, nothing from node_modules belongs in it`);
  for (const chunk of ['react-import-cost.js', 'react-render.js']) {
    const text = entries.get(`extension/dist/assistants/${chunk}`)?.data().toString('utf8');
    if (text !== undefined && (!text.includes('ESBUILD_BINARY_PATH') || /require\("esbuild"\)/.test(text)))
      problems.push(`dist/assistants/${chunk} does not bundle esbuild's JavaScript API`);
  }
  if (!target) {
    // Copied from a platform's build, a binary would run on that platform only, and fail everywhere else before
    // the workspace's esbuild is tried.
    for (const name of ['esbuild', 'esbuild.exe'])
      if (entries.has(`extension/dist/assistants/${name}`))
        problems.push(`dist/assistants/${name}: a universal package carries no platform's esbuild binary`);
  } else {
    const name = target.startsWith('win32-') ? 'esbuild.exe' : 'esbuild';
    const binary = entries.get(`extension/dist/assistants/${name}`);
    const other = entries.get(`extension/dist/assistants/${name === 'esbuild' ? 'esbuild.exe' : 'esbuild'}`);
    if (!binary) problems.push(`dist/assistants/${name} (esbuild for ${target}) is missing`);
    else if (!binary.name.endsWith('.exe') && (binary.mode & 0o111) === 0)
      problems.push(`dist/assistants/${name} is not executable in the archive`);
    else if (!binaryMatches(binary.data(), target))
      problems.push(`dist/assistants/${name} is not an executable for ${target}`);
    if (other) problems.push(`${other.name.slice('extension/'.length)} is another platform's binary`);
  }
  return { target, bytes: statSync(vsix).size, problems };
}

/** Whether an executable's header is of the target's format and processor (ELF, Mach-O, PE). */
function binaryMatches(data: Buffer, target: string): boolean {
  const [platform, arch] = target.split('-');
  if (platform === 'linux' || platform === 'alpine') {
    if (data.readUInt32BE(0) !== 0x7f454c46) return false;
    const machine = data.readUInt16LE(18);
    return ({ x64: 0x3e, arm64: 0xb7, armhf: 0x28 } as Record<string, number>)[arch] === machine;
  }
  if (platform === 'darwin') {
    if (data.readUInt32LE(0) !== 0xfeedfacf) return false;
    return ({ x64: 0x01000007, arm64: 0x0100000c } as Record<string, number>)[arch] === data.readUInt32LE(4);
  }
  if (platform === 'win32') {
    if (data.toString('latin1', 0, 2) !== 'MZ') return false;
    const machine = data.readUInt16LE(data.readUInt32LE(0x3c) + 4);
    return ({ x64: 0x8664, arm64: 0xaa64 } as Record<string, number>)[arch] === machine;
  }
  return false;
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: tsx scripts/check-package.ts <file.vsix>…');
    process.exit(2);
  }
  let failed = false;
  for (const file of files) {
    const { target, bytes, problems } = checkPackage(file);
    console.log(`${path.basename(file)}: ${target ?? 'universal'}, ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
    for (const problem of problems) console.log(`  problem: ${problem}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
