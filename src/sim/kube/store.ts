import type { KubeObject } from './types.ts';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** An object as stored: the parsed form for the server's own logic and its JSON for the wire. */
export interface StoredObject {
  readonly object: KubeObject;
  readonly json: string;
  readonly resourceVersion: number;
  readonly namespace: string;
  readonly name: string;
}

export interface Change {
  readonly type: ChangeType;
  readonly resourceVersion: number;
  /** Storage key of the type (`group/plural`). */
  readonly storageKey: string;
  readonly current: StoredObject;
  /** The object before this change (absent for ADDED). */
  readonly previous?: StoredObject;
}

export type ChangeListener = (change: Change) => void;

class Collection {
  readonly items = new Map<string, StoredObject>();
  #sorted: StoredObject[] | undefined;

  sorted(): StoredObject[] {
    // etcd lists by key (`namespace/name`); keep the same order, rebuilt only after adds/removes.
    this.#sorted ??= [...this.items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    return this.#sorted;
  }

  set(key: string, value: StoredObject, isNew: boolean): void {
    this.items.set(key, value);
    if (isNew) this.#sorted = undefined;
    else if (this.#sorted) {
      const i = this.#sorted.findIndex((s) => s.namespace === value.namespace && s.name === value.name);
      if (i >= 0) this.#sorted[i] = value;
    }
  }

  delete(key: string): void {
    this.items.delete(key);
    this.#sorted = undefined;
  }
}

function itemKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export interface ObjectStoreOptions {
  /** How many changes are kept for watches that resume from a resourceVersion; older ones get 410. */
  historySize?: number;
  /** Where a listener's exception goes; one failing listener must not starve the others. */
  onListenerError?: (error: unknown) => void;
}

/**
 * The single source of truth of the simulated cluster: one increasing resourceVersion across all
 * types (as etcd's revision), a bounded history of changes for watch resumption, and listeners
 * that receive every change in resourceVersion order — also changes made by listeners themselves.
 */
export class ObjectStore {
  #revision = 1000;
  #collections = new Map<string, Collection>();
  #history: Change[] = [];
  #historyStart = 0;
  #historySize: number;
  #oldestRetained = 1000;
  #listeners = new Set<ChangeListener>();
  #pending: Change[] = [];
  #dispatching = false;
  #onListenerError: (error: unknown) => void;

  constructor(options: ObjectStoreOptions = {}) {
    this.#historySize = options.historySize ?? 100_000;
    this.#onListenerError = options.onListenerError ?? ((error) => console.error('simulated API server: change listener failed', error));
  }

  get resourceVersion(): number {
    return this.#revision;
  }

  /** The oldest resourceVersion a watch may resume from without 410 Gone. */
  get oldestResumableVersion(): number {
    return this.#oldestRetained;
  }

  get(storageKey: string, namespace: string, name: string): StoredObject | undefined {
    return this.#collections.get(storageKey)?.items.get(itemKey(namespace, name));
  }

  /** Objects of a type in key order, optionally within one namespace. */
  list(storageKey: string, namespace?: string): StoredObject[] {
    const all = this.#collections.get(storageKey)?.sorted() ?? [];
    return namespace === undefined ? all : all.filter((s) => s.namespace === namespace);
  }

  count(storageKey: string): number {
    return this.#collections.get(storageKey)?.items.size ?? 0;
  }

  /** Stores a new or changed object, assigning the next resourceVersion. The caller checks preconditions. */
  put(storageKey: string, object: KubeObject): StoredObject {
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name ?? '';
    const collection = this.#collection(storageKey);
    const key = itemKey(namespace, name);
    const previous = collection.items.get(key);
    const stored = this.#stamp(object, namespace, name);
    collection.set(key, stored, previous === undefined);
    this.#record({ type: previous ? 'MODIFIED' : 'ADDED', resourceVersion: stored.resourceVersion, storageKey, current: stored, previous });
    return stored;
  }

  /** Removes an object; the DELETED change carries its final state at a new resourceVersion. */
  remove(storageKey: string, namespace: string, name: string): StoredObject | undefined {
    const collection = this.#collections.get(storageKey);
    const key = itemKey(namespace, name);
    const previous = collection?.items.get(key);
    if (!collection || !previous) return undefined;
    collection.delete(key);
    const finalState = this.#stamp(JSON.parse(previous.json) as KubeObject, namespace, name);
    this.#record({ type: 'DELETED', resourceVersion: finalState.resourceVersion, storageKey, current: finalState, previous });
    return finalState;
  }

  /** Drops every object of a type without recording changes (a CRD removed from the server). */
  dropCollection(storageKey: string): void {
    this.#collections.delete(storageKey);
  }

  /**
   * Changes after `resourceVersion`, oldest first, or undefined when some of them are no longer
   * retained (the caller answers 410 Gone, as the real server does for a compacted revision).
   */
  changesSince(resourceVersion: number): Change[] | undefined {
    if (resourceVersion < this.#oldestRetained) return undefined;
    const out: Change[] = [];
    for (let i = this.#historyStart; i < this.#history.length; i++) {
      const change = this.#history[i]!;
      if (change.resourceVersion > resourceVersion) out.push(change);
    }
    return out;
  }

  /** Forgets all history up to now, as an etcd compaction does. */
  compact(): void {
    this.#history = [];
    this.#historyStart = 0;
    this.#oldestRetained = this.#revision;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #collection(storageKey: string): Collection {
    let c = this.#collections.get(storageKey);
    if (!c) {
      c = new Collection();
      this.#collections.set(storageKey, c);
    }
    return c;
  }

  #stamp(object: KubeObject, namespace: string, name: string): StoredObject {
    const resourceVersion = ++this.#revision;
    object.metadata.resourceVersion = String(resourceVersion);
    return { object, json: JSON.stringify(object), resourceVersion, namespace, name };
  }

  #record(change: Change): void {
    this.#history.push(change);
    if (this.#history.length - this.#historyStart > this.#historySize) {
      this.#oldestRetained = this.#history[this.#historyStart]!.resourceVersion;
      this.#historyStart++;
      // Reclaim the array's dead prefix now and then rather than shifting on every write.
      if (this.#historyStart > this.#historySize) {
        this.#history = this.#history.slice(this.#historyStart);
        this.#historyStart = 0;
      }
    }
    this.#pending.push(change);
    if (this.#dispatching) return;
    // Listeners may write to the store; their changes are queued so every listener sees all
    // changes in resourceVersion order, never nested.
    this.#dispatching = true;
    try {
      for (let i = 0; i < this.#pending.length; i++) {
        for (const listener of this.#listeners) {
          try {
            listener(this.#pending[i]!);
          } catch (error) {
            this.#onListenerError(error);
          }
        }
      }
    } finally {
      this.#pending = [];
      this.#dispatching = false;
    }
  }
}
