import type { K8sOffering, VpsieClient } from '../../infra/vpsie/index.ts';

/**
 * The Kubernetes offerings (sizes and prices) of each datacenter the NodeGroups use, from VPSie,
 * cached: prices change rarely and a decision must not wait for VPSie.
 */
export class OfferingCatalogue {
  #vpsie: VpsieClient;
  #ttlMs: number;
  #now: () => number;
  #cache = new Map<string, { at: number; offerings: Map<string, K8sOffering> }>();
  #loading = new Map<string, Promise<Map<string, K8sOffering>>>();

  constructor(vpsie: VpsieClient, ttlMs: number, now: () => number = Date.now) {
    this.#vpsie = vpsie;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Offerings by id and by name (NodeGroups may name either). A stale entry is served while it refreshes. */
  async offerings(datacenter: string): Promise<Map<string, K8sOffering>> {
    const cached = this.#cache.get(datacenter);
    if (cached && this.#now() - cached.at < this.#ttlMs) return cached.offerings;
    const refresh = this.#refresh(datacenter);
    if (cached) {
      refresh.catch(() => undefined);
      return cached.offerings;
    }
    return refresh;
  }

  #refresh(datacenter: string): Promise<Map<string, K8sOffering>> {
    let loading = this.#loading.get(datacenter);
    if (!loading) {
      loading = this.#vpsie
        .listK8sOfferings(datacenter)
        .then((list) => {
          const byKey = new Map<string, K8sOffering>();
          for (const o of list) {
            byKey.set(String(o.id), o);
            byKey.set(o.name, o);
          }
          this.#cache.set(datacenter, { at: this.#now(), offerings: byKey });
          return byKey;
        })
        .finally(() => this.#loading.delete(datacenter));
      this.#loading.set(datacenter, loading);
    }
    return loading;
  }
}
