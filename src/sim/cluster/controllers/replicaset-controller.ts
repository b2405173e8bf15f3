import type { Change } from '../../kube/store.ts';
import { PODS, REPLICA_SETS } from '../cluster-cache.ts';
import { type Pod, type Workload, conditionOf, controllerOf, isPodActive, isPodReady } from '../kube-shapes.ts';
import { ignoreGone } from '../work-queue.ts';
import { WorkloadController } from './workload-controller.ts';
import { availability } from './pod-readiness.ts';
import { podFromTemplate } from './pod-template.ts';

/** kube-controller-manager creates or deletes at most this many pods of one ReplicaSet per sync. */
const BURST_REPLICAS = 500;

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Which pods a scale-down removes first (controller.ActivePodsWithRanks, reduced): unscheduled
 * before scheduled, Pending before Running, not ready before ready, recently ready before long
 * ready, and then the newest first.
 */
export function deletionOrder(a: Pod, b: Pod): number {
  const assigned = Number(Boolean(a.spec.nodeName)) - Number(Boolean(b.spec.nodeName));
  if (assigned) return assigned;
  const phase = (PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0) - (PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0);
  if (phase) return phase;
  const ready = Number(isPodReady(a)) - Number(isPodReady(b));
  if (ready) return ready;
  if (isPodReady(a)) {
    const readySince = (p: Pod) => conditionOf(p.status?.conditions, 'Ready')?.lastTransitionTime ?? '';
    const byReady = readySince(b).localeCompare(readySince(a));
    if (byReady) return byReady;
  }
  return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (b.metadata.name ?? '').localeCompare(a.metadata.name ?? '');
}

/** The ReplicaSet controller: keeps `spec.replicas` active pods from the template, and the status counts. */
export class ReplicaSetController extends WorkloadController {

  start(): void {
    this.listen(this.cache.on(REPLICA_SETS, (c) => this.queue.add(`${c.current.namespace}/${c.current.name}`)));
    this.listen(this.cache.on(PODS, (c) => this.#onPod(c)));
    for (const key of this.cache.replicaSets.keys()) this.queue.add(key);
  }

  #onPod(change: Change): void {
    const pod = change.current.object as Pod;
    const owner = controllerOf(pod) ?? (change.previous && controllerOf(change.previous.object));
    if (owner?.kind === 'ReplicaSet') this.queue.add(`${pod.metadata.namespace}/${owner.name}`);
  }

  protected async sync(key: string): Promise<void> {
    const rs = this.cache.replicaSets.get(key);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods = [...this.cache.podsOwnedBy(rs.metadata.uid!)];
    const active = pods.filter(isPodActive);
    const desired = rs.spec.replicas ?? 1;
    const diff = desired - active.length;
    const ns = rs.metadata.namespace;
    if (diff > 0) {
      const body = podFromTemplate(rs, rs.spec.template);
      await Promise.all(Array.from({ length: Math.min(diff, BURST_REPLICAS) }, () => this.client.create(PODS, ns, body)));
    } else if (diff < 0) {
      const victims = [...active].sort(deletionOrder).slice(0, Math.min(-diff, BURST_REPLICAS));
      await Promise.all(victims.map((p) => this.client.delete(PODS, ns, p.metadata.name!, { preconditions: { uid: p.metadata.uid } }).catch(ignoreGone)));
    }
    await this.#writeStatus(rs, key);
  }

  async #writeStatus(rs: Workload, key: string): Promise<void> {
    const now = this.timers.clock.now();
    const minReady = rs.spec.minReadySeconds ?? 0;
    const active = [...this.cache.podsOwnedBy(rs.metadata.uid!)].filter(isPodActive);
    const selector = rs.spec.selector.matchLabels ?? {};
    let ready = 0;
    let available = 0;
    let wait: number | undefined;
    let labelled = 0;
    for (const pod of active) {
      if (isPodReady(pod)) ready++;
      const a = availability(pod, minReady, now);
      if (a.available) available++;
      else if (a.waitMs !== undefined) wait = Math.min(wait ?? Infinity, a.waitMs);
      if (Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v)) labelled++;
    }
    if (wait !== undefined) this.timers.after(wait, () => this.queue.add(key));
    const status = {
      replicas: active.length,
      fullyLabeledReplicas: labelled,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation,
    };
    const current = rs.status ?? {};
    if (Object.entries(status).every(([k, v]) => (current[k] ?? 0) === v)) return;
    await this.client.mergePatch(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!, { status }, 'status').catch(ignoreGone);
  }
}
