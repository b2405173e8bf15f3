/** What the simulated VPSie account holds: clusters, node groups, VMs, and the events VMs go through. */

/** A refusal the cloud answers with; the HTTP layer turns it into the contract's error envelope. */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimApiError';
  }
}

export type SimVmStatus = 'provisioning' | 'running';

export interface SimVm {
  id: number;
  identifier: string;
  hostname: string;
  ip: string;
  cpu: number;
  ramMb: number;
  diskGb: number;
  status: SimVmStatus;
  offeringId: number;
  datacenterId: number;
  /** Cluster and node group the VM belongs to; standalone VMs have neither. */
  clusterIdentifier: string | undefined;
  groupId: number | undefined;
  role: 'master' | 'slave' | undefined;
  createdAt: number;
  readyAt: number;
  tags: string[];
}

export interface SimCluster {
  id: number;
  identifier: string;
  name: string;
  kubeVersion: string;
  status: 'running';
  datacenterId: number;
}

export interface SimNodeGroup {
  id: number;
  identifier: string;
  name: string;
  clusterIdentifier: string;
  offeringId: number;
  datacenterId: number;
  nodesCount: number;
}

export interface SimVmEvent {
  type: 'created' | 'running' | 'deleted';
  vm: SimVm;
  /** Simulated time. */
  at: number;
}

export interface CreateClusterSpec {
  /** The cluster's identifier (a UUID by default); NodeGroups name it in spec.resourceIdentifier. */
  identifier?: string;
  name?: string;
  /** Datacenter id or code; the first available one by default. */
  datacenter?: number | string;
  kubeVersion?: string;
  /** Control-plane VMs, running at once. Default 1. */
  controlPlaneNodes?: number;
  controlPlaneOfferingId?: number;
}
