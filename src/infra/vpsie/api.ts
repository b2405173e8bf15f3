import type { z } from 'zod';
import { VpsieError, VpsieNotFoundError, type VpsieErrorKind } from './errors.ts';
import type { ApiRequest, Send } from './exchange.ts';
import { fetchAllPages } from './paginate.ts';
import { parseResponse } from './parse.ts';
import {
  type AddedNode,
  type ClusterInfo,
  type Datacenter,
  type K8sOffering,
  type Offering,
  type Vm,
  type VpsieNodeGroup,
  addedNodeResponse,
  clusterInfoResponse,
  createdNodeGroupResponse,
  datacenterList,
  k8sOfferingList,
  nodeGroupList,
  offeringList,
  vmList,
  vmResponse,
} from './schemas.ts';

/** Deleting something already gone is success: deletes are retried by whoever asked for them. */
export type DeleteOutcome = 'deleted' | 'already-gone';

const segment = (value: string | number): string => encodeURIComponent(String(value));

function read(route: string, path: string): ApiRequest {
  return { method: 'GET', route, path, idempotent: true };
}

/** The typed endpoints of the contract, over whatever stack of layers `send` is. */
export class VpsieApi {
  readonly #send: Send;
  readonly #onFailure: (kind: VpsieErrorKind | 'unknown') => void;

  constructor(send: Send, onFailure: (kind: VpsieErrorKind | 'unknown') => void = () => undefined) {
    this.#send = send;
    this.#onFailure = onFailure;
  }

  /** K8s node sizes offered in a datacenter (`POST /k8s/offers`). */
  listK8sOfferings(dcIdentifier: string): Promise<K8sOffering[]> {
    const request: ApiRequest = { method: 'POST', route: '/k8s/offers', path: '/k8s/offers', body: { json: { dcIdentifier } }, idempotent: true };
    return this.#observe(() => fetchAllPages(this.#send, request, k8sOfferingList));
  }

  listOfferings(): Promise<Offering[]> {
    return this.#observe(() => fetchAllPages(this.#send, read('/offerings', '/offerings'), offeringList));
  }

  listDatacenters(): Promise<Datacenter[]> {
    return this.#observe(() => fetchAllPages(this.#send, read('/datacenters', '/datacenters'), datacenterList));
  }

  getCluster(clusterId: string): Promise<ClusterInfo> {
    return this.#one(read('/k8s/cluster/byId/{clusterId}', `/k8s/cluster/byId/${segment(clusterId)}`), clusterInfoResponse);
  }

  listNodeGroups(clusterId: string): Promise<VpsieNodeGroup[]> {
    const request = read('/k8s/node/groups/byClusterId/{clusterId}', `/k8s/node/groups/byClusterId/${segment(clusterId)}`);
    return this.#observe(() => fetchAllPages(this.#send, request, nodeGroupList));
  }

  /** Fails with VpsieNodeGroupExistsError when the cluster already has a group of this size. */
  createNodeGroup(clusterIdentifier: string, groupName: string, kubeSizeId: number): Promise<{ groupId: number }> {
    const request: ApiRequest = {
      method: 'POST',
      route: '/k8s/cluster/add/group',
      path: '/k8s/cluster/add/group',
      // `KubeSizeID` with a capital K is the wire name.
      body: { json: { clusterIdentifier, groupName, KubeSizeID: kubeSizeId } },
      idempotent: false,
    };
    return this.#one(request, createdNodeGroupResponse);
  }

  /** Asks VPSie for one more node in a group; with `{ async: true }` the node must be discovered later. */
  addNode(clusterId: string, groupId: number): Promise<AddedNode> {
    const request: ApiRequest = {
      method: 'POST',
      route: '/k8s/cluster/byId/{clusterId}/add/slave/group/{groupId}',
      path: `/k8s/cluster/byId/${segment(clusterId)}/add/slave/group/${segment(groupId)}`,
      idempotent: false,
    };
    return this.#one(request, addedNodeResponse);
  }

  deleteNode(clusterId: string, identifier: string): Promise<DeleteOutcome> {
    const request: ApiRequest = {
      method: 'DELETE',
      route: '/k8s/cluster/byId/{clusterId}/delete/slave',
      path: `/k8s/cluster/byId/${segment(clusterId)}/delete/slave`,
      body: { json: { identifier } },
      idempotent: true,
    };
    return this.#delete(request);
  }

  listVms(): Promise<Vm[]> {
    return this.#observe(() => fetchAllPages(this.#send, read('/vm', '/vm'), vmList));
  }

  getVm(id: number): Promise<Vm> {
    return this.#one(read('/vm/{id}', `/vm/${segment(id)}`), vmResponse);
  }

  deleteVm(id: number): Promise<DeleteOutcome> {
    return this.#delete({ method: 'DELETE', route: '/vm/{id}', path: `/vm/${segment(id)}`, idempotent: true });
  }

  #one<S extends z.ZodType>(request: ApiRequest, schema: S): Promise<z.output<S>> {
    return this.#observe(() => this.#send(request).then((response) => parseResponse(schema, response, request)));
  }

  #delete(request: ApiRequest): Promise<DeleteOutcome> {
    return this.#observe(async () => {
      try {
        await this.#send(request);
        return 'deleted';
      } catch (error) {
        if (error instanceof VpsieNotFoundError) return 'already-gone';
        throw error;
      }
    });
  }

  /** Counts each failed call once, whatever the number of attempts behind it. */
  #observe<T>(call: () => Promise<T>): Promise<T> {
    return call().catch((error: unknown) => {
      this.#onFailure(error instanceof VpsieError ? error.kind : 'unknown');
      throw error;
    });
  }
}
