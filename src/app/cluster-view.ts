import type { V1Node } from '@kubernetes/client-node';
import type { NodeGroup, VPSieNode } from '../api/v1alpha1.ts';
import type { ClusterView } from '../actors/node/deps.ts';
import type { Informer } from '../infra/kube/informer.ts';

/** The effects' read-only view of the cluster, served from the informers' caches. */
export function clusterViewOf(informers: { nodeGroups: Informer<NodeGroup>; vpsieNodes: Informer<VPSieNode>; nodes: Informer<V1Node> }): ClusterView {
  return {
    vpsieNode: (namespace, name) => informers.vpsieNodes.get(namespace, name),
    vpsieNodes: () => informers.vpsieNodes.list(),
    nodeGroup: (namespace, name) => informers.nodeGroups.get(namespace, name),
    node: (name) => informers.nodes.get(undefined, name),
    nodes: () => informers.nodes.list(),
  };
}
