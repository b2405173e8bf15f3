import type { InternalClient } from '../internal-client.ts';
import type { TypeRegistry } from '../registry.ts';
import type { Change, ObjectStore } from '../store.ts';
import { storageKeyOf } from '../types.ts';

const NS_KEY = '/namespaces';
const RETRY_MS = 200;

/**
 * kube-controller-manager's namespace controller: a namespace being deleted is emptied through
 * the API (so its content's finalizers and grace periods apply), then its `kubernetes` finalizer
 * is dropped and it goes.
 */
export class NamespaceController {
  #store: ObjectStore;
  #registry: TypeRegistry;
  #client: InternalClient;
  #onError: (error: unknown) => void;
  #pending = new Set<string>();
  #unsubscribe: () => void;
  #timers = new Set<NodeJS.Timeout>();

  constructor(store: ObjectStore, registry: TypeRegistry, client: InternalClient, onError: (error: unknown) => void) {
    this.#store = store;
    this.#registry = registry;
    this.#client = client;
    this.#onError = onError;
    this.#unsubscribe = store.subscribe((c) => this.#onChange(c));
  }

  stop(): void {
    this.#unsubscribe();
    for (const t of this.#timers) clearTimeout(t);
  }

  #onChange(change: Change): void {
    if (change.storageKey !== NS_KEY || change.type === 'DELETED') return;
    const ns = change.current.object;
    if (ns.metadata.deletionTimestamp && !this.#pending.has(ns.metadata.name!)) this.#schedule(ns.metadata.name!, 0);
  }

  #schedule(name: string, delay: number): void {
    this.#pending.add(name);
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.#sweep(name).catch(this.#onError);
    }, delay);
    t.unref();
    this.#timers.add(t);
  }

  async #sweep(name: string): Promise<void> {
    let remaining = 0;
    for (const type of this.#registry.all()) {
      if (!type.namespaced || type.readOnly) continue;
      for (const s of this.#store.list(storageKeyOf(type), name)) {
        remaining++;
        if (!s.object.metadata.deletionTimestamp) await this.#client.deleteIfExists(storageKeyOf(type), name, s.name, { propagationPolicy: 'Background' });
      }
    }
    if (remaining > 0) {
      this.#schedule(name, RETRY_MS);
      return;
    }
    this.#pending.delete(name);
    const ns = this.#store.get(NS_KEY, '', name);
    if (!ns) return;
    const next = JSON.parse(ns.json) as { spec?: { finalizers?: string[] }; metadata: { finalizers?: string[] } };
    if (next.spec) next.spec.finalizers = [];
    if ((next.metadata.finalizers ?? []).length === 0) this.#store.remove(NS_KEY, '', name);
    else this.#store.put(NS_KEY, next as never);
  }
}
