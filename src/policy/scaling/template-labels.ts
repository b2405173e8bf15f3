import { LABELS } from '../../api/v1alpha1.ts';

/** The labels the kubelet gives every VPSie node: the OS and architecture of its images. */
export const KUBELET_LABELS: Readonly<Record<string, string>> = { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' };

/**
 * The labels a new node of `group` on `offeringID` will carry, for a `NodeTemplate`: the group's
 * own labels, the ownership labels the join step applies, the instance type and the kubelet's.
 * Ours are applied last at join, so they win over a group label of the same key.
 */
export function templateLabels(group: string, groupLabels: Readonly<Record<string, string>> | undefined, offeringID: string): Record<string, string> {
  return {
    ...KUBELET_LABELS,
    'node.kubernetes.io/instance-type': offeringID,
    ...groupLabels,
    [LABELS.managed]: 'true',
    [LABELS.nodeGroup]: group,
    [LABELS.offering]: offeringID,
  };
}
