import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Writes a complete JSON response; `closeConnection` ends keep-alive for this socket. */
export function sendJson(response: ServerResponse, status: number, payload: unknown, headers: OutgoingHttpHeaders, closeConnection: boolean): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  response.end(body);
}

export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
