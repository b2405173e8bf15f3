import { bytes, cpuMillis } from '../../../common/quantity.ts';
import type { Container, PodSpec, ResourceList } from '../kube-shapes.ts';

/** CPU (millicores) and memory (bytes) a pod asks for. */
export interface Requests {
  cpu: number;
  memory: number;
}

/** What the scheduler's scoring assumes for a container that requests nothing (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest). */
export const DEFAULT_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

function containerRequests(c: Container, nonZero: boolean): Requests {
  const r: ResourceList = c.resources?.requests ?? {};
  return {
    cpu: r.cpu === undefined ? (nonZero ? DEFAULT_CPU_REQUEST : 0) : cpuMillis(r.cpu),
    memory: r.memory === undefined ? (nonZero ? DEFAULT_MEMORY_REQUEST : 0) : bytes(r.memory),
  };
}

/**
 * A pod's effective requests as the scheduler computes them (component-helpers PodRequests): the
 * sum over its containers and restartable (sidecar) init containers, or the largest init container
 * plus the sidecars started before it when that is more, plus the pod overhead. With `nonZero`,
 * containers without a request count as 100m / 200Mi — the figures scoring uses.
 */
export function podRequests(spec: PodSpec, nonZero = false): Requests {
  const total: Requests = { cpu: 0, memory: 0 };
  for (const c of spec.containers ?? []) {
    const r = containerRequests(c, nonZero);
    total.cpu += r.cpu;
    total.memory += r.memory;
  }
  const sidecars: Requests = { cpu: 0, memory: 0 };
  const initPeak: Requests = { cpu: 0, memory: 0 };
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      sidecars.cpu += r.cpu;
      sidecars.memory += r.memory;
      initPeak.cpu = Math.max(initPeak.cpu, sidecars.cpu);
      initPeak.memory = Math.max(initPeak.memory, sidecars.memory);
    } else {
      initPeak.cpu = Math.max(initPeak.cpu, r.cpu + sidecars.cpu);
      initPeak.memory = Math.max(initPeak.memory, r.memory + sidecars.memory);
    }
  }
  const overhead = spec.overhead ?? {};
  return {
    cpu: Math.max(total.cpu + sidecars.cpu, initPeak.cpu) + cpuMillis(overhead.cpu),
    memory: Math.max(total.memory + sidecars.memory, initPeak.memory) + bytes(overhead.memory),
  };
}
