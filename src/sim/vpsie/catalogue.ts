/**
 * The simulated cloud's fixed catalogue: a handful of datacenters (one unavailable) and K8s node
 * sizes from 1 vCPU/2 GB to 32 vCPU/64 GB, named `k8s-<vcpu>-<ram GB>` as the NodeGroup examples
 * name them. Two sizes have a cheaper twin with the same resources (`-promo`, `-amd`), so
 * rebalancing has something to find.
 */
export interface SimDatacenter {
  id: number;
  identifier: string;
  name: string;
  code: string;
  country: string;
  city: string;
  available: boolean;
}

export interface SimK8sOffering {
  id: number;
  name: string;
  cpu: number;
  ramMb: number;
  diskGb: number;
  priceMonthly: number;
  priceHourly: number;
}

export interface SimOffering extends Omit<SimK8sOffering, 'id'> {
  id: string;
  bandwidthTb: number;
  available: boolean;
  datacenterId: number;
  category: string;
}

export const DATACENTERS: readonly SimDatacenter[] = [
  { id: 1, identifier: '6f4c1a2e-0b7d-4e8a-9c41-2d3e5f607181', name: 'Amsterdam 1', code: 'ams1', country: 'Netherlands', city: 'Amsterdam', available: true },
  { id: 2, identifier: '8a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', name: 'New York 1', code: 'nyc1', country: 'United States', city: 'New York', available: true },
  { id: 3, identifier: '1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a', name: 'Toronto 1', code: 'tor1', country: 'Canada', city: 'Toronto', available: false },
  { id: 4, identifier: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', name: 'Frankfurt 1', code: 'fra1', country: 'Germany', city: 'Frankfurt', available: true },
];

const HOURS_PER_MONTH = 730;

function size(id: number, name: string, cpu: number, ramGb: number, diskGb: number, priceMonthly: number): SimK8sOffering {
  return { id, name, cpu, ramMb: ramGb * 1024, diskGb, priceMonthly, priceHourly: Math.round((priceMonthly / HOURS_PER_MONTH) * 10_000) / 10_000 };
}

export const K8S_OFFERINGS: readonly SimK8sOffering[] = [
  size(101, 'k8s-1-2', 1, 2, 40, 10),
  size(102, 'k8s-2-4', 2, 4, 80, 20),
  size(103, 'k8s-2-4-promo', 2, 4, 80, 16),
  size(104, 'k8s-4-8', 4, 8, 160, 40),
  size(105, 'k8s-4-8-amd', 4, 8, 160, 34),
  size(106, 'k8s-4-16', 4, 16, 160, 60),
  size(107, 'k8s-8-16', 8, 16, 320, 80),
  size(108, 'k8s-8-32', 8, 32, 320, 120),
  size(109, 'k8s-16-32', 16, 32, 640, 160),
  size(110, 'k8s-32-64', 32, 64, 1280, 320),
];

/** The general (non-K8s) plans: every K8s size sold as a plain VM in every datacenter, string ids. */
export function generalOfferings(datacenters: readonly SimDatacenter[]): SimOffering[] {
  return datacenters.flatMap((dc) =>
    K8S_OFFERINGS.map((offering) => ({
      ...offering,
      id: `${dc.code}-${offering.name.replace(/^k8s-/, '')}`,
      name: offering.name.replace(/^k8s-/, 'std-'),
      bandwidthTb: Math.max(1, offering.cpu),
      available: dc.available,
      datacenterId: dc.id,
      category: offering.ramMb / offering.cpu >= 4096 ? 'memory-optimized' : 'general-purpose',
    })),
  );
}
