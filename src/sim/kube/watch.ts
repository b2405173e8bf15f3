import type { Filter } from './ops/read.ts';
import type { Change, ObjectStore, StoredObject } from './store.ts';
import type { KubeObject, ResourceType } from './types.ts';
import { apiVersionOf, storageKeyOf } from './types.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** Where a watch writes its events; the HTTP layer backs it with a chunked response. */
export interface WatchSink {
  write(chunk: string): void;
  /** Bytes written but not yet sent; a watcher that falls too far behind is closed, as the real server does. */
  readonly backlog: number;
  end(): void;
}

/** Turns one event into the bytes a client receives (JSON lines, or Table rows for kubectl). */
export type WatchEncoder = (type: WatchEventType, object: StoredObject | KubeObject) => string;

export interface WatchRequest {
  type: ResourceType;
  filter: Filter;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  encode: WatchEncoder;
  sink: WatchSink;
}

export interface WatchHubOptions {
  bookmarkIntervalMs?: number;
  maxBacklogBytes?: number;
}

/** A JSON watch event line built from the stored JSON, so an event is serialised once for all watchers. */
export function jsonWatchLine(type: WatchEventType, object: StoredObject | KubeObject): string {
  const json = 'json' in object && typeof object.json === 'string' ? object.json : JSON.stringify(object);
  return `{"type":"${type}","object":${json}}\n`;
}

class Watcher {
  readonly request: WatchRequest;
  #closed = false;
  #timers: NodeJS.Timeout[] = [];
  #onClose: () => void;
  #maxBacklog: number;

  constructor(request: WatchRequest, onClose: () => void, maxBacklog: number) {
    this.request = request;
    this.#onClose = onClose;
    this.#maxBacklog = maxBacklog;
  }

  get closed(): boolean {
    return this.#closed;
  }

  addTimer(t: NodeJS.Timeout): void {
    this.#timers.push(t);
  }

  send(type: WatchEventType, object: StoredObject | KubeObject): void {
    if (this.#closed) return;
    if (this.request.sink.backlog > this.#maxBacklog) {
      this.close();
      return;
    }
    this.request.sink.write(this.request.encode(type, object));
  }

  /** Delivers a store change as this watcher's selectors see it. */
  deliver(change: Change): void {
    const { filter } = this.request;
    const now = filter.matches(change.current.object);
    if (change.type === 'ADDED') {
      if (now) this.send('ADDED', change.current);
      return;
    }
    if (change.type === 'DELETED') {
      if (now || (change.previous && filter.matches(change.previous.object))) this.send('DELETED', change.current);
      return;
    }
    const before = change.previous !== undefined && filter.matches(change.previous.object);
    // An object that starts or stops matching the selectors appears as added or deleted.
    if (now && before) this.send('MODIFIED', change.current);
    else if (now) this.send('ADDED', change.current);
    else if (before) this.send('DELETED', change.current);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#onClose();
    this.request.sink.end();
  }
}

export interface WatchHandle {
  close(): void;
}

/**
 * Every open watch, indexed by type. Store changes fan out synchronously in resourceVersion
 * order; a watch from an old resourceVersion first replays the retained history, and one from a
 * compacted resourceVersion gets a 410 ERROR event, as from the real server's watch cache.
 */
export class WatchHub {
  #store: ObjectStore;
  #byType = new Map<string, Set<Watcher>>();
  #bookmarkIntervalMs: number;
  #maxBacklog: number;
  #unsubscribe: () => void;

  constructor(store: ObjectStore, options: WatchHubOptions = {}) {
    this.#store = store;
    this.#bookmarkIntervalMs = options.bookmarkIntervalMs ?? 5_000;
    this.#maxBacklog = options.maxBacklogBytes ?? 64 * 1024 * 1024;
    this.#unsubscribe = store.subscribe((change) => {
      const watchers = this.#byType.get(change.storageKey);
      if (watchers) for (const w of watchers) w.deliver(change);
    });
  }

  get size(): number {
    let n = 0;
    for (const s of this.#byType.values()) n += s.size;
    return n;
  }

  open(request: WatchRequest): WatchHandle {
    const key = storageKeyOf(request.type);
    const set = this.#byType.get(key) ?? new Set<Watcher>();
    this.#byType.set(key, set);
    const watcher = new Watcher(request, () => set.delete(watcher), this.#maxBacklog);
    const rv = request.resourceVersion;
    const current = this.#store.resourceVersion;
    if (rv === undefined || rv === '' || rv === '0' || request.sendInitialEvents) {
      for (const s of this.#store.list(key, request.filter.namespace)) if (request.filter.matches(s.object)) watcher.send('ADDED', s);
      if (request.sendInitialEvents && request.allowBookmarks) watcher.send('BOOKMARK', this.#bookmark(request.type, current, true));
    } else {
      const since = Number(rv);
      const history = Number.isFinite(since) ? this.#store.changesSince(since) : undefined;
      if (!history) {
        watcher.send('ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${rv} (${this.#store.oldestResumableVersion})`,
          reason: 'Expired',
          code: 410,
        } as unknown as KubeObject);
        watcher.close();
        return watcher;
      }
      for (const change of history) if (change.storageKey === key) watcher.deliver(change);
    }
    set.add(watcher);
    if (request.allowBookmarks) {
      const tick = () => {
        watcher.send('BOOKMARK', this.#bookmark(request.type, this.#store.resourceVersion, false));
        if (!watcher.closed) watcher.addTimer(setTimeout(tick, this.#bookmarkIntervalMs).unref());
      };
      watcher.addTimer(setTimeout(tick, this.#bookmarkIntervalMs).unref());
    }
    // Without a timeout the real server ends a watch after a random 30 to 60 minutes.
    const timeoutMs = request.timeoutSeconds !== undefined ? request.timeoutSeconds * 1000 : (1800 + Math.random() * 1800) * 1000;
    watcher.addTimer(setTimeout(() => watcher.close(), timeoutMs).unref());
    return watcher;
  }

  closeAll(): void {
    for (const set of this.#byType.values()) for (const w of [...set]) w.close();
  }

  stop(): void {
    this.closeAll();
    this.#unsubscribe();
  }

  #bookmark(type: ResourceType, rv: number, initialEventsEnd: boolean): KubeObject {
    return {
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: String(rv), ...(initialEventsEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) },
    };
  }
}
