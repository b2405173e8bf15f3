import type { ClusterNode, NodeTemplate, PendingPod, RunningPod, SampleColumns, ScaleDownGroup, ScaleUpGroup, Taint } from '../../../src/policy/scaling/types.ts';

export const MI = 2 ** 20;
export const GI = 2 ** 30;
export const NO_OVERHEAD = { cpu: 0, memory: 0, pods: 0 };

export function pod(name: string, cpu: number, memory: number, extra: Partial<PendingPod> = {}): PendingPod {
  return { namespace: 'default', name, requests: { cpu, memory }, ...extra };
}

/** A template whose allocatable is exactly `cpu` millicores and `memoryGi` GiB, labelled for its group. */
export function template(group: string, offeringID: string, cpu: number, memoryGi: number, hourlyPrice: number, extra: Partial<NodeTemplate> = {}): NodeTemplate {
  return {
    offeringID,
    hourlyPrice,
    allocatable: { cpu, memory: memoryGi * GI, pods: 110 },
    labels: { 'autoscaler.vpsie.com/nodegroup': group, 'node.kubernetes.io/instance-type': offeringID },
    daemonSetOverhead: NO_OVERHEAD,
    ...extra,
  };
}

export function group(name: string, offerings: NodeTemplate[], extra: Partial<ScaleUpGroup> = {}): ScaleUpGroup {
  return { name, maxNodes: 10, liveNodes: 0, scaleUpEnabled: true, taints: [], offerings, ...extra };
}

export const GPU_TAINT: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };

export const NOW = 100_000_000;

/** `count` samples ending at NOW, evenly over `spanSeconds`, all at `cpu` and `memory`. */
export function samples(cpu: number, memory = cpu, count = 40, spanSeconds = 600): SampleColumns {
  const at = new Float64Array(count);
  const c = new Float32Array(count);
  const m = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    at[i] = NOW - spanSeconds * 1000 + (count === 1 ? spanSeconds * 1000 : (i * spanSeconds * 1000) / (count - 1));
    c[i] = cpu;
    m[i] = memory;
  }
  return { at, cpu: c, memory: m };
}

export function running(name: string, cpu: number, memory: number, extra: Partial<RunningPod> = {}): RunningPod {
  return { namespace: 'default', name, requests: { cpu, memory }, controller: { kind: 'ReplicaSet', name: `${name}-rs` }, ...extra };
}

/** A managed node of group `g` with 4 cores, 8 GiB, 110 pod slots, idle for the whole window unless said otherwise. */
export function clusterNode(name: string, pods: RunningPod[], extra: Partial<ClusterNode> = {}): ClusterNode {
  return {
    name,
    group: 'g',
    allocatable: { cpu: 4000, memory: 8 * GI, pods: 110 },
    labels: { 'kubernetes.io/hostname': name },
    taints: [],
    unschedulable: false,
    deleting: false,
    pods,
    samples: samples(0.1),
    ...extra,
  };
}

export function downGroup(extra: Partial<ScaleDownGroup> = {}): ScaleDownGroup {
  return { name: 'g', minNodes: 0, liveNodes: 10, disruptionsAllowed: 10, ...extra };
}
