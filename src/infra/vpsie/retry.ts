import { VpsieError, VpsieNetworkError, VpsieRateLimitedError } from './errors.ts';
import type { ApiRequest, ApiResponse, Send } from './exchange.ts';

export interface RetryOptions {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff step; doubles per attempt. Default 250 ms. */
  baseDelayMs?: number;
  /** Ceiling of one backoff step. Default 8 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error goes to the caller. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  random?: () => number;
}

export interface RetryObserver {
  onRetry(request: ApiRequest, error: VpsieError, attempt: number, delayMs: number): void;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A request that creates something (a node, a node group) is resent only when the server cannot
 * have acted on it: a 429, or a connection that never opened. Resending it after a timeout or a
 * 5xx could create a second node the autoscaler never asked for.
 */
function mayResend(request: ApiRequest, error: VpsieError): boolean {
  if (!error.retryable) return false;
  if (request.idempotent) return true;
  return error instanceof VpsieRateLimitedError || (error instanceof VpsieNetworkError && !error.requestSent);
}

export function withRetry(next: Send, options: RetryOptions = {}, observer?: RetryObserver): Send {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;

  // Equal jitter: at least half the exponential step, so a retry never fires immediately,
  // and spread over the other half so that many clients do not retry in lockstep.
  const backoff = (attempt: number): number => {
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(step / 2 + random() * (step / 2));
  };

  const retryAfterFailure = async (request: ApiRequest, failure: unknown): Promise<ApiResponse> => {
    let error = failure;
    for (let attempt = 1; ; attempt += 1) {
      if (!(error instanceof VpsieError) || attempt >= maxAttempts || !mayResend(request, error)) throw error;
      const retryAfterMs = error instanceof VpsieRateLimitedError ? error.retryAfterMs : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) throw error;
      const delayMs = retryAfterMs ?? backoff(attempt);
      observer?.onRetry(request, error, attempt, delayMs);
      await sleep(delayMs);
      try {
        return await next(request);
      } catch (failed) {
        error = failed;
      }
    }
  };

  // The first attempt is a plain promise: most requests succeed and need no retry loop.
  return (request) => next(request).catch((error: unknown) => retryAfterFailure(request, error));
}
