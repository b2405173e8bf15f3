import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP, VERSION } from '../../src/api/v1alpha1.ts';
import { startTestController } from '../support/controller.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let stopController: () => Promise<void>;

beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000 }, timeScale: 40 });
  core = h.kc.makeApiClient(CoreV1Api);
  custom = h.kc.makeApiClient(CustomObjectsApi);
  const { controller } = await startTestController(h.kc);
  stopController = () => controller.stop();
});
afterAll(async () => {
  await stopController?.();
  await h.close();
});

function nodeGroup(name: string, spec: Record<string, unknown>) {
  const conn = h.cluster.living!.connection();
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'NodeGroup',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      minNodes: 0,
      maxNodes: 5,
      datacenterID: conn.datacenterCode,
      resourceIdentifier: conn.clusterId,
      offeringIDs: ['k8s-2-4'],
      labels: { workload: name },
      taints: [{ key: 'dedicated', value: name, effect: 'NoSchedule' }],
      ...spec,
    },
  };
}

async function readyNodesOf(group: string): Promise<string[]> {
  const nodes = await core.listNode({ labelSelector: `autoscaler.vpsie.com/nodegroup=${group}` });
  return nodes.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata!.name!);
}

describe('controller against the living simulated cluster', () => {
  it('brings a NodeGroup with minNodes 3 to 3 Ready nodes carrying its labels and taints', async () => {
    await custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: 'kube-system', plural: 'nodegroups', body: nodeGroup('general', { minNodes: 3 }) });
    const ready = await eventually(async () => {
      const names = await readyNodesOf('general');
      return names.length === 3 ? names : undefined;
    }, 60_000, 250);
    for (const name of ready) {
      const node = await core.readNode({ name });
      expect(node.metadata?.labels).toMatchObject({ workload: 'general', 'autoscaler.vpsie.com/managed': 'true', 'autoscaler.vpsie.com/nodegroup': 'general', 'autoscaler.vpsie.com/offering': 'k8s-2-4' });
      expect(node.spec?.taints).toEqual(expect.arrayContaining([{ key: 'dedicated', value: 'general', effect: 'NoSchedule' }]));
    }
    const status = await eventually(async () => {
      const ng = (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace: 'kube-system', plural: 'nodegroups', name: 'general' })) as { status?: { readyNodes?: number; currentNodes?: number; desiredNodes?: number; observedGeneration?: number } };
      return ng.status?.readyNodes === 3 ? ng.status : undefined;
    }, 20_000, 250);
    expect(status).toMatchObject({ currentNodes: 3, desiredNodes: 3, observedGeneration: 1 });
  }, 90_000);
});
