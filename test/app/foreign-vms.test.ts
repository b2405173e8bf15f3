import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/app/controller.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let controller: Controller;

// VPSie answers every node creation with `data: true`: the controller must find its VM itself.
beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 10_000, joinDelayMs: 2_000, vpsie: { asyncCreation: 'always' } }, timeScale: 40 });
  ops = clusterOps(h);
  ({ controller } = await startTestController(h.kc));
});
afterAll(async () => {
  await controller.stop();
  await h.close();
});

describe('VMs the autoscaler did not ask for', () => {
  it('are never claimed, even of the same size, in the same VPSie node group, created just before', async () => {
    const conn = h.cluster.living!.connection();
    const cloud = h.cluster.living!.vpsie.cloud;
    const size = conn.offerings.find((o) => o.name === 'k8s-2-4')!.id;
    // Someone adds a node of the size by hand (VPSie keeps one node group per size, shared).
    const group = cloud.nodeGroups(conn.clusterId).find((g) => g.offeringId === size) ?? cloud.createNodeGroup(conn.clusterId, `by-hand-${size}`, size);
    const foreign = cloud.addNode(conn.clusterId, group.id);

    await ops.createNodeGroup('owned', { minNodes: 1, maxNodes: 1, offeringIDs: ['k8s-2-4'] });
    const [vn] = await ops.converged('owned', 1, 60_000);
    expect(vn!.status?.vpsieNodeIdentifier).not.toBe(foreign.identifier);
    expect(vn!.status?.provisionAfterInstanceID).toBeGreaterThanOrEqual(foreign.id);

    await ops.deleteNodeGroup('owned');
    await eventually(async () => ((await ops.nodeGroup('owned')) ? undefined : true), 60_000, 100);
    // Its own VM went with it; the hand-made one is untouched.
    expect(ops.workerVms().map((v) => v.identifier)).toEqual([foreign.identifier]);
  }, 120_000);
});
