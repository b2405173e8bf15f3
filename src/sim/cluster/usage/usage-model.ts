import type { ClusterCache } from '../cluster-cache.ts';
import { type Pod, controllerOf } from '../kube-shapes.ts';
import { podRequests } from '../scheduler/requests.ts';
import { parseUsageAnnotation, type Usage, USAGE_ANNOTATION, usageAt, type UsagePoint } from './usage-profile.ts';

export const WORKLOAD_LABEL = 'sim.vpsie.com/workload';

export interface UsageOptions {
  /** Share of its requests a pod uses when nothing else says (cpu, memory). */
  defaultShare: { cpu: number; memory: number };
  /** What a pod without requests uses by default. */
  floor: Usage;
  /** What the OS, kubelet and container runtime of every node use on top of its pods. */
  system: { cpuMillis: number; cpuShare: number; memoryBytes: number };
}

export const DEFAULT_USAGE_OPTIONS: UsageOptions = {
  defaultShare: { cpu: 0.5, memory: 0.6 },
  floor: { cpu: 5, memory: 16 * 2 ** 20 },
  system: { cpuMillis: 50, cpuShare: 0.01, memoryBytes: 350 * 2 ** 20 },
};

/**
 * How much each pod and node uses. A pod's usage comes, by precedence, from its workload's profile
 * (set by a scenario), its `sim.vpsie.com/usage` annotation, or a share of its requests. A node
 * uses what its running pods use plus a system share.
 */
export class UsageModel {
  readonly #cache: ClusterCache;
  readonly #options: UsageOptions;
  readonly #profiles = new Map<string, UsagePoint[]>();

  constructor(cache: ClusterCache, options: Partial<UsageOptions> = {}) {
    this.#cache = cache;
    this.#options = { ...DEFAULT_USAGE_OPTIONS, ...options };
  }

  /** Replaces a workload's usage profile (per pod, over simulated time). */
  setProfile(namespace: string, workload: string, points: readonly UsagePoint[]): void {
    this.#profiles.set(`${namespace}/${workload}`, [...points].sort((a, b) => a.at - b.at));
  }

  /** Sets a workload's per-pod usage from `at` on, keeping its earlier profile. */
  setUsageFrom(namespace: string, workload: string, point: UsagePoint): void {
    const key = `${namespace}/${workload}`;
    const points = (this.#profiles.get(key) ?? []).filter((p) => p.at < point.at);
    this.#profiles.set(key, [...points, point]);
  }

  /** The workload a pod belongs to: its `sim.vpsie.com/workload` label, else its Deployment, DaemonSet or ReplicaSet. */
  workloadOf(pod: Pod): string | undefined {
    const label = pod.metadata.labels?.[WORKLOAD_LABEL];
    if (label) return label;
    const owner = controllerOf(pod);
    if (owner?.kind !== 'ReplicaSet') return owner?.name;
    const rs = this.#cache.replicaSets.get(`${pod.metadata.namespace}/${owner.name}`);
    const deployment = rs && controllerOf(rs);
    return deployment?.kind === 'Deployment' ? deployment.name : owner.name;
  }

  podUsage(pod: Pod, at: number): Usage {
    const workload = this.workloadOf(pod);
    const profile = workload ? this.#profiles.get(`${pod.metadata.namespace}/${workload}`) : undefined;
    const fromProfile = profile ? usageAt(profile, at) : {};
    const annotated = parseUsageAnnotation(pod.metadata.annotations?.[USAGE_ANNOTATION]) ?? {};
    const requests = podRequests(pod.spec);
    const { defaultShare, floor } = this.#options;
    return {
      cpu: fromProfile.cpu ?? annotated.cpu ?? (requests.cpu ? Math.round(requests.cpu * defaultShare.cpu) : floor.cpu),
      memory: fromProfile.memory ?? annotated.memory ?? (requests.memory ? Math.round(requests.memory * defaultShare.memory) : floor.memory),
    };
  }

  /** A pod's usage split over its containers in proportion to their cpu and memory requests (evenly when they request nothing). */
  containerUsage(pod: Pod, at: number): { name: string; usage: Usage }[] {
    const total = this.podUsage(pod, at);
    const containers = pod.spec.containers;
    const share = (c: (typeof containers)[number], resource: 'cpu' | 'memory') => {
      const mine = podRequests({ containers: [c] })[resource];
      const all = podRequests({ containers })[resource];
      return all ? mine / all : 1 / containers.length;
    };
    return containers.map((c) => ({ name: c.name, usage: { cpu: Math.round(total.cpu * share(c, 'cpu')), memory: Math.round(total.memory * share(c, 'memory')) } }));
  }

  nodeUsage(nodeName: string, capacityCpuMillis: number, at: number): Usage {
    const { system } = this.#options;
    const usage: Usage = { cpu: system.cpuMillis + Math.round(capacityCpuMillis * system.cpuShare), memory: system.memoryBytes };
    for (const pod of this.#cache.podsOnNode(nodeName)) {
      if (pod.status?.phase !== 'Running') continue;
      const u = this.podUsage(pod, at);
      usage.cpu += u.cpu;
      usage.memory += u.memory;
    }
    return usage;
  }
}
