import type { V1Pod } from '@kubernetes/client-node';

export function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

/** A pod the default scheduler tried and could not place: PodScheduled=False, reason Unschedulable. */
export function isUnschedulable(pod: V1Pod): boolean {
  if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return false;
  if ((pod.spec?.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return false;
  return (pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

/** A pod that occupies its node: bound, not finished, not being deleted. */
export function isRunningOn(pod: V1Pod): string | undefined {
  const phase = pod.status?.phase;
  if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return undefined;
  return pod.spec.nodeName;
}
