import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../log/logger.ts';

export interface KubeObjectLike {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

export interface ListResult<T> {
  items: T[];
  metadata?: { resourceVersion?: string };
}

export interface InformerHandlers<T> {
  add?(obj: T): void;
  update?(obj: T, old: T): void;
  delete?(obj: T): void;
  /** The first complete list has been delivered. */
  synced?(): void;
}

export interface InformerOptions<T> {
  /** The watch path, e.g. `/api/v1/nodes` or `/apis/autoscaler.vpsie.com/v1alpha1/vpsienodes`. */
  path: string;
  list(): Promise<ListResult<T>>;
  labelSelector?: string;
  fieldSelector?: string;
  log: Logger;
  /** A watch that brings nothing (not even a bookmark) for this long is restarted. */
  idleTimeoutMs?: number;
  backoff?: { baseMs: number; capMs: number };
  onRestart?: (reason: 'error' | 'expired' | 'idle') => void;
}

function keyOf(obj: KubeObjectLike): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/**
 * A list+watch cache that keeps going. client-node 1.x's informer reconnects without backoff and
 * stops for good on any error but 410 (stack-notes.md); this one restarts with capped,
 * jittered backoff, re-lists on 410 Gone, and restarts a watch that has gone silent.
 */
export class Informer<T extends KubeObjectLike> {
  #options: InformerOptions<T>;
  #watch: Watch;
  #cache = new Map<string, T>();
  #handlers: InformerHandlers<T>[] = [];
  #resourceVersion = '';
  #request: AbortController | undefined;
  #failures = 0;
  #stopped = true;
  #synced = false;
  #timer: NodeJS.Timeout | undefined;
  #idle: NodeJS.Timeout | undefined;
  #generation = 0;

  constructor(kc: KubeConfig, options: InformerOptions<T>) {
    this.#options = options;
    this.#watch = new Watch(kc);
  }

  on(handlers: InformerHandlers<T>): void {
    this.#handlers.push(handlers);
  }

  get hasSynced(): boolean {
    return this.#synced;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#cache.get(`${namespace ?? ''}/${name}`);
  }

  list(): T[] {
    return [...this.#cache.values()];
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    void this.#run(true);
  }

  stop(): void {
    this.#stopped = true;
    this.#generation++;
    clearTimeout(this.#timer);
    clearTimeout(this.#idle);
    this.#request?.abort();
    this.#request = undefined;
  }

  /** Resolves once the first list has been delivered. */
  waitForSync(): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve) => this.on({ synced: resolve }));
  }

  async #run(relist: boolean): Promise<void> {
    const generation = ++this.#generation;
    try {
      if (relist || !this.#resourceVersion) await this.#relist();
      if (generation !== this.#generation) return;
      await this.#startWatch(generation);
    } catch (error) {
      if (generation !== this.#generation || this.#stopped) return;
      this.#options.log.warn({ err: error, path: this.#options.path }, 'informer list failed; retrying');
      this.#retry('error', true);
    }
  }

  async #relist(): Promise<void> {
    const result = await this.#options.list();
    const seen = new Set<string>();
    for (const item of result.items) {
      const key = keyOf(item);
      seen.add(key);
      const old = this.#cache.get(key);
      this.#cache.set(key, item);
      if (!old) this.#emit((h) => h.add?.(item));
      else if (old.metadata?.resourceVersion !== item.metadata?.resourceVersion) this.#emit((h) => h.update?.(item, old));
    }
    for (const [key, old] of [...this.#cache]) {
      if (!seen.has(key)) {
        this.#cache.delete(key);
        this.#emit((h) => h.delete?.(old));
      }
    }
    this.#resourceVersion = result.metadata?.resourceVersion ?? '';
    if (!this.#synced) {
      this.#synced = true;
      this.#emit((h) => h.synced?.());
    }
  }

  async #startWatch(generation: number): Promise<void> {
    let expired = false;
    const query: Record<string, string> = { resourceVersion: this.#resourceVersion, allowWatchBookmarks: 'true' };
    if (this.#options.labelSelector) query.labelSelector = this.#options.labelSelector;
    if (this.#options.fieldSelector) query.fieldSelector = this.#options.fieldSelector;
    this.#armIdle(generation);
    this.#request = await this.#watch.watch(
      this.#options.path,
      query,
      (type: string, obj: T & { code?: number }) => {
        if (generation !== this.#generation) return;
        this.#armIdle(generation);
        this.#failures = 0;
        if (type === 'ERROR') {
          if (obj.code === 410) expired = true;
          return;
        }
        if (obj.metadata?.resourceVersion) this.#resourceVersion = obj.metadata.resourceVersion;
        if (type === 'BOOKMARK') return;
        const key = keyOf(obj);
        const old = this.#cache.get(key);
        if (type === 'DELETED') {
          this.#cache.delete(key);
          this.#emit((h) => h.delete?.(obj));
          return;
        }
        this.#cache.set(key, obj);
        if (old) this.#emit((h) => h.update?.(obj, old));
        else this.#emit((h) => h.add?.(obj));
      },
      (error: unknown) => {
        if (generation !== this.#generation || this.#stopped) return;
        clearTimeout(this.#idle);
        if (expired) {
          this.#retry('expired', true);
        } else if (error && (error as { name?: string }).name !== 'AbortError') {
          this.#options.log.warn({ err: error, path: this.#options.path }, 'watch failed; restarting with backoff');
          this.#retry('error', false);
        } else {
          // The server ended the watch (its timeout): resume at once from the last version.
          void this.#run(false);
        }
      },
    );
  }

  #armIdle(generation: number): void {
    clearTimeout(this.#idle);
    const ms = this.#options.idleTimeoutMs ?? 120_000;
    this.#idle = setTimeout(() => {
      if (generation !== this.#generation || this.#stopped) return;
      this.#options.log.warn({ path: this.#options.path, idleMs: ms }, 'watch went silent; restarting');
      this.#request?.abort();
      this.#retry('idle', false);
    }, ms);
    this.#idle.unref();
  }

  #retry(reason: 'error' | 'expired' | 'idle', relist: boolean): void {
    this.#generation++;
    this.#request?.abort();
    this.#options.onRestart?.(reason);
    const { baseMs, capMs } = this.#options.backoff ?? { baseMs: 200, capMs: 30_000 };
    // An expired watch is normal: re-list at once. Failures back off, capped, with full jitter.
    const delay = reason === 'expired' ? 0 : Math.random() * Math.min(capMs, baseMs * 2 ** this.#failures++);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(relist || reason === 'expired'), delay);
    this.#timer.unref();
  }

  #emit(call: (h: InformerHandlers<T>) => void): void {
    for (const h of this.#handlers) {
      try {
        call(h);
      } catch (error) {
        this.#options.log.error({ err: error, path: this.#options.path }, 'informer handler failed');
      }
    }
  }
}
