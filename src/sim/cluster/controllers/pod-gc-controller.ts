import type { KubeApiServer } from '../../kube/apiserver.ts';
import { CONTROL_PLANE_USER } from '../../kube/apiserver.ts';
import type { InternalClient } from '../../kube/internal-client.ts';
import type { ClusterCache } from '../cluster-cache.ts';
import type { SimTimers } from '../time/timers.ts';
import { isRetryable } from '../work-queue.ts';

export interface PodGcOptions {
  /** How often the pod GC runs (kube-controller-manager: 20 s). */
  periodMs: number;
  /** How long a node must be missing before its pods are orphans (40 s). */
  quarantineMs: number;
}

/**
 * The pod garbage collector's orphan pass: pods bound to a node that no longer exists (and has
 * been missing for the quarantine time) are force-deleted — the only way a pod of a node without
 * a kubelet ever goes away.
 */
export class PodGcController {
  readonly #cache: ClusterCache;
  readonly #timers: SimTimers;
  readonly #options: PodGcOptions;
  readonly #client: InternalClient;
  readonly #onError: (error: unknown) => void;
  readonly #missingSince = new Map<string, number>();
  #stop: (() => void) | undefined;

  constructor(deps: { api: KubeApiServer; cache: ClusterCache; timers: SimTimers; onError: (error: unknown) => void }, options: PodGcOptions) {
    this.#cache = deps.cache;
    this.#timers = deps.timers;
    this.#options = options;
    this.#onError = deps.onError;
    this.#client = deps.api.client(CONTROL_PLANE_USER);
  }

  start(): void {
    this.#stop = this.#timers.every(this.#options.periodMs, () => this.#collect());
  }

  stop(): void {
    this.#stop?.();
  }

  async #collect(): Promise<void> {
    const now = this.#timers.clock.now();
    const missing = new Set<string>();
    for (const pod of this.#cache.pods.values()) {
      const node = pod.spec.nodeName;
      if (node && !this.#cache.nodes.has(node)) missing.add(node);
    }
    for (const name of this.#missingSince.keys()) if (!missing.has(name)) this.#missingSince.delete(name);
    const orphans = [];
    for (const name of missing) {
      const since = this.#missingSince.get(name);
      if (since === undefined) this.#missingSince.set(name, now);
      else if (now - since >= this.#options.quarantineMs) orphans.push(...this.#cache.podsOnNode(name));
    }
    await Promise.all(
      orphans.map((pod) =>
        this.#client.delete('/pods', pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }).catch((error: unknown) => {
          if (!isRetryable(error)) this.#onError(error);
        }),
      ),
    );
  }
}
