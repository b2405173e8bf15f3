import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeObject, startGuardedCluster, type GuardedCluster } from './guarded-cluster.ts';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const MANAGED = { 'autoscaler.vpsie.com/managed': 'true' };
const FINALIZER = 'vpsienode.autoscaler.vpsie.com/finalizer';
const cr = (plural: string) => ({ group: 'autoscaler.vpsie.com', version: 'v1alpha1', namespace: 'kube-system', plural });

let g: GuardedCluster;

beforeAll(async () => {
  g = await startGuardedCluster();
  // Made while the webhook is up; the tests then run with it down.
  const created = await g.apply(
    nodeObject('managed-1', MANAGED),
    nodeObject('managed-2', MANAGED),
    nodeObject('unmanaged-1', {}),
    {
      apiVersion: 'autoscaler.vpsie.com/v1alpha1',
      kind: 'NodeGroup',
      metadata: { name: 'general', namespace: 'kube-system' },
      spec: { minNodes: 1, maxNodes: 3, datacenterID: 'ams1', resourceIdentifier: 'cluster-1', offeringIDs: ['k8s-2-4'] },
    },
    {
      apiVersion: 'autoscaler.vpsie.com/v1alpha1',
      kind: 'VPSieNode',
      metadata: { name: 'general-abc12', namespace: 'kube-system', finalizers: [FINALIZER] },
      spec: { nodeGroupName: 'general', offeringID: 'k8s-2-4', datacenterID: 'ams1', resourceIdentifier: 'cluster-1' },
    },
  );
  expect(created.stderr).toBe('');
  await g.stopWebhook();
});
afterAll(async () => {
  await g?.close();
});

async function exists(name: string): Promise<boolean> {
  return (await g.sim.kubectl('get', 'node', name, '-o', 'name')).code === 0;
}

async function status(call: Promise<unknown>): Promise<{ code: number; message: string } | undefined> {
  return call.then(
    () => undefined,
    (e: { code: number; body: string }) => ({ code: e.code, message: (JSON.parse(e.body) as { message: string }).message }),
  );
}

describe('with the webhook down', () => {
  it("fails the autoscaler's deletion of a managed node closed: 500, failed calling webhook, the node stays", async () => {
    const core = g.autoscalerKubeConfig().makeApiClient(CoreV1Api);
    const refused = await status(core.deleteNode({ name: 'managed-1' }));
    expect(refused?.code).toBe(500);
    expect(refused?.message).toContain('failed calling webhook "node-deletion.autoscaler.vpsie.com"');
    const r = await g.kubectlAsAutoscaler('delete', 'node', 'managed-1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Internal error occurred: failed calling webhook "node-deletion.autoscaler.vpsie.com"');
    expect(await exists('managed-1')).toBe(true);
  });

  it("lets an admin's deletions through: the matchCondition keeps the webhook out of them", async () => {
    const r = await g.sim.kubectl('delete', 'node', 'unmanaged-1');
    expect(r.stderr).toBe('');
    expect(await exists('unmanaged-1')).toBe(false);
  });

  it('refuses a NodeGroup spec change', async () => {
    const custom = g.sim.kc.makeApiClient(CustomObjectsApi);
    const refused = await status(custom.patchNamespacedCustomObject({ ...cr('nodegroups'), name: 'general', body: { spec: { maxNodes: 5 } } }, mergePatch));
    expect(refused?.code).toBe(500);
    expect(refused?.message).toContain('failed calling webhook "nodegroups.autoscaler.vpsie.com"');
  });

  it('lets writes that leave the spec alone through: the autoscaler can still remove its finalizer and annotate', async () => {
    const custom = g.autoscalerKubeConfig().makeApiClient(CustomObjectsApi);
    await custom.patchNamespacedCustomObject({ ...cr('vpsienodes'), name: 'general-abc12', body: { metadata: { finalizers: null } } }, mergePatch);
    await custom.patchNamespacedCustomObject({ ...cr('nodegroups'), name: 'general', body: { metadata: { annotations: { 'autoscaler.vpsie.com/rebalanced': 'now' } } } }, mergePatch);
    const vn = (await custom.getNamespacedCustomObject({ ...cr('vpsienodes'), name: 'general-abc12' })) as { metadata: { finalizers?: string[] } };
    expect(vn.metadata.finalizers).toBeUndefined();
  });

  it('takes the autoscaler\'s deletion of a managed node again once the webhook is back', async () => {
    await g.startWebhook();
    try {
      const r = await g.kubectlWithAutoscalerToken('delete', 'node', 'managed-2');
      expect(r.stderr).toBe('');
      expect(await exists('managed-2')).toBe(false);
    } finally {
      await g.stopWebhook();
    }
  });
});
