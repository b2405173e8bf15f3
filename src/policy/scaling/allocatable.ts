/**
 * What a node of a VPSie offering leaves to pods. VPSie's Kubernetes images run the kubelet with
 * the reservation GKE and AKS document, so allocatable is predictable from the size alone and the
 * autoscaler need not wait for a node of a size before it can pack pods onto one.
 */
import type { Resources } from './types.ts';

/** kubelet's default --max-pods. */
export const POD_CAPACITY = 110;
/** kubelet's default hard eviction threshold (memory.available<100Mi), held back on top of the reserve. */
export const EVICTION_MEMORY_BYTES = 100 * 2 ** 20;
const GIB = 2 ** 30;

/** The size of an offering as VPSie lists it: cores and RAM in MB. */
export interface OfferingSize {
  cpu: number;
  memoryMB: number;
}

function tiered(value: number, steps: readonly (readonly [upTo: number, share: number])[]): number {
  let reserved = 0;
  let from = 0;
  for (const [upTo, share] of steps) {
    if (value <= from) break;
    reserved += (Math.min(value, upTo) - from) * share;
    from = upTo;
  }
  return reserved;
}

/**
 * CPU (millicores) and memory (bytes) the system keeps from pods, tier by tier: 6% of the first
 * core, 1% of the second, 0.5% of the next two, 0.25% above four; 25% of the first 4 GiB of
 * memory, 20% of the next 4, 10% of the next 8, 6% up to 128 GiB, 2% above — plus the eviction
 * threshold. Memory is rounded up to whole KiB as the kubelet reports it.
 */
export function systemReserve(size: OfferingSize): { cpu: number; memory: number } {
  const cpuMillis = size.cpu * 1000;
  const memoryBytes = size.memoryMB * 2 ** 20;
  const cpu = tiered(cpuMillis, [[1000, 0.06], [2000, 0.01], [4000, 0.005], [Infinity, 0.0025]]);
  const memory = tiered(memoryBytes, [[4 * GIB, 0.25], [8 * GIB, 0.2], [16 * GIB, 0.1], [128 * GIB, 0.06], [Infinity, 0.02]]);
  return { cpu: Math.ceil(cpu), memory: Math.ceil(memory / 1024) * 1024 + EVICTION_MEMORY_BYTES };
}

/** Allocatable of a node of this size: capacity minus `systemReserve`, and kubelet's default pod slots. */
export function allocatableOf(size: OfferingSize): Resources {
  const reserve = systemReserve(size);
  return { cpu: size.cpu * 1000 - reserve.cpu, memory: size.memoryMB * 2 ** 20 - reserve.memory, pods: POD_CAPACITY };
}
