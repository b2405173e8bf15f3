import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Writes a complete JSON response; `closeConnection` ends keep-alive for this socket. */
export function sendJson(response: ServerResponse, status: number, payload: unknown, headers: OutgoingHttpHeaders | undefined, closeConnection: boolean): void {
  const body = JSON.stringify(payload);
  const head: OutgoingHttpHeaders =
    headers === undefined
      ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
      : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (closeConnection) head.connection = 'close';
  response.writeHead(status, head);
  response.end(body);
}

export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

// Long enough for a client on a fast link to finish sending an unwanted body and read the
// answer; short enough that a client cannot hold the connection by trickling.
const LINGER_MS = 2_000;

/**
 * After a response to a request whose body was not read, closing outright would make the kernel
 * answer the client's further bytes with a reset, which can destroy the response before the
 * client reads it (RFC 9112 §9.6). So: send the response, half-close, keep discarding what
 * arrives, and close fully when the client does or the linger time is up. Not sending
 * `Connection: close` keeps Node from closing the socket itself the moment the response is out.
 */
export function lingerThenClose(request: IncomingMessage, response: ServerResponse): void {
  response.once('finish', () => {
    const { socket } = request;
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
