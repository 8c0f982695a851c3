/**
 * The error a cancelled engine request rejects with: callers tell a cancellation from a failure by its
 * name (`AbortError`, as `fetch` and Node's own APIs name it), never by the message.
 */
export function abortError(message = 'cancelled'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}
