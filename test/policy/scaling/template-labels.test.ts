import { describe, expect, it } from 'vitest';
import { templateLabels } from '../../../src/policy/scaling/template-labels.ts';

describe('templateLabels', () => {
  it('gives a new node the group labels, the ownership labels, the instance type and the kubelet os/arch', () => {
    expect(templateLabels('workers', { tier: 'batch' }, 'k8s-4-8')).toEqual({
      tier: 'batch',
      'autoscaler.vpsie.com/nodegroup': 'workers',
      'autoscaler.vpsie.com/managed': 'true',
      'autoscaler.vpsie.com/offering': 'k8s-4-8',
      'node.kubernetes.io/instance-type': 'k8s-4-8',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
    });
  });

  it('lets the ownership labels win over a group label of the same key, as the join step applies them last', () => {
    expect(templateLabels('workers', { 'autoscaler.vpsie.com/nodegroup': 'other' }, 'o')['autoscaler.vpsie.com/nodegroup']).toBe('workers');
  });

  it('lets a group label win over a kubelet label, as the join patch does', () => {
    expect(templateLabels('workers', { 'node.kubernetes.io/instance-type': 'custom' }, 'o')['node.kubernetes.io/instance-type']).toBe('custom');
  });
});
