import type { KubeApiServer } from '../../kube/apiserver.ts';
import { CONTROL_PLANE_USER } from '../../kube/apiserver.ts';
import type { InternalClient } from '../../kube/internal-client.ts';
import type { Change, ObjectStore } from '../../kube/store.ts';
import { rfc3339 } from '../../kube/time.ts';
import { type ClusterCache, NODES } from '../cluster-cache.ts';
import { type Condition, type Node, conditionOf, isPodReady } from '../kube-shapes.ts';
import { LEASES, NODE_LEASE_NAMESPACE } from '../kubelet/kubelet.ts';
import { notReadyConditions } from '../kubelet/pod-status.ts';
import type { SimTimers } from '../time/timers.ts';
import { isRetryable, WorkQueue } from '../work-queue.ts';
import { desiredTaints, sameTaints } from './node-taints.ts';

export interface NodeLifecycleOptions {
  /** How often node health is checked (kube-controller-manager's --node-monitor-period, 5 s). */
  nodeMonitorPeriodMs: number;
  /** How long a node may go without a heartbeat before it is Unknown (--node-monitor-grace-period). */
  nodeMonitorGracePeriodMs: number;
}

const UNKNOWN_TYPES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];

/**
 * kube-controller-manager's node lifecycle controller: a node whose kubelet stops renewing its
 * Lease for the grace period gets all its conditions Unknown (NodeStatusUnknown), its pods marked
 * not Ready, and the taints follow the conditions (not-ready / unreachable, NoSchedule and
 * NoExecute; unschedulable for a cordoned node).
 */
export class NodeLifecycleController {
  readonly #cache: ClusterCache;
  readonly #store: ObjectStore;
  readonly #timers: SimTimers;
  readonly #options: NodeLifecycleOptions;
  readonly #client: InternalClient;
  readonly #taints: WorkQueue;
  readonly #onError: (error: unknown) => void;
  readonly #renewals = new Map<string, number>();
  readonly #stops: (() => void)[] = [];

  constructor(deps: { api: KubeApiServer; cache: ClusterCache; timers: SimTimers; onError: (error: unknown) => void }, options: NodeLifecycleOptions) {
    this.#cache = deps.cache;
    this.#store = deps.api.store;
    this.#timers = deps.timers;
    this.#options = options;
    this.#onError = deps.onError;
    this.#client = deps.api.client(CONTROL_PLANE_USER);
    this.#taints = new WorkQueue((name) => this.#syncTaints(name), deps.onError);
  }

  start(): void {
    for (const lease of this.#store.list(LEASES, NODE_LEASE_NAMESPACE)) this.#onLease(lease.object);
    this.#stops.push(this.#cache.on(LEASES, (c) => c.type !== 'DELETED' && c.current.namespace === NODE_LEASE_NAMESPACE && this.#onLease(c.current.object)));
    this.#stops.push(this.#cache.on(NODES, (c) => this.#onNode(c)));
    for (const name of this.#cache.nodes.keys()) this.#taints.add(name);
    this.#stops.push(this.#timers.every(this.#options.nodeMonitorPeriodMs, () => this.#monitor()));
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#taints.stop();
  }

  #onLease(lease: { metadata: { name?: string }; spec?: unknown }): void {
    const renew = Date.parse(((lease.spec ?? {}) as { renewTime?: string }).renewTime ?? '');
    if (!Number.isNaN(renew)) this.#renewals.set(lease.metadata.name!, renew);
  }

  #onNode(change: Change): void {
    const name = change.current.name;
    if (change.type === 'DELETED') {
      this.#renewals.delete(name);
      return;
    }
    const node = change.current.object as Node;
    if (!sameTaints(node.spec?.taints, desiredTaints(node, ''))) this.#taints.add(name);
  }

  /** The last sign of life: a Lease renewal, a posted heartbeat, or the node's creation. */
  #lastProbe(node: Node): number {
    const heartbeat = Date.parse(conditionOf(node.status?.conditions, 'Ready')?.lastHeartbeatTime ?? '');
    const created = Date.parse(node.metadata.creationTimestamp ?? '');
    return Math.max(this.#renewals.get(node.metadata.name!) ?? -Infinity, Number.isNaN(heartbeat) ? -Infinity : heartbeat, Number.isNaN(created) ? -Infinity : created);
  }

  async #monitor(): Promise<void> {
    // Lease renewals due in the same batch of timers are writes in flight: let them land first,
    // or a busy event loop at a high time scale would make live kubelets look dead.
    await new Promise((resolve) => setImmediate(resolve));
    const now = this.#timers.clock.now();
    const stale = [...this.#cache.nodes.values()].filter(
      (node) => conditionOf(node.status?.conditions, 'Ready')?.status !== 'Unknown' && now - this.#lastProbe(node) > this.#options.nodeMonitorGracePeriodMs,
    );
    await Promise.all(stale.map((node) => this.#markUnknown(node, new Date(now)).catch(this.#onError)));
  }

  async #markUnknown(node: Node, now: Date): Promise<void> {
    const at = rfc3339(now);
    const previous = node.status?.conditions ?? [];
    const neverPosted = !conditionOf(previous, 'Ready');
    const conditions: Condition[] = UNKNOWN_TYPES.map((type) => {
      const before = conditionOf(previous, type);
      return {
        type,
        status: 'Unknown',
        lastHeartbeatTime: before?.lastHeartbeatTime ?? node.metadata.creationTimestamp!,
        lastTransitionTime: at,
        reason: neverPosted ? 'NodeStatusNeverUpdated' : 'NodeStatusUnknown',
        message: neverPosted ? 'Kubelet never posted node status.' : 'Kubelet stopped posting node status.',
      };
    });
    const others = previous.filter((c) => !UNKNOWN_TYPES.includes(c.type));
    await this.#client.mergePatch(NODES, undefined, node.metadata.name!, { status: { conditions: [...others, ...conditions] } }, 'status').catch((e: unknown) => {
      if (!isRetryable(e)) throw e;
    });
    const pods = [...this.#cache.podsOnNode(node.metadata.name!)].filter(isPodReady);
    await Promise.all(
      pods.map((pod) =>
        this.#client.mergePatch('/pods', pod.metadata.namespace, pod.metadata.name!, { status: { conditions: notReadyConditions(pod, now) } }, 'status').catch((e: unknown) => {
          if (!isRetryable(e)) throw e;
        }),
      ),
    );
  }

  async #syncTaints(name: string): Promise<void> {
    const node = this.#cache.nodes.get(name);
    if (!node) return;
    const taints = desiredTaints(node, rfc3339(new Date(this.#timers.clock.now())));
    if (sameTaints(node.spec?.taints, taints)) return;
    // A merge patch replaces the whole taint list: carry the resourceVersion so a concurrent
    // change (the autoscaler applying its NodeGroup taints) makes this fail with 409 and retry.
    await this.#client.mergePatch(NODES, undefined, name, { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints } });
  }
}
