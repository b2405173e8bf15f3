/**
 * kube-scheduler's FitError message (v1.32): `0/N nodes are available: <histogram>. preemption: <…>`.
 * The histogram is "<node count> <reason>" per distinct reason, sorted as strings — so
 * "1 node(s) had untolerated taint …" comes before "3 Insufficient cpu" and "10 …" before "2 …".
 */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';

export function histogram(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
}

export interface FitDiagnosis {
  numAllNodes: number;
  /** How many nodes rejected the pod for each reason (a node may give several). */
  reasons: ReadonlyMap<string, number>;
  /** Nodes rejected only by NodeResourcesFit, where evicting lower-priority pods could make room. */
  resolvableNodes: number;
  preemptionPolicy?: string;
}

function preemptionMessage(d: FitDiagnosis): string {
  if (d.preemptionPolicy === 'Never') return 'preemption: not eligible due to preemptionPolicy=Never.';
  const counts = new Map<string, number>();
  // The simulator has no PriorityClasses: every pod has priority 0, so there is never a lower-priority victim.
  if (d.resolvableNodes > 0) counts.set(NO_PREEMPTION_VICTIMS, d.resolvableNodes);
  if (d.numAllNodes - d.resolvableNodes > 0) counts.set(PREEMPTION_NOT_HELPFUL, d.numAllNodes - d.resolvableNodes);
  return `preemption: 0/${d.numAllNodes} nodes are available: ${histogram(counts)}.`;
}

export function fitErrorMessage(d: FitDiagnosis): string {
  if (d.numAllNodes === 0) return NO_NODES_AVAILABLE;
  return `0/${d.numAllNodes} nodes are available: ${histogram(d.reasons)}. ${preemptionMessage(d)}`;
}
