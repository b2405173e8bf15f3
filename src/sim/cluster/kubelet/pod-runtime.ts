import type { Change } from '../../kube/store.ts';
import type { ClusterCache } from '../cluster-cache.ts';
import { type Pod, isPodReady, isPodTerminal, keyOf } from '../kube-shapes.ts';
import type { SimTimers } from '../time/timers.ts';
import { ignoreGone } from '../work-queue.ts';
import type { Kubelet } from './kubelet.ts';
import { containerCreatingStatus, runningStatus } from './pod-status.ts';

export interface PodRuntimeOptions {
  /** Simulated time from a pod's binding to its containers running and ready. */
  podStartDelayMs: number;
  /** Simulated time a kubelet takes to stop a pod's containers (capped by the pod's grace period). */
  podTerminationMs: number;
}

interface PodRecord {
  uid: string;
  state: 'starting' | 'running' | 'terminating';
  cancel: () => void;
}

/**
 * The container runtime side of the kubelets: pods bound to a node whose kubelet runs go
 * Pending (ContainerCreating) → Running after the start delay; pods being deleted are stopped and
 * confirmed with a grace-0 delete. Pods of a node without a running kubelet are left as they are.
 */
export class PodRuntime {
  readonly #cache: ClusterCache;
  readonly #timers: SimTimers;
  readonly #options: PodRuntimeOptions;
  readonly #kubeletOf: (nodeName: string) => Kubelet | undefined;
  readonly #onError: (error: unknown) => void;
  readonly #pods = new Map<string, PodRecord>();

  constructor(cache: ClusterCache, timers: SimTimers, options: PodRuntimeOptions, kubeletOf: (nodeName: string) => Kubelet | undefined, onError: (error: unknown) => void) {
    this.#cache = cache;
    this.#timers = timers;
    this.#options = options;
    this.#kubeletOf = kubeletOf;
    this.#onError = onError;
  }

  onPodChange(change: Change): void {
    const pod = change.current.object as Pod;
    const key = keyOf(pod);
    if (change.type === 'DELETED') {
      this.#forget(key);
      return;
    }
    this.#consider(key, pod);
  }

  /** A kubelet started: it takes up the pods already bound to its node. */
  nodeStarted(nodeName: string): void {
    for (const pod of [...this.#cache.podsOnNode(nodeName)]) this.#consider(keyOf(pod), pod);
  }

  /** A kubelet died: whatever it was doing to its pods stops with it. */
  nodeStopped(nodeName: string): void {
    for (const pod of this.#cache.podsOnNode(nodeName)) this.#forget(keyOf(pod));
  }

  stop(): void {
    for (const key of [...this.#pods.keys()]) this.#forget(key);
  }

  #forget(key: string): void {
    this.#pods.get(key)?.cancel();
    this.#pods.delete(key);
  }

  #consider(key: string, pod: Pod): void {
    const nodeName = pod.spec.nodeName;
    const kubelet = nodeName ? this.#kubeletOf(nodeName) : undefined;
    let record = this.#pods.get(key);
    if (record && record.uid !== pod.metadata.uid) {
      this.#forget(key);
      record = undefined;
    }
    if (!kubelet?.alive) return;
    if (pod.metadata.deletionTimestamp) {
      if (record?.state !== 'terminating') this.#terminate(key, pod, kubelet, record);
      return;
    }
    if (isPodTerminal(pod)) return;
    if (pod.status?.phase === 'Running') {
      if (!record) this.#pods.set(key, { uid: pod.metadata.uid!, state: 'running', cancel: () => {} });
      // The kubelet's status manager puts back what it knows: a pod someone marked not Ready (its
      // node was unreachable for a while) is Ready again once its kubelet runs.
      if (!isPodReady(pod) && (record?.state ?? 'running') === 'running') this.#repostRunning(pod, kubelet);
      return;
    }
    if (record) return;
    this.#start(key, pod, kubelet);
  }

  #start(key: string, pod: Pod, kubelet: Kubelet): void {
    const { namespace, name } = pod.metadata;
    const record: PodRecord = { uid: pod.metadata.uid!, state: 'starting', cancel: () => {} };
    this.#pods.set(key, record);
    const now = this.#timers.clock.now();
    kubelet.client
      .mergePatch('/pods', namespace, name!, { status: containerCreatingStatus(pod, kubelet.hostIP, new Date(now)) }, 'status')
      .catch(ignoreGone)
      .catch(this.#onError);
    record.cancel = this.#timers.at(now + this.#options.podStartDelayMs, async () => {
      const current = this.#cache.pods.get(key);
      if (!current || current.metadata.uid !== record.uid || current.metadata.deletionTimestamp || this.#pods.get(key) !== record) return;
      record.state = 'running';
      const status = runningStatus(current, kubelet.hostIP, kubelet.nextPodIP(), new Date(this.#timers.clock.now()));
      await kubelet.client.mergePatch('/pods', namespace, name!, { status }, 'status').catch(ignoreGone);
    });
  }

  #repostRunning(pod: Pod, kubelet: Kubelet): void {
    const status = runningStatus(pod, kubelet.hostIP, pod.status?.podIP ?? kubelet.nextPodIP(), new Date(this.#timers.clock.now()));
    kubelet.client.mergePatch('/pods', pod.metadata.namespace, pod.metadata.name!, { status }, 'status').catch(ignoreGone).catch(this.#onError);
  }

  #terminate(key: string, pod: Pod, kubelet: Kubelet, previous: PodRecord | undefined): void {
    previous?.cancel();
    const record: PodRecord = { uid: pod.metadata.uid!, state: 'terminating', cancel: () => {} };
    this.#pods.set(key, record);
    const now = this.#timers.clock.now();
    const graceLeft = Math.max(0, Date.parse(pod.metadata.deletionTimestamp!) - now);
    const { namespace, name } = pod.metadata;
    record.cancel = this.#timers.at(now + Math.min(graceLeft, this.#options.podTerminationMs), async () => {
      if (this.#pods.get(key) !== record) return;
      await kubelet.client.delete('/pods', namespace, name!, { gracePeriodSeconds: 0, preconditions: { uid: record.uid } }).catch(ignoreGone);
    });
  }
}
