import type { SimEndpoint } from './faults.ts';

/** One request as the simulated cloud saw it: never the token or the body, only their shape. */
export interface SimRequestRecord {
  endpoint: SimEndpoint | 'unknown';
  method: string;
  /** Path below `/v2`, without the query. */
  path: string;
  query: string;
  /** Filled in when the response is sent. */
  status: number | undefined;
  /** Real time (ms) of arrival. */
  receivedAt: number;
  userAgent: string | undefined;
  accept: string | undefined;
  contentType: string | undefined;
  /** Which header carried the token. */
  auth: 'bearer' | 'vpsie-auth' | 'none';
}

export class SimRequestLog {
  readonly #records: SimRequestRecord[] = [];

  add(record: SimRequestRecord): void {
    this.#records.push(record);
  }

  all(endpoint?: SimEndpoint): readonly SimRequestRecord[] {
    return endpoint === undefined ? [...this.#records] : this.#records.filter((r) => r.endpoint === endpoint);
  }

  count(endpoint?: SimEndpoint): number {
    return this.all(endpoint).length;
  }

  clear(): void {
    this.#records.length = 0;
  }
}
