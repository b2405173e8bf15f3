import type { Change } from '../../kube/store.ts';
import { DAEMON_SETS, NODES, PODS } from '../cluster-cache.ts';
import { type Node, type Pod, type PodSpec, type Toleration, type Workload, controllerOf, isPodActive, isPodReady } from '../kube-shapes.ts';
import { affinityReasons, firstUntoleratedTaint } from '../scheduler/predicates.ts';
import { ignoreGone } from '../work-queue.ts';
import { WorkloadController } from './workload-controller.ts';
import { availability } from './pod-readiness.ts';
import { podFromTemplate, templateHash } from './pod-template.ts';

const REVISION_HASH = 'controller-revision-hash';

/** The tolerations the DaemonSet controller adds to its pods (util.AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const added: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(spec.hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : []),
  ];
  const own = spec.tolerations ?? [];
  return [...own, ...added.filter((t) => !own.some((o) => o.key === t.key && o.effect === t.effect))];
}

/** NodeShouldRunDaemonPod: whether a new daemon pod belongs on the node, and whether an existing one may stay. */
export function shouldRun(spec: PodSpec, node: Node): { run: boolean; keep: boolean } {
  const labels = node.metadata.labels ?? {};
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (affinityReasons(spec.nodeSelector, terms, labels, node.metadata.name!).length) return { run: false, keep: false };
  const tolerations = daemonTolerations(spec);
  if (!firstUntoleratedTaint(node.spec?.taints, tolerations)) return { run: true, keep: true };
  // Running daemon pods stay unless a NoExecute taint they do not tolerate says otherwise.
  const noExecute = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
  return { run: false, keep: !firstUntoleratedTaint(noExecute, tolerations) };
}

/** The node a daemon pod is meant for: the matchFields term the controller gave it, or where it is bound. */
export function targetNode(pod: Pod): string | undefined {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return pod.spec.nodeName;
}

/**
 * The DaemonSet controller: one pod per eligible node (nodeSelector, affinity, taints against the
 * pod's tolerations plus the daemon defaults), pinned to it with required node affinity on
 * metadata.name and placed by the scheduler; pods on nodes no longer eligible go; a changed
 * template rolls one unavailable pod at a time. Keeps the DaemonSet's status.
 */
export class DaemonSetController extends WorkloadController {

  start(): void {
    this.listen(this.cache.on(DAEMON_SETS, (c) => this.queue.add(`${c.current.namespace}/${c.current.name}`)));
    this.listen(this.cache.on(PODS, (c) => this.#onPod(c)));
    this.listen(
      this.cache.on(NODES, (c) => {
        // Heartbeats change a node's conditions only; what decides placement is labels and taints.
        const before = c.previous?.object as Node | undefined;
        const after = c.current.object as Node;
        if (c.type !== 'MODIFIED' || JSON.stringify([before?.metadata.labels, before?.spec?.taints]) !== JSON.stringify([after.metadata.labels, after.spec?.taints])) this.#all();
      }),
    );
    this.#all();
  }

  #all(): void {
    for (const key of this.cache.daemonSets.keys()) this.queue.add(key);
  }

  #onPod(change: Change): void {
    const owner = controllerOf(change.current.object) ?? (change.previous && controllerOf(change.previous.object));
    if (owner?.kind === 'DaemonSet') this.queue.add(`${change.current.namespace}/${owner.name}`);
  }

  protected async sync(key: string): Promise<void> {
    const ds = this.cache.daemonSets.get(key);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const hash = templateHash(ds.spec.template);
    const byNode = new Map<string, Pod[]>();
    for (const pod of this.cache.podsOwnedBy(ds.metadata.uid!)) {
      if (!isPodActive(pod)) continue;
      const node = targetNode(pod) ?? '';
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const creates: Promise<unknown>[] = [];
    const deletes: Pod[] = [];
    const ns = ds.metadata.namespace;
    for (const node of this.cache.nodes.values()) {
      const name = node.metadata.name!;
      const pods = byNode.get(name) ?? [];
      byNode.delete(name);
      const verdict = shouldRun(ds.spec.template.spec, node);
      if (verdict.run && pods.length === 0) creates.push(this.client.create(PODS, ns, this.#podFor(ds, name, hash)));
      else if (!verdict.keep) deletes.push(...pods);
      else if (pods.length > 1) deletes.push(...pods.slice(1));
    }
    // Pods whose node is gone.
    for (const pods of byNode.values()) deletes.push(...pods);
    deletes.push(...this.#rollingUpdateVictims(ds, hash, deletes));
    await Promise.all(creates);
    await Promise.all(deletes.map((p) => this.client.delete(PODS, ns, p.metadata.name!, { preconditions: { uid: p.metadata.uid } }).catch(ignoreGone)));
    await this.#writeStatus(ds, hash, key);
  }

  #podFor(ds: Workload, nodeName: string, hash: string): object {
    const pod = podFromTemplate(ds, ds.spec.template, { [REVISION_HASH]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) });
    const spec = pod.spec as PodSpec;
    spec.tolerations = daemonTolerations(spec);
    spec.affinity = {
      ...spec.affinity,
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } },
    };
    return pod;
  }

  /** RollingUpdate with maxUnavailable 1: an outdated pod goes only while every other pod is available. */
  #rollingUpdateVictims(ds: Workload, hash: string, alreadyDeleted: Pod[]): Pod[] {
    if (ds.spec.updateStrategy?.type === 'OnDelete') return [];
    const pods = [...this.cache.podsOwnedBy(ds.metadata.uid!)].filter((p) => isPodActive(p) && !alreadyDeleted.includes(p));
    const now = this.timers.clock.now();
    const unavailable = pods.filter((p) => !availability(p, ds.spec.minReadySeconds ?? 0, now).available).length;
    const terminating = [...this.cache.podsOwnedBy(ds.metadata.uid!)].filter((p) => p.metadata.deletionTimestamp).length;
    if (unavailable + terminating > 0) return [];
    const outdated = pods.find((p) => p.metadata.labels?.[REVISION_HASH] !== hash);
    return outdated ? [outdated] : [];
  }

  async #writeStatus(ds: Workload, hash: string, key: string): Promise<void> {
    const now = this.timers.clock.now();
    let desired = 0;
    let scheduled = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let wait: number | undefined;
    const bound = new Map<string, Pod>();
    for (const pod of this.cache.podsOwnedBy(ds.metadata.uid!)) if (isPodActive(pod) && pod.spec.nodeName) bound.set(pod.spec.nodeName, pod);
    for (const node of this.cache.nodes.values()) {
      const verdict = shouldRun(ds.spec.template.spec, node);
      const pod = bound.get(node.metadata.name!);
      if (verdict.run) desired++;
      if (!pod) continue;
      if (!verdict.run) {
        misscheduled++;
        continue;
      }
      scheduled++;
      if (isPodReady(pod)) ready++;
      const a = availability(pod, ds.spec.minReadySeconds ?? 0, now);
      if (a.available) available++;
      else if (a.waitMs !== undefined) wait = Math.min(wait ?? Infinity, a.waitMs);
      if (pod.metadata.labels?.[REVISION_HASH] === hash) updated++;
    }
    if (wait !== undefined) this.timers.after(wait, () => this.queue.add(key));
    const status: Record<string, number | undefined> = {
      currentNumberScheduled: scheduled,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: Math.max(0, desired - available),
    };
    const current = ds.status ?? {};
    if (Object.entries(status).every(([k, v]) => (current[k] ?? 0) === (v ?? 0))) return;
    await this.client.mergePatch(DAEMON_SETS, ds.metadata.namespace, ds.metadata.name!, { status }, 'status').catch(ignoreGone);
  }
}
