import { bytes, cpuMillis } from '../../common/quantity.ts';
import type { Requests } from './types.ts';

type Quantities = Readonly<Record<string, string | number | undefined>>;

/** The parts of a core/v1 PodSpec that decide its requests (structural: @kubernetes/client-node's V1PodSpec fits). */
export interface RequestsSpec {
  containers?: readonly { resources?: { requests?: Quantities } }[];
  initContainers?: readonly { resources?: { requests?: Quantities }; restartPolicy?: string }[];
  overhead?: Quantities;
  /** Pod-level resources (PodLevelResources): when they name a resource, they replace the containers' sum for it. */
  resources?: { requests?: Quantities };
}

function requestsOf(list: Quantities | undefined): Requests {
  return { cpu: cpuMillis(list?.cpu), memory: bytes(list?.memory) };
}

/**
 * A pod's effective requests as kube-scheduler computes them (component-helpers PodRequests):
 * the containers plus the restartable (sidecar) init containers, or — when more — the peak of an
 * init container plus the sidecars started before it; pod-level requests replace that per
 * resource; the pod overhead is added. A container without a request counts as zero.
 */
export function podRequestsOf(spec: RequestsSpec): Requests {
  const total: Requests = { cpu: 0, memory: 0 };
  for (const c of spec.containers ?? []) {
    const r = requestsOf(c.resources?.requests);
    total.cpu += r.cpu;
    total.memory += r.memory;
  }
  const sidecars: Requests = { cpu: 0, memory: 0 };
  const initPeak: Requests = { cpu: 0, memory: 0 };
  for (const c of spec.initContainers ?? []) {
    const r = requestsOf(c.resources?.requests);
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
  const podLevel = spec.resources?.requests;
  const overhead = requestsOf(spec.overhead);
  return {
    cpu: (podLevel?.cpu !== undefined ? cpuMillis(podLevel.cpu) : Math.max(total.cpu + sidecars.cpu, initPeak.cpu)) + overhead.cpu,
    memory: (podLevel?.memory !== undefined ? bytes(podLevel.memory) : Math.max(total.memory + sidecars.memory, initPeak.memory)) + overhead.memory,
  };
}
