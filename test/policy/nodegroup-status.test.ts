import { describe, expect, it } from 'vitest';
import { planNodeGroup } from '../../src/policy/nodegroup-plan.ts';
import { isoTime, sameStatus } from '../../src/policy/nodegroup-status.ts';
import { actives, input, node, spec } from './support.ts';

function condition(status: ReturnType<typeof planNodeGroup>['status'], type: string) {
  return status.conditions.find((c) => c.type === type);
}

describe('NodeGroup status', () => {
  it('counts live, desired and ready nodes', () => {
    const nodes = [...actives(2), node('p', 'Provisioning'), node('d', 'Draining'), node('f', 'Failed'), node('t', 'Terminating')];
    const { status } = planNodeGroup(input({ spec: spec({ maxNodes: 4 }), nodes }));
    expect([status.currentNodes, status.desiredNodes, status.readyNodes]).toEqual([4, 4, 2]);
  });

  it('lists every node by name with RFC 3339 times', () => {
    const nodes = [node('b', 'Active', Date.UTC(2025, 0, 2), { readyAt: Date.UTC(2025, 0, 2, 0, 5), nodeName: 'k8s-b' }), node('a', 'Pending', Date.UTC(2025, 0, 1))];
    const { status } = planNodeGroup(input({ nodes }));
    expect(status.nodes).toEqual([
      { vpsieNode: 'a', offeringID: 'small', phase: 'Pending', createdAt: '2025-01-01T00:00:00.000Z' },
      { nodeName: 'k8s-b', vpsieNode: 'b', offeringID: 'small', phase: 'Active', createdAt: '2025-01-02T00:00:00.000Z', readyAt: '2025-01-02T00:05:00.000Z' },
    ]);
  });

  it('carries the last scale times', () => {
    const { status } = planNodeGroup(input({ lastScaleUpAt: 0, lastScaleDownAt: 1_000 }));
    expect([status.lastScaleUpTime, status.lastScaleDownTime]).toEqual(['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:01.000Z']);
  });

  it('is Ready when as many nodes are ready as desired', () => {
    expect(condition(planNodeGroup(input({ nodes: actives(2) })).status, 'Ready')).toMatchObject({ status: 'True', reason: 'NodesReady' });
    expect(condition(planNodeGroup(input({ nodes: [...actives(1), node('p', 'Joining')] })).status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'NodesNotReady',
      message: '1 of 2 desired nodes are ready',
    });
  });

  it('is Scaling up while nodes are created or starting, down while they leave, else Stable', () => {
    expect(condition(planNodeGroup(input({ spec: spec({ minNodes: 1 }) })).status, 'Scaling')).toMatchObject({ status: 'True', reason: 'ScalingUp', message: '1 starting' });
    expect(condition(planNodeGroup(input({ nodes: [...actives(1), node('d', 'Drained')] })).status, 'Scaling')).toMatchObject({ status: 'True', reason: 'ScalingDown' });
    expect(condition(planNodeGroup(input({ nodes: actives(2) })).status, 'Scaling')).toMatchObject({ status: 'False', reason: 'Stable' });
  });

  it('says when the group is at its minimum or maximum', () => {
    const atMin = planNodeGroup(input({ spec: spec({ minNodes: 2, maxNodes: 3 }), nodes: actives(2) })).status;
    const atMax = planNodeGroup(input({ spec: spec({ minNodes: 2, maxNodes: 3 }), nodes: actives(3) })).status;
    expect([condition(atMin, 'AtMinCapacity')!.status, condition(atMin, 'AtMaxCapacity')!.status]).toEqual(['True', 'False']);
    expect([condition(atMax, 'AtMinCapacity')!.reason, condition(atMax, 'AtMaxCapacity')!.reason]).toEqual(['AboveMinimum', 'AtMaximum']);
  });

  it('leaves out times that cannot be represented', () => {
    expect([isoTime(Number.NaN), isoTime(Number.POSITIVE_INFINITY), isoTime(9e15), isoTime(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
    const { status } = planNodeGroup(input({ nodes: [node('a', 'Active', Number.NaN)] }));
    expect(status.nodes[0]).not.toHaveProperty('createdAt');
  });

  it('compares computed statuses by content', () => {
    const a = planNodeGroup(input({ nodes: actives(2) })).status;
    expect(sameStatus(a, planNodeGroup(input({ nodes: actives(2) })).status)).toBe(true);
    expect(sameStatus(a, planNodeGroup(input({ nodes: actives(3) })).status)).toBe(false);
    expect(sameStatus(a, undefined)).toBe(false);
  });
});
