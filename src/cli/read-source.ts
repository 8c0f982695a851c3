import { closeSync, fstatSync, openSync, promises as fs, readFileSync } from 'node:fs';
import { describeIoError } from './walk';

/** Past this a file is most likely generated or a data dump, and parsing it would stall a CI run. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Git's own heuristic: a NUL byte near the start means binary. */
const BINARY_SNIFF_BYTES = 8 * 1024;
/**
 * Source files do carry the odd NUL on purpose (`const KEY = '\0loading'` written as the raw byte): a few in valid
 * UTF-8 text are still text. More than one per this many bytes, or bytes that are not UTF-8, are binary.
 */
const BYTES_PER_NUL = 1024;

export type SourceRead = { ok: true; text: string } | { ok: false; message: string };

/** Reads a file as text, or says why it will not be analysed. Never throws. */
export async function readSource(file: string, maxBytes = MAX_FILE_BYTES): Promise<SourceRead> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    return tooLarge(size, maxBytes) ?? decoded(await handle.readFile());
  } catch (error) {
    return { ok: false, message: `cannot read: ${describeIoError(error)}` };
  } finally {
    await handle?.close();
  }
}

/**
 * readSource without the thread pool: the CLI's workspace reads thousands of files in a row, and each
 * asynchronous open, stat, read and close costs a round trip through the pool (a quarter of a 5,000-file graph
 * build's CPU time).
 */
export function readSourceSync(file: string, maxBytes = MAX_FILE_BYTES): SourceRead {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return tooLarge(fstatSync(fd).size, maxBytes) ?? decoded(readFileSync(fd));
  } catch (error) {
    return { ok: false, message: `cannot read: ${describeIoError(error)}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(size: number, maxBytes: number): SourceRead | undefined {
  return size > maxBytes
    ? { ok: false, message: `skipped: ${megabytes(size)} is over the ${megabytes(maxBytes)} limit` }
    : undefined;
}

function decoded(bytes: Uint8Array): SourceRead {
  if (looksBinary(bytes.subarray(0, BINARY_SNIFF_BYTES))) return { ok: false, message: 'skipped: binary file' };
  // TextDecoder drops a leading BOM, as the editor does, so columns match what users see.
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) };
}

function looksBinary(sniffed: Uint8Array): boolean {
  let nuls = 0;
  for (const byte of sniffed) if (byte === 0) nuls++;
  if (nuls === 0) return false;
  if (nuls * BYTES_PER_NUL > sniffed.length) return true;
  try {
    // A multi-byte character cut at the end of the sniffed bytes is not an error of the file.
    new TextDecoder('utf-8', { fatal: true }).decode(sniffed, { stream: true });
    return false;
  } catch {
    return true;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
