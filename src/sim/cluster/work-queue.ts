/** Whether an API error is one a controller expects and resolves by reconciling again (409, 404). */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: number }).code;
  return code === 409 || code === 404;
}

/** For writes whose object may be gone or changed meanwhile: the next reconcile settles them. */
export function ignoreGone(error: unknown): void {
  if (!isRetryable(error)) throw error;
}

/**
 * A controller's work queue, as client-go's: keys are de-duplicated, changes that arrive in the
 * same turn of the event loop are handled together, and one key is never reconciled twice at
 * once — a key marked while it is being handled is handled again afterwards.
 */
export class WorkQueue {
  readonly #handler: (key: string) => Promise<void>;
  readonly #onError: (error: unknown) => void;
  readonly #dirty = new Set<string>();
  readonly #active = new Set<string>();
  #scheduled = false;
  #stopped = false;
  #idleWaiters: (() => void)[] = [];

  constructor(handler: (key: string) => Promise<void>, onError: (error: unknown) => void) {
    this.#handler = handler;
    this.#onError = onError;
  }

  add(key: string): void {
    if (this.#stopped) return;
    this.#dirty.add(key);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  /** Adds `key` again after `realMs`, for work that must wait (a conflict, a pending readiness). */
  addAfter(key: string, realMs: number): void {
    setTimeout(() => this.add(key), realMs).unref();
  }

  /** Resolves when no key is waiting or being handled. */
  idle(): Promise<void> {
    if (!this.#dirty.size && !this.#active.size) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  stop(): void {
    this.#stopped = true;
    this.#dirty.clear();
  }

  #flush(): void {
    this.#scheduled = false;
    for (const key of [...this.#dirty]) {
      if (this.#active.has(key)) continue;
      this.#dirty.delete(key);
      this.#active.add(key);
      this.#handler(key)
        .catch((error: unknown) => {
          if (this.#stopped) return;
          if (isRetryable(error)) this.addAfter(key, 5);
          else this.#onError(error);
        })
        .finally(() => {
          this.#active.delete(key);
          if (this.#dirty.has(key)) this.add(key);
          else if (!this.#dirty.size && !this.#active.size) this.#wakeIdle();
        });
    }
  }

  #wakeIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}
