import {
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubeConfig,
  type V1Lease,
  type V1Node,
  type V1Pod,
} from '@kubernetes/client-node';
import { GROUP, NODEGROUPS, VERSION, VPSIENODES, type NodeGroup, type NodeGroupStatus, type VPSieNode, type VPSieNodeStatus } from '../../api/v1alpha1.ts';
import { ignoreNotFound, kubeCall } from './errors.ts';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const strategicPatch = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

export interface MetadataPatch {
  labels?: Record<string, string | null>;
  annotations?: Record<string, string | null>;
  finalizers?: string[];
}

/**
 * The Kubernetes calls the autoscaler makes, typed. Status and finalizer writes carry the
 * resourceVersion they were computed from, so a concurrent change answers 409 instead of being
 * overwritten (merge patches replace whole lists).
 */
export class KubeApi {
  readonly core: CoreV1Api;
  readonly custom: CustomObjectsApi;
  readonly coordination: CoordinationV1Api;

  constructor(kc: KubeConfig) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.coordination = kc.makeApiClient(CoordinationV1Api);
  }

  // --- custom resources ---

  #cr(plural: string, namespace: string) {
    return { group: GROUP, version: VERSION, plural, namespace };
  }

  getVPSieNode(namespace: string, name: string): Promise<VPSieNode | undefined> {
    return ignoreNotFound(() => this.custom.getNamespacedCustomObject({ ...this.#cr(VPSIENODES, namespace), name }) as Promise<VPSieNode>);
  }

  createVPSieNode(node: VPSieNode): Promise<VPSieNode> {
    return kubeCall(() => this.custom.createNamespacedCustomObject({ ...this.#cr(VPSIENODES, node.metadata.namespace!), body: node }) as Promise<VPSieNode>);
  }

  patchVPSieNodeStatus(namespace: string, name: string, status: VPSieNodeStatus, resourceVersion?: string): Promise<VPSieNode> {
    const body = { metadata: resourceVersion ? { resourceVersion } : {}, status };
    return kubeCall(() => this.custom.patchNamespacedCustomObjectStatus({ ...this.#cr(VPSIENODES, namespace), name, body }, mergePatch) as Promise<VPSieNode>);
  }

  patchVPSieNodeMetadata(namespace: string, name: string, patch: MetadataPatch, resourceVersion?: string): Promise<VPSieNode> {
    const body = { metadata: { ...patch, ...(resourceVersion ? { resourceVersion } : {}) } };
    return kubeCall(() => this.custom.patchNamespacedCustomObject({ ...this.#cr(VPSIENODES, namespace), name, body }, mergePatch) as Promise<VPSieNode>);
  }

  async deleteVPSieNode(namespace: string, name: string): Promise<void> {
    await ignoreNotFound(() => this.custom.deleteNamespacedCustomObject({ ...this.#cr(VPSIENODES, namespace), name }));
  }

  async listVPSieNodes(namespace?: string): Promise<{ items: VPSieNode[]; metadata?: { resourceVersion?: string } }> {
    const call = namespace
      ? () => this.custom.listNamespacedCustomObject({ ...this.#cr(VPSIENODES, namespace) })
      : () => this.custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: VPSIENODES });
    return kubeCall(call) as Promise<{ items: VPSieNode[]; metadata?: { resourceVersion?: string } }>;
  }

  getNodeGroup(namespace: string, name: string): Promise<NodeGroup | undefined> {
    return ignoreNotFound(() => this.custom.getNamespacedCustomObject({ ...this.#cr(NODEGROUPS, namespace), name }) as Promise<NodeGroup>);
  }

  async listNodeGroups(namespace?: string): Promise<{ items: NodeGroup[]; metadata?: { resourceVersion?: string } }> {
    const call = namespace
      ? () => this.custom.listNamespacedCustomObject({ ...this.#cr(NODEGROUPS, namespace) })
      : () => this.custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: NODEGROUPS });
    return kubeCall(call) as Promise<{ items: NodeGroup[]; metadata?: { resourceVersion?: string } }>;
  }

  patchNodeGroupStatus(namespace: string, name: string, status: NodeGroupStatus, resourceVersion?: string): Promise<NodeGroup> {
    const body = { metadata: resourceVersion ? { resourceVersion } : {}, status };
    return kubeCall(() => this.custom.patchNamespacedCustomObjectStatus({ ...this.#cr(NODEGROUPS, namespace), name, body }, mergePatch) as Promise<NodeGroup>);
  }

  patchNodeGroupMetadata(namespace: string, name: string, patch: MetadataPatch, resourceVersion?: string): Promise<NodeGroup> {
    const body = { metadata: { ...patch, ...(resourceVersion ? { resourceVersion } : {}) } };
    return kubeCall(() => this.custom.patchNamespacedCustomObject({ ...this.#cr(NODEGROUPS, namespace), name, body }, mergePatch) as Promise<NodeGroup>);
  }

  // --- nodes and pods ---

  getNode(name: string): Promise<V1Node | undefined> {
    return ignoreNotFound(() => this.core.readNode({ name }));
  }

  /** A strategic merge patch of a Node (labels and annotations merge; taints is an atomic list, so send it whole). */
  patchNode(name: string, patch: object): Promise<V1Node> {
    return kubeCall(() => this.core.patchNode({ name, body: patch }, strategicPatch));
  }

  async deleteNode(name: string): Promise<void> {
    await ignoreNotFound(() => this.core.deleteNode({ name }));
  }

  async podsOnNode(nodeName: string): Promise<V1Pod[]> {
    const list = await kubeCall(() => this.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodeName}` }));
    return list.items;
  }

  async evictPod(namespace: string, name: string, gracePeriodSeconds?: number): Promise<void> {
    await kubeCall(() =>
      this.core.createNamespacedPodEviction({
        namespace,
        name,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, ...(gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds } } : {}) },
      }),
    );
  }

  // --- events and leases ---

  createEvent(namespace: string, event: CoreV1Event): Promise<CoreV1Event> {
    return kubeCall(() => this.core.createNamespacedEvent({ namespace, body: event }));
  }

  replaceEvent(namespace: string, name: string, event: CoreV1Event): Promise<CoreV1Event> {
    return kubeCall(() => this.core.replaceNamespacedEvent({ namespace, name, body: event }));
  }

  getLease(namespace: string, name: string): Promise<V1Lease | undefined> {
    return ignoreNotFound(() => this.coordination.readNamespacedLease({ namespace, name }));
  }

  createLease(lease: V1Lease): Promise<V1Lease> {
    return kubeCall(() => this.coordination.createNamespacedLease({ namespace: lease.metadata!.namespace!, body: lease }));
  }

  /** Replaces a Lease; its metadata.resourceVersion makes this a compare-and-swap. */
  replaceLease(lease: V1Lease): Promise<V1Lease> {
    return kubeCall(() => this.coordination.replaceNamespacedLease({ namespace: lease.metadata!.namespace!, name: lease.metadata!.name!, body: lease }));
  }
}

