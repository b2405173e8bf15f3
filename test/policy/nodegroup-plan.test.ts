import { describe, expect, it } from 'vitest';
import { planNodeGroup } from '../../src/policy/nodegroup-plan.ts';
import { actives, input, node, spec } from './support.ts';

const HOUR = 3_600_000;

describe('planNodeGroup: creating', () => {
  it('creates nodes up to minNodes in an empty group, of the first offering', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 2 }) }));
    expect(plan.create).toEqual([
      { offeringID: 'small', reason: 'min-nodes' },
      { offeringID: 'small', reason: 'min-nodes' },
    ]);
    expect([plan.desired, plan.hasWork]).toEqual([2, true]);
  });

  it('creates the preferred offering when the group allows it', () => {
    expect(planNodeGroup(input({ spec: spec({ minNodes: 1, preferredInstanceType: 'large' }) })).create[0]!.offeringID).toBe('large');
    expect(planNodeGroup(input({ spec: spec({ minNodes: 1, preferredInstanceType: 'huge' }) })).create[0]!.offeringID).toBe('small');
  });

  it('counts nodes still starting towards minNodes', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 2 }), nodes: [node('a', 'Pending'), node('b', 'Joining')] }));
    expect(plan.create).toEqual([]);
  });

  it('creates the requested scale-up with the requested offering', () => {
    const plan = planNodeGroup(input({ nodes: actives(2), pendingScaleUp: [{ count: 2, offeringID: 'large', reason: '3 pods unschedulable' }] }));
    expect(plan.create).toEqual([
      { offeringID: 'large', reason: 'scale-up' },
      { offeringID: 'large', reason: 'scale-up' },
    ]);
    expect(plan.desired).toBe(4);
    expect(plan.accepted.scaleUp).toEqual([{ count: 2, offeringID: 'large', reason: '3 pods unschedulable' }]);
  });

  it('creates a scale-up without an offering from the default one', () => {
    expect(planNodeGroup(input({ pendingScaleUp: [{ count: 1, reason: 'pods' }] })).create).toEqual([{ offeringID: 'small', reason: 'scale-up' }]);
  });

  it('creates scale-ups beyond the minimum as scale-up and the rest as min-nodes', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 3 }), pendingScaleUp: [{ count: 1, reason: 'pods' }] }));
    expect(plan.create.map((c) => c.reason)).toEqual(['scale-up', 'min-nodes', 'min-nodes']);
  });

  it('caps a scale-up at maxNodes and reports the rest blocked', () => {
    const plan = planNodeGroup(input({ spec: spec({ maxNodes: 3 }), nodes: actives(2), pendingScaleUp: [{ count: 3, reason: 'pods' }] }));
    expect(plan.create).toHaveLength(1);
    expect(plan.accepted.scaleUp).toEqual([{ count: 1, reason: 'pods' }]);
    expect(plan.blocked).toEqual([expect.objectContaining({ reason: 'AtMaxCapacity' })]);
  });

  it('drops a scale-up at maxNodes entirely', () => {
    const plan = planNodeGroup(input({ spec: spec({ maxNodes: 2 }), nodes: actives(2), pendingScaleUp: [{ count: 1, reason: 'pods' }] }));
    expect([plan.create, plan.accepted.scaleUp, plan.blocked.map((b) => b.reason)]).toEqual([[], [], ['AtMaxCapacity']]);
  });

  it('blocks a scale-up of an offering the group does not have', () => {
    const plan = planNodeGroup(input({ pendingScaleUp: [{ count: 1, offeringID: 'gpu', reason: 'pods' }] }));
    expect([plan.create, plan.blocked.map((b) => b.reason)]).toEqual([[], ['UnknownOffering']]);
  });

  it.each([0, -1, 1.5, Number.NaN])('blocks a scale-up of %d nodes as invalid', (count) => {
    const plan = planNodeGroup(input({ pendingScaleUp: [{ count, reason: 'pods' }] }));
    expect([plan.create, plan.blocked.map((b) => b.reason)]).toEqual([[], ['InvalidRequest']]);
  });

  it('blocks scale-ups when scale-up is disabled, but still keeps minNodes', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 1, scaleUpPolicy: { enabled: false } }), pendingScaleUp: [{ count: 3, reason: 'pods' }] }));
    expect(plan.create).toEqual([{ offeringID: 'small', reason: 'min-nodes' }]);
    expect(plan.blocked.map((b) => b.reason)).toEqual(['ScaleUpDisabled']);
  });

  it('never delays a scale-up for a cooldown or the stabilisation window', () => {
    const now = HOUR;
    const plan = planNodeGroup(input({ now, lastScaleUpAt: now - 1, lastScaleDownAt: now - 1, spec: spec({ scaleUpPolicy: { stabilizationWindowSeconds: 1_800 } }), pendingScaleUp: [{ count: 1, reason: 'pods' }] }));
    expect(plan.create).toHaveLength(1);
  });

  it('blocks creation in a group without offerings', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 1, offeringIDs: [] }) }));
    expect([plan.create, plan.blocked.map((b) => b.reason)]).toEqual([[], ['NoOffering']]);
  });
});

describe('planNodeGroup: failed nodes', () => {
  it('replaces a Failed node with its own offering, linked to it', () => {
    const plan = planNodeGroup(input({ nodes: [...actives(2), node('f', 'Failed', 0, { offeringID: 'large' })] }));
    expect(plan.create).toEqual([{ offeringID: 'large', reason: 'replace', replaces: 'f' }]);
    expect(plan.desired).toBe(3);
  });

  it('replaces a Failed node of an offering the group dropped with the default offering', () => {
    const plan = planNodeGroup(input({ nodes: [node('f', 'Failed', 0, { offeringID: 'retired' })] }));
    expect(plan.create).toEqual([{ offeringID: 'small', reason: 'replace', replaces: 'f' }]);
  });

  it('does not replace a Failed node twice', () => {
    const plan = planNodeGroup(input({ nodes: [node('f', 'Failed'), node('r', 'Provisioning', 1, { replaces: 'f' })] }));
    expect([plan.create, plan.desired]).toEqual([[], 1]);
  });

  it('does not replace a failed replacement, and keeps its slot until it is terminated', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 2 }), nodes: [node('f', 'Failed'), node('r', 'Failed', 1, { replaces: 'f' }), node('a', 'Active')] }));
    expect(plan.create).toEqual([]);
    expect(plan.blocked).toEqual([expect.objectContaining({ reason: 'ReplacementFailed', name: 'r' })]);
  });

  it('blocks a replacement that would exceed maxNodes', () => {
    const plan = planNodeGroup(input({ spec: spec({ maxNodes: 2 }), nodes: [...actives(2), node('f', 'Failed')] }));
    expect([plan.create, plan.blocked.map((b) => [b.reason, b.name])]).toEqual([[], [['AtMaxCapacity', 'f']]]);
  });

  it('does not count terminating nodes as capacity', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 2 }), nodes: [node('a', 'Active'), node('t', 'Terminating'), node('d', 'Deleting'), node('x', 'Deleted')] }));
    expect(plan.create).toHaveLength(1);
  });
});

describe('planNodeGroup: scaling down', () => {
  it('hands drained nodes over to deletion', () => {
    const plan = planNodeGroup(input({ nodes: [...actives(2), node('d', 'Drained')] }));
    expect(plan.remove).toEqual([{ name: 'd', reason: 'drained' }]);
  });

  it('drains a requested Active node for the request reason', () => {
    const plan = planNodeGroup(input({ nodes: actives(3), pendingScaleDown: [{ name: 'n1', reason: 'underutilised' }] }));
    expect(plan.drain).toEqual([{ name: 'n1', reason: 'underutilised' }]);
    expect([plan.desired, plan.create]).toEqual([2, []]);
  });

  it('removes a requested node that is not Active yet instead of draining it', () => {
    const plan = planNodeGroup(input({ nodes: [...actives(2), node('p', 'Provisioning', 9_000)], pendingScaleDown: [{ name: 'p', reason: 'no longer needed' }] }));
    expect([plan.drain, plan.remove]).toEqual([[], [{ name: 'p', reason: 'no longer needed' }]]);
  });

  it('blocks a request for a node not in the group', () => {
    const plan = planNodeGroup(input({ nodes: actives(2), pendingScaleDown: [{ name: 'ghost', reason: 'r' }] }));
    expect([plan.drain, plan.blocked.map((b) => [b.reason, b.name])]).toEqual([[], [['UnknownNode', 'ghost']]]);
  });

  it('drops a request for a node already leaving, without blocking it', () => {
    const plan = planNodeGroup(input({ nodes: [...actives(2), node('d', 'Draining')], pendingScaleDown: [{ name: 'd', reason: 'r' }] }));
    expect([plan.drain, plan.blocked, plan.accepted.scaleDown]).toEqual([[], [], []]);
  });

  it('takes a node named twice only once', () => {
    const plan = planNodeGroup(input({ spec: spec({ disruption: { budget: '5' } }), nodes: actives(3), pendingScaleDown: [{ name: 'n1', reason: 'a' }, { name: 'n1', reason: 'b' }] }));
    expect(plan.drain).toEqual([{ name: 'n1', reason: 'a' }]);
  });

  it('never drains below minNodes', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 2, disruption: { budget: '5' } }), nodes: actives(3), pendingScaleDown: ['n0', 'n1', 'n2'].map((name) => ({ name, reason: 'idle' })) }));
    expect(plan.drain.map((d) => d.name)).toEqual(['n0']);
    expect(plan.blocked.map((b) => [b.reason, b.name])).toEqual([
      ['AtMinimum', 'n1'],
      ['AtMinimum', 'n2'],
    ]);
  });

  it('drains no more nodes at once than the budget allows, counting disruptions in progress', () => {
    const nodes = [...actives(6), node('d', 'Draining'), node('t', 'Terminating')];
    const plan = planNodeGroup(input({ spec: spec({ disruption: { budget: '3' } }), nodes, pendingScaleDown: ['n0', 'n1', 'n2'].map((name) => ({ name, reason: 'idle' })) }));
    expect(plan.drain.map((d) => d.name)).toEqual(['n0']);
    expect(plan.blocked.map((b) => b.reason)).toEqual(['DisruptionBudget', 'DisruptionBudget']);
  });

  it('reads a percent budget of the live nodes, rounded up', () => {
    const plan = planNodeGroup(input({ spec: spec({ disruption: { budget: '20%' } }), nodes: actives(6), pendingScaleDown: ['n0', 'n1', 'n2'].map((name) => ({ name, reason: 'idle' })) }));
    expect(plan.drain).toHaveLength(2);
  });

  it('blocks every drain with a budget of "0"', () => {
    const plan = planNodeGroup(input({ spec: spec({ disruption: { budget: '0' } }), nodes: actives(3), pendingScaleDown: [{ name: 'n0', reason: 'idle' }] }));
    expect([plan.drain, plan.blocked.map((b) => b.reason)]).toEqual([[], ['DisruptionBudget']]);
  });

  it('blocks every drain when the budget cannot be read', () => {
    const plan = planNodeGroup(input({ spec: spec({ disruption: { budget: 'lots' } }), nodes: actives(3), pendingScaleDown: [{ name: 'n0', reason: 'idle' }] }));
    expect([plan.drain, plan.blocked.map((b) => b.reason)]).toEqual([[], ['InvalidBudget']]);
  });

  it.each([
    ['after a scale-up', { lastScaleUpAt: HOUR - 599_999 }],
    ['after a scale-down', { lastScaleDownAt: HOUR - 1_000 }],
  ])('holds scale-downs during the cooldown %s', (_, last) => {
    const plan = planNodeGroup(input({ ...last, spec: spec({ scaleDownPolicy: { cooldownSeconds: 600 } }), nodes: actives(3), pendingScaleDown: [{ name: 'n0', reason: 'idle' }] }));
    expect([plan.drain, plan.blocked.map((b) => b.reason)]).toEqual([[], ['Cooldown']]);
  });

  it('scales down once the cooldown has passed exactly', () => {
    const plan = planNodeGroup(input({ lastScaleUpAt: HOUR - 600_000, spec: spec({ scaleDownPolicy: { cooldownSeconds: 600 } }), nodes: actives(3), pendingScaleDown: [{ name: 'n0', reason: 'idle' }] }));
    expect(plan.drain).toHaveLength(1);
  });

  it('uses the CRD default cooldown of 600 s when the spec has none', () => {
    const plan = planNodeGroup(input({ lastScaleUpAt: HOUR - 599_000, nodes: actives(3), pendingScaleDown: [{ name: 'n0', reason: 'idle' }] }));
    expect(plan.blocked.map((b) => b.reason)).toEqual(['Cooldown']);
  });

  it('blocks scale-downs when scale-down is disabled', () => {
    const plan = planNodeGroup(input({ spec: spec({ scaleDownPolicy: { enabled: false } }), nodes: actives(3), pendingScaleDown: [{ name: 'n0', reason: 'idle' }] }));
    expect([plan.drain, plan.blocked.map((b) => b.reason)]).toEqual([[], ['ScaleDownDisabled']]);
  });
});

describe('planNodeGroup: above maxNodes', () => {
  it('removes nodes not yet Active first, newest first, then drains Active ones newest first', () => {
    const nodes = [...actives(3), node('p1', 'Pending', 10_000), node('p2', 'Joining', 20_000)];
    const plan = planNodeGroup(input({ spec: spec({ maxNodes: 2, disruption: { budget: '5' } }), nodes }));
    expect(plan.remove).toEqual([
      { name: 'p2', reason: 'over-max' },
      { name: 'p1', reason: 'over-max' },
    ]);
    expect(plan.drain).toEqual([{ name: 'n2', reason: 'over-max' }]);
    expect(plan.desired).toBe(2);
  });

  it('drains down to maxNodes within the budget and reports the rest', () => {
    const plan = planNodeGroup(input({ spec: spec({ maxNodes: 2 }), nodes: actives(4) }));
    expect(plan.drain).toEqual([{ name: 'n3', reason: 'over-max' }]);
    expect(plan.blocked).toEqual([expect.objectContaining({ reason: 'DisruptionBudget', name: 'n2' })]);
  });

  it('enforces maxNodes even while scale-down is disabled or cooling down', () => {
    const plan = planNodeGroup(input({ lastScaleDownAt: HOUR - 1, spec: spec({ maxNodes: 2, scaleDownPolicy: { enabled: false } }), nodes: actives(3) }));
    expect(plan.drain).toEqual([{ name: 'n2', reason: 'over-max' }]);
  });

  it('stops at minNodes when failed replacements hold the other slots', () => {
    const nodes = [...actives(3), node('f', 'Failed'), node('r', 'Failed', 1, { replaces: 'f' })];
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 3, maxNodes: 3, disruption: { budget: '5' } }), nodes }));
    expect(plan.drain).toEqual([]);
    expect(plan.blocked.map((b) => b.reason)).toContain('AtMinimum');
  });
});

describe('planNodeGroup: invalid specs and steady state', () => {
  it('plans nothing but the drained hand-off for minNodes above maxNodes', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 5, maxNodes: 2 }), nodes: [node('d', 'Drained')], pendingScaleUp: [{ count: 1, reason: 'pods' }] }));
    expect([plan.create, plan.drain, plan.remove]).toEqual([[], [], [{ name: 'd', reason: 'drained' }]]);
    expect(plan.blocked.map((b) => b.reason)).toEqual(['InvalidSpec']);
  });

  it('has no work in a group at its size', () => {
    const plan = planNodeGroup(input({ spec: spec({ minNodes: 2 }), nodes: actives(3) }));
    expect([plan.hasWork, plan.desired, plan.current, plan.ready, plan.draining]).toEqual([false, 3, 3, 3, 0]);
  });

  it('does not depend on the order of the node list', () => {
    const nodes = [...actives(4), node('d', 'Drained'), node('f', 'Failed'), node('p', 'Pending', 9)];
    const base = input({ spec: spec({ maxNodes: 4 }), nodes });
    expect(planNodeGroup({ ...base, nodes: [...nodes].reverse() })).toEqual(planNodeGroup(base));
  });
});
