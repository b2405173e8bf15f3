import { ANNOTATIONS, type NodeGroup, type VPSieNode } from '../../api/v1alpha1.ts';
import { isNodePhase } from '../../machines/nodePhase.ts';
import type { NodeGroupSpecView, NodeView } from '../../policy/nodegroup-types.ts';

/** What the group planner sees of a VPSieNode. */
export function nodeView(vn: VPSieNode): NodeView {
  const s = vn.status ?? {};
  const phase = vn.metadata.deletionTimestamp && (!s.phase || !['Terminating', 'Deleting'].includes(s.phase)) ? 'Terminating' : s.phase && isNodePhase(s.phase) ? s.phase : 'Pending';
  const replaces = vn.metadata.annotations?.[ANNOTATIONS.replaces];
  return {
    name: vn.metadata.name,
    phase,
    offeringID: vn.spec.offeringID,
    createdAt: Date.parse(vn.metadata.creationTimestamp ?? s.createdAt ?? '') || 0,
    ...(s.activeAt ? { readyAt: Date.parse(s.activeAt) } : {}),
    ...(s.nodeName ? { nodeName: s.nodeName } : {}),
    ...(replaces ? { replaces } : {}),
  };
}

export function specView(group: NodeGroup): NodeGroupSpecView {
  const s = group.spec;
  return {
    minNodes: s.minNodes,
    maxNodes: s.maxNodes,
    offeringIDs: s.offeringIDs,
    ...(s.preferredInstanceType ? { preferredInstanceType: s.preferredInstanceType } : {}),
    ...(s.scaleUpPolicy ? { scaleUpPolicy: s.scaleUpPolicy } : {}),
    ...(s.scaleDownPolicy ? { scaleDownPolicy: s.scaleDownPolicy } : {}),
    ...(s.disruption ? { disruption: s.disruption } : {}),
  };
}
