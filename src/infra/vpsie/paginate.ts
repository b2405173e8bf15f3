import { VpsieProtocolError } from './errors.ts';
import type { ApiRequest, Send } from './exchange.ts';
import { parseResponse } from './parse.ts';
import type { ListEnvelope } from './schemas.ts';

/** Far above any real account; stops a server that never reports the last page. */
const MAX_PAGES = 500;

/**
 * Fetches page 1, then `?page=N` while `total_pages > current_page`. A single page (the common case)
 * goes through one promise reaction and is returned as parsed, without being copied.
 */
export function fetchAllPages<T>(send: Send, request: ApiRequest, envelope: ListEnvelope<T>): Promise<T[]> {
  return send(request).then((response) => {
    const parsed = parseResponse(envelope, response, request);
    const first = parsed.data;
    return lastPage(parsed.pagination) ? first : morePages(send, request, envelope, first, parsed.pagination!, response.requestId);
  });
}

function lastPage(pagination: { current_page: number; total_pages: number } | undefined): boolean {
  return !pagination || pagination.total_pages <= pagination.current_page;
}

async function morePages<T>(
  send: Send,
  request: ApiRequest,
  envelope: ListEnvelope<T>,
  first: T[],
  firstPagination: { current_page: number; total_pages: number },
  firstRequestId: string | undefined,
): Promise<T[]> {
  const items: T[] = [...first];
  let pagination = firstPagination;
  let requestId = firstRequestId;
  for (let page = 1; ; page += 1) {
    if (pagination.current_page !== page || page >= MAX_PAGES) {
      throw new VpsieProtocolError(`pagination does not advance (asked for page ${page}, got ${pagination.current_page} of ${pagination.total_pages})`, {
        method: request.method,
        path: request.path,
        requestId,
      });
    }
    const pageRequest = { ...request, query: { ...request.query, page: String(page + 1) } };
    const response = await send(pageRequest);
    const parsed = parseResponse(envelope, response, pageRequest);
    items.push(...parsed.data);
    if (lastPage(parsed.pagination)) return items;
    pagination = parsed.pagination!;
    requestId = response.requestId;
  }
}
