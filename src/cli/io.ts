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
  /** Environment variables (ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL for --ai); process.env when absent. */
  env?: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}
