import type { VPSieNode } from '../../api/v1alpha1.ts';
import { KeyedMutex } from './abortable.ts';

/**
 * Who owns which VM. Claims run one at a time per VPSie cluster, and a claim just written is
 * remembered until the informer cache shows it: otherwise the next claimer, reading a cache a
 * few milliseconds behind, would see the VM as free and take it too.
 */
export class VmClaims {
  readonly #mutex = new KeyedMutex();
  /** VM identifier → VPSieNode name, for claims the cache may not show yet. */
  readonly #unseen = new Map<string, string>();

  run<T>(clusterId: string, section: () => Promise<T>): Promise<T> {
    return this.#mutex.run(clusterId, section);
  }

  record(vmIdentifier: string, vpsieNode: string): void {
    this.#unseen.set(vmIdentifier, vpsieNode);
  }

  /** VMs claimed by any VPSieNode but `except`: those the cache shows and those recorded since. */
  claimedExcept(cached: readonly VPSieNode[], except: string): Set<string> {
    const claimed = new Set<string>();
    for (const n of cached) {
      const id = n.status?.vpsieNodeIdentifier;
      if (!id) continue;
      if (this.#unseen.get(id) === n.metadata.name) this.#unseen.delete(id);
      if (n.metadata.name !== except) claimed.add(id);
    }
    for (const [id, owner] of this.#unseen) if (owner !== except) claimed.add(id);
    return claimed;
  }
}
