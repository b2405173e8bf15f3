import type { Change } from '../../kube/store.ts';
import { DEPLOYMENTS, REPLICA_SETS } from '../cluster-cache.ts';
import { type Workload, controllerOf } from '../kube-shapes.ts';
import { ignoreGone } from '../work-queue.ts';
import { WorkloadController } from './workload-controller.ts';
import { type RolloutLimits, rollingStep, rolloutLimits } from './deployment-rollout.ts';
import { deploymentStatus, newReplicaSetCondition, type ReplicaSetCounts, sameStatus } from './deployment-status.ts';
import { controllerRef, templateHash } from './pod-template.ts';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';

function revisionOf(rs: Workload): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0);
}

/**
 * The Deployment controller: one ReplicaSet per template (named `<deployment>-<pod-template-hash>`),
 * rolling or recreating between them, old ones kept up to revisionHistoryLimit, and the status
 * `kubectl get deploy` and `kubectl rollout status` read.
 */
export class DeploymentController extends WorkloadController {

  start(): void {
    this.listen(this.cache.on(DEPLOYMENTS, (c) => this.queue.add(`${c.current.namespace}/${c.current.name}`)));
    this.listen(this.cache.on(REPLICA_SETS, (c) => this.#onReplicaSet(c)));
    for (const key of this.cache.deployments.keys()) this.queue.add(key);
  }

  #onReplicaSet(change: Change): void {
    const owner = controllerOf(change.current.object) ?? (change.previous && controllerOf(change.previous.object));
    if (owner?.kind === 'Deployment') this.queue.add(`${change.current.namespace}/${owner.name}`);
  }

  protected async sync(key: string): Promise<void> {
    const d = this.cache.deployments.get(key);
    if (!d || d.metadata.deletionTimestamp) return;
    const sets = [...this.cache.replicaSetsOwnedBy(d.metadata.uid!)].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || revisionOf(a) - revisionOf(b));
    const hash = templateHash(d.spec.template);
    const newSet = sets.find((rs) => rs.metadata.labels?.[HASH] === hash);
    const oldSets = sets.filter((rs) => rs !== newSet);
    const limits = rolloutLimits(d);
    const replicas = d.spec.replicas ?? 1;
    if (!newSet) {
      await this.#createReplicaSet(d, hash, limits, oldSets);
      return;
    }
    if (!d.spec.paused) {
      if (d.spec.strategy?.type === 'Recreate') await this.#recreate(newSet, oldSets, replicas, limits);
      else await this.#roll(newSet, oldSets, replicas, limits);
      await this.#cleanup(d, oldSets);
    }
    await this.#writeStatus(d, newSet, sets, limits);
  }

  #counts(rs: Workload): ReplicaSetCounts {
    const status = (rs.status ?? {}) as Record<string, number | undefined>;
    return { name: rs.metadata.name!, specReplicas: rs.spec.replicas ?? 0, replicas: status.replicas ?? 0, ready: status.readyReplicas ?? 0, available: status.availableReplicas ?? 0 };
  }

  async #createReplicaSet(d: Workload, hash: string, limits: RolloutLimits, oldSets: Workload[]): Promise<void> {
    const replicas = d.spec.replicas ?? 1;
    const recreate = d.spec.strategy?.type === 'Recreate';
    const oldSteps = oldSets.map((rs) => ({ name: rs.metadata.name!, replicas: rs.spec.replicas ?? 0, available: this.#counts(rs).available }));
    const initial = recreate ? (oldSteps.some((s) => s.replicas > 0) ? 0 : replicas) : rollingStep(replicas, limits, { name: '', replicas: 0, available: 0 }, oldSteps).newReplicas;
    const name = `${d.metadata.name}-${hash}`;
    const template = d.spec.template;
    const revision = Math.max(0, ...oldSets.map(revisionOf)) + 1;
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace,
        labels: { ...template.metadata?.labels, [HASH]: hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + limits.maxSurge),
          [REVISION]: String(revision),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas: initial,
        ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
        selector: { ...d.spec.selector, matchLabels: { ...d.spec.selector.matchLabels, [HASH]: hash } },
        template: { ...template, metadata: { ...template.metadata, labels: { ...template.metadata?.labels, [HASH]: hash } } },
      },
    };
    try {
      await this.client.create(REPLICA_SETS, d.metadata.namespace, rs);
    } catch (error) {
      if ((error as { code?: number }).code !== 409) throw error;
    }
    const at = new Date(this.timers.clock.now());
    await this.client.mergePatch(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!, { metadata: { annotations: { [REVISION]: String(revision) } } }).catch(ignoreGone);
    const conditions = [...(d.status?.conditions ?? []).filter((c) => c.type !== 'Progressing'), newReplicaSetCondition(d, name, at)];
    await this.client.mergePatch(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!, { status: { ...d.status, observedGeneration: d.metadata.generation, conditions } }, 'status').catch(ignoreGone);
  }

  async #scale(rs: Workload, replicas: number, limits: RolloutLimits, desired: number): Promise<void> {
    if ((rs.spec.replicas ?? 0) === replicas) return;
    const annotations = { 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(desired + limits.maxSurge) };
    await this.client.mergePatch(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!, { metadata: { annotations }, spec: { replicas } }).catch(ignoreGone);
  }

  async #roll(newSet: Workload, oldSets: Workload[], replicas: number, limits: RolloutLimits): Promise<void> {
    const step = (rs: Workload) => ({ name: rs.metadata.name!, replicas: rs.spec.replicas ?? 0, available: this.#counts(rs).available });
    const plan = rollingStep(replicas, limits, step(newSet), oldSets.map(step));
    await this.#scale(newSet, plan.newReplicas, limits, replicas);
    await Promise.all(oldSets.map((rs) => this.#scale(rs, plan.oldReplicas.get(rs.metadata.name!)!, limits, replicas)));
  }

  async #recreate(newSet: Workload, oldSets: Workload[], replicas: number, limits: RolloutLimits): Promise<void> {
    const running = oldSets.filter((rs) => (rs.spec.replicas ?? 0) > 0);
    if (running.length) {
      await Promise.all(running.map((rs) => this.#scale(rs, 0, limits, replicas)));
      return;
    }
    // Recreate waits until every old pod is gone, terminating ones included.
    if (oldSets.some((rs) => [...this.cache.podsOwnedBy(rs.metadata.uid!)].length > 0)) return;
    await this.#scale(newSet, replicas, limits, replicas);
  }

  async #cleanup(d: Workload, oldSets: Workload[]): Promise<void> {
    const limit = (d.spec.revisionHistoryLimit as number | undefined) ?? 10;
    const idle = oldSets.filter((rs) => (rs.spec.replicas ?? 0) === 0 && this.#counts(rs).replicas === 0 && !rs.metadata.deletionTimestamp);
    const excess = idle.slice(0, Math.max(0, idle.length - limit));
    await Promise.all(excess.map((rs) => this.client.delete(REPLICA_SETS, rs.metadata.namespace, rs.metadata.name!).catch(ignoreGone)));
  }

  async #writeStatus(d: Workload, newSet: Workload, sets: Workload[], limits: RolloutLimits): Promise<void> {
    const counts = sets.map((rs) => this.#counts(rs));
    const status = deploymentStatus(d, limits, this.#counts(newSet), counts, new Date(this.timers.clock.now()));
    if (d.metadata.annotations?.[REVISION] !== String(revisionOf(newSet))) {
      await this.client.mergePatch(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!, { metadata: { annotations: { [REVISION]: String(revisionOf(newSet)) } } }).catch(ignoreGone);
    }
    if (sameStatus(d.status, status)) return;
    await this.client.update(DEPLOYMENTS, d.metadata.namespace, d.metadata.name!, { ...d, status }, 'status').catch(ignoreGone);
  }
}

