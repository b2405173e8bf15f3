import type { InternalClient } from '../internal-client.ts';
import type { TypeRegistry } from '../registry.ts';
import type { Change, ObjectStore } from '../store.ts';
import { storageKeyOf } from '../types.ts';

const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const RETRY_MS = 200;

/**
 * apiextensions-apiserver's finalizer controller: deleting a CRD deletes all its objects
 * (through the API, honouring their finalizers), then releases the CRD.
 */
export class CrdCleanupController {
  #store: ObjectStore;
  #registry: TypeRegistry;
  #client: InternalClient;
  #onError: (error: unknown) => void;
  #pending = new Set<string>();
  #timers = new Set<NodeJS.Timeout>();
  #unsubscribe: () => void;

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
    if (change.storageKey !== CRD_KEY || change.type === 'DELETED') return;
    const crd = change.current.object;
    const name = crd.metadata.name!;
    if (crd.metadata.deletionTimestamp && (crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER) && !this.#pending.has(name)) this.#schedule(name, 0);
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
    const type = this.#registry.all().find((t) => t.crdName === name);
    let remaining = 0;
    if (type) {
      const key = storageKeyOf(type);
      for (const s of this.#store.list(key)) {
        remaining++;
        if (!s.object.metadata.deletionTimestamp) await this.#client.deleteIfExists(key, s.namespace || undefined, s.name);
      }
    }
    if (remaining > 0) {
      this.#schedule(name, RETRY_MS);
      return;
    }
    this.#pending.delete(name);
    const crd = this.#store.get(CRD_KEY, '', name);
    if (!crd) return;
    const finalizers = (crd.object.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
    await this.#client.mergePatch(CRD_KEY, undefined, name, { metadata: { resourceVersion: crd.object.metadata.resourceVersion, finalizers } });
  }
}
