import type { KubeApiServer } from '../../kube/apiserver.ts';
import { CONTROL_PLANE_USER } from '../../kube/apiserver.ts';
import type { InternalClient } from '../../kube/internal-client.ts';
import type { Change } from '../../kube/store.ts';
import { type ClusterCache, NODES, PODS } from '../cluster-cache.ts';
import { type Node, type Pod, type Taint, isPodActive, keyOf } from '../kube-shapes.ts';
import { tolerates } from '../scheduler/predicates.ts';
import type { SimTimers } from '../time/timers.ts';
import { isRetryable } from '../work-queue.ts';

/**
 * When a pod on a node with NoExecute taints must go: now if one of them is not tolerated,
 * `tolerationSeconds` (the smallest of the tolerations used) after the taint appeared, or never.
 */
export function evictionTime(pod: Pod, taints: readonly Taint[]): number | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (!noExecute.length) return undefined;
  let due = Infinity;
  for (const taint of noExecute) {
    const used = (pod.spec.tolerations ?? []).filter((t) => tolerates(t, taint));
    if (!used.length) return 0;
    const seconds = Math.min(...used.map((t) => (t.tolerationSeconds === undefined ? Infinity : Math.max(0, t.tolerationSeconds))));
    if (seconds === Infinity) continue;
    const added = Date.parse(taint.timeAdded ?? '');
    due = Math.min(due, (Number.isNaN(added) ? 0 : added) + seconds * 1000);
  }
  return due === Infinity ? undefined : due;
}

/**
 * The taint eviction controller: deletes (gracefully) the pods of a node with NoExecute taints
 * they do not tolerate, at once or when their tolerationSeconds run out — the default 300 s for
 * not-ready and unreachable. A pod whose kubelet is gone then stays Terminating until the pod GC.
 */
export class TaintEvictionController {
  readonly #cache: ClusterCache;
  readonly #timers: SimTimers;
  readonly #client: InternalClient;
  readonly #onError: (error: unknown) => void;
  readonly #planned = new Map<string, { due: number; cancel: () => void }>();
  readonly #stops: (() => void)[] = [];

  constructor(deps: { api: KubeApiServer; cache: ClusterCache; timers: SimTimers; onError: (error: unknown) => void }) {
    this.#cache = deps.cache;
    this.#timers = deps.timers;
    this.#onError = deps.onError;
    this.#client = deps.api.client(CONTROL_PLANE_USER);
  }

  start(): void {
    this.#stops.push(this.#cache.on(NODES, (c) => this.#onNode(c)));
    this.#stops.push(this.#cache.on(PODS, (c) => this.#onPod(c)));
    for (const node of this.#cache.nodes.values()) this.#planNode(node);
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    for (const p of this.#planned.values()) p.cancel();
    this.#planned.clear();
  }

  #onNode(change: Change): void {
    const before = (change.previous?.object as Node | undefined)?.spec?.taints;
    const node = change.current.object as Node;
    if (change.type === 'DELETED' || JSON.stringify(before) === JSON.stringify(node.spec?.taints)) return;
    this.#planNode(node);
  }

  #onPod(change: Change): void {
    const pod = change.current.object as Pod;
    if (change.type === 'DELETED' || !isPodActive(pod)) {
      this.#unplan(keyOf(pod));
      return;
    }
    const node = pod.spec.nodeName ? this.#cache.nodes.get(pod.spec.nodeName) : undefined;
    if (node) this.#planPod(pod, node.spec?.taints ?? []);
  }

  #planNode(node: Node): void {
    for (const pod of this.#cache.podsOnNode(node.metadata.name!)) if (isPodActive(pod)) this.#planPod(pod, node.spec?.taints ?? []);
  }

  #unplan(key: string): void {
    this.#planned.get(key)?.cancel();
    this.#planned.delete(key);
  }

  #planPod(pod: Pod, taints: readonly Taint[]): void {
    const key = keyOf(pod);
    const due = evictionTime(pod, taints);
    const planned = this.#planned.get(key);
    if (planned?.due === due) return;
    this.#unplan(key);
    if (due === undefined) return;
    const uid = pod.metadata.uid;
    const cancel = this.#timers.at(due, () => {
      this.#planned.delete(key);
      return this.#client.delete(PODS, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid } }).catch((error: unknown) => {
        if (!isRetryable(error)) this.#onError(error);
      });
    });
    this.#planned.set(key, { due, cancel });
  }
}
