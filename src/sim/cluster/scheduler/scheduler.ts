import type { KubeApiServer } from '../../kube/apiserver.ts';
import type { Scope } from '../../kube/context.ts';
import type { InternalClient } from '../../kube/internal-client.ts';
import { bind } from '../../kube/ops/binding.ts';
import type { Change } from '../../kube/store.ts';
import { rfc3339 } from '../../kube/time.ts';
import type { UserInfo } from '../../kube/types.ts';
import { type ClusterCache, NODES, PODS } from '../cluster-cache.ts';
import { EventRecorder } from '../event-recorder.ts';
import { type Node, type Pod, conditionOf, isPodTerminal, keyOf } from '../kube-shapes.ts';
import type { SimTimers } from '../time/timers.ts';
import { fitErrorMessage, NO_NODES_AVAILABLE } from './fit-error.ts';
import type { NodeInfo } from './node-infos.ts';
import { NodeInfos } from './node-infos.ts';
import { fits, type PodRequirement, rejection } from './pod-requirement.ts';
import { leastAllocatedScore } from './predicates.ts';
import { type QueuedPod, SchedulingQueue } from './scheduling-queue.ts';

export const SCHEDULER_NAME = 'default-scheduler';
const SCHEDULER_USER: UserInfo = { username: 'system:kube-scheduler', groups: ['system:authenticated'] };

export interface SchedulerOptions {
  /** kube-scheduler's podInitialBackoffSeconds / podMaxBackoffSeconds, in simulated ms. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** An unschedulable pod is tried again after this long even if nothing changed (podMaxInUnschedulablePodsDuration). */
  maxUnschedulableMs: number;
  /** Record a `Scheduled` event for every binding, as kube-scheduler does. */
  scheduledEvents: boolean;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { initialBackoffMs: 1000, maxBackoffMs: 10_000, maxUnschedulableMs: 300_000, scheduledEvents: true };

export interface SchedulerStats {
  bound: number;
  failedAttempts: number;
  rounds: number;
  /** Real milliseconds spent deciding (filtering and scoring), without the API writes that follow. */
  decisionMs: number;
}

interface Verdict {
  version: number;
  message: string;
}

/** kube-scheduler's adaptive numFeasibleNodesToFind: all nodes below 100, then a share falling from 50% to 5%. */
export function feasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < 100) return numAllNodes;
  const percentage = Math.max(5, 50 - Math.floor(numAllNodes / 125));
  return Math.max(100, Math.floor((numAllNodes * percentage) / 100));
}

function isSchedulable(pod: Pod): boolean {
  const spec = pod.spec;
  return !spec.nodeName && (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME && !pod.metadata.deletionTimestamp && !isPodTerminal(pod) && !spec.schedulingGates?.length;
}

/**
 * The simulated kube-scheduler. Pending pods are placed by the filters (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit) and scored with LeastAllocated (spread: the
 * feasible node with the most free cpu and memory after placement wins; ties go to the first
 * found). Pods that fit nowhere get PodScheduled=False/Unschedulable and a FailedScheduling event
 * in kube-scheduler's words, and are tried again when the cluster changes — in batches, with
 * per-pod backoff. Node bookkeeping is incremental and identical pods share one verdict per round.
 */
export class Scheduler {
  readonly #api: KubeApiServer;
  readonly #cache: ClusterCache;
  readonly #timers: SimTimers;
  readonly #options: SchedulerOptions;
  readonly #onError: (error: unknown) => void;
  readonly #client: InternalClient;
  readonly #events: EventRecorder;
  readonly #nodes = new NodeInfos();
  readonly #queue: SchedulingQueue;
  readonly #inFlight = new Set<string>();
  readonly #stops: (() => void)[] = [];
  readonly stats: SchedulerStats = { bound: 0, failedAttempts: 0, rounds: 0, decisionMs: 0 };
  #nextStartNodeIndex = 0;
  #roundRequested = false;
  #cancelBackoffTimer: (() => void) | undefined;
  #stopped = false;

  constructor(deps: { api: KubeApiServer; cache: ClusterCache; timers: SimTimers; onError: (error: unknown) => void }, options: Partial<SchedulerOptions> = {}) {
    this.#api = deps.api;
    this.#cache = deps.cache;
    this.#timers = deps.timers;
    this.#onError = deps.onError;
    this.#options = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
    this.#client = deps.api.client(SCHEDULER_USER);
    this.#events = new EventRecorder(this.#client, { component: SCHEDULER_NAME, now: deps.api.context.now }, deps.onError);
    this.#queue = new SchedulingQueue(this.#options);
  }

  start(): void {
    for (const node of this.#cache.nodes.values()) this.#nodes.setNode(node);
    for (const [key, pod] of this.#cache.pods) this.#onPod(key, pod);
    this.#stops.push(this.#cache.on(NODES, (c) => this.#onNodeChange(c)));
    this.#stops.push(this.#cache.on(PODS, (c) => this.#onPodChange(c)));
    // kube-scheduler's flushUnschedulablePodsLeftover runs every 30 s.
    this.#stops.push(
      this.#timers.every(30_000, () => {
        if (this.#queue.activateOlderThan(this.#timers.clock.now(), this.#options.maxUnschedulableMs)) this.#requestRound();
      }),
    );
    this.#requestRound();
  }

  stop(): void {
    this.#stopped = true;
    for (const stop of this.#stops.splice(0)) stop();
    this.#cancelBackoffTimer?.();
  }

  /** Pods waiting for a decision or for the cluster to change. */
  get pendingCount(): number {
    return this.#queue.size;
  }

  #onNodeChange(change: Change): void {
    const node = change.current.object as Node;
    if (change.type === 'DELETED') {
      this.#nodes.removeNode(node.metadata.name!);
      return;
    }
    if (this.#nodes.setNode(node) && this.#queue.activateAll()) this.#requestRound();
  }

  #onPodChange(change: Change): void {
    const pod = change.current.object as Pod;
    const key = keyOf(pod);
    if (change.type === 'DELETED') {
      this.#events.forget(pod.metadata.uid ?? '');
      this.#onPod(key, undefined);
    } else {
      this.#onPod(key, pod);
    }
  }

  #onPod(key: string, pod: Pod | undefined): void {
    const freed = this.#nodes.setPod(pod, key);
    if (freed && this.#nodes.get(freed) && this.#queue.activateAll()) this.#requestRound();
    if (pod && isSchedulable(pod)) {
      if (!this.#inFlight.has(key) && this.#queue.upsert(key, pod)) this.#requestRound();
    } else {
      this.#queue.delete(key);
    }
  }

  #requestRound(): void {
    if (this.#roundRequested || this.#stopped) return;
    this.#roundRequested = true;
    setImmediate(() => {
      this.#roundRequested = false;
      if (!this.#stopped) this.#round();
    });
  }

  #round(): void {
    const now = this.#timers.clock.now();
    const ready = this.#queue.ready(now);
    if (ready.length) this.stats.rounds++;
    const verdicts = new Map<string, Verdict>();
    for (const queued of ready) this.#scheduleOne(queued, now, verdicts);
    const next = this.#queue.nextBackoffExpiry(now);
    this.#cancelBackoffTimer?.();
    this.#cancelBackoffTimer = next === undefined ? undefined : this.#timers.at(next, () => this.#requestRound());
  }

  #scheduleOne(queued: QueuedPod, now: number, verdicts: Map<string, Verdict>): void {
    const nodes = this.#nodes.list();
    const r = queued.requirement;
    const known = verdicts.get(r.signature);
    if (known && known.version === this.#nodes.version) return this.#unschedulable(queued, known.message, now);
    const started = performance.now();
    const chosen = nodes.length ? this.#selectNode(r, nodes) : undefined;
    const message = chosen ? undefined : nodes.length ? this.#diagnose(queued, nodes) : NO_NODES_AVAILABLE;
    this.stats.decisionMs += performance.now() - started;
    if (chosen) return this.#bind(queued, chosen);
    verdicts.set(r.signature, { version: this.#nodes.version, message: message! });
    this.#unschedulable(queued, message!, now);
  }

  /** Filters from a rotating start, stops at numFeasibleNodesToFind, and scores what it found. */
  #selectNode(r: PodRequirement, nodes: readonly NodeInfo[]): NodeInfo | undefined {
    const wanted = feasibleNodesToFind(nodes.length);
    let best: NodeInfo | undefined;
    let bestScore = -1;
    let found = 0;
    let processed = 0;
    const start = this.#nextStartNodeIndex % nodes.length;
    for (; processed < nodes.length && found < wanted; processed++) {
      const node = nodes[(start + processed) % nodes.length]!;
      if (!fits(r, node)) continue;
      found++;
      const score = leastAllocatedScore(node.allocatable, node.requestedNonZero, r.nonZero);
      if (score > bestScore) {
        best = node;
        bestScore = score;
      }
    }
    this.#nextStartNodeIndex = (start + processed) % nodes.length;
    return best;
  }

  #diagnose(queued: QueuedPod, nodes: readonly NodeInfo[]): string {
    const reasons = new Map<string, number>();
    let resolvableNodes = 0;
    for (const node of nodes) {
      const verdict = rejection(queued.requirement, node);
      if (verdict.resolvable) resolvableNodes++;
      for (const reason of verdict.reasons) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    return fitErrorMessage({ numAllNodes: nodes.length, reasons, resolvableNodes, preemptionPolicy: queued.requirement.preemptionPolicy });
  }

  #bind(queued: QueuedPod, node: NodeInfo): void {
    const { key, pod } = queued;
    const { namespace, name } = pod.metadata;
    this.#queue.delete(key);
    this.#inFlight.add(key);
    this.#nodes.assume(pod, node.name);
    const type = this.#api.registry.byStorageKey(PODS)!;
    const scope: Scope = { user: SCHEDULER_USER, type, namespace, dryRun: false, fieldValidation: 'Ignore', warnings: [] };
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node.name } };
    bind(this.#api.context, scope, name!, binding)
      .then(() => {
        this.stats.bound++;
        if (this.#options.scheduledEvents) this.#events.record(pod, 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${namespace}/${name} to ${node.name}`);
      })
      .catch((error: unknown) => {
        // The pod went or was bound by someone else; what the store says now is the truth.
        const current = this.#cache.pods.get(key);
        if (!current?.spec.nodeName) this.#nodes.forget(key);
        const code = (error as { code?: number }).code;
        if (code !== 404 && code !== 409) this.#onError(error);
      })
      .finally(() => {
        this.#inFlight.delete(key);
        const current = this.#cache.pods.get(key);
        if (current) this.#onPod(key, current);
      });
  }

  #unschedulable(queued: QueuedPod, message: string, now: number): void {
    this.stats.failedAttempts++;
    this.#queue.markUnschedulable(queued, now);
    const pod = queued.pod;
    this.#events.record(pod, 'Warning', 'FailedScheduling', 'Scheduling', message);
    const current = conditionOf(pod.status?.conditions, 'PodScheduled');
    if (current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message) return;
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : rfc3339(new Date(now)),
      reason: 'Unschedulable',
      message,
    });
    this.#client.mergePatch(PODS, pod.metadata.namespace, pod.metadata.name!, { status: { conditions } }, 'status').catch((error: unknown) => {
      if ((error as { code?: number }).code !== 404) this.#onError(error);
    });
  }
}
