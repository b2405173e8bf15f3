import { describe, expect, it } from 'vitest';
import { NODE_GROUP_DEFAULTS } from '../../src/machines/nodeGroup.ts';
import { EXPECTATION_TTL_MS } from '../../src/policy/expectations.ts';
import type { NodeView } from '../../src/policy/nodegroup-types.ts';
import { createdFor, flush, GROUP_SPEC, groupInput, startGroup } from './support/groups.ts';

const active = (name: string, createdAt = 0): NodeView => ({ name, phase: 'Active', offeringID: 'small', createdAt });

/** A group that has written its first status and is idle. */
async function idleGroup(nodes: NodeView[] = []) {
  const group = startGroup(groupInput({ nodes }));
  group.reconciles[0]!.resolve({ at: 1_000, created: [] });
  await flush();
  return group;
}

describe('nodeGroup: reconciling', () => {
  it('reconciles at start to write its status, and creates the nodes minNodes asks for', () => {
    const { actor, reconciles } = startGroup(groupInput({ spec: { ...GROUP_SPEC, minNodes: 2 } }));
    expect(actor.getSnapshot().value).toEqual({ Active: 'reconciling' });
    expect(reconciles).toHaveLength(1);
    expect(reconciles[0]!.input).toMatchObject({ name: 'workers', namespace: 'ns', generation: 1 });
    expect(reconciles[0]!.input.plan.create).toEqual([
      { offeringID: 'small', reason: 'min-nodes' },
      { offeringID: 'small', reason: 'min-nodes' },
    ]);
  });

  it('stays idle once its status is written and nothing is to do', async () => {
    const { actor, reconciles } = await idleGroup([active('a')]);
    expect(actor.getSnapshot().value).toEqual({ Active: 'idle' });
    actor.send({ type: 'NODES_CHANGED', nodes: [active('a')], at: 2_000 });
    expect(actor.getSnapshot().value).toEqual({ Active: 'idle' });
    expect(reconciles).toHaveLength(1);
  });

  it('does not create the same nodes twice while the node list has not caught up', async () => {
    const { actor, reconciles } = startGroup(groupInput({ spec: { ...GROUP_SPEC, minNodes: 2 } }));
    const made = createdFor(reconciles[0]!.input, 1_500);
    reconciles[0]!.resolve({ at: 1_500, created: made });
    await flush();
    // The next reconcile writes the status; it creates nothing, though no NODES_CHANGED has shown the new nodes.
    expect(reconciles[1]!.input.plan.create).toEqual([]);
    expect(reconciles[1]!.input.plan.status.nodes.map((n) => n.vpsieNode)).toEqual(made.map((n) => n.name));
    actor.send({ type: 'NODES_CHANGED', nodes: made.map((n) => ({ ...n, phase: 'Provisioning' })), at: 2_000 });
    expect(actor.getSnapshot().context.expectations).toEqual([]);
  });

  it('trusts the node list again when created nodes never show up within the expectation TTL', async () => {
    const { actor, reconciles } = startGroup(groupInput({ spec: { ...GROUP_SPEC, minNodes: 1 } }));
    reconciles[0]!.resolve({ at: 1_500, created: createdFor(reconciles[0]!.input, 1_500) });
    await flush();
    reconciles[1]!.resolve({ at: 1_600, created: [] });
    await flush();
    actor.send({ type: 'RESYNC', at: 1_500 + EXPECTATION_TTL_MS });
    expect(reconciles[2]!.input.plan.create).toEqual([{ offeringID: 'small', reason: 'min-nodes' }]);
  });

  it('creates a requested scale-up, then consumes the request and records the time', async () => {
    const { actor, reconciles } = await idleGroup([active('a')]);
    actor.send({ type: 'SCALE_UP', count: 2, offeringID: 'large', reason: '3 pods pending', at: 5_000 });
    expect(reconciles[1]!.input.plan.create).toEqual([
      { offeringID: 'large', reason: 'scale-up' },
      { offeringID: 'large', reason: 'scale-up' },
    ]);
    expect(actor.getSnapshot().context.pendingScaleUp).toEqual([]);
    reconciles[1]!.resolve({ at: 6_000, created: createdFor(reconciles[1]!.input, 6_000) });
    await flush();
    expect(actor.getSnapshot().context).toMatchObject({ pendingScaleUp: [], lastScaleUpAt: 6_000, desired: 3 });
  });

  it('drains a requested node, records the time, and holds the next scale-down for the cooldown', async () => {
    const spec = { ...GROUP_SPEC, scaleDownPolicy: { cooldownSeconds: 60 } };
    const group = startGroup(groupInput({ spec, nodes: [active('a'), active('b'), active('c')] }));
    group.reconciles[0]!.resolve({ at: 1_000, created: [] });
    await flush();
    group.actor.send({ type: 'SCALE_DOWN', names: ['b'], reason: 'underutilised', at: 100_000 });
    expect(group.reconciles[1]!.input.plan.drain).toEqual([{ name: 'b', reason: 'underutilised' }]);
    group.reconciles[1]!.resolve({ at: 101_000, created: [] });
    await flush();
    expect(group.actor.getSnapshot().context.lastScaleDownAt).toBe(101_000);
    group.actor.send({ type: 'SCALE_DOWN', names: ['c'], reason: 'underutilised', at: 150_000 });
    expect(group.actor.getSnapshot().context.plan.blocked).toEqual([expect.objectContaining({ reason: 'Cooldown', name: 'c' })]);
    expect(group.actor.getSnapshot().context.pendingScaleDown).toEqual([]);
  });

  it('keeps the cooldown of the scale events recorded before a restart', () => {
    const { actor } = startGroup(groupInput({ nodes: [active('a'), active('b')], lastScaleUpAt: 900 }));
    actor.send({ type: 'SCALE_DOWN', names: ['a'], reason: 'underutilised', at: 60_000 });
    expect(actor.getSnapshot().context.plan.blocked.map((b) => b.reason)).toEqual(['Cooldown']);
  });

  it('drops a scale-down for a node it does not know', async () => {
    const { actor } = await idleGroup([active('a')]);
    actor.send({ type: 'SCALE_DOWN', names: ['ghost'], reason: 'underutilised', at: 9_999_999 });
    expect(actor.getSnapshot().context.pendingScaleDown).toEqual([]);
    expect(actor.getSnapshot().value).toEqual({ Active: 'idle' });
  });

  it('runs one more reconcile, not one per event, for events that arrive during a reconcile', async () => {
    const { actor, reconciles } = await idleGroup([active('a')]);
    actor.send({ type: 'RESYNC', at: 2_000 });
    actor.send({ type: 'NODES_CHANGED', nodes: [active('a')], at: 2_100 });
    actor.send({ type: 'NODES_CHANGED', nodes: [active('a')], at: 2_200 });
    actor.send({ type: 'RESYNC', at: 2_300 });
    expect(reconciles).toHaveLength(2);
    reconciles[1]!.resolve({ at: 2_400, created: [] });
    await flush();
    expect(reconciles).toHaveLength(3);
    reconciles[2]!.resolve({ at: 2_500, created: [] });
    await flush();
    expect(reconciles).toHaveLength(3);
    expect(actor.getSnapshot().value).toEqual({ Active: 'idle' });
  });

  it('reconciles for a new generation of the spec even when the plan has no work', async () => {
    const { actor, reconciles } = await idleGroup([active('a')]);
    actor.send({ type: 'SPEC_CHANGED', spec: GROUP_SPEC, generation: 2, at: 2_000 });
    expect(reconciles[1]!.input.generation).toBe(2);
  });

  it('reconciles on RESYNC even when nothing changed', async () => {
    const { actor, reconciles } = await idleGroup();
    actor.send({ type: 'RESYNC', at: 2_000 });
    expect(reconciles).toHaveLength(2);
  });

  it('never lets time run backwards when an event carries an older time', async () => {
    const { actor } = await idleGroup();
    actor.send({ type: 'RESYNC', at: 500 });
    expect(actor.getSnapshot().context.now).toBe(1_000);
  });
});

describe('nodeGroup: failures', () => {
  it('retries a failed reconcile after the backoff, with its requests given back', async () => {
    const { actor, clock, reconciles } = await idleGroup();
    actor.send({ type: 'SCALE_UP', count: 1, reason: 'pods', at: 2_000 });
    reconciles[1]!.reject(new Error('HTTP 500'));
    await flush();
    expect(actor.getSnapshot().value).toEqual({ Active: 'backoff' });
    expect(actor.getSnapshot().context).toMatchObject({ attempts: 1, lastError: 'HTTP 500', sent: undefined, pendingScaleUp: [{ count: 1, reason: 'pods' }] });
    clock.increment(NODE_GROUP_DEFAULTS.retry.baseMs - 1);
    expect(reconciles).toHaveLength(2);
    clock.increment(1);
    expect(reconciles).toHaveLength(3);
    expect(reconciles[2]!.input.plan.create).toEqual([{ offeringID: 'small', reason: 'scale-up' }]);
  });

  it('backs off longer after each failure, and forgets failures after a success', async () => {
    const { actor, clock, reconciles } = await idleGroup();
    actor.send({ type: 'RESYNC', at: 2_000 });
    reconciles[1]!.reject(new Error('HTTP 500'));
    await flush();
    clock.increment(1_000);
    reconciles[2]!.reject(new Error('HTTP 503'));
    await flush();
    clock.increment(1_999);
    expect(reconciles).toHaveLength(3);
    clock.increment(1);
    reconciles[3]!.resolve({ at: 5_000, created: [] });
    await flush();
    expect(actor.getSnapshot().context).toMatchObject({ attempts: 0, lastError: undefined, sent: undefined });
  });

  it('expects the nodes a failed reconcile created, and does not create them again', async () => {
    const { actor, reconciles } = await idleGroup();
    actor.send({ type: 'SCALE_UP', count: 3, reason: 'pods', at: 2_000 });
    const made = createdFor(reconciles[1]!.input, 2_000).slice(0, 2);
    reconciles[1]!.reject(Object.assign(new Error('HTTP 500 on the third'), { created: made }));
    await flush();
    expect(actor.getSnapshot().context.pendingScaleUp).toEqual([{ count: 1, reason: 'pods' }]);
    expect(actor.getSnapshot().context.plan.create).toEqual([{ offeringID: 'small', reason: 'scale-up' }]);
    expect(actor.getSnapshot().context.lastScaleUpAt).toBe(2_000);
  });

  it('ignores what a failed reconcile reports that is not a node', async () => {
    const { actor, reconciles } = await idleGroup();
    actor.send({ type: 'SCALE_UP', count: 1, reason: 'pods', at: 2_000 });
    reconciles[1]!.reject({ message: 'odd', created: [{ name: 'x' }, 'y', null] });
    await flush();
    expect(actor.getSnapshot().context.expectations).toEqual([]);
    expect(actor.getSnapshot().context.pendingScaleUp).toEqual([{ count: 1, reason: 'pods' }]);
  });

  it('treats a reconcile that created fewer nodes than planned as failed', async () => {
    const { actor, reconciles } = await idleGroup();
    actor.send({ type: 'SCALE_UP', count: 2, reason: 'pods', at: 2_000 });
    reconciles[1]!.resolve({ at: 2_500, created: createdFor(reconciles[1]!.input, 2_500).slice(0, 1) });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ Active: 'backoff' });
    expect(actor.getSnapshot().context).toMatchObject({ lastError: 'reconcile created 1 of 2 nodes', pendingScaleUp: [{ count: 1, reason: 'pods' }] });
  });
});

describe('nodeGroup: deletion', () => {
  it('stops a reconcile in flight when the group is deleted, then deletes its nodes and releases it', async () => {
    const { actor, reconciles, deletions, releases } = startGroup(groupInput({ nodes: [active('a'), active('b')] }));
    actor.send({ type: 'DELETE_REQUESTED', at: 2_000 });
    expect(reconciles[0]!.aborted()).toBe(true);
    expect(deletions[0]!.input).toEqual({ name: 'workers', namespace: 'ns', nodes: ['a', 'b'] });
    deletions[0]!.resolve();
    await flush();
    expect(releases[0]!.input).toEqual({ name: 'workers', namespace: 'ns' });
    releases[0]!.resolve();
    await flush();
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('retries deleting the nodes and releasing the group until they succeed', async () => {
    const { actor, clock, deletions, releases } = await idleGroup([active('a')]);
    actor.send({ type: 'DELETE_REQUESTED', at: 2_000 });
    deletions[0]!.reject(new Error('HTTP 500'));
    await flush();
    expect(actor.getSnapshot().context.lastError).toBe('HTTP 500');
    clock.increment(1_000);
    deletions[1]!.resolve();
    await flush();
    releases[0]!.reject(new Error('HTTP 409'));
    await flush();
    expect(actor.getSnapshot().context.attempts).toBe(1);
    clock.increment(1_000);
    releases[1]!.resolve();
    await flush();
    expect(actor.getSnapshot().value).toBe('Deleted');
  });

  it('keeps following its nodes while deleting, and plans nothing', async () => {
    const { actor, reconciles } = await idleGroup([active('a')]);
    actor.send({ type: 'DELETE_REQUESTED', at: 2_000 });
    actor.send({ type: 'NODES_CHANGED', nodes: [], at: 3_000 });
    actor.send({ type: 'SCALE_UP', count: 5, reason: 'pods', at: 3_000 });
    expect(actor.getSnapshot().context.nodes).toEqual([]);
    expect(actor.getSnapshot().context.pendingScaleUp).toEqual([]);
    expect(reconciles).toHaveLength(1);
  });
});
