import { realDelayMs } from '../../vpsie/clock.ts';
import type { ClusterClock } from './clock.ts';

interface Entry {
  due: number;
  seq: number;
  run: () => unknown;
  cancelled: boolean;
}

/**
 * Every delay of the simulated cluster (boot, join, pod start, heartbeat, termination, scenario
 * steps) in simulated milliseconds, on one clock. One real timer is armed for the earliest entry,
 * so ten thousand pending pod starts cost a heap, not ten thousand Node timers.
 */
export class SimTimers {
  readonly #clock: ClusterClock;
  readonly #onError: (error: unknown) => void;
  readonly #heap: Entry[] = [];
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;
  #armedFor = Infinity;
  #stopped = false;
  readonly #unsubscribe: () => void;

  constructor(clock: ClusterClock, onError: (error: unknown) => void) {
    this.#clock = clock;
    this.#onError = onError;
    this.#unsubscribe = clock.onAdvance(() => this.#fire());
  }

  get clock(): ClusterClock {
    return this.#clock;
  }

  /** Runs `run` when simulated time reaches `due`; returns the cancel function. */
  at(due: number, run: () => unknown): () => void {
    if (this.#stopped) return () => {};
    const entry: Entry = { due, seq: this.#seq++, run, cancelled: false };
    this.#push(entry);
    this.#arm();
    return () => {
      entry.cancelled = true;
    };
  }

  after(simMs: number, run: () => unknown): () => void {
    return this.at(this.#clock.now() + simMs, run);
  }

  /** Resolves after `simMs` of simulated time. */
  wait(simMs: number): Promise<void> {
    return new Promise((resolve) => this.after(simMs, resolve));
  }

  /**
   * Runs `task` every `periodMs`. The next run is planned when the previous one has finished, so
   * a task slower than its period (a thousand leases at a high time scale) paces itself instead of piling up.
   */
  every(periodMs: number, task: () => unknown): () => void {
    let cancelCurrent: () => void = () => {};
    let stopped = false;
    const schedule = () => {
      if (stopped) return;
      cancelCurrent = this.after(periodMs, async () => {
        try {
          await task();
        } finally {
          schedule();
        }
      });
    };
    schedule();
    return () => {
      stopped = true;
      cancelCurrent();
    };
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    if (this.#timer) clearTimeout(this.#timer);
    this.#heap.length = 0;
  }

  #arm(): void {
    const top = this.#heap[0];
    if (!top || this.#stopped) return;
    if (this.#timer && top.due >= this.#armedFor) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#armedFor = top.due;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#armedFor = Infinity;
      this.#fire();
    }, realDelayMs(this.#clock, top.due - this.#clock.now()));
    this.#timer.unref();
  }

  #fire(): void {
    const now = this.#clock.now();
    while (this.#heap.length && this.#heap[0]!.due <= now && !this.#stopped) {
      const entry = this.#pop();
      if (entry.cancelled) continue;
      try {
        const result = entry.run();
        if (result instanceof Promise) result.catch(this.#onError);
      } catch (error) {
        this.#onError(error);
      }
    }
    // After a jump of the clock the armed timer waits too long: plan it again from now.
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#arm();
  }

  #less(a: Entry, b: Entry): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Entry {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.#less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && this.#less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
