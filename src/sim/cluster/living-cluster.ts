import type { KubeApiServer } from '../kube/apiserver.ts';
import { CONTROL_PLANE_USER } from '../kube/apiserver.ts';
import { type SimCluster as VpsieCluster, type SimDatacenter, type SimNodeGroup, type SimVpsie, type StartSimVpsieOptions, startSimVpsie } from '../vpsie/index.ts';
import { ClusterCache } from './cluster-cache.ts';
import { DaemonSetController } from './controllers/daemonset-controller.ts';
import { DeploymentController } from './controllers/deployment-controller.ts';
import { NodeLifecycleController } from './controllers/node-lifecycle-controller.ts';
import { PodGcController } from './controllers/pod-gc-controller.ts';
import { ReplicaSetController } from './controllers/replicaset-controller.ts';
import { TaintEvictionController } from './controllers/taint-eviction-controller.ts';
import { KubeletFleet, type KubeletOptions, machineOfVm } from './kubelet/fleet.ts';
import { nodeUser } from './kubelet/kubelet.ts';
import { registrationNode } from './kubelet/node-object.ts';
import { Scheduler, type SchedulerOptions } from './scheduler/scheduler.ts';
import type { ClusterClock } from './time/clock.ts';
import { SimTimers } from './time/timers.ts';
import { createMetricsSource } from './usage/metrics-source.ts';
import { UsageModel, type UsageOptions } from './usage/usage-model.ts';

export interface NodeGroupSpec {
  name: string;
  /** K8s offering id or name (`104`, `k8s-4-8`). */
  offering: number | string;
  /** Nodes booted and Ready before the cluster is handed over. */
  nodes?: number;
}

export interface LivingClusterOptions extends Partial<KubeletOptions> {
  /** Name of the VPSie Kubernetes cluster; node hostnames start with it. Default `sim`. */
  clusterName?: string;
  /** Identifier of the VPSie Kubernetes cluster (a NodeGroup's resourceIdentifier). Default `sim-cluster-1`. */
  clusterIdentifier?: string;
  /** Datacenter id, identifier or code. Default `ams1`. */
  datacenter?: string | number;
  /** The cluster's Kubernetes version, reported by every kubelet. Default v1.32.4. */
  kubeVersion?: string;
  /** Simulated time from adding a node to its VM running. Default 90 s. */
  bootDelayMs?: number;
  nodeGroups?: NodeGroupSpec[];
  nodeMonitorPeriodMs?: number;
  nodeMonitorGracePeriodMs?: number;
  podGcPeriodMs?: number;
  podGcQuarantineMs?: number;
  metricsResolutionMs?: number;
  scheduler?: Partial<SchedulerOptions>;
  usage?: Partial<UsageOptions>;
  /** Options of the simulated VPSie API (credentials, faults, quota, async creation, …). */
  vpsie?: Omit<StartSimVpsieOptions, 'now' | 'timeScale' | 'bootDelayMs'>;
  /** Where the cloud's URL, CA and credentials are stored. Default kube-system/vpsie-secret. */
  secret?: { namespace: string; name: string };
  /** Real milliseconds to wait for the initial nodes to be Ready. Default 30 s. */
  readyTimeoutMs?: number;
}

/** What a client of the simulated VPSie cloud needs: written to the Secret and to `.sim/vpsie.json`. */
export interface VpsieConnection {
  url: string;
  caPem: string;
  clientId: string;
  clientSecret: string;
  clusterId: string;
  datacenterId: string;
  datacenterCode: string;
  offerings: { id: number; name: string }[];
  nodeGroups: { id: number; name: string; offeringId: number }[];
}

/** The running simulated cluster around the API server. */
export interface LivingCluster {
  readonly clock: ClusterClock;
  readonly timers: SimTimers;
  readonly vpsie: SimVpsie;
  readonly vpsieCluster: VpsieCluster;
  readonly datacenter: SimDatacenter;
  readonly cache: ClusterCache;
  readonly kubelets: KubeletFleet;
  readonly scheduler: Scheduler;
  readonly usage: UsageModel;
  nodeGroups(): SimNodeGroup[];
  connection(): VpsieConnection;
  close(): Promise<void>;
}

export const DEFAULT_LIVING_OPTIONS = {
  clusterName: 'sim',
  clusterIdentifier: 'sim-cluster-1',
  datacenter: 'ams1',
  kubeVersion: 'v1.32.4',
  bootDelayMs: 90_000,
  joinDelayMs: 20_000,
  podStartDelayMs: 3_000,
  podTerminationMs: 5_000,
  leaseRenewIntervalMs: 10_000,
  leaseDurationSeconds: 40,
  nodeStatusReportIntervalMs: 300_000,
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 40_000,
  podGcPeriodMs: 20_000,
  podGcQuarantineMs: 40_000,
  metricsResolutionMs: 15_000,
  readyTimeoutMs: 30_000,
} as const;

/**
 * Jumps the clock forward in steps no longer than a lease renewal, letting the simulation catch
 * up after each, so no kubelet looks dead for a jump it could not have renewed its Lease in.
 */
async function advanceInSteps(clock: ClusterClock, ms: number, stepMs: number): Promise<void> {
  for (let done = 0; done < ms; done += stepMs) {
    clock.advance(Math.min(stepMs, ms - done));
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** How far a cluster with these options jumps its clock at start (boot and join of the initial nodes). */
export function startJumpMs(options: LivingClusterOptions): number {
  const initial = (options.nodeGroups ?? []).reduce((n, g) => n + (g.nodes ?? 0), 0);
  return initial > 0 ? (options.bootDelayMs ?? DEFAULT_LIVING_OPTIONS.bootDelayMs) + (options.joinDelayMs ?? DEFAULT_LIVING_OPTIONS.joinDelayMs) : 0;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`simulated cluster: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Brings an API server to life: starts the simulated VPSie cloud over HTTPS with one Kubernetes
 * cluster, registers its control plane as a static kubelet, stores the cloud's URL, CA and
 * credentials in the Secret, and runs kubelets, scheduler, controllers and metrics on `clock`.
 * Initial node groups are created with their nodes booted and Ready (the clock jumps over the boot
 * and join delays) before this resolves.
 */
export async function startLivingCluster(api: KubeApiServer, clock: ClusterClock, options: LivingClusterOptions = {}, onError: (error: unknown) => void = console.error): Promise<LivingCluster> {
  const o = { ...DEFAULT_LIVING_OPTIONS, ...options };
  const vpsie = await startSimVpsie({ ...options.vpsie, now: clock.now, timeScale: clock.timeScale, bootDelayMs: o.bootDelayMs });
  const closers: (() => unknown)[] = [() => vpsie.close()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
  };
  try {
    const cloud = vpsie.cloud;
    const datacenter = cloud.datacenter(o.datacenter);
    const vpsieCluster = cloud.createCluster({ identifier: o.clusterIdentifier, name: o.clusterName, datacenter: datacenter.id, kubeVersion: o.kubeVersion });
    const timers = new SimTimers(clock, onError);
    closers.push(() => timers.stop());
    // The cloud's boot timers run on real time; after a jump of the clock, VMs due must run now.
    closers.push(clock.onAdvance(() => cloud.settle()));
    const cache = new ClusterCache(api.store);
    closers.push(() => cache.stop());
    const deps = { api, cache, timers, onError };
    const region = datacenter.code;

    const controlPlane = api.client(CONTROL_PLANE_USER);
    const secret = o.secret ?? { namespace: 'kube-system', name: 'vpsie-secret' };
    await controlPlane.create('/secrets', secret.namespace, {
      metadata: { name: secret.name, labels: { 'app.kubernetes.io/managed-by': 'vpsie-sim' } },
      stringData: { url: vpsie.url, caCert: vpsie.caPem ?? '', clientId: vpsie.credentials.clientId, clientSecret: vpsie.credentials.clientSecret },
    });
    for (const vm of cloud.clusterVms(vpsieCluster.identifier).filter((v) => v.role === 'master')) {
      const machine = machineOfVm(vm, { kubeVersion: vpsieCluster.kubeVersion, region }, 0);
      await api.client(nodeUser(machine.hostname)).create('/nodes', undefined, registrationNode(machine, new Date(clock.now()), true));
    }

    const kubelets = new KubeletFleet(deps, { cloud, clusterIdentifier: vpsieCluster.identifier, kubeVersion: vpsieCluster.kubeVersion, region }, o);
    const scheduler = new Scheduler(deps, options.scheduler);
    const components = [
      kubelets,
      scheduler,
      new ReplicaSetController(deps),
      new DeploymentController(deps),
      new DaemonSetController(deps),
      new NodeLifecycleController(deps, o),
      new TaintEvictionController(deps),
      new PodGcController(deps, { periodMs: o.podGcPeriodMs, quarantineMs: o.podGcQuarantineMs }),
    ];
    for (const c of components) {
      c.start();
      closers.push(() => c.stop());
    }
    const usage = new UsageModel(cache, options.usage);
    api.setMetricsSource(createMetricsSource(cache, usage, clock, (n) => kubelets.isRunning(n), { resolutionMs: o.metricsResolutionMs }));

    const offerings = cloud.k8sOfferings();
    const offeringId = (o: number | string) => {
      const found = offerings.find((x) => x.id === Number(o) || x.name === o);
      if (!found) throw new Error(`unknown offering ${o}: expected one of ${offerings.map((x) => `${x.id} (${x.name})`).join(', ')}`);
      return found.id;
    };
    let initial = 0;
    for (const group of o.nodeGroups ?? []) {
      const created = cloud.createNodeGroup(vpsieCluster.identifier, group.name, offeringId(group.offering));
      for (let i = 0; i < (group.nodes ?? 0); i++) cloud.addNode(vpsieCluster.identifier, created.id);
      initial += group.nodes ?? 0;
    }
    if (initial > 0) {
      await advanceInSteps(clock, o.bootDelayMs, o.leaseRenewIntervalMs / 2);
      // Nodes are named after VM hostnames; two VMs may share one (a 5-character suffix).
      const expected = new Set(cloud.clusterVms(vpsieCluster.identifier).map((vm) => vm.hostname.toLowerCase())).size;
      await until(() => cache.nodes.size >= expected, o.readyTimeoutMs, 'the initial nodes to register');
      await advanceInSteps(clock, o.joinDelayMs, o.leaseRenewIntervalMs / 2);
      const ready = () => [...cache.nodes.values()].filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready')).length;
      await until(() => ready() >= expected, o.readyTimeoutMs, 'the initial nodes to be Ready');
    }

    return {
      clock,
      timers,
      vpsie,
      vpsieCluster,
      datacenter,
      cache,
      kubelets,
      scheduler,
      usage,
      nodeGroups: () => cloud.nodeGroups(vpsieCluster.identifier),
      connection: () => ({
        url: vpsie.url,
        caPem: vpsie.caPem ?? '',
        clientId: vpsie.credentials.clientId,
        clientSecret: vpsie.credentials.clientSecret,
        clusterId: vpsieCluster.identifier,
        datacenterId: datacenter.identifier,
        datacenterCode: datacenter.code,
        offerings: offerings.map((x) => ({ id: x.id, name: x.name })),
        nodeGroups: cloud.nodeGroups(vpsieCluster.identifier).map((g) => ({ id: g.id, name: g.name, offeringId: g.offeringId })),
      }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
