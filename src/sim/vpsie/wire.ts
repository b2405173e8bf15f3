import type { SimDatacenter, SimK8sOffering, SimOffering } from './catalogue.ts';
import type { SimCluster, SimNodeGroup, SimVm } from './model.ts';

/** The simulated cloud's state written with the contract's wire names (`shared/vpsie-api.md`). */
export function k8sOfferingWire(o: SimK8sOffering): Record<string, unknown> {
  return { id: o.id, name: o.name, cpu: o.cpu, ram: o.ramMb, disk: o.diskGb, price: o.priceMonthly, hourly_price: o.priceHourly, currency: 'USD' };
}

export function offeringWire(o: SimOffering): Record<string, unknown> {
  return {
    id: o.id,
    name: o.name,
    cpu: o.cpu,
    ram: o.ramMb,
    disk: o.diskGb,
    bandwidth: o.bandwidthTb,
    price: o.priceMonthly,
    hourly_price: o.priceHourly,
    available: o.available,
    datacenter_id: o.datacenterId,
    category: o.category,
  };
}

export function datacenterWire(dc: SimDatacenter): Record<string, unknown> {
  return { id: dc.id, identifier: dc.identifier, name: dc.name, code: dc.code, country: dc.country, city: dc.city, available: dc.available };
}

/** `created_on` as VPSie writes it: a local date-time string, not RFC 3339. */
function createdOn(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function vmWire(vm: SimVm): Record<string, unknown> {
  return {
    id: vm.id,
    identifier: vm.identifier,
    hostname: vm.hostname,
    status: vm.status,
    cpu: vm.cpu,
    ram: vm.ramMb,
    ssd: vm.diskGb,
    default_ip: vm.ip,
    boxsize_id: vm.offeringId,
    datacenter_id: vm.datacenterId,
    created_on: createdOn(vm.createdAt),
    tags: vm.tags,
  };
}

export function clusterWire(cluster: SimCluster, vms: readonly SimVm[]): Record<string, unknown> {
  return {
    identifier: cluster.identifier,
    cluster_name: cluster.name,
    kube_version: cluster.kubeVersion,
    status: cluster.status,
    datacenter_id: cluster.datacenterId,
    nodes: vms.map((vm) => ({
      identifier: vm.identifier,
      hostname: vm.hostname,
      ip: vm.ip,
      status: vm.status,
      role: vm.role ?? 'slave',
      cpu: vm.cpu,
      ram: vm.ramMb,
      disk: vm.diskGb,
    })),
  };
}

export function nodeGroupWire(group: SimNodeGroup, dcIdentifier: string): Record<string, unknown> {
  return {
    id: group.id,
    group_name: group.name,
    identifier: group.identifier,
    boxsize_id: group.offeringId,
    nodes_count: group.nodesCount,
    datacenter_id: group.datacenterId,
    dcIdentifier,
  };
}

/** The contract's list envelope for one page (pages count from 1). */
export function pageOf(items: readonly unknown[], page: number, perPage: number): Record<string, unknown> {
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const data = items.slice((page - 1) * perPage, page * perPage);
  return {
    error: false,
    data,
    pagination: { total: items.length, count: data.length, per_page: perPage, current_page: page, total_pages: totalPages },
  };
}
