/**
 * A scale-up round like a busy cluster's: six node groups of ten offerings each (general, memory-
 * heavy, compute, a GPU pool tainted gpu=true:NoSchedule, a spot pool tainted spot:NoExecute, and a
 * second zone), and pending pods with a mix of plain pods, nodeSelectors, required affinity,
 * tolerations, offering pins and a few pods too large for any offering. Seeded: every run is the same.
 */
import { allocatableOf } from '../../src/policy/scaling/allocatable.ts';
import { templateLabels } from '../../src/policy/scaling/template-labels.ts';
import type { NodeTemplate, PendingPod, ScaleUpGroup, ScaleUpInput, Taint, UpcomingNode } from '../../src/policy/scaling/types.ts';

const MI = 2 ** 20;

/** mulberry32: a small seeded generator. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GroupShape {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  /** GiB of memory per core. */
  ratio: number;
  /** Price per core-hour. */
  rate: number;
}

const SHAPES: GroupShape[] = [
  { name: 'general', labels: { pool: 'general', zone: 'a' }, taints: [], ratio: 2, rate: 0.015 },
  { name: 'highmem', labels: { pool: 'highmem', zone: 'a' }, taints: [], ratio: 8, rate: 0.03 },
  { name: 'compute', labels: { pool: 'compute', zone: 'a' }, taints: [], ratio: 1, rate: 0.013 },
  { name: 'gpu', labels: { pool: 'gpu', zone: 'a', accelerator: 'gpu' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }], ratio: 4, rate: 0.12 },
  { name: 'spot', labels: { pool: 'spot', zone: 'a' }, taints: [{ key: 'spot', effect: 'NoExecute' }], ratio: 2, rate: 0.006 },
  { name: 'zone-b', labels: { pool: 'general', zone: 'b' }, taints: [], ratio: 2, rate: 0.016 },
];

const CORES = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32];

export function groups(count = SHAPES.length, offeringsPerGroup = CORES.length, liveNodes = 0): ScaleUpGroup[] {
  return SHAPES.slice(0, count).map((shape) => ({
    name: shape.name,
    maxNodes: 1000,
    liveNodes,
    scaleUpEnabled: true,
    taints: shape.taints,
    offerings: CORES.slice(0, offeringsPerGroup).map((cores): NodeTemplate => {
      const id = `${shape.name}-${cores}-${cores * shape.ratio}`;
      // Bigger sizes are slightly cheaper per core, as on most clouds.
      const hourlyPrice = Number((cores * shape.rate * (1 - Math.log2(cores) * 0.01)).toFixed(5));
      return {
        offeringID: id,
        hourlyPrice,
        allocatable: allocatableOf({ cpu: cores, memoryMB: cores * shape.ratio * 1024 }),
        labels: templateLabels(shape.name, shape.labels, id),
        daemonSetOverhead: { cpu: 150, memory: 192 * MI, pods: 3 },
      };
    }),
  }));
}

function pendingPod(i: number, next: () => number, shapes: readonly ScaleUpGroup[]): PendingPod {
  const cpu = Math.round(100 + next() * 1900);
  const memory = Math.round((128 + next() * 3968) * MI);
  const base = { namespace: `ns-${i % 20}`, name: `pod-${i}`, requests: { cpu, memory } };
  const kind = next();
  if (kind < 0.4) return base;
  if (kind < 0.55) return { ...base, requests: { cpu, memory: memory * 4 }, nodeSelector: { pool: 'highmem' } };
  if (kind < 0.65) return { ...base, requiredAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] };
  if (kind < 0.72) return { ...base, nodeSelector: { accelerator: 'gpu' }, tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] };
  if (kind < 0.82) return { ...base, tolerations: [{ key: 'spot', operator: 'Exists' }] };
  if (kind < 0.9) {
    const group = shapes[Math.floor(next() * shapes.length)]!;
    const offering = group.offerings[3 + Math.floor(next() * (group.offerings.length - 3))]!;
    return { ...base, nodeSelector: { 'node.kubernetes.io/instance-type': offering.offeringID }, tolerations: [{ operator: 'Exists' }] };
  }
  if (kind < 0.97) return { ...base, requiredAffinity: [{ matchExpressions: [{ key: 'pool', operator: 'NotIn', values: ['spot', 'gpu'] }, { key: 'zone', operator: 'Exists' }] }] };
  return { ...base, requests: { cpu: 64_000, memory } };
}

export function scaleUpRound(pods: number, opts: { groups?: number; offerings?: number; upcoming?: number; seed?: number } = {}): ScaleUpInput {
  const next = random(opts.seed ?? 42);
  const shapes = groups(opts.groups, opts.offerings);
  const upcoming: UpcomingNode[] = Array.from({ length: opts.upcoming ?? 0 }, (_, i) => ({
    name: `upcoming-${i}`,
    free: { cpu: 3000, memory: 6 * 2 ** 30, pods: 50 },
    labels: shapes[i % shapes.length]!.offerings[3]!.labels,
    taints: shapes[i % shapes.length]!.taints,
  }));
  return { pods: Array.from({ length: pods }, (_, i) => pendingPod(i, next, shapes)), upcoming, groups: shapes, heldOfferings: [shapes[0]!.offerings[5]!.offeringID] };
}
