import * as net from 'node:net';

/**
 * PostgreSQL's cancel request: a separate connection carrying the backend's process id and secret key
 * (protocol message 80877102). It needs no authentication and the server accepts it without SSL, which
 * is also what libpq does before PostgreSQL 17. Resolves when sent (or failed): cancelling is best effort,
 * the caller still waits for the statement to end.
 */
export function sendCancelRequest(
  target: { host: string; port: number; processId: number; secretKey: number },
  timeoutMs = 3000,
): Promise<void> {
  return new Promise((resolve) => {
    const socket = target.host.startsWith('/')
      ? net.connect(`${target.host}/.s.PGSQL.${target.port}`)
      : net.connect(target.port, target.host);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      const message = Buffer.alloc(16);
      message.writeInt32BE(16, 0);
      message.writeInt32BE(80877102, 4);
      message.writeInt32BE(target.processId, 8);
      message.writeInt32BE(target.secretKey, 12);
      // The server closes the connection once it has read the request.
      socket.end(message);
    });
  });
}
