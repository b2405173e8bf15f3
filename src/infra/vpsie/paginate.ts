import type { z } from 'zod';
import { VpsieProtocolError } from './errors.ts';
import type { ApiRequest, Send } from './exchange.ts';
import { parseResponse } from './parse.ts';
import type { ListEnvelope } from './schemas.ts';

/** Far above any real account; stops a server that never reports the last page. */
const MAX_PAGES = 500;

/** Fetches page 1, then `?page=N` while `total_pages > current_page`. */
export async function fetchAllPages<T extends z.ZodType>(send: Send, request: ApiRequest, envelope: ListEnvelope<T>): Promise<z.output<T>[]> {
  const items: z.output<T>[] = [];
  for (let page = 1; ; page += 1) {
    const pageRequest = page === 1 ? request : { ...request, query: { ...request.query, page: String(page) } };
    const response = await send(pageRequest);
    const parsed = parseResponse(envelope, response, pageRequest);
    items.push(...(parsed.data as z.output<T>[]));
    const pagination = parsed.pagination;
    if (!pagination || pagination.total_pages <= pagination.current_page) return items;
    if (pagination.current_page !== page || page >= MAX_PAGES) {
      throw new VpsieProtocolError(`pagination does not advance (asked for page ${page}, got ${pagination.current_page} of ${pagination.total_pages})`, {
        method: request.method,
        path: request.path,
        requestId: response.requestId,
      });
    }
  }
}
