import { setMaxListeners } from 'node:events';

/**
 * The effects in flight, so that a shutdown lets them reach a safe point instead of cutting them
 * off. Closing the gate aborts the signal each effect sees: effects check it before every
 * mutating call and while they wait, so a call already sent completes and is recorded, and a
 * wait (for a VM to boot, a PDB to allow an eviction) ends at once. The actor stays in its state,
 * persisted in status, and the next leader resumes it. Once closed, no new effect starts.
 */
export class EffectGate {
  #inflight = new Set<Promise<unknown>>();
  #closing = closingSignal();

  get inflight(): number {
    return this.#inflight.size;
  }

  /** Runs an effect of an actor whose own signal is `actorSignal` (aborted when the actor stops). */
  run<T>(actorSignal: AbortSignal, effect: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const closing = this.#closing.signal;
    if (closing.aborted) return untilAborted(actorSignal);
    const either = new AbortController();
    const abort = (reason: unknown) => either.abort(reason);
    const onActor = () => abort(actorSignal.reason);
    const onClosing = () => abort(closing.reason);
    actorSignal.addEventListener('abort', onActor, { once: true });
    closing.addEventListener('abort', onClosing, { once: true });
    if (actorSignal.aborted) onActor();
    const running = effect(either.signal).finally(() => {
      actorSignal.removeEventListener('abort', onActor);
      closing.removeEventListener('abort', onClosing);
      this.#inflight.delete(running);
    });
    this.#inflight.add(running);
    // Stopped by the shutdown, not by its own failure: the machine must not see it as one.
    return running.catch((error: unknown) => {
      if (closing.aborted && !actorSignal.aborted) return untilAborted<T>(actorSignal);
      throw error;
    });
  }

  /** Lets effects start again (a replica that leads anew). */
  open(): void {
    if (this.#closing.signal.aborted) this.#closing = closingSignal();
  }

  /** Stops effects at their next safe point and waits for them, at most `deadlineMs`; resolves to how many are still running. */
  async close(deadlineMs: number): Promise<number> {
    this.#closing.abort(new Error('shutting down'));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([Promise.allSettled([...this.#inflight]), deadline]);
    clearTimeout(timer);
    return this.#inflight.size;
  }
}

/** Every effect in flight listens to it: thousands at once are expected, not a leak. */
function closingSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

function untilAborted<T>(signal: AbortSignal): Promise<T> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
