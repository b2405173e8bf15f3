import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATIONS, API_VERSION, FINALIZERS, LABELS, type VPSieNodePhase } from '../../src/api/v1alpha1.ts';
import type { Controller } from '../../src/app/controller.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let running: Controller | undefined;

// Slow boots and joins, so a test can stop the controller while a node is in the middle of them.
beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 120_000, joinDelayMs: 60_000, podStartDelayMs: 1_000, podTerminationMs: 1_000 }, timeScale: 40 });
  ops = clusterOps(h);
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(async () => {
  await h.close();
});

async function startController(): Promise<void> {
  running = (await startTestController(h.kc, { lifecycle: { drainTimeoutSeconds: 30, claimGraceSeconds: 3 } })).controller;
}

/** Stops the controller as a crash would: actors and their effects end where they stand, nothing is cleaned up. */
async function crash(): Promise<void> {
  await running?.stop();
  running = undefined;
}

function phaseReached(group: string, phase: VPSieNodePhase): Promise<string> {
  return eventually(async () => (await ops.vpsieNodes(group)).find((v) => v.status?.phase === phase)?.metadata.name, 60_000, 20);
}

/** What a restart must keep: every VPS belongs to exactly one VPSieNode, nothing is stuck, no Node stays cordoned. */
async function expectClean(): Promise<void> {
  const vns = await ops.allVPSieNodes();
  const claimed = vns.map((v) => v.status?.vpsieNodeIdentifier).filter((i): i is string => Boolean(i));
  expect(new Set(claimed).size).toBe(claimed.length);
  expect(ops.workerVms().map((v) => v.identifier).sort()).toEqual([...claimed].sort());
  expect(vns.filter((v) => v.status?.phase !== 'Active').map((v) => `${v.metadata.name}=${v.status?.phase}`)).toEqual([]);
  const nodes = (await ops.core.listNode({ labelSelector: `${LABELS.managed}=true` })).items;
  expect(nodes.filter((n) => n.spec?.unschedulable).map((n) => n.metadata?.name)).toEqual([]);
}

async function removeGroup(group: string): Promise<void> {
  await ops.deleteNodeGroup(group);
  await eventually(async () => ((await ops.nodeGroup(group)) ? undefined : true), 60_000, 100);
}

describe('a restart resumes every lifecycle where it stood', () => {
  for (const phase of ['Pending', 'Provisioning', 'Joining'] as const) {
    it(`stopped mid-${phase}: converges with no second VPS`, async () => {
      const group = `crash-${phase.toLowerCase()}`;
      await startController();
      await ops.createNodeGroup(group, { minNodes: 1, maxNodes: 1 });
      await phaseReached(group, phase);
      await crash();
      await startController();
      await ops.converged(group, 1, 90_000);
      await expectClean();
      await removeGroup(group);
    }, 180_000);
  }

  it('stopped mid-Draining: the drain resumes and the node goes', async () => {
    const group = 'crash-draining';
    await startController();
    await ops.createNodeGroup(group, { minNodes: 1, maxNodes: 2, labels: { pool: group } });
    const [vn] = await ops.converged(group, 1, 90_000);
    // A pod under a PDB that allows nothing holds the drain in Draining until the PDB goes.
    await ops.core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'held', labels: { app: 'held' }, ownerReferences: [] }, spec: { nodeName: vn!.status!.nodeName!, containers: [{ name: 'c', image: 'x:1' }] } },
    });
    await ops.policy.createNamespacedPodDisruptionBudget({ namespace: 'default', body: { metadata: { name: 'held' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'held' } } } } });
    await eventually(async () => ((await ops.policy.readNamespacedPodDisruptionBudget({ namespace: 'default', name: 'held' })).status?.currentHealthy === 1 ? true : undefined), 30_000, 100);
    await ops.patchNodeGroup(group, { minNodes: 0 });
    await ops.annotateVPSieNode(vn!.metadata.name, { [ANNOTATIONS.drainRequest]: 'test' });
    await phaseReached(group, 'Draining');
    await crash();
    await ops.policy.deleteNamespacedPodDisruptionBudget({ namespace: 'default', name: 'held' });
    await startController();
    await eventually(async () => ((await ops.vpsieNodes(group)).length === 0 ? true : undefined), 60_000, 100);
    await expectClean();
    await removeGroup(group);
  }, 180_000);

  it('stopped mid-Terminating: the VPS is deleted, then the Node and the VPSieNode', async () => {
    const group = 'crash-terminating';
    await startController();
    await ops.createNodeGroup(group, { minNodes: 1, maxNodes: 1 });
    const [vn] = await ops.converged(group, 1, 90_000);
    // VPSie answers deletions slowly: the controller is stopped while one is in flight.
    h.cluster.living!.vpsie.faults.set({ endpoints: { deleteNode: { latencyMs: 2_000 } } });
    await ops.deleteNodeGroup(group);
    await phaseReached(group, 'Terminating');
    await crash();
    h.cluster.living!.vpsie.faults.clear();
    await startController();
    await eventually(async () => ((await ops.nodeGroup(group)) ? undefined : true), 60_000, 100);
    await expect(ops.core.readNode({ name: vn!.status!.nodeName! })).rejects.toMatchObject({ code: 404 });
    await expectClean();
  }, 180_000);
});

describe('a crash between asking VPSie for a VM and recording which one it got', () => {
  /** A VPSieNode whose provisioning intent is recorded, and the VM VPSie created for it, unclaimed. */
  async function interruptedProvisioning(name: string) {
    const conn = h.cluster.living!.connection();
    await ops.createVPSieNode({
      apiVersion: API_VERSION,
      kind: 'VPSieNode',
      metadata: { name, namespace: 'kube-system', labels: { [LABELS.managed]: 'true', [LABELS.nodeGroup]: 'orphans' }, finalizers: [FINALIZERS.vpsieNode] },
      spec: { nodeGroupName: 'orphans', offeringID: 'k8s-2-4', datacenterID: conn.datacenterCode, resourceIdentifier: conn.clusterId },
    });
    await ops.patchVPSieNodeStatus(name, { phase: 'Provisioning', provisionRequestedAt: new Date(h.cluster.clock.now()).toISOString() });
    const cloud = h.cluster.living!.vpsie.cloud;
    const size = conn.offerings.find((o) => o.name === 'k8s-2-4')!.id;
    const group = cloud.nodeGroups(conn.clusterId).find((g) => g.offeringId === size) ?? cloud.createNodeGroup(conn.clusterId, `orphans-${size}`, size);
    return cloud.addNode(conn.clusterId, group.id);
  }

  it('a restart claims the VM the lost request created instead of asking for another', async () => {
    const vm = await interruptedProvisioning('claims-its-vm');
    const vmsBefore = ops.workerVms().length;
    await startController();
    const vn = await eventually(async () => {
      const v = await ops.vpsieNode('claims-its-vm');
      return v?.status?.phase === 'Active' ? v : undefined;
    }, 90_000, 100);
    expect(vn.status?.vpsieNodeIdentifier).toBe(vm.identifier);
    expect(ops.workerVms().length).toBe(vmsBefore);
    await ops.deleteVPSieNode('claims-its-vm');
    await eventually(() => (h.cluster.living!.vpsie.cloud.vms().some((v) => v.id === vm.id) ? undefined : true), 60_000, 100);
  }, 120_000);

  it('a node deleted before it learnt its VM still deletes that VM: nothing leaks', async () => {
    const vm = await interruptedProvisioning('leaves-no-vm');
    await ops.deleteVPSieNode('leaves-no-vm');
    await startController();
    await eventually(async () => ((await ops.vpsieNode('leaves-no-vm')) ? undefined : true), 60_000, 100);
    expect(h.cluster.living!.vpsie.cloud.vms().some((v) => v.id === vm.id)).toBe(false);
  }, 120_000);
});
