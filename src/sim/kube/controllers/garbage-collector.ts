import type { InternalClient } from '../internal-client.ts';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../ops/delete.ts';
import type { Change, ObjectStore } from '../store.ts';
import type { KubeObject } from '../types.ts';

interface Ref {
  storageKey: string;
  namespace: string;
  name: string;
}

type Work = { kind: 'owner-gone'; uid: string } | { kind: 'foreground' | 'orphan'; uid: string; ref: Ref } | { kind: 'dangling'; ref: Ref };

/**
 * kube-controller-manager's garbage collector over ownerReferences: when an owner goes, its
 * dependents go too (background), lose the reference (orphan), or go first (foreground). Work is
 * queued and done asynchronously, as the real collector does, through the API so that
 * dependents' own finalizers and graceful deletion apply.
 */
export class GarbageCollector {
  #store: ObjectStore;
  #client: InternalClient;
  #byUid = new Map<string, Ref>();
  #dependents = new Map<string, Set<string>>();
  #queue: Work[] = [];
  #scheduled = false;
  #onError: (error: unknown) => void;
  #unsubscribe: () => void;
  #stopped = false;

  constructor(store: ObjectStore, client: InternalClient, onError: (error: unknown) => void) {
    this.#store = store;
    this.#client = client;
    this.#onError = onError;
    this.#unsubscribe = store.subscribe((c) => this.#onChange(c));
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
  }

  #onChange(change: Change): void {
    const obj = change.current.object;
    const uid = obj.metadata.uid;
    if (!uid) return;
    const ref: Ref = { storageKey: change.storageKey, namespace: change.current.namespace, name: change.current.name };
    const previousOwners = change.previous?.object.metadata.ownerReferences;
    const owners = obj.metadata.ownerReferences ?? [];
    const refKey = previousOwners?.length || owners.length ? JSON.stringify(ref) : '';
    for (const owner of previousOwners ?? []) this.#dependents.get(owner.uid)?.delete(refKey);
    if (change.type === 'DELETED') {
      this.#byUid.delete(uid);
      if (this.#dependents.has(uid)) this.#enqueue({ kind: 'owner-gone', uid });
      return;
    }
    this.#byUid.set(uid, ref);
    for (const owner of owners) {
      let set = this.#dependents.get(owner.uid);
      if (!set) this.#dependents.set(owner.uid, (set = new Set()));
      set.add(refKey);
    }
    if (change.type === 'ADDED' && owners.length && owners.every((o) => !this.#byUid.has(o.uid))) this.#enqueue({ kind: 'dangling', ref });
    if (obj.metadata.deletionTimestamp) {
      const finalizers = obj.metadata.finalizers ?? [];
      if (finalizers.includes(FOREGROUND_FINALIZER)) this.#enqueue({ kind: 'foreground', uid, ref });
      if (finalizers.includes(ORPHAN_FINALIZER)) this.#enqueue({ kind: 'orphan', uid, ref });
    }
  }

  #enqueue(work: Work): void {
    this.#queue.push(work);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => void this.#drain());
    }
  }

  async #drain(): Promise<void> {
    while (this.#queue.length && !this.#stopped) {
      const work = this.#queue.shift()!;
      try {
        await this.#process(work);
      } catch (error) {
        if ((error as { code?: number }).code !== 404) this.#onError(error);
      }
    }
    this.#scheduled = false;
  }

  #dependentsOf(uid: string): Array<{ ref: Ref; object: KubeObject }> {
    const out: Array<{ ref: Ref; object: KubeObject }> = [];
    for (const key of this.#dependents.get(uid) ?? []) {
      const ref = JSON.parse(key) as Ref;
      const stored = this.#store.get(ref.storageKey, ref.namespace, ref.name);
      if (stored) out.push({ ref, object: stored.object });
    }
    return out;
  }

  async #dropOwner(ref: Ref, object: KubeObject, uid: string): Promise<void> {
    const ownerReferences = (object.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid);
    await this.#client.mergePatch(ref.storageKey, ref.namespace || undefined, ref.name, { metadata: { ownerReferences: ownerReferences.length ? ownerReferences : null } });
  }

  async #removeFinalizer(ref: Ref, finalizer: string): Promise<void> {
    const stored = this.#store.get(ref.storageKey, ref.namespace, ref.name);
    if (!stored) return;
    const finalizers = (stored.object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    // The resourceVersion makes this a compare-and-swap: a merge patch replaces the whole list.
    await this.#client.mergePatch(ref.storageKey, ref.namespace || undefined, ref.name, { metadata: { resourceVersion: stored.object.metadata.resourceVersion, finalizers } });
  }

  async #process(work: Work): Promise<void> {
    switch (work.kind) {
      case 'owner-gone':
        for (const { ref, object } of this.#dependentsOf(work.uid)) {
          const others = (object.metadata.ownerReferences ?? []).filter((o) => o.uid !== work.uid && this.#byUid.has(o.uid));
          if (others.length) await this.#dropOwner(ref, object, work.uid);
          else await this.#client.deleteIfExists(ref.storageKey, ref.namespace || undefined, ref.name, { propagationPolicy: 'Background' });
        }
        this.#dependents.delete(work.uid);
        return;
      case 'orphan':
        for (const { ref, object } of this.#dependentsOf(work.uid)) await this.#dropOwner(ref, object, work.uid);
        await this.#removeFinalizer(work.ref, ORPHAN_FINALIZER);
        return;
      case 'foreground': {
        const dependents = this.#dependentsOf(work.uid);
        for (const { ref, object } of dependents) {
          if (!object.metadata.deletionTimestamp) await this.#client.deleteIfExists(ref.storageKey, ref.namespace || undefined, ref.name, { propagationPolicy: 'Foreground' });
        }
        // The owner goes once its dependents are gone; their DELETED events bring us back here.
        if (this.#dependentsOf(work.uid).length === 0) await this.#removeFinalizer(work.ref, FOREGROUND_FINALIZER);
        else setTimeout(() => this.#enqueue(work), 100).unref();
        return;
      }
      case 'dangling': {
        const stored = this.#store.get(work.ref.storageKey, work.ref.namespace, work.ref.name);
        const owners = stored?.object.metadata.ownerReferences ?? [];
        if (stored && owners.length && owners.every((o) => !this.#byUid.has(o.uid))) {
          await this.#client.deleteIfExists(work.ref.storageKey, work.ref.namespace || undefined, work.ref.name, { propagationPolicy: 'Background' });
        }
        return;
      }
    }
  }
}
