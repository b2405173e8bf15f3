import type { V1Node } from '@kubernetes/client-node';
import { API_VERSION, type VPSieNode } from '../../api/v1alpha1.ts';
import type { ObjectRef } from '../../infra/kube/events.ts';

export function vpsieNodeRef(vn: VPSieNode): ObjectRef {
  return { apiVersion: API_VERSION, kind: 'VPSieNode', name: vn.metadata.name, namespace: vn.metadata.namespace, uid: vn.metadata.uid };
}

export function nodeRef(node: V1Node): ObjectRef {
  return { apiVersion: 'v1', kind: 'Node', name: node.metadata!.name!, uid: node.metadata?.uid };
}
