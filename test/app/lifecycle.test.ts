import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATIONS, DRAIN_TAINT } from '../../src/api/v1alpha1.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let stop: () => Promise<void>;

beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000, podStartDelayMs: 1_000, podTerminationMs: 1_000 }, timeScale: 40 });
  ops = clusterOps(h);
  const { controller } = await startTestController(h.kc, { lifecycle: { drainTimeoutSeconds: 4 } });
  stop = () => controller.stop();
});
afterAll(async () => {
  await stop?.();
  await h.close();
});

describe('node group sizing', () => {
  it('converges when minNodes and maxNodes are raised and lowered', async () => {
    await ops.createNodeGroup('sizing', { minNodes: 1, maxNodes: 4 });
    await ops.converged('sizing', 1);
    await ops.patchNodeGroup('sizing', { minNodes: 3 });
    await ops.converged('sizing', 3);
    await ops.patchNodeGroup('sizing', { minNodes: 1, maxNodes: 2 });
    await ops.converged('sizing', 2);
    // Lowering maxNodes removed a node for real: its VPS is gone too, and no other VPS was left behind.
    await eventually(() => (ops.workerVms().length === 2 ? true : undefined));
    const status = (await ops.nodeGroup('sizing'))!.status!;
    expect(status).toMatchObject({ currentNodes: 2, readyNodes: 2 });
    expect(status.conditions?.find((c) => c.type === 'AtMaxCapacity')?.status).toBe('True');
  }, 120_000);
});

describe('draining by annotation', () => {
  it('drains the node, deletes its VPS, its Node and its VPSieNode', async () => {
    await ops.createNodeGroup('drainable', { minNodes: 1, maxNodes: 2 });
    const [vn] = await ops.converged('drainable', 1);
    await ops.patchNodeGroup('drainable', { minNodes: 0 });
    const vmId = vn!.status!.vpsieInstanceID!;
    const nodeName = vn!.status!.nodeName!;
    await ops.annotateVPSieNode(vn!.metadata.name, { [ANNOTATIONS.drainRequest]: 'test' });
    await eventually(async () => ((await ops.vpsieNodes('drainable')).length === 0 ? true : undefined), 60_000, 200);
    expect(h.cluster.living!.vpsie.cloud.vms().some((v) => v.id === vmId)).toBe(false);
    await expect(ops.core.readNode({ name: nodeName })).rejects.toMatchObject({ code: 404 });
  }, 90_000);

  it('keeps a node cordoned and Draining while a PDB refuses, then returns it to Active uncordoned', async () => {
    await ops.createNodeGroup('guarded', { minNodes: 1, maxNodes: 1 });
    const [vn] = await ops.converged('guarded', 1);
    const nodeName = vn!.status!.nodeName!;
    await ops.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'guarded-app' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'guarded-app' } },
          template: {
            metadata: { labels: { app: 'guarded-app' } },
            spec: { nodeSelector: { workload: 'guarded' }, containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
          },
        },
      },
    });
    await ops.policy.createNamespacedPodDisruptionBudget({ namespace: 'default', body: { metadata: { name: 'guarded-app' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded-app' } } } } });
    await eventually(async () => {
      const pods = await ops.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=guarded-app' });
      return pods.items.some((p) => p.spec?.nodeName === nodeName && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ? true : undefined;
    }, 30_000, 200);
    await ops.annotateVPSieNode(vn!.metadata.name, { [ANNOTATIONS.drainRequest]: 'test' });
    const draining = await eventually(async () => {
      const node = await ops.core.readNode({ name: nodeName });
      return node.spec?.unschedulable && node.metadata?.annotations?.[ANNOTATIONS.drainStatus] === 'draining' ? node : undefined;
    }, 20_000, 100);
    expect(draining.spec?.taints).toEqual(expect.arrayContaining([expect.objectContaining({ key: DRAIN_TAINT.key, effect: DRAIN_TAINT.effect })]));
    const byName = async () => (await ops.vpsieNodes('guarded')).find((v) => v.metadata.name === vn!.metadata.name);
    expect((await byName())?.status?.phase).toBe('Draining');
    // The drain deadline (4 s) passes with the PDB still refusing: the node goes back in service.
    const reverted = await eventually(async () => {
      const node = await ops.core.readNode({ name: nodeName });
      return node.metadata?.annotations?.[ANNOTATIONS.drainStatus] === 'failed' ? node : undefined;
    }, 30_000, 200);
    expect(reverted.spec?.unschedulable).toBeFalsy();
    expect((reverted.spec?.taints ?? []).some((t) => t.key === DRAIN_TAINT.key)).toBe(false);
    const after = await eventually(async () => {
      const v = await byName();
      return v?.status?.phase === 'Active' ? v : undefined;
    }, 10_000, 100);
    expect(after.metadata.annotations?.[ANNOTATIONS.drainRequest]).toBeUndefined();
    const pods = await ops.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=guarded-app' });
    expect(pods.items.filter((p) => !p.metadata?.deletionTimestamp)).toHaveLength(1);
    await eventually(async () => {
      const events = await ops.core.listNamespacedEvent({ namespace: 'kube-system', fieldSelector: `involvedObject.name=${vn!.metadata.name}` });
      return events.items.some((e) => e.reason === 'DrainFailed' && e.type === 'Warning') ? true : undefined;
    }, 5_000, 100);
  }, 120_000);
});

describe('deleting a NodeGroup', () => {
  it('deletes its VPSieNodes and their VPS before the group goes', async () => {
    await ops.createNodeGroup('doomed', { minNodes: 2, maxNodes: 2 });
    const vns = await ops.converged('doomed', 2);
    const vmIds = vns.map((v) => v.status!.vpsieInstanceID!);
    await ops.deleteNodeGroup('doomed');
    await eventually(async () => ((await ops.nodeGroup('doomed')) === undefined ? true : undefined), 60_000, 200);
    expect(await ops.vpsieNodes('doomed')).toEqual([]);
    expect(h.cluster.living!.vpsie.cloud.vms().filter((v) => vmIds.includes(v.id))).toEqual([]);
    expect(await ops.nodes('doomed')).toEqual([]);
  }, 90_000);
});
