/**
 * Faults the simulated cloud injects, declared as data: `set()` replaces the whole declaration,
 * `clear()` removes it. Per-endpoint settings override the `'*'` ones field by field.
 */
export type SimEndpoint =
  | 'login'
  | 'k8sOffers'
  | 'offerings'
  | 'datacenters'
  | 'clusterInfo'
  | 'nodeGroups'
  | 'createNodeGroup'
  | 'addNode'
  | 'deleteNode'
  | 'listVms'
  | 'getVm'
  | 'deleteVm';

export interface EndpointFault {
  /** Real milliseconds added before answering (long enough, a client timeout). */
  latencyMs?: number;
  /** Share of requests answered with `errorStatus`, 0..1. */
  errorRate?: number;
  /** Default 503. */
  errorStatus?: number;
  /** The next `count` requests get 429, with Retry-After in seconds or as an HTTP-date. */
  tooManyRequests?: { count: number; retryAfterSeconds?: number; asHttpDate?: boolean };
  /** Answer 200 with a body of this many bytes, streamed without Content-Length. */
  oversizedBytes?: number;
  /** Overwrite one field of a successful response, e.g. `{ path: 'data[3].cpu', value: 'four' }`. */
  corrupt?: { path: string; value: unknown };
  /** Answer 200 with `{ error: true, message }`. */
  errorInBody?: string;
  /** Answer 200 with a body that is not JSON. */
  malformedJson?: boolean;
}

/** TLS the endpoint speaks instead of its default (TLS 1.2 and 1.3, modern suites). */
export type TlsFault = 'tls1.1-only' | 'tls1.2-cbc-only';

export interface FaultSpec {
  endpoints?: Partial<Record<SimEndpoint | '*', EndpointFault>>;
  /** K8s offering ids for which no new node can be created (capacity-style error). */
  exhaustedOfferings?: readonly number[];
  /** Every token issued before this `set()` is treated as expired. */
  expireTokens?: boolean;
  tls?: TlsFault;
}

/** What the server does with one request, decided before it is handled. */
export interface FaultPlan {
  latencyMs: number;
  /** Answer this instead of handling the request. */
  reply?: { status: number; headers: Record<string, string>; body: unknown };
  oversizedBytes?: number;
  corrupt?: { path: string; value: unknown };
  errorInBody?: string;
  malformedJson?: boolean;
}

export interface FaultHooks {
  expireTokens(): void;
  applyTls(fault: TlsFault | undefined): void;
}

export class SimFaults {
  readonly #random: () => number;
  readonly #hooks: FaultHooks;
  #spec: FaultSpec = {};
  #tooManyLeft = new Map<string, number>();

  constructor(random: () => number, hooks: FaultHooks) {
    this.#random = random;
    this.#hooks = hooks;
  }

  get current(): FaultSpec {
    return this.#spec;
  }

  set(spec: FaultSpec): void {
    const tlsChanged = spec.tls !== this.#spec.tls;
    this.#spec = structuredClone(spec);
    this.#tooManyLeft = new Map(
      Object.entries(spec.endpoints ?? {}).flatMap(([key, fault]) => (fault?.tooManyRequests ? [[key, fault.tooManyRequests.count] as const] : [])),
    );
    if (spec.expireTokens) this.#hooks.expireTokens();
    if (tlsChanged) this.#hooks.applyTls(spec.tls);
  }

  clear(): void {
    this.set({});
  }

  isExhausted(offeringId: number): boolean {
    return this.#spec.exhaustedOfferings?.includes(offeringId) ?? false;
  }

  plan(endpoint: SimEndpoint, nowMs: number): FaultPlan {
    const general = this.#spec.endpoints?.['*'] ?? {};
    const specific = this.#spec.endpoints?.[endpoint] ?? {};
    const fault: EndpointFault = { ...general, ...specific };
    const plan: FaultPlan = { latencyMs: fault.latencyMs ?? 0 };

    // A burst budget belongs to the entry that declared it: a specific one first, then '*'.
    const budgetKey = specific.tooManyRequests ? endpoint : general.tooManyRequests ? '*' : undefined;
    const left = budgetKey !== undefined ? (this.#tooManyLeft.get(budgetKey) ?? 0) : 0;
    if (budgetKey !== undefined && left > 0 && fault.tooManyRequests) {
      this.#tooManyLeft.set(budgetKey, left - 1);
      const seconds = fault.tooManyRequests.retryAfterSeconds;
      const headers: Record<string, string> = {};
      if (seconds !== undefined) headers['retry-after'] = fault.tooManyRequests.asHttpDate ? new Date(nowMs + seconds * 1000).toUTCString() : String(seconds);
      plan.reply = { status: 429, headers, body: { error: true, code: 429, message: 'Too many requests' } };
      return plan;
    }
    if (fault.errorRate !== undefined && this.#random() < fault.errorRate) {
      const status = fault.errorStatus ?? 503;
      plan.reply = { status, headers: {}, body: { error: true, code: status, message: status === 503 ? 'Service temporarily unavailable' : 'Internal server error' } };
      return plan;
    }
    if (fault.oversizedBytes !== undefined) plan.oversizedBytes = fault.oversizedBytes;
    if (fault.corrupt) plan.corrupt = fault.corrupt;
    if (fault.errorInBody !== undefined) plan.errorInBody = fault.errorInBody;
    if (fault.malformedJson) plan.malformedJson = true;
    return plan;
  }
}
