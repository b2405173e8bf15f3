import { describe, expect, it } from 'vitest';
import { bytes, cpuMillis } from '../../../src/common/quantity.ts';
import { allocatableOf, EVICTION_MEMORY_BYTES, POD_CAPACITY, systemReserve } from '../../../src/policy/scaling/allocatable.ts';
import { nodeResources } from '../../../src/sim/cluster/kubelet/node-object.ts';

describe('allocatableOf', () => {
  it.each([
    [1, 1024],
    [2, 4096],
    [4, 8192],
    [8, 16384],
    [16, 65536],
    [64, 262144],
  ])('matches what the simulated kubelet reports for %i cores and %i MB', (cpu, memoryMB) => {
    const kubelet = nodeResources({ cpu, memoryMb: memoryMB, diskGb: 80 }).allocatable;
    expect(allocatableOf({ cpu, memoryMB })).toEqual({ cpu: cpuMillis(kubelet.cpu), memory: bytes(kubelet.memory), pods: Number(kubelet.pods) });
  });

  it('reserves 6% of the first core, 1% of the second, 0.5% of the next two and 0.25% above', () => {
    expect(systemReserve({ cpu: 1, memoryMB: 0 }).cpu).toBe(60);
    expect(systemReserve({ cpu: 2, memoryMB: 0 }).cpu).toBe(70);
    expect(systemReserve({ cpu: 4, memoryMB: 0 }).cpu).toBe(80);
    expect(systemReserve({ cpu: 8, memoryMB: 0 }).cpu).toBe(90);
  });

  it('reserves 25% of the first 4 GiB, 20% of the next 4 and 10% of the next 8 (in whole KiB), plus the eviction threshold', () => {
    const GI = 2 ** 30;
    const kib = (value: number) => Math.ceil(value / 1024) * 1024;
    expect(systemReserve({ cpu: 1, memoryMB: 4096 }).memory).toBe(GI + EVICTION_MEMORY_BYTES);
    expect(systemReserve({ cpu: 1, memoryMB: 8192 }).memory).toBe(kib(GI + 0.8 * GI) + EVICTION_MEMORY_BYTES);
    expect(systemReserve({ cpu: 1, memoryMB: 16384 }).memory).toBe(kib(GI + 0.8 * GI + 0.8 * GI) + EVICTION_MEMORY_BYTES);
  });

  it('gives every node the kubelet default pod slots', () => {
    expect(allocatableOf({ cpu: 2, memoryMB: 2048 }).pods).toBe(POD_CAPACITY);
  });
});
