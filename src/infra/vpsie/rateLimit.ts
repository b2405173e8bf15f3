import { VpsieClientClosedError } from './errors.ts';
import type { Send } from './exchange.ts';

export interface RateLimitOptions {
  /** Sustained rate. Default 100 (VPSie's observed limit). */
  requestsPerMinute?: number;
  /** Requests that may go at once after a quiet period. Default 10. */
  burst?: number;
  now?: () => number;
}

function closedError(): VpsieClientClosedError {
  return new VpsieClientClosedError('client closed: request not sent');
}

/**
 * A token bucket whose callers wait in arrival order: a request that came first is sent first,
 * so a burst of retries cannot starve the caller that has waited longest.
 */
export class TokenBucket {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #refilledAt: number;
  readonly #waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: RateLimitOptions = {}) {
    const perMinute = options.requestsPerMinute ?? 100;
    if (!(perMinute > 0)) throw new RangeError('requestsPerMinute must be positive');
    this.#perMs = perMinute / 60_000;
    this.#burst = Math.max(1, options.burst ?? 10);
    this.#now = options.now ?? Date.now;
    this.#tokens = this.#burst;
    this.#refilledAt = this.#now();
  }

  /** Takes a token if one is free and nobody waits; false when the caller must `take()` and wait. */
  tryTake(): boolean {
    if (this.#closed) return false;
    this.#refill();
    if (this.#waiting.length > 0 || this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Resolves when the caller may send one request. */
  take(): Promise<void> {
    if (this.#closed) return Promise.reject(closedError());
    if (this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#schedule();
    });
  }

  /** Rejects everyone still waiting; nothing is sent after close. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(closedError());
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#refilledAt) * this.#perMs);
    this.#refilledAt = now;
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#waiting.length === 0) return;
    const waitMs = Math.max(1, Math.ceil((1 - this.#tokens) / this.#perMs));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#release();
    }, waitMs);
  }

  #release(): void {
    this.#refill();
    while (this.#waiting.length > 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      this.#waiting.shift()!.resolve();
    }
    this.#schedule();
  }
}

/** Every attempt, retries and logins included, takes a token: the server counts them all. */
export function withRateLimit(next: Send, bucket: TokenBucket): Send {
  // Not async: under the limit a request goes straight through without an extra promise.
  return (request) => (bucket.tryTake() ? next(request) : bucket.take().then(() => next(request)));
}
