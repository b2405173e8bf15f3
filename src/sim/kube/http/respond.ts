import type { ServerResponse } from 'node:http';
import { ApiError, errors } from '../errors.ts';
import { PatchError } from '../patch/index.ts';

/** Warning headers as kube-apiserver sends them (RFC 7234 warn-code 299). */
function warningHeader(warnings: string[]): string[] {
  return [...new Set(warnings)].map((w) => `299 - ${JSON.stringify(w)}`);
}

export function sendJson(res: ServerResponse, code: number, body: string | object, warnings: string[] = []): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  // A flat header list is the cheapest form for Node to write.
  const headers = ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text)), 'cache-control', 'no-cache, private'];
  for (const w of warningHeader(warnings)) headers.push('warning', w);
  res.writeHead(code, headers);
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown, warnings: string[] = []): void {
  const apiError =
    error instanceof ApiError
      ? error
      : error instanceof PatchError
        ? ApiError.fromStatus(error.status() as never)
        : errors.internal(error instanceof Error ? error.message : String(error));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const retryAfter = apiError.status.details?.retryAfterSeconds;
  if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
  sendJson(res, apiError.code, apiError.status, warnings);
}
