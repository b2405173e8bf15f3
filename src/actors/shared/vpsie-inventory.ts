import type { ClusterInfo, VpsieClient, Vm } from '../../infra/vpsie/index.ts';

interface Snapshot<T> {
  at: number;
  value: T;
}

/**
 * One shared, short-lived view of VPSie's VMs and clusters for every node actor. Ten nodes
 * waiting for their VMs to boot poll the inventory, not VPSie: it asks VPSie at most once per
 * `maxAgeMs` whatever the number of waiters, and concurrent askers share one request — VPSie
 * allows about 100 requests a minute.
 */
export class VpsieInventory {
  #vpsie: VpsieClient;
  #maxAgeMs: number;
  #now: () => number;
  #vms: Snapshot<Vm[]> | undefined;
  #vmsLoading: Promise<Vm[]> | undefined;
  #clusters = new Map<string, Snapshot<ClusterInfo>>();
  #clustersLoading = new Map<string, Promise<ClusterInfo>>();

  constructor(vpsie: VpsieClient, maxAgeMs: number, now: () => number = Date.now) {
    this.#vpsie = vpsie;
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
  }

  /** The VM list, no older than `maxAgeMs`, or fetched after `notBefore` when given (a write just happened). */
  async vms(notBefore?: number): Promise<Vm[]> {
    const cached = this.#vms;
    if (cached && this.#fresh(cached.at, notBefore)) return cached.value;
    if (!this.#vmsLoading) {
      const started = this.#now();
      this.#vmsLoading = this.#vpsie
        .listVms()
        .then((value) => {
          this.#vms = { at: started, value };
          return value;
        })
        .finally(() => (this.#vmsLoading = undefined));
    }
    return this.#vmsLoading;
  }

  async vm(id: number, notBefore?: number): Promise<Vm | undefined> {
    return (await this.vms(notBefore)).find((v) => v.id === id);
  }

  async cluster(clusterId: string, notBefore?: number): Promise<ClusterInfo> {
    const cached = this.#clusters.get(clusterId);
    if (cached && this.#fresh(cached.at, notBefore)) return cached.value;
    let loading = this.#clustersLoading.get(clusterId);
    if (!loading) {
      const started = this.#now();
      loading = this.#vpsie
        .getCluster(clusterId)
        .then((value) => {
          this.#clusters.set(clusterId, { at: started, value });
          return value;
        })
        .finally(() => this.#clustersLoading.delete(clusterId));
      this.#clustersLoading.set(clusterId, loading);
    }
    return loading;
  }

  #fresh(at: number, notBefore: number | undefined): boolean {
    if (notBefore !== undefined && at < notBefore) return false;
    return this.#now() - at < this.#maxAgeMs;
  }
}
