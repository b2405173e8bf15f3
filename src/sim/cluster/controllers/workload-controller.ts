import type { KubeApiServer } from '../../kube/apiserver.ts';
import { CONTROL_PLANE_USER } from '../../kube/apiserver.ts';
import type { InternalClient } from '../../kube/internal-client.ts';
import type { ClusterCache } from '../cluster-cache.ts';
import type { SimTimers } from '../time/timers.ts';
import { WorkQueue } from '../work-queue.ts';

export interface WorkloadControllerDeps {
  api: KubeApiServer;
  cache: ClusterCache;
  timers: SimTimers;
  onError: (error: unknown) => void;
}

/**
 * What the Deployment, ReplicaSet and DaemonSet controllers share: a work queue of object keys
 * fed by cache listeners, reconciled one key at a time by `sync`, as the control plane.
 */
export abstract class WorkloadController {
  protected readonly cache: ClusterCache;
  protected readonly timers: SimTimers;
  protected readonly client: InternalClient;
  protected readonly queue: WorkQueue;
  readonly #stops: (() => void)[] = [];

  constructor(deps: WorkloadControllerDeps) {
    this.cache = deps.cache;
    this.timers = deps.timers;
    this.client = deps.api.client(CONTROL_PLANE_USER);
    this.queue = new WorkQueue((key) => this.sync(key), deps.onError);
  }

  abstract start(): void;

  protected abstract sync(key: string): Promise<void>;

  /** Keeps a cache listener's unsubscribe, for stop(). */
  protected listen(stop: () => void): void {
    this.#stops.push(stop);
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }
}
