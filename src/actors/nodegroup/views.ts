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

/**
 * The spec the group plans with. Offerings held after a capacity error are left out while others
 * remain, so replacements and min-nodes creations fall back to the next offering at once.
 */
export function specView(group: NodeGroup, held: (offeringID: string) => boolean = () => false): NodeGroupSpecView {
  const s = group.spec;
  const usable = s.offeringIDs.filter((id) => !held(id));
  const offeringIDs = usable.length ? usable : s.offeringIDs;
  const preferred = s.preferredInstanceType && offeringIDs.includes(s.preferredInstanceType) ? s.preferredInstanceType : undefined;
  return {
    minNodes: s.minNodes,
    maxNodes: s.maxNodes,
    offeringIDs,
    ...(preferred ? { preferredInstanceType: preferred } : {}),
    ...(s.scaleUpPolicy ? { scaleUpPolicy: s.scaleUpPolicy } : {}),
    ...(s.scaleDownPolicy ? { scaleDownPolicy: s.scaleDownPolicy } : {}),
    ...(s.disruption ? { disruption: s.disruption } : {}),
  };
}
