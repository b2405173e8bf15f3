import { CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually } from '../support/sim.ts';
import { startGuardedCluster, type GuardedCluster } from './guarded-cluster.ts';

let g: GuardedCluster;
let ops: ReturnType<typeof clusterOps>;
let stop: (() => Promise<void>) | undefined;

/** The controller as deployed: its service account's token, leader election on its named Lease. */
async function startController() {
  const { controller } = await startTestController(g.autoscalerKubeConfig(), {
    leaderElection: { enabled: true, namespace: 'kube-system', name: 'vpsie-autoscaler', identity: 'replica-a', retryPeriodSeconds: 1 },
    lifecycle: { drainTimeoutSeconds: 4 },
  });
  stop = () => controller.stop();
  return controller;
}

beforeAll(async () => {
  g = await startGuardedCluster({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000, podStartDelayMs: 1_000, podTerminationMs: 1_000 }, timeScale: 40 });
  ops = clusterOps(g.sim);
});
afterAll(async () => {
  await stop?.();
  await g?.close();
});

async function refusal(call: Promise<unknown>): Promise<number | undefined> {
  return call.then(
    () => undefined,
    (e: { code?: number }) => e.code,
  );
}

describe('the controller under deploy/ RBAC, as its service account', () => {
  it('starts, takes its Lease, and converges a NodeGroup with minNodes 1 to one Ready node', async () => {
    const controller = await startController();
    await eventually(() => (controller.isLeader() ? true : undefined), 10_000);
    await ops.createNodeGroup('guarded', { minNodes: 1, maxNodes: 2 });
    await ops.converged('guarded', 1);
    await eventually(async () => ((await ops.nodeGroup('guarded'))?.status?.readyNodes === 1 ? true : undefined));
    // Held and renewed: the leader replaces its Lease every retry period.
    const leases = g.sim.kc.makeApiClient(CoordinationV1Api);
    const lease = await eventually(async () => {
      const l = await leases.readNamespacedLease({ namespace: 'kube-system', name: 'vpsie-autoscaler' });
      return new Date(l.spec!.renewTime!).getTime() > new Date(l.spec!.acquireTime!).getTime() ? l : undefined;
    });
    expect(lease.spec?.holderIdentity).toBe('replica-a');
    const events = await g.sim.kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: 'kube-system' });
    expect(events.items.some((e) => e.source?.component === 'vpsie-autoscaler' && e.involvedObject.kind === 'NodeGroup')).toBe(true);
  }, 90_000);

  it('scales down through the node-deletion guard: the node is drained by eviction, its VPS, Node and VPSieNode removed', async () => {
    await ops.patchNodeGroup('guarded', { minNodes: 2, maxNodes: 2 });
    await ops.converged('guarded', 2);
    // One pod per node (each requests most of a node), so the node removed has a pod to evict.
    await ops.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'filler' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'filler' } },
          template: {
            metadata: { labels: { app: 'filler' } },
            spec: { nodeSelector: { workload: 'guarded' }, containers: [{ name: 'c', image: 'filler:1', resources: { requests: { cpu: '1200m', memory: '64Mi' } } }] },
          },
        },
      },
    });
    const nodesWithPods = async () => new Set((await ops.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=filler' })).items.map((p) => p.spec?.nodeName).filter(Boolean)).size;
    await eventually(async () => ((await nodesWithPods()) === 2 ? true : undefined), 20_000);
    await ops.patchNodeGroup('guarded', { minNodes: 1, maxNodes: 1 });
    await ops.converged('guarded', 1);
    expect(await nodesWithPods()).toBe(1);
    await eventually(() => (ops.workerVms().length === 1 ? true : undefined));
    // The autoscaler deleted the Node itself, and the guard reviewed and allowed it.
    expect(await g.webhookMetrics()).toMatch(/^vpsie_autoscaler_webhook_requests_total\{path="\/validate\/node-deletion",result="allowed"\} [1-9]/m);
    expect(await g.webhookMetrics()).not.toMatch(/path="\/validate\/node-deletion",result="denied"/);
  }, 120_000);
});

describe("what the autoscaler's token may not do", () => {
  it('reads its credentials Secret but no other Secret (403), nor lists Secrets', async () => {
    const admin = g.sim.kc.makeApiClient(CoreV1Api);
    await admin.createNamespacedSecret({ namespace: 'kube-system', body: { metadata: { name: 'someone-elses' }, stringData: { password: 'x' } } });
    const core = g.autoscalerKubeConfig().makeApiClient(CoreV1Api);
    expect((await core.readNamespacedSecret({ namespace: 'kube-system', name: 'vpsie-secret' })).metadata?.name).toBe('vpsie-secret');
    expect(await refusal(core.readNamespacedSecret({ namespace: 'kube-system', name: 'someone-elses' }))).toBe(403);
    expect(await refusal(core.listNamespacedSecret({ namespace: 'kube-system' }))).toBe(403);
    expect(await refusal(core.readNamespacedSecret({ namespace: 'default', name: 'vpsie-secret' }))).toBe(403);
  });

  it('cannot delete a Pod directly (403): pods leave a node only through the Eviction API', async () => {
    const admin = g.sim.kc.makeApiClient(CoreV1Api);
    await admin.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'app' }, spec: { containers: [{ name: 'c', image: 'app:1' }] } } });
    const core = g.autoscalerKubeConfig().makeApiClient(CoreV1Api);
    expect(await refusal(core.deleteNamespacedPod({ namespace: 'default', name: 'app' }))).toBe(403);
    expect((await admin.readNamespacedPod({ namespace: 'default', name: 'app' })).metadata?.deletionTimestamp).toBeUndefined();
    const r = await g.kubectlWithAutoscalerToken('auth', 'can-i', 'delete', 'pods', '--all-namespaces');
    expect(r.stdout.trim()).toBe('no');
  });
});
