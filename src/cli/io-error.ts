/** An I/O error in a line of output: code and reason, without the absolute path Node appends. */
export function describeIoError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, \w+ '.*'$/, '');
}
