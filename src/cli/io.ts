/**
 * Where the CLI writes and which folder it runs in. Passed in rather than taken from `process` so tests
 * run the whole command in-process and read exactly what a terminal would have shown.
 */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Overrides the version read from package.json (tests pin it so SARIF snapshots stay stable). */
  version?: string;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}
