import type { KubeApiServer } from '../../kube/apiserver.ts';
import type { Change } from '../../kube/store.ts';
import type { SimCloud, SimVm, SimVmEvent } from '../../vpsie/index.ts';
import { type ClusterCache, NODES, PODS } from '../cluster-cache.ts';
import type { Node } from '../kube-shapes.ts';
import type { SimTimers } from '../time/timers.ts';
import { Kubelet } from './kubelet.ts';
import type { Machine } from './node-object.ts';
import { PodRuntime, type PodRuntimeOptions } from './pod-runtime.ts';

export interface KubeletOptions extends PodRuntimeOptions {
  /** Simulated time from a VM running to its Node posting Ready. */
  joinDelayMs: number;
  /** How often every kubelet renews its Lease in kube-node-lease (the kubelet's 10 s). */
  leaseRenewIntervalMs: number;
  leaseDurationSeconds: number;
  /** How often a kubelet re-posts its conditions with a new heartbeat time (the kubelet's 5 min). */
  nodeStatusReportIntervalMs: number;
}

/** The VPSie Kubernetes cluster whose worker VMs become Nodes. */
export interface FleetCluster {
  cloud: SimCloud;
  clusterIdentifier: string;
  kubeVersion: string;
  /** Datacenter code: the region label and the first part of provider IDs. */
  region: string;
}

/** `vpsie://<datacenter code>/<VM identifier>`: the Node's spec.providerID. */
export function providerIdOf(region: string, vm: Pick<SimVm, 'identifier'>): string {
  return `vpsie://${region}/${vm.identifier}`;
}

export function machineOfVm(vm: SimVm, cluster: Pick<FleetCluster, 'kubeVersion' | 'region'>, podCidrIndex: number): Machine {
  return {
    hostname: vm.hostname.toLowerCase(),
    ip: vm.ip,
    cpu: vm.cpu,
    memoryMb: vm.ramMb,
    diskGb: vm.diskGb,
    providerID: providerIdOf(cluster.region, vm),
    instanceType: String(vm.offeringId),
    region: cluster.region,
    kubeletVersion: cluster.kubeVersion,
    podCidrIndex,
    controlPlane: vm.role === 'master',
  };
}

/**
 * The kubelets of the simulated cluster. A worker VM that runs registers its Node (NotReady), posts
 * Ready after the join delay and runs the pods bound to it; when the VM is deleted its kubelet
 * stops and the Node is left for the node lifecycle controller and the autoscaler. Nodes that
 * exist without a worker VM (the control plane) are run by static kubelets. Heartbeats of all
 * kubelets go out in one batch per period.
 */
export class KubeletFleet {
  readonly #api: KubeApiServer;
  readonly #cache: ClusterCache;
  readonly #timers: SimTimers;
  readonly #options: KubeletOptions;
  readonly #cluster: FleetCluster;
  readonly #onError: (error: unknown) => void;
  readonly #kubelets = new Map<string, Kubelet>();
  /** Node names of worker VMs, alive or gone: never adopted as static nodes. */
  readonly #vmNodeNames = new Set<string>();
  readonly #vmKubelets = new Map<number, Kubelet>();
  readonly #runtime: PodRuntime;
  readonly #stops: (() => void)[] = [];
  #nextPodCidr = 0;

  constructor(deps: { api: KubeApiServer; cache: ClusterCache; timers: SimTimers; onError: (error: unknown) => void }, cluster: FleetCluster, options: KubeletOptions) {
    this.#api = deps.api;
    this.#cache = deps.cache;
    this.#timers = deps.timers;
    this.#onError = deps.onError;
    this.#cluster = cluster;
    this.#options = options;
    this.#runtime = new PodRuntime(deps.cache, deps.timers, options, (name) => this.#kubelets.get(name), deps.onError);
  }

  start(): void {
    this.#stops.push(this.#cache.on(PODS, (c) => this.#runtime.onPodChange(c)));
    this.#stops.push(this.#cache.on(NODES, (c) => this.#onNodeChange(c)));
    this.#stops.push(this.#cluster.cloud.subscribe((e) => this.#onVmEvent(e)));
    for (const vm of this.#cluster.cloud.clusterVms(this.#cluster.clusterIdentifier)) {
      if (vm.status === 'running') this.#vmRunning(vm);
      else if (vm.role === 'slave') this.#vmNodeNames.add(vm.hostname.toLowerCase());
    }
    for (const node of [...this.#cache.nodes.values()]) this.#adoptIfStatic(node);
    this.#stops.push(
      this.#timers.every(this.#options.leaseRenewIntervalMs, () => this.#each(async (k) => {
        await k.renewLease();
        await k.reportStatus(this.#cache.nodes.get(k.nodeName), false);
      })),
    );
    this.#stops.push(this.#timers.every(this.#options.nodeStatusReportIntervalMs, () => this.#each((k) => k.reportStatus(this.#cache.nodes.get(k.nodeName), true))));
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#runtime.stop();
    for (const kubelet of this.#kubelets.values()) kubelet.stop();
  }

  /** Whether a kubelet runs the node now. */
  isRunning(nodeName: string): boolean {
    return this.#kubelets.get(nodeName)?.alive ?? false;
  }

  runningNodes(): string[] {
    return [...this.#kubelets.values()].filter((k) => k.alive).map((k) => k.nodeName);
  }

  #each(task: (k: Kubelet) => Promise<void>): Promise<void> {
    const kubelets = [...this.#kubelets.values()];
    return Promise.all(kubelets.map((k) => task(k).catch(this.#onError))).then(() => undefined);
  }

  #onVmEvent(event: SimVmEvent): void {
    if (event.vm.clusterIdentifier !== this.#cluster.clusterIdentifier) return;
    if (event.type === 'created' && event.vm.role === 'slave') this.#vmNodeNames.add(event.vm.hostname.toLowerCase());
    else if (event.type === 'running') this.#vmRunning(event.vm);
    else if (event.type === 'deleted') this.#vmDeleted(event.vm);
  }

  #vmRunning(vm: SimVm): void {
    // The control plane's Node is created by the simulation at start and run by a static kubelet.
    if (vm.role !== 'slave' || this.#vmKubelets.has(vm.id)) return;
    const name = vm.hostname.toLowerCase();
    this.#vmNodeNames.add(name);
    const kubelet = new Kubelet(this.#api, name, 'vm', this.#options.leaseDurationSeconds);
    this.#vmKubelets.set(vm.id, kubelet);
    this.#kubelets.get(name)?.stop();
    this.#kubelets.set(name, kubelet);
    const machine = machineOfVm(vm, this.#cluster, this.#nextPodCidr++);
    kubelet
      .register(machine, false)
      .then(() => {
        if (!kubelet.alive) return;
        this.#runtime.nodeStarted(name);
        this.#timers.after(this.#options.joinDelayMs, () => {
          if (!kubelet.alive) return;
          return kubelet.postReady(this.#cache.nodes.get(name)?.status?.conditions).catch(this.#onError);
        });
      })
      .catch(this.#onError);
  }

  #vmDeleted(vm: SimVm): void {
    const kubelet = this.#vmKubelets.get(vm.id);
    this.#vmKubelets.delete(vm.id);
    if (!kubelet) return;
    this.#stopKubelet(kubelet);
  }

  #stopKubelet(kubelet: Kubelet): void {
    kubelet.stop();
    this.#runtime.nodeStopped(kubelet.nodeName);
    if (this.#kubelets.get(kubelet.nodeName) === kubelet) this.#kubelets.delete(kubelet.nodeName);
  }

  #onNodeChange(change: Change): void {
    const node = change.current.object as Node;
    if (change.type === 'ADDED') this.#adoptIfStatic(node);
    else if (change.type === 'DELETED') {
      // A kubelet does not register its Node again once it is deleted; its pods are the pod GC's.
      const kubelet = this.#kubelets.get(node.metadata.name!);
      if (kubelet) this.#stopKubelet(kubelet);
    }
  }

  #adoptIfStatic(node: Node): void {
    const name = node.metadata.name!;
    if (this.#kubelets.has(name) || this.#vmNodeNames.has(name) || node.metadata.deletionTimestamp) return;
    const kubelet = new Kubelet(this.#api, name, 'static', this.#options.leaseDurationSeconds);
    this.#kubelets.set(name, kubelet);
    kubelet
      .adopt(node, this.#nextPodCidr++)
      .then(() => {
        if (kubelet.alive) this.#runtime.nodeStarted(name);
      })
      .catch(this.#onError);
  }
}
