import type { ServerResponse } from 'node:http';

/** Sets `value` at a path like `data[3].cpu` inside a JSON value; a missing step leaves it unchanged. */
export function setAtPath(root: unknown, path: string, value: unknown): void {
  const keys = path.match(/[^.[\]]+/g) ?? [];
  let node = root as Record<string, unknown> | undefined;
  for (const key of keys.slice(0, -1)) {
    node = node?.[key] as Record<string, unknown> | undefined;
    if (typeof node !== 'object' || node === null) return;
  }
  const last = keys.at(-1);
  if (node && last !== undefined) node[last] = value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A valid-looking list of `bytes` bytes, written in chunks without Content-Length so only streaming can catch it. */
export async function sendOversized(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = `"${'x'.repeat(65_534)}",`;
  let written = 0;
  const head = '{"error":false,"data":[';
  res.write(head);
  written += head.length;
  while (written + chunk.length < bytes && !res.destroyed) {
    written += chunk.length;
    if (!res.write(chunk)) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end('""]}');
}

/** Waits for the response to drain or close, leaving no listener behind (a long body waits many times). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
