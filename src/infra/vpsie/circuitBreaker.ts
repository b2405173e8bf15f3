import { VpsieCircuitOpenError, VpsieTransientError } from './errors.ts';
import type { Send } from './exchange.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive transport failures (network, timeout, 5xx) that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through. Default 30 s. */
  cooldownMs?: number;
  /** Successful probes in a row that close it again. Default 2. */
  successThreshold?: number;
  now?: () => number;
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
}

/** What `admit` hands out: only the outcome of the request that was admitted as the probe moves a half-open circuit. */
export interface Admission {
  readonly probe: boolean;
}

// Shared: a closed circuit admits every request alike, so there is nothing per request to allocate.
const ORDINARY: Admission = Object.freeze({ probe: false });
const PROBE: Admission = Object.freeze({ probe: true });

/**
 * Fails fast while VPSie is down instead of queueing every caller behind timeouts. Only transport
 * failures count: a 4xx is the server working as intended.
 */
export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #cooldownMs: number;
  readonly #successThreshold: number;
  readonly #now: () => number;
  readonly #onStateChange: CircuitBreakerOptions['onStateChange'];
  #state: CircuitState = 'closed';
  #failures = 0;
  #successes = 0;
  #openedAt = 0;
  #probeInFlight = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.#failureThreshold = options.failureThreshold ?? 5;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#successThreshold = options.successThreshold ?? 2;
    this.#now = options.now ?? Date.now;
    this.#onStateChange = options.onStateChange;
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** Returns an admission, or undefined when the request must fail fast. */
  admit(): Admission | undefined {
    if (this.#state === 'open') {
      if (this.#now() - this.#openedAt < this.#cooldownMs) return undefined;
      this.#transition('half-open');
    }
    if (this.#state === 'half-open') {
      if (this.#probeInFlight) return undefined;
      this.#probeInFlight = true;
      return PROBE;
    }
    return ORDINARY;
  }

  /** Milliseconds until an open circuit lets a probe through. */
  remainingCooldownMs(): number {
    return this.#state === 'open' ? Math.max(0, this.#cooldownMs - (this.#now() - this.#openedAt)) : 0;
  }

  record(admission: Admission, error: unknown): void {
    const failed = error instanceof VpsieTransientError;
    if (admission.probe) {
      this.#probeInFlight = false;
      if (this.#state !== 'half-open') return;
      if (failed) return this.#open();
      this.#successes += 1;
      if (this.#successes >= this.#successThreshold) this.#transition('closed');
      return;
    }
    // Requests admitted before the circuit opened may still be finishing: their outcome is stale.
    if (this.#state !== 'closed') return;
    this.#failures = failed ? this.#failures + 1 : 0;
    if (this.#failures >= this.#failureThreshold) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#transition('open');
  }

  #transition(state: CircuitState): void {
    const previous = this.#state;
    this.#state = state;
    this.#failures = 0;
    this.#successes = 0;
    if (previous !== state) this.#onStateChange?.(state, previous);
  }
}

export function withCircuitBreaker(next: Send, breaker: CircuitBreaker): Send {
  return (request) => {
    const admission = breaker.admit();
    if (!admission) {
      const reason =
        breaker.state === 'open' ? `circuit open after repeated failures; next probe in ${breaker.remainingCooldownMs()} ms` : 'circuit half-open; a probe is in flight';
      return Promise.reject(new VpsieCircuitOpenError(reason, { method: request.method, path: request.path }));
    }
    return next(request).then(
      (response) => {
        breaker.record(admission, undefined);
        return response;
      },
      (error: unknown) => {
        breaker.record(admission, error);
        throw error;
      },
    );
  };
}
