import type { ObjectStore } from '../kube/store.ts';
import type { Pod } from './kube-shapes.ts';
import type { LivingCluster } from './living-cluster.ts';

/** What a simulated run did, in numbers: what `simulate --until-idle --json` prints. */
export interface RunSummary {
  /** Simulated seconds from the start of the recording. */
  simulatedSeconds: number;
  /** Worker VMs (nodes) of the cluster: made and removed during the run, at most at once, at the start and end. */
  nodes: { created: number; deleted: number; start: number; peak: number; end: number; withoutVPSieNode: number };
  /** Pods created during the run that were bound to a node, and how long (simulated seconds) they waited for it. */
  pods: { scheduled: number; stillPending: number; secondsToSchedule: { p50: number; p95: number; max: number } };
  /** What the worker VMs cost per hour at VPSie's hourly prices, at the start, at the peak and at the end. */
  costPerHour: { currency: 'USD'; start: number; peak: number; end: number };
}

/**
 * Records a run on the living cluster from the cloud's VM events and the API server's pod
 * changes: the figures come from the simulation itself, not from the autoscaler being measured.
 */
export class RunRecorder {
  readonly #living: LivingCluster;
  readonly #store: ObjectStore;
  readonly #startedAt: number;
  readonly #prices: Map<number, number>;
  readonly #start: { nodes: number; cost: number };
  #created = 0;
  #deleted = 0;
  #peakNodes: number;
  #peakCost: number;
  readonly #waits: number[] = [];
  readonly #stop: Array<() => void> = [];

  /** `store`: the API server's, where the VPSieNodes that own worker VMs are. */
  constructor(living: LivingCluster, store: ObjectStore) {
    this.#living = living;
    this.#store = store;
    this.#startedAt = living.clock.now();
    this.#prices = new Map(living.vpsie.cloud.k8sOfferings().map((o) => [o.id, o.priceHourly]));
    this.#start = this.#workers();
    this.#peakNodes = this.#start.nodes;
    this.#peakCost = this.#start.cost;
    this.#stop.push(
      living.vpsie.cloud.subscribe((event) => {
        if (event.vm.clusterIdentifier !== living.vpsieCluster.identifier || event.vm.role === 'master') return;
        if (event.type === 'created') this.#created++;
        if (event.type === 'deleted') this.#deleted++;
        const now = this.#workers();
        this.#peakNodes = Math.max(this.#peakNodes, now.nodes);
        this.#peakCost = Math.max(this.#peakCost, now.cost);
      }),
      living.cache.on('/pods', (change) => {
        const pod = change.current.object as Pod;
        const before = change.previous?.object as Pod | undefined;
        if (!pod.spec.nodeName || before?.spec.nodeName || change.type === 'DELETED') return;
        const created = Date.parse(pod.metadata.creationTimestamp ?? '');
        if (created >= this.#startedAt - 1_000) this.#waits.push(Math.max(0, living.clock.now() - created) / 1000);
      }),
    );
  }

  stop(): RunSummary {
    for (const s of this.#stop.splice(0)) s();
    const end = this.#workers();
    const pending = [...this.#living.cache.pods.values()].filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp).length;
    const sorted = [...this.#waits].sort((a, b) => a - b);
    const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
    return {
      simulatedSeconds: Math.round((this.#living.clock.now() - this.#startedAt) / 1000),
      nodes: { created: this.#created, deleted: this.#deleted, start: this.#start.nodes, peak: this.#peakNodes, end: end.nodes, withoutVPSieNode: this.#unowned() },
      pods: { scheduled: sorted.length, stillPending: pending, secondsToSchedule: { p50: at(0.5), p95: at(0.95), max: round(sorted.at(-1) ?? 0) } },
      costPerHour: { currency: 'USD', start: money(this.#start.cost), peak: money(this.#peakCost), end: money(end.cost) },
    };
  }

  /** Worker VMs no VPSieNode claims: a leak, unless they were there before the autoscaler. */
  #unowned(): number {
    const owned = new Set(this.#store.list(VPSIE_NODES).map((s) => (s.object as { status?: { vpsieNodeIdentifier?: string } }).status?.vpsieNodeIdentifier));
    return this.#vms().filter((vm) => !owned.has(vm.identifier)).length;
  }

  #vms() {
    return this.#living.vpsie.cloud.clusterVms(this.#living.vpsieCluster.identifier).filter((vm) => vm.role !== 'master');
  }

  #workers(): { nodes: number; cost: number } {
    const vms = this.#vms();
    return { nodes: vms.length, cost: vms.reduce((sum, vm) => sum + (this.#prices.get(vm.offeringId) ?? 0), 0) };
  }
}

const VPSIE_NODES = 'autoscaler.vpsie.com/vpsienodes';
const round = (n: number) => Math.round(n * 10) / 10;
const money = (n: number) => Math.round(n * 10_000) / 10_000;
