import { cpuMillis } from '../../../common/quantity.ts';
import type { MetricsSource } from '../../kube/apiserver.ts';
import { rfc3339 } from '../../kube/time.ts';
import type { KubeObject } from '../../kube/types.ts';
import type { ClusterCache } from '../cluster-cache.ts';
import type { ClusterClock } from '../time/clock.ts';
import type { UsageModel } from './usage-model.ts';
import type { Usage } from './usage-profile.ts';

export interface MetricsOptions {
  /** metrics-server's --metric-resolution: samples are taken on this grid of simulated time. */
  resolutionMs: number;
}

const API_VERSION = 'metrics.k8s.io/v1beta1';

/** Usage as metrics-server writes it: cpu in nanocores, memory in KiB. */
export function usageQuantities(u: Usage): { cpu: string; memory: string } {
  return { cpu: `${Math.round(u.cpu * 1e6)}n`, memory: `${Math.ceil(u.memory / 1024)}Ki` };
}

/**
 * The simulated metrics-server behind metrics.k8s.io/v1beta1: NodeMetrics for nodes whose kubelet
 * runs, PodMetrics (per container) for running pods on them, sampled at the last resolution tick.
 */
export function createMetricsSource(cache: ClusterCache, usage: UsageModel, clock: ClusterClock, isRunning: (node: string) => boolean, options: MetricsOptions): MetricsSource {
  const window = `${options.resolutionMs / 1000}s`;
  const sampledAt = () => Math.floor(clock.now() / options.resolutionMs) * options.resolutionMs;
  return {
    nodes(): KubeObject[] {
      const at = sampledAt();
      const timestamp = rfc3339(new Date(at));
      const created = rfc3339(new Date(clock.now()));
      const out: KubeObject[] = [];
      for (const node of cache.nodes.values()) {
        const name = node.metadata.name!;
        if (!isRunning(name)) continue;
        const capacity = cpuMillis(node.status?.capacity?.cpu ?? 0);
        out.push({
          kind: 'NodeMetrics',
          apiVersion: API_VERSION,
          metadata: { name, creationTimestamp: created, labels: { ...node.metadata.labels } },
          timestamp,
          window,
          usage: usageQuantities(usage.nodeUsage(name, capacity, at)),
        });
      }
      return out.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    },
    pods(namespace?: string): KubeObject[] {
      const at = sampledAt();
      const timestamp = rfc3339(new Date(at));
      const created = rfc3339(new Date(clock.now()));
      const out: KubeObject[] = [];
      for (const pod of cache.pods.values()) {
        if (namespace && pod.metadata.namespace !== namespace) continue;
        if (pod.status?.phase !== 'Running' || !pod.spec.nodeName || !isRunning(pod.spec.nodeName)) continue;
        out.push({
          kind: 'PodMetrics',
          apiVersion: API_VERSION,
          metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: created, labels: { ...pod.metadata.labels } },
          timestamp,
          window,
          containers: usage.containerUsage(pod, at).map((c) => ({ name: c.name, usage: usageQuantities(c.usage) })),
        });
      }
      return out.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    },
  };
}
