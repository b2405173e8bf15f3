import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { bytes, cpuMillis } from '../../common/quantity.ts';
import type { ScalingDeps } from './deps.ts';

interface NodeMetrics {
  metadata: { name: string };
  timestamp?: string;
  usage: { cpu: string; memory: string };
}

/**
 * Reads node usage from metrics.k8s.io and hands each managed node's actor a sample: CPU and
 * memory as fractions of what the node can allocate. The actors keep the windows; this keeps nothing.
 */
export class MetricsPoller {
  #deps: ScalingDeps;
  #api: CustomObjectsApi;
  #timer: NodeJS.Timeout | undefined;

  constructor(kc: KubeConfig, deps: ScalingDeps) {
    this.#deps = deps;
    this.#api = kc.makeApiClient(CustomObjectsApi);
  }

  start(): void {
    this.#timer = setInterval(() => void this.poll(), this.#deps.settings.metricsIntervalMs);
    this.#timer.unref();
    void this.poll();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async poll(): Promise<number> {
    const { informers, supervisor, log } = this.#deps;
    if (!supervisor.running) return 0;
    let list: { items: NodeMetrics[] };
    try {
      list = (await this.#api.listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' })) as { items: NodeMetrics[] };
    } catch (error) {
      log.warn({ err: error }, 'could not read node metrics; scale-down waits for them');
      return 0;
    }
    const owner = new Map<string, { namespace: string; name: string }>();
    for (const vn of informers.vpsieNodes.list()) if (vn.status?.nodeName) owner.set(vn.status.nodeName, { namespace: vn.metadata.namespace!, name: vn.metadata.name });
    let routed = 0;
    const now = this.#deps.now().getTime();
    for (const m of list.items) {
      const vn = owner.get(m.metadata.name);
      const node = informers.nodes.get(undefined, m.metadata.name);
      const allocatable = node?.status?.allocatable;
      if (!vn || !allocatable?.cpu || !allocatable.memory) continue;
      const cpu = cpuMillis(m.usage.cpu) / Math.max(1, cpuMillis(allocatable.cpu));
      const memory = bytes(m.usage.memory) / Math.max(1, bytes(allocatable.memory));
      const at = m.timestamp ? Date.parse(m.timestamp) : now;
      if (supervisor.sample(vn.namespace, vn.name, cpu, memory, Number.isNaN(at) ? now : at)) routed++;
    }
    return routed;
  }
}
