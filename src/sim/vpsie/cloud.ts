import { randomUUID } from 'node:crypto';
import { DATACENTERS, K8S_OFFERINGS, generalOfferings, type SimDatacenter, type SimK8sOffering, type SimOffering } from './catalogue.ts';
import { type SimClock, realDelayMs } from './clock.ts';
import { type CreateClusterSpec, type SimCluster, type SimNodeGroup, type SimVm, type SimVmEvent, SimApiError } from './model.ts';

export interface SimCloudOptions {
  clock: SimClock;
  /** Simulated time from node creation to `running`. */
  bootDelayMs: number;
  /** Account quota: VMs that may exist at once. */
  maxVms: number;
  /** Whether new nodes of this offering are refused for lack of capacity (a fault). */
  isOfferingExhausted: (offeringId: number) => boolean;
}

/**
 * The state of the simulated VPSie account and the operations on it, shared by the HTTP API and
 * the rest of the simulator (kubelets subscribe to VM events). Every read settles VMs whose boot
 * delay has passed, so an injected clock needs no timers to make progress.
 */
export class SimCloud {
  readonly #options: SimCloudOptions;
  readonly #datacenters: readonly SimDatacenter[] = DATACENTERS;
  readonly #k8sOfferings: readonly SimK8sOffering[] = K8S_OFFERINGS;
  readonly #offerings: readonly SimOffering[] = generalOfferings(DATACENTERS);
  readonly #clusters = new Map<string, SimCluster>();
  readonly #groups = new Map<number, Omit<SimNodeGroup, 'nodesCount'>>();
  readonly #vms = new Map<number, SimVm>();
  readonly #listeners = new Set<(event: SimVmEvent) => void>();
  readonly #bootTimers = new Set<NodeJS.Timeout>();
  #maxVms: number;
  #nextClusterId = 1;
  #nextGroupId = 1;
  #nextVmId = 10_001;
  #nextAddress = 10;

  constructor(options: SimCloudOptions) {
    this.#options = options;
    this.#maxVms = options.maxVms;
  }

  datacenters(): SimDatacenter[] {
    return this.#datacenters.map((dc) => ({ ...dc }));
  }

  datacenter(idOrIdentifier: string | number): SimDatacenter {
    const key = String(idOrIdentifier);
    const found = this.#datacenters.find((dc) => dc.identifier === key || String(dc.id) === key || dc.code === key);
    if (!found) throw new SimApiError(404, 'Datacenter not found');
    return { ...found };
  }

  k8sOfferings(): SimK8sOffering[] {
    return this.#k8sOfferings.map((o) => ({ ...o }));
  }

  offerings(): SimOffering[] {
    return this.#offerings.map((o) => ({ ...o }));
  }

  setQuota(quota: { maxVms: number }): void {
    this.#maxVms = quota.maxVms;
  }

  /** Subscribes to VM lifecycle events; returns the unsubscribe function. */
  subscribe(listener: (event: SimVmEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  createCluster(spec: CreateClusterSpec = {}): SimCluster {
    if (spec.identifier && this.#clusters.has(spec.identifier)) throw new SimApiError(400, `cluster ${spec.identifier} already exists`);
    const dc = spec.datacenter !== undefined ? this.datacenter(spec.datacenter) : this.#datacenters.find((d) => d.available)!;
    const id = this.#nextClusterId++;
    const cluster: SimCluster = {
      id,
      identifier: spec.identifier ?? randomUUID(),
      name: spec.name ?? `cluster-${id}`,
      kubeVersion: spec.kubeVersion ?? 'v1.30.4',
      status: 'running',
      datacenterId: dc.id,
    };
    this.#clusters.set(cluster.identifier, cluster);
    const offering = this.#k8sOffering(spec.controlPlaneOfferingId ?? 102);
    for (let index = 0; index < (spec.controlPlaneNodes ?? 1); index += 1) {
      this.#createVm({ offering, datacenterId: dc.id, hostname: `${cluster.name}-master-${index + 1}`, cluster, groupId: undefined, role: 'master', bootDelayMs: 0 });
    }
    // The control plane exists already when the cluster is handed over.
    this.#settle();
    return { ...cluster };
  }

  clusters(): SimCluster[] {
    return [...this.#clusters.values()].map((c) => ({ ...c }));
  }

  cluster(identifier: string): SimCluster {
    return { ...this.#cluster(identifier) };
  }

  /** The cluster's VMs (control plane and workers) with hostname, address, size and status. */
  clusterVms(identifier: string): SimVm[] {
    this.#cluster(identifier);
    this.#settle();
    return [...this.#vms.values()].filter((vm) => vm.clusterIdentifier === identifier).map(copyVm);
  }

  nodeGroups(clusterIdentifier: string): SimNodeGroup[] {
    this.#cluster(clusterIdentifier);
    return [...this.#groups.values()].filter((g) => g.clusterIdentifier === clusterIdentifier).map((g) => this.#withCount(g));
  }

  createNodeGroup(clusterIdentifier: string, name: string, offeringId: number): SimNodeGroup {
    const cluster = this.#cluster(clusterIdentifier);
    const offering = this.#k8sOffering(offeringId);
    if (name.trim() === '') throw new SimApiError(400, 'Group name is required');
    const groups = this.nodeGroups(clusterIdentifier);
    if (groups.some((g) => g.offeringId === offering.id)) throw new SimApiError(400, 'Cluster already has a node group that has same selected Size');
    if (groups.some((g) => g.name === name)) throw new SimApiError(400, 'Cluster already has a node group with this name');
    const group = { id: this.#nextGroupId++, identifier: randomUUID(), name, clusterIdentifier: cluster.identifier, offeringId: offering.id, datacenterId: cluster.datacenterId };
    this.#groups.set(group.id, group);
    return this.#withCount(group);
  }

  /** Starts one worker VM in the group: `provisioning` now, `running` after the boot delay. */
  addNode(clusterIdentifier: string, groupId: number): SimVm {
    const cluster = this.#cluster(clusterIdentifier);
    const group = this.#groups.get(groupId);
    if (!group || group.clusterIdentifier !== clusterIdentifier) throw new SimApiError(404, 'Node group not found');
    if (this.#vms.size >= this.#maxVms) throw new SimApiError(403, `VM quota exceeded: the account limit of ${this.#maxVms} servers has been reached`);
    if (this.#options.isOfferingExhausted(group.offeringId)) {
      throw new SimApiError(400, 'The maximum number of servers of the selected size has been reached in this datacenter');
    }
    // Unique within the cloud: hostnames become Node names, and two VMs must never share one.
    let suffix = randomUUID().slice(0, 8);
    while ([...this.#vms.values()].some((v) => v.hostname.endsWith(`-${suffix}`))) suffix = randomUUID().slice(0, 8);
    return copyVm(
      this.#createVm({
        offering: this.#k8sOffering(group.offeringId),
        datacenterId: cluster.datacenterId,
        hostname: `${cluster.name}-${group.name}-${suffix}`,
        cluster,
        groupId,
        role: 'slave',
        bootDelayMs: this.#options.bootDelayMs,
      }),
    );
  }

  deleteNode(clusterIdentifier: string, vmIdentifier: string): void {
    this.#cluster(clusterIdentifier);
    const vm = [...this.#vms.values()].find((v) => v.identifier === vmIdentifier && v.clusterIdentifier === clusterIdentifier);
    if (!vm) throw new SimApiError(404, 'Node not found');
    if (vm.role === 'master') throw new SimApiError(400, 'Control-plane nodes cannot be deleted');
    this.#remove(vm);
  }

  vms(): SimVm[] {
    this.#settle();
    return [...this.#vms.values()].map(copyVm);
  }

  vm(id: number): SimVm {
    this.#settle();
    const vm = this.#vms.get(id);
    if (!vm) throw new SimApiError(404, 'VM not found');
    return copyVm(vm);
  }

  deleteVm(id: number): void {
    const vm = this.#vms.get(id);
    if (!vm) throw new SimApiError(404, 'VM not found');
    this.#remove(vm);
  }

  /** Moves every VM whose boot delay has passed to `running`, emitting its event. */
  settle(): void {
    this.#settle();
  }

  stop(): void {
    for (const timer of this.#bootTimers) clearTimeout(timer);
    this.#bootTimers.clear();
  }

  #cluster(identifier: string): SimCluster {
    const cluster = this.#clusters.get(identifier) ?? [...this.#clusters.values()].find((c) => String(c.id) === identifier);
    if (!cluster) throw new SimApiError(404, 'Cluster not found');
    return cluster;
  }

  #k8sOffering(id: number): SimK8sOffering {
    const offering = this.#k8sOfferings.find((o) => o.id === id);
    if (!offering) throw new SimApiError(400, `Unknown size ${id}`);
    return offering;
  }

  #withCount(group: Omit<SimNodeGroup, 'nodesCount'>): SimNodeGroup {
    let nodesCount = 0;
    for (const vm of this.#vms.values()) if (vm.groupId === group.id) nodesCount += 1;
    return { ...group, nodesCount };
  }

  #createVm(spec: { offering: SimK8sOffering; datacenterId: number; hostname: string; cluster: SimCluster; groupId: number | undefined; role: 'master' | 'slave'; bootDelayMs: number }): SimVm {
    const now = this.#options.clock.now();
    const address = this.#nextAddress++;
    const vm: SimVm = {
      id: this.#nextVmId++,
      identifier: randomUUID(),
      hostname: spec.hostname,
      ip: `10.20.${Math.floor(address / 250)}.${(address % 250) + 2}`,
      cpu: spec.offering.cpu,
      ramMb: spec.offering.ramMb,
      diskGb: spec.offering.diskGb,
      status: 'provisioning',
      offeringId: spec.offering.id,
      datacenterId: spec.datacenterId,
      clusterIdentifier: spec.cluster.identifier,
      groupId: spec.groupId,
      role: spec.role,
      createdAt: now,
      readyAt: now + spec.bootDelayMs,
      tags: [`cluster:${spec.cluster.name}`],
    };
    this.#vms.set(vm.id, vm);
    this.#emit('created', vm);
    this.#armBootTimer(vm);
    return vm;
  }

  #armBootTimer(vm: SimVm): void {
    if (vm.readyAt <= this.#options.clock.now()) return;
    const timer = setTimeout(() => {
      this.#bootTimers.delete(timer);
      this.#settle();
      // An injected clock may not have moved as far as real time: check again later.
      const current = this.#vms.get(vm.id);
      if (current?.status === 'provisioning') this.#armBootTimer(current);
    }, realDelayMs(this.#options.clock, vm.readyAt - this.#options.clock.now()));
    timer.unref();
    this.#bootTimers.add(timer);
  }

  #settle(): void {
    const now = this.#options.clock.now();
    for (const vm of this.#vms.values()) {
      if (vm.status === 'provisioning' && vm.readyAt <= now) {
        vm.status = 'running';
        this.#emit('running', vm);
      }
    }
  }

  #remove(vm: SimVm): void {
    this.#vms.delete(vm.id);
    this.#emit('deleted', vm);
  }

  #emit(type: SimVmEvent['type'], vm: SimVm): void {
    const event = { type, vm: copyVm(vm), at: this.#options.clock.now() };
    for (const listener of this.#listeners) listener(event);
  }
}

function copyVm(vm: SimVm): SimVm {
  return { ...vm, tags: [...vm.tags] };
}
