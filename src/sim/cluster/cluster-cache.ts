import type { Change, ObjectStore } from '../kube/store.ts';
import { type Node, type Pod, type Workload, controllerOf, keyOf } from './kube-shapes.ts';

export const PODS = '/pods';
export const NODES = '/nodes';
export const REPLICA_SETS = 'apps/replicasets';
export const DEPLOYMENTS = 'apps/deployments';
export const DAEMON_SETS = 'apps/daemonsets';
const INDEXED = new Set([PODS, NODES, REPLICA_SETS, DEPLOYMENTS, DAEMON_SETS]);

export type CacheListener = (change: Change) => void;

class MultiIndex<T> {
  readonly #sets = new Map<string, Map<string, T>>();

  add(index: string, key: string, value: T): void {
    let set = this.#sets.get(index);
    if (!set) this.#sets.set(index, (set = new Map()));
    set.set(key, value);
  }

  delete(index: string, key: string): void {
    const set = this.#sets.get(index);
    if (!set) return;
    set.delete(key);
    if (set.size === 0) this.#sets.delete(index);
  }

  get(index: string): Iterable<T> {
    return this.#sets.get(index)?.values() ?? [];
  }

  count(index: string): number {
    return this.#sets.get(index)?.size ?? 0;
  }
}

/**
 * The simulated control plane's informer cache: one store subscription that keeps the objects the
 * kubelets, scheduler and controllers read, indexed by node and by controller, and hands each change
 * to the components that asked for its type after the indexes are current. Objects are the
 * store's own and must not be modified.
 */
export class ClusterCache {
  readonly nodes = new Map<string, Node>();
  readonly pods = new Map<string, Pod>();
  readonly replicaSets = new Map<string, Workload>();
  readonly deployments = new Map<string, Workload>();
  readonly daemonSets = new Map<string, Workload>();
  readonly #podsByNode = new MultiIndex<Pod>();
  readonly #podsByOwner = new MultiIndex<Pod>();
  readonly #replicaSetsByOwner = new MultiIndex<Workload>();
  readonly #listeners = new Map<string, Set<CacheListener>>();
  readonly #unsubscribe: () => void;

  constructor(store: ObjectStore) {
    for (const key of INDEXED) for (const stored of store.list(key)) this.#index(key, undefined, stored.object);
    this.#unsubscribe = store.subscribe((change) => this.#onChange(change));
  }

  podsOnNode(nodeName: string): Iterable<Pod> {
    return this.#podsByNode.get(nodeName);
  }

  podCountOnNode(nodeName: string): number {
    return this.#podsByNode.count(nodeName);
  }

  podsOwnedBy(uid: string): Iterable<Pod> {
    return this.#podsByOwner.get(uid);
  }

  replicaSetsOwnedBy(uid: string): Iterable<Workload> {
    return this.#replicaSetsByOwner.get(uid);
  }

  /** Calls `listener` with every change of a type (storage key), after the cache has applied it. */
  on(storageKey: string, listener: CacheListener): () => void {
    let set = this.#listeners.get(storageKey);
    if (!set) this.#listeners.set(storageKey, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  stop(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }

  #onChange(change: Change): void {
    if (INDEXED.has(change.storageKey)) {
      this.#index(change.storageKey, change.previous?.object, change.type === 'DELETED' ? undefined : change.current.object);
    }
    const listeners = this.#listeners.get(change.storageKey);
    if (listeners) for (const listener of listeners) listener(change);
  }

  #index(storageKey: string, previous: object | undefined, current: object | undefined): void {
    switch (storageKey) {
      case NODES: {
        const node = (current ?? previous) as Node;
        if (current) this.nodes.set(node.metadata.name!, current as Node);
        else this.nodes.delete(node.metadata.name!);
        return;
      }
      case PODS:
        return this.#indexPod(previous as Pod | undefined, current as Pod | undefined);
      case REPLICA_SETS:
        return this.#indexWorkload(this.replicaSets, previous as Workload | undefined, current as Workload | undefined, this.#replicaSetsByOwner);
      case DEPLOYMENTS:
        return this.#indexWorkload(this.deployments, previous as Workload | undefined, current as Workload | undefined);
      case DAEMON_SETS:
        return this.#indexWorkload(this.daemonSets, previous as Workload | undefined, current as Workload | undefined);
    }
  }

  #indexPod(previous: Pod | undefined, current: Pod | undefined): void {
    const key = keyOf((current ?? previous)!);
    if (previous) {
      if (previous.spec.nodeName) this.#podsByNode.delete(previous.spec.nodeName, key);
      const owner = controllerOf(previous);
      if (owner) this.#podsByOwner.delete(owner.uid, key);
    }
    if (current) {
      this.pods.set(key, current);
      if (current.spec.nodeName) this.#podsByNode.add(current.spec.nodeName, key, current);
      const owner = controllerOf(current);
      if (owner) this.#podsByOwner.add(owner.uid, key, current);
    } else {
      this.pods.delete(key);
    }
  }

  #indexWorkload(map: Map<string, Workload>, previous: Workload | undefined, current: Workload | undefined, byOwner?: MultiIndex<Workload>): void {
    const key = keyOf((current ?? previous)!);
    const previousOwner = previous && controllerOf(previous);
    if (byOwner && previousOwner) byOwner.delete(previousOwner.uid, key);
    if (current) {
      map.set(key, current);
      const owner = controllerOf(current);
      if (byOwner && owner) byOwner.add(owner.uid, key, current);
    } else {
      map.delete(key);
    }
  }
}
