import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/app/controller.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
const controllers: Controller[] = [];

beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000 }, timeScale: 40 });
  ops = clusterOps(h);
});
afterAll(async () => {
  for (const c of controllers) await c.stop();
  await h.close();
});

const leaderElection = { enabled: true, leaseDurationSeconds: 2, renewDeadlineSeconds: 1, retryPeriodSeconds: 1 };

async function replica(identity: string): Promise<Controller> {
  const { controller } = await startTestController(h.kc, { leaderElection: { ...leaderElection, identity } });
  controllers.push(controller);
  return controller;
}

describe('two replicas', () => {
  it('only the leader acts, and the standby takes over within the lease when it stops', async () => {
    const a = await replica('replica-a');
    const b = await replica('replica-b');
    await eventually(() => (a.isLeader() || b.isLeader() ? true : undefined), 10_000, 50);
    const [leader, standby] = a.isLeader() ? [a, b] : [b, a];
    expect(standby.isLeader()).toBe(false);
    expect(standby.supervisor.running).toBe(false);
    await ops.createNodeGroup('ha', { minNodes: 2, maxNodes: 4 });
    await ops.converged('ha', 2);
    // The standby kept its caches warm but never built an actor.
    expect(standby.supervisor.view().nodes).toEqual([]);
    expect(standby.informers.vpsieNodes.list().length).toBe(2);

    const stoppedAt = Date.now();
    await leader.stop();
    await eventually(() => (standby.isLeader() ? true : undefined), 5_000, 50);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000 + 1_000);
    expect(standby.supervisor.view().nodes.map((n) => n.phase)).toEqual(['Active', 'Active']);
    await ops.patchNodeGroup('ha', { minNodes: 3 });
    await ops.converged('ha', 3);
  }, 120_000);
});
