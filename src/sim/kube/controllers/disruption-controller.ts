import type { Change, ObjectStore } from '../store.ts';
import type { KubeObject } from '../types.ts';
import { computePdbStatus, type ControllerScale } from './disruption-budget.ts';

const PDB_KEY = 'policy/poddisruptionbudgets';
const WATCHED = new Set(['/pods', PDB_KEY, 'apps/replicasets', 'apps/deployments']);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- owners are read as loose JSON

/**
 * kube-controller-manager's disruption controller: keeps every PDB's status current with its
 * namespace's pods. Changes are batched per tick; `refresh` computes one PDB at once for the
 * eviction subresource, which must not act on a stale budget.
 */
export class DisruptionController {
  #store: ObjectStore;
  #now: () => Date;
  #dirty = new Set<string>();
  #scheduled = false;
  #unsubscribe: () => void;

  constructor(store: ObjectStore, now: () => Date) {
    this.#store = store;
    this.#now = now;
    this.#unsubscribe = store.subscribe((c) => this.#onChange(c));
  }

  stop(): void {
    this.#unsubscribe();
  }

  /** Recomputes and stores one PDB's status now; returns the stored PDB. */
  refresh(namespace: string, name: string): KubeObject | undefined {
    const stored = this.#store.get(PDB_KEY, namespace, name);
    if (!stored) return undefined;
    const pods = this.#store.list('/pods', namespace).map((s) => s.object);
    const status = computePdbStatus(stored.object, pods, this.#scaleOf, this.#now());
    if (JSON.stringify(status) === JSON.stringify(stored.object.status)) return stored.object;
    const next = JSON.parse(stored.json) as KubeObject;
    next.status = status;
    return this.#store.put(PDB_KEY, next).object;
  }

  #onChange(change: Change): void {
    if (!WATCHED.has(change.storageKey)) return;
    const ns = change.current.namespace;
    if (change.storageKey === PDB_KEY) {
      // Our own status writes change nothing the computation reads.
      const pdb = change.current.object;
      if (change.type === 'DELETED') return;
      if (change.type === 'MODIFIED' && (pdb.status as Json | undefined)?.observedGeneration === pdb.metadata.generation) return;
      this.#dirty.add(`${ns}/${pdb.metadata.name}`);
    } else {
      for (const pdb of this.#store.list(PDB_KEY, ns)) this.#dirty.add(`${ns}/${pdb.name}`);
    }
    if (this.#dirty.size && !this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  #flush(): void {
    this.#scheduled = false;
    const dirty = [...this.#dirty];
    this.#dirty.clear();
    for (const key of dirty) {
      const slash = key.indexOf('/');
      this.refresh(key.slice(0, slash), key.slice(slash + 1));
    }
  }

  #scaleOf: ControllerScale = (pod) => {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref) return undefined;
    const ns = pod.metadata.namespace ?? '';
    if (ref.kind === 'ReplicaSet') {
      const rs = this.#store.get('apps/replicasets', ns, ref.name)?.object as Json | undefined;
      if (!rs) return undefined;
      const owner = (rs.metadata.ownerReferences as Json[] | undefined)?.find((r) => r.controller && r.kind === 'Deployment');
      const deployment = owner ? (this.#store.get('apps/deployments', ns, owner.name)?.object as Json | undefined) : undefined;
      if (deployment) return { key: `Deployment/${owner!.name}`, replicas: deployment.spec?.replicas ?? 1 };
      return { key: `ReplicaSet/${ref.name}`, replicas: rs.spec?.replicas ?? 1 };
    }
    if (ref.kind === 'Deployment') {
      const d = this.#store.get('apps/deployments', ns, ref.name)?.object as Json | undefined;
      return d ? { key: `Deployment/${ref.name}`, replicas: d.spec?.replicas ?? 1 } : undefined;
    }
    return undefined;
  };
}
