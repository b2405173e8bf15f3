import { z } from 'zod';

/**
 * Wire shapes of the contract (`shared/vpsie-api.md`), mapped to the names the autoscaler uses.
 * Unknown fields are ignored (zod objects strip them); a field of the wrong type fails with its
 * path. Fields the contract does not type are accepted as number or string.
 * Every schema is built once here: zod compiles a schema on first use, and building one per call
 * cost ~100 µs a request.
 */
// One type check where a union would run each option (allocating a result for each) and a
// transform would add a pipe per field: ids are checked here and turned into strings by the
// renames below, which already copy every item.
const idLike = z.custom<number | string>((value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)), {
  error: 'expected number or string',
});
const optionalIdLike = idLike.nullish();
const idString = (value: number | string | null | undefined): string | undefined => (value == null ? undefined : String(value));

export const pagination = z.object({
  current_page: z.number().int(),
  total_pages: z.number().int(),
});

/**
 * A list page: `data[]` plus, when the server pages, `pagination`. Items are checked as wire objects
 * and renamed in one pass per page (one transform per page instead of one pipe per item).
 */
function listEnvelope<W extends z.ZodType, T>(item: W, rename: (wire: z.output<W>) => T) {
  return z
    .object({ data: z.array(item), pagination: pagination.optional() })
    .transform((page) => ({ data: page.data.map(rename), pagination: page.pagination }));
}

export type ListEnvelope<T> = z.ZodType<{ data: T[]; pagination?: z.output<typeof pagination> | undefined }, unknown>;

function objectEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ data });
}

const k8sOfferingWire = z.object({
  id: z.number().int(),
  name: z.string(),
  cpu: z.number(),
  ram: z.number(),
  disk: z.number(),
  price: z.number(),
  hourly_price: z.number(),
});
const toK8sOffering = (o: z.output<typeof k8sOfferingWire>) => ({ id: o.id, name: o.name, cpu: o.cpu, ramMb: o.ram, diskGb: o.disk, priceMonthly: o.price, priceHourly: o.hourly_price });
export const k8sOffering = k8sOfferingWire.transform(toK8sOffering);
export type K8sOffering = z.output<typeof k8sOffering>;

const offeringWire = z.object({
  id: z.string(),
  name: z.string(),
  cpu: z.number(),
  ram: z.number(),
  disk: z.number(),
  bandwidth: z.number().nullish(),
  price: z.number(),
  hourly_price: z.number(),
  available: z.boolean(),
  datacenter_id: optionalIdLike,
  category: z.string().nullish(),
});
const toOffering = (o: z.output<typeof offeringWire>) => ({
  id: o.id,
  name: o.name,
  cpu: o.cpu,
  ramMb: o.ram,
  diskGb: o.disk,
  bandwidth: o.bandwidth ?? undefined,
  priceMonthly: o.price,
  priceHourly: o.hourly_price,
  available: o.available,
  datacenterId: idString(o.datacenter_id),
  category: o.category ?? undefined,
});
export const offering = offeringWire.transform(toOffering);
export type Offering = z.output<typeof offering>;

const datacenterWire = z.object({
  id: idLike,
  identifier: z.string().optional(),
  name: z.string(),
  code: z.string(),
  country: z.string(),
  city: z.string(),
  available: z.boolean(),
});
// K8s offers are asked for by `dcIdentifier`; a datacenter without an identifier is known by its id.
const toDatacenter = (d: z.output<typeof datacenterWire>) => ({ id: String(d.id), identifier: d.identifier ?? String(d.id), name: d.name, code: d.code, country: d.country, city: d.city, available: d.available });
export const datacenter = datacenterWire.transform(toDatacenter);
export type Datacenter = z.output<typeof datacenter>;

const clusterNodeWire = z.object({
  identifier: z.string(),
  hostname: z.string(),
  ip: z.string().nullish(),
  status: z.string(),
  role: z.string(),
  cpu: z.number(),
  ram: z.number(),
  disk: z.number(),
});
const toClusterNode = (n: z.output<typeof clusterNodeWire>) => ({ identifier: n.identifier, hostname: n.hostname, ip: n.ip ?? undefined, status: n.status, role: n.role, cpu: n.cpu, ramMb: n.ram, diskGb: n.disk });
export const clusterNode = clusterNodeWire.transform(toClusterNode);
export type ClusterNode = z.output<typeof clusterNode>;

export const clusterInfo = z
  .object({
    identifier: z.string(),
    cluster_name: z.string(),
    kube_version: z.string(),
    status: z.string(),
    nodes: z.array(clusterNode),
  })
  .transform((c) => ({ identifier: c.identifier, name: c.cluster_name, kubeVersion: c.kube_version, status: c.status, nodes: c.nodes }));
export type ClusterInfo = z.output<typeof clusterInfo>;

const nodeGroupWire = z.object({
  id: z.number().int(),
  group_name: z.string(),
  identifier: z.string(),
  boxsize_id: z.number().int(),
  nodes_count: z.number().int(),
  datacenter_id: optionalIdLike,
  dcIdentifier: z.string().nullish(),
});
const toNodeGroup = (g: z.output<typeof nodeGroupWire>) => ({
  id: g.id,
  name: g.group_name,
  identifier: g.identifier,
  offeringId: g.boxsize_id,
  nodesCount: g.nodes_count,
  datacenterId: idString(g.datacenter_id),
  dcIdentifier: g.dcIdentifier ?? undefined,
});
export const nodeGroup = nodeGroupWire.transform(toNodeGroup);
export type VpsieNodeGroup = z.output<typeof nodeGroup>;

export const createdNodeGroupResponse = objectEnvelope(z.object({ groupId: z.number().int() })).transform((r) => ({ groupId: r.data.groupId }));

export const addedNodeResponse = objectEnvelope(
  z.union([
    z.literal(true),
    z.object({ id: z.number().int(), identifier: z.string(), status: z.string(), hostname: z.string() }),
  ]),
).transform((r) => (r.data === true ? ({ async: true } as const) : { async: false as const, ...r.data }));
/** The node as created, or `{ async: true }` when VPSie creates it in the background (it must then be discovered). */
export type AddedNode = z.output<typeof addedNodeResponse>;

const vmWire = z.object({
  id: z.number().int(),
  identifier: z.string(),
  hostname: z.string(),
  status: z.string(),
  cpu: z.number(),
  ram: z.number(),
  ssd: z.number(),
  default_ip: z.string().nullish(),
  boxsize_id: z.number().int().nullish(),
  datacenter_id: optionalIdLike,
  // A free-form string on the wire; not assumed to be RFC 3339.
  created_on: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
});
const toVm = (v: z.output<typeof vmWire>) => ({
  id: v.id,
  identifier: v.identifier,
  hostname: v.hostname,
  status: v.status,
  cpu: v.cpu,
  ramMb: v.ram,
  ssdGb: v.ssd,
  ip: v.default_ip ?? undefined,
  offeringId: v.boxsize_id ?? undefined,
  datacenterId: idString(v.datacenter_id),
  createdOn: v.created_on ?? undefined,
  tags: v.tags ?? [],
});
export const vm = vmWire.transform(toVm);
export type Vm = z.output<typeof vm>;

export const k8sOfferingList = listEnvelope(k8sOfferingWire, toK8sOffering);
export const offeringList = listEnvelope(offeringWire, toOffering);
export const datacenterList = listEnvelope(datacenterWire, toDatacenter);
export const nodeGroupList = listEnvelope(nodeGroupWire, toNodeGroup);
export const vmList = listEnvelope(vmWire, toVm);
export const clusterInfoResponse = objectEnvelope(clusterInfo).transform((r) => r.data);
export const vmResponse = objectEnvelope(vm).transform((r) => r.data);
