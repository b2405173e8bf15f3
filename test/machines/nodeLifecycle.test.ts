import { describe, expect, it } from 'vitest';
import { NODE_LIFECYCLE_DEFAULTS, nodeLifecycleMachine, phaseOf, utilisationWindow } from '../../src/machines/nodeLifecycle.ts';
import { NODE_PHASES } from '../../src/machines/nodePhase.ts';
import { createActor } from 'xstate';
import { advance, flush, startNode } from './support/nodes.ts';

const ok = () => Promise.resolve();
const provisioned = () => Promise.resolve({ instanceId: 9, hostname: 'vm-9', ip: '10.0.0.9' });
const joined = () => Promise.resolve({ nodeName: 'k8s-9' });
const capacityError = Object.assign(new Error('no capacity for offering 103'), { terminal: true, reason: 'InsufficientCapacity' });

describe('nodeLifecycle: restoring', () => {
  it.each(NODE_PHASES)('resumes a node persisted in %s in that phase', (phase) => {
    const { actor } = startNode({ name: 'vn-1', phase });
    expect(phaseOf(actor.getSnapshot())).toBe(phase);
    actor.stop();
  });

  it('starts a node without a persisted phase in Pending, running ensureGroup', () => {
    const { actor, calls } = startNode({ name: 'vn-1' });
    expect(actor.getSnapshot().value).toEqual({ Pending: 'running' });
    expect(calls).toEqual([{ src: 'ensureGroup', input: { name: 'vn-1' }, at: 0 }]);
    actor.stop();
  });

  it('runs the release effect again for a node restored in Deleted', () => {
    const { actor, calls } = startNode({ name: 'vn-1', phase: 'Deleted' });
    expect(calls.map((c) => c.src)).toEqual(['release']);
    actor.stop();
  });

  it('fails a node whose persisted phase is not a lifecycle phase', () => {
    const { actor, calls } = startNode({ name: 'vn-1', phase: 'Exploded' as never });
    expect(phaseOf(actor.getSnapshot())).toBe('Failed');
    expect(calls[0]).toMatchObject({ src: 'recordFailure', input: { name: 'vn-1', reason: 'UnknownPhase' } });
    actor.stop();
  });

  it('gives a node restored as Failed without a reason the reason Unknown', () => {
    const { actor, calls } = startNode({ name: 'vn-1', phase: 'Failed' });
    expect(calls[0]).toMatchObject({ src: 'recordFailure', input: { reason: 'Unknown' } });
    actor.stop();
  });

  it('drains a node restored in Draining for its recorded reason, or "Restored" without one', () => {
    const withReason = startNode({ name: 'vn-1', phase: 'Draining', drainReason: 'underutilised' });
    const without = startNode({ name: 'vn-2', phase: 'Draining' });
    expect(withReason.calls[0]!.input).toEqual({ name: 'vn-1', reason: 'underutilised' });
    expect(without.calls[0]!.input).toEqual({ name: 'vn-2', reason: 'Restored' });
    withReason.actor.stop();
    without.actor.stop();
  });

  it('passes the restored instance and node identity to the effects that need them', () => {
    const terminating = startNode({ name: 'vn-1', phase: 'Terminating', instanceId: 77 });
    const deleting = startNode({ name: 'vn-2', phase: 'Deleting', nodeName: 'k8s-77' });
    expect(terminating.calls[0]!.input).toEqual({ name: 'vn-1', instanceId: 77 });
    expect(deleting.calls[0]!.input).toEqual({ name: 'vn-2', nodeName: 'k8s-77' });
    terminating.actor.stop();
    deleting.actor.stop();
  });

  it('refuses a sample capacity that is not a positive integer', () => {
    for (const sampleCapacity of [0, -1, 1.5, Number.NaN]) {
      const actor = createActor(nodeLifecycleMachine, { input: { name: 'vn-1', sampleCapacity } });
      actor.subscribe({ error: () => {} });
      actor.start();
      expect(actor.getSnapshot().status, String(sampleCapacity)).toBe('error');
    }
  });
});

describe('nodeLifecycle: provisioning', () => {
  it('walks a new node to Active, handing each effect what the previous one found', async () => {
    const { actor, calls } = startNode({ name: 'vn-1' }, { ensureGroup: ok, provision: provisioned, join: joined });
    await flush();
    expect(actor.getSnapshot().value).toBe('Active');
    expect(calls.map((c) => [c.src, c.input])).toEqual([
      ['ensureGroup', { name: 'vn-1' }],
      ['provision', { name: 'vn-1' }],
      ['join', { name: 'vn-1', instanceId: 9, hostname: 'vm-9', ip: '10.0.0.9' }],
    ]);
    expect(actor.getSnapshot().context).toMatchObject({ instanceId: 9, hostname: 'vm-9', ip: '10.0.0.9', nodeName: 'k8s-9' });
  });

  it('fails a node at once on a terminal provisioning error, with its reason and message', async () => {
    const { actor, calls } = startNode({ name: 'vn-1' }, { ensureGroup: ok, provision: () => Promise.reject(capacityError) });
    await flush();
    expect(phaseOf(actor.getSnapshot())).toBe('Failed');
    expect(actor.getSnapshot().context.failure).toEqual({ reason: 'InsufficientCapacity', message: 'no capacity for offering 103' });
    expect(calls.filter((c) => c.src === 'provision')).toHaveLength(1);
    expect(calls.at(-1)).toMatchObject({ src: 'recordFailure', input: { name: 'vn-1', reason: 'InsufficientCapacity' } });
  });

  it('calls a terminal error without a reason ProvisioningFailed', async () => {
    const { actor } = startNode({ name: 'vn-1' }, { ensureGroup: () => Promise.reject({ terminal: true, message: 'bad offering' }) });
    await flush();
    expect(actor.getSnapshot().context.failure).toEqual({ reason: 'ProvisioningFailed', message: 'bad offering' });
  });

  it('retries a transient error after the backoff, counting attempts and keeping the last error', async () => {
    let failures = 2;
    const { actor, clock, calls } = startNode({ name: 'vn-1' }, { ensureGroup: () => (failures-- > 0 ? Promise.reject(new Error(`HTTP 503 #${failures}`)) : ok()) });
    await flush();
    expect(actor.getSnapshot().value).toEqual({ Pending: 'retrying' });
    expect(actor.getSnapshot().context).toMatchObject({ attempts: 1, lastError: 'HTTP 503 #1' });
    await advance(clock, NODE_LIFECYCLE_DEFAULTS.retry.baseMs);
    expect(actor.getSnapshot().context).toMatchObject({ attempts: 2, lastError: 'HTTP 503 #0' });
    await advance(clock, 2 * NODE_LIFECYCLE_DEFAULTS.retry.baseMs);
    expect(phaseOf(actor.getSnapshot())).toBe('Provisioning');
    expect(actor.getSnapshot().context).toMatchObject({ attempts: 0, lastError: undefined });
    expect(calls.filter((c) => c.src === 'ensureGroup').map((c) => c.at)).toEqual([0, 1_000, 3_000]);
    actor.stop();
  });

  it('backs off exponentially up to the cap by default', async () => {
    const { actor, clock, calls } = startNode({ name: 'vn-1', phase: 'Terminating' }, { terminate: () => Promise.reject(new Error('HTTP 500')) });
    await flush();
    await advance(clock, 200_000, 500);
    const times = calls.map((c) => c.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.slice(0, 8)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    actor.stop();
  });

  it('times provisioning out across retries, naming the last error', async () => {
    const { actor, clock } = startNode({ name: 'vn-1', phase: 'Provisioning' }, { provision: () => Promise.reject(new Error('HTTP 502')) }, { provisionTimeout: 10_000 });
    await advance(clock, 9_900);
    expect(phaseOf(actor.getSnapshot())).toBe('Provisioning');
    await advance(clock, 100);
    expect(phaseOf(actor.getSnapshot())).toBe('Failed');
    expect(actor.getSnapshot().context.failure).toEqual({ reason: 'ProvisioningTimeout', message: 'provisioning did not finish in time; last error: HTTP 502' });
    actor.stop();
  });

  it('times joining out as JoinTimeout', async () => {
    const { actor, clock } = startNode({ name: 'vn-1', phase: 'Joining' }, {}, { joinTimeout: 5_000 });
    await advance(clock, 5_000);
    expect(actor.getSnapshot().context.failure).toEqual({ reason: 'JoinTimeout', message: 'joining did not finish in time' });
    actor.stop();
  });

  it('names an effect the actor layer did not provide in lastError', async () => {
    const actor = createActor(nodeLifecycleMachine, { input: { name: 'vn-1' } });
    actor.start();
    await flush();
    expect(actor.getSnapshot().context.lastError).toBe('the effect ensureGroup was not provided to the machine');
    actor.stop();
  });
});

describe('nodeLifecycle: active', () => {
  it('keeps valid samples in Active and ignores invalid ones', () => {
    const { actor } = startNode({ name: 'vn-1', phase: 'Active', sampleCapacity: 4 });
    actor.send({ type: 'SAMPLE', cpu: 0.5, memory: 0.25, at: 1_000 });
    for (const bad of [{ cpu: Number.NaN, memory: 0.1, at: 2_000 }, { cpu: 0.1, memory: -0.1, at: 2_000 }, { cpu: 0.1, memory: 0.1, at: Number.POSITIVE_INFINITY }]) {
      actor.send({ type: 'SAMPLE', ...bad });
    }
    actor.send({ type: 'SAMPLE', cpu: 1.25, memory: 0.75, at: 3_000 });
    const window = utilisationWindow(actor.getSnapshot().context, 0);
    expect(Array.from(window.at)).toEqual([1_000, 3_000]);
    expect(Array.from(window.cpu)).toEqual([0.5, 1.25]);
    expect(Array.from(window.memory)).toEqual([0.25, 0.75]);
    actor.stop();
  });

  it('keeps only the newest samples, as many as its capacity', () => {
    const { actor } = startNode({ name: 'vn-1', phase: 'Active', sampleCapacity: 3 });
    for (let i = 1; i <= 5; i++) actor.send({ type: 'SAMPLE', cpu: i / 10, memory: 0, at: i * 1_000 });
    expect(Array.from(utilisationWindow(actor.getSnapshot().context, 0).at)).toEqual([3_000, 4_000, 5_000]);
    expect(Array.from(utilisationWindow(actor.getSnapshot().context, 4_000).at)).toEqual([4_000, 5_000]);
    actor.stop();
  });

  it('ignores samples outside Active', () => {
    for (const phase of NODE_PHASES.filter((p) => p !== 'Active')) {
      const { actor } = startNode({ name: 'vn-1', phase });
      actor.send({ type: 'SAMPLE', cpu: 0.5, memory: 0.5, at: 1_000 });
      expect(actor.getSnapshot().context.samples, phase).toBeUndefined();
      actor.stop();
    }
  });

  it('fails a lost node with reason NodeLost', () => {
    const { actor, calls } = startNode({ name: 'vn-1', phase: 'Active' });
    actor.send({ type: 'NODE_LOST', reason: 'Node k8s-9 was deleted' });
    expect(actor.getSnapshot().context.failure).toEqual({ reason: 'NodeLost', message: 'Node k8s-9 was deleted' });
    expect(calls[0]).toMatchObject({ src: 'recordFailure', input: { reason: 'NodeLost', message: 'Node k8s-9 was deleted' } });
    actor.stop();
  });
});

describe('nodeLifecycle: draining', () => {
  it('drains for the requested reason and waits in Drained', async () => {
    const { actor, calls } = startNode({ name: 'vn-1', phase: 'Active' }, { drain: ok });
    actor.send({ type: 'DRAIN', reason: 'underutilised' });
    await flush();
    expect(actor.getSnapshot().value).toBe('Drained');
    expect(calls).toEqual([{ src: 'drain', input: { name: 'vn-1', reason: 'underutilised' }, at: 0 }]);
    actor.stop();
  });

  it('reverts a failed drain and returns the node to Active', async () => {
    const { actor, calls } = startNode({ name: 'vn-1', phase: 'Active' }, { drain: () => Promise.reject(new Error('PDB blocks eviction')), revertDrain: ok });
    actor.send({ type: 'DRAIN', reason: 'underutilised' });
    await flush();
    expect(actor.getSnapshot().value).toBe('Active');
    expect(calls.at(-1)).toMatchObject({ src: 'revertDrain', input: { name: 'vn-1', reason: 'DrainFailed', message: 'PDB blocks eviction' } });
    expect(actor.getSnapshot().context).toMatchObject({ drainReason: 'underutilised', drainFailure: { reason: 'DrainFailed' } });
    actor.stop();
  });

  it('reverts a drain that outlasts drainTimeout as DrainTimeout', async () => {
    const { actor, clock, calls } = startNode({ name: 'vn-1', phase: 'Active' }, { revertDrain: ok }, { drainTimeout: 3_000 });
    actor.send({ type: 'DRAIN', reason: 'underutilised' });
    await advance(clock, 3_000);
    expect(actor.getSnapshot().value).toBe('Active');
    expect(calls.at(-1)).toMatchObject({ src: 'revertDrain', input: { reason: 'DrainTimeout' } });
    actor.stop();
  });

  it('clears the previous drain failure when draining again', () => {
    const { actor } = startNode({ name: 'vn-1', phase: 'Active' }, { drain: () => new Promise(() => {}) });
    actor.send({ type: 'DRAIN', reason: 'again' });
    expect(actor.getSnapshot().context.drainFailure).toBeUndefined();
    actor.stop();
  });
});

describe('nodeLifecycle: deletion', () => {
  it.each(['Pending', 'Provisioning', 'Joining', 'Active', 'Draining', 'Drained', 'Failed'] as const)('terminates a node deleted in %s', (phase) => {
    const { actor } = startNode({ name: 'vn-1', phase });
    actor.send({ type: 'DELETE_REQUESTED' });
    expect(phaseOf(actor.getSnapshot())).toBe('Terminating');
    actor.stop();
  });

  it.each(['Terminating', 'Deleting', 'Deleted'] as const)('ignores a deletion request in %s', (phase) => {
    const { actor, calls } = startNode({ name: 'vn-1', phase });
    actor.send({ type: 'DELETE_REQUESTED' });
    expect(phaseOf(actor.getSnapshot())).toBe(phase);
    expect(calls).toHaveLength(1);
    actor.stop();
  });

  it('keeps retrying termination, even on errors marked terminal', async () => {
    const { actor, clock, calls } = startNode({ name: 'vn-1', phase: 'Terminating' }, { terminate: () => Promise.reject(capacityError) });
    await advance(clock, 30_000, 500);
    expect(phaseOf(actor.getSnapshot())).toBe('Terminating');
    expect(calls.length).toBeGreaterThan(3);
    actor.stop();
  });

  it('terminates a Failed node after failedTTL, so its VPS does not leak', async () => {
    const { actor, clock, calls } = startNode({ name: 'vn-1', phase: 'Failed', failure: { reason: 'JoinTimeout' }, instanceId: 5 }, { recordFailure: ok }, { failedTTL: 60_000 });
    await advance(clock, 59_900, 1_000);
    expect(actor.getSnapshot().value).toEqual({ Failed: 'recorded' });
    await advance(clock, 100);
    expect(calls.at(-1)).toMatchObject({ src: 'terminate', input: { name: 'vn-1', instanceId: 5 } });
    actor.stop();
  });

  it('ends in the final state Gone, whose phase is Deleted', async () => {
    const { actor, calls } = startNode({ name: 'vn-1', phase: 'Terminating' }, { terminate: ok, deleteNode: ok, release: ok });
    await flush();
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().value).toBe('Gone');
    expect(phaseOf(actor.getSnapshot())).toBe('Deleted');
    expect(calls.map((c) => c.src)).toEqual(['terminate', 'deleteNode', 'release']);
  });
});
