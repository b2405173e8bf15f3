import { API_VERSION, type NodeGroup } from '../../api/v1alpha1.ts';
import type { ObjectRef } from '../../infra/kube/events.ts';

export function groupRef(group: NodeGroup): ObjectRef {
  return { apiVersion: API_VERSION, kind: 'NodeGroup', name: group.metadata.name, namespace: group.metadata.namespace, uid: group.metadata.uid };
}
