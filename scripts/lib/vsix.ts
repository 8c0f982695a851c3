/**
 * Reading a .vsix (a zip archive as vsce writes it) and deriving the universal package from a platform's: vsce
 * writes the same files for every target, the manifest's `TargetPlatform` aside, so the universal .vsix is the
 * platform's without that attribute and without the esbuild binary (the platform's). Entries are copied as they
 * are stored, not compressed again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Unix file mode (0 when the archive was made without one). */
  mode: number;
  data(): Buffer;
}

interface StoredEntry extends ZipEntry {
  /** The entry's central directory record. */
  record: Buffer;
  /** Where its local header starts. */
  local: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_RECORD = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;

/** The entries of a zip archive, read from its central directory (stored and deflated entries, as vsce writes). */
export function zipEntries(zip: Buffer): ZipEntry[] {
  return stored(zip).entries;
}

function stored(zip: Buffer): { entries: StoredEntry[]; directory: number } {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  const directory = zip.readUInt32LE(end + 16);
  let at = directory;
  const entries: StoredEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_RECORD) throw new Error(`broken central directory at byte ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const size = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const madeOnUnix = zip.readUInt8(at + 5) === 3;
    const external = zip.readUInt32LE(at + 38);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      mode: madeOnUnix ? external >>> 16 : 0,
      record: zip.subarray(at, at + size),
      local,
      data: () => {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const raw = zip.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(raw);
        if (method === 8) return inflateRawSync(raw);
        throw new Error(`${name}: compression method ${method} is not read here`);
      },
    });
    at += size;
  }
  return { entries, directory };
}

/**
 * The command line (after node) that packages the extension at `root` for `target` into `out` with vsce: the
 * release's (scripts/package.mjs) and the bundle test's.
 */
export function vscePackage(root: string, target: string, out: string): string[] {
  return [
    path.join(root, 'node_modules/@vscode/vsce/vsce'),
    'package',
    '--no-dependencies',
    '--no-rewrite-relative-links',
    '--allow-missing-repository',
    // happy-dom (bundled into the render thread) carries the self-signed key its fetch() serves HTTPS with: a key
    // published in its package, not a secret of ours.
    '--allow-package-secrets',
    'privatekey',
    '--target',
    target,
    '--out',
    out,
  ];
}

/** The esbuild binaries a platform's package carries beside the threads (left out of the universal package). */
const BINARIES = new Set(['extension/dist/assistants/esbuild', 'extension/dist/assistants/esbuild.exe']);

/** Writes the universal package `out` from the platform package `platformVsix` (see the file's comment). */
export function writeUniversalPackage(platformVsix: string, out: string): void {
  const zip = readFileSync(platformVsix);
  const { entries, directory } = stored(zip);
  const manifest = entries.find((entry) => entry.name === 'extension.vsixmanifest');
  const text = manifest?.data().toString('utf8');
  const universal = text?.replace(/TargetPlatform="[^"]*"/, '');
  if (!manifest || universal === text)
    throw new Error(`${platformVsix} is not a platform's package (no TargetPlatform)`);
  // Each entry's bytes run from its local header to the next one's (a data descriptor included).
  const byOffset = [...entries].sort((a, b) => a.local - b.local);
  const ends = new Map(byOffset.map((entry, i) => [entry, byOffset[i + 1]?.local ?? directory]));
  const parts: Buffer[] = [];
  const records: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (BINARIES.has(entry.name)) continue;
    const record = Buffer.from(entry.record);
    let bytes: Buffer;
    if (entry === manifest) {
      const data = Buffer.from(universal!, 'utf8');
      const name = Buffer.from(entry.name, 'utf8');
      const header = Buffer.alloc(30);
      header.writeUInt32LE(LOCAL_HEADER, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(0, 6);
      header.writeUInt16LE(0, 8);
      record.copy(header, 10, 12, 16); // modification time and date
      header.writeUInt32LE(crc32(data), 14);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt32LE(data.length, 22);
      header.writeUInt16LE(name.length, 26);
      header.writeUInt16LE(0, 28);
      bytes = Buffer.concat([header, name, data]);
      // Stored, without a data descriptor: flags, method, CRC and both sizes as in the local header.
      header.copy(record, 8, 6, 26);
    } else {
      bytes = zip.subarray(entry.local, ends.get(entry));
    }
    record.writeUInt32LE(offset, 42);
    parts.push(bytes);
    records.push(record);
    offset += bytes.length;
  }
  const central = Buffer.concat(records);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(records.length, 8);
  end.writeUInt16LE(records.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(out, Buffer.concat([...parts, central, end]));
}
