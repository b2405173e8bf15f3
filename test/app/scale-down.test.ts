import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setHeaderOptions, type V1Volume } from '@kubernetes/client-node';
import type { Controller } from '../../src/app/controller.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let controller: Controller;

const IDLE = '{"cpu":"20m","memory":"32Mi"}';

beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000, podStartDelayMs: 1_000, podTerminationMs: 1_000, metricsResolutionMs: 5_000 }, timeScale: 40 });
  ops = clusterOps(h);
  ({ controller } = await startTestController(h.kc, {}, () => new Date(h.cluster.clock.now())));
});
afterAll(async () => {
  await controller.stop();
  await h.close();
});

/** One replica per node: 1 core requested on a 2-core offering leaves room for no second one. */
function app(name: string, pool: string, opts: { replicas?: number; annotations?: Record<string, string>; volumes?: V1Volume[] } = {}) {
  return ops.apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name },
      spec: {
        replicas: opts.replicas ?? 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name }, annotations: { 'sim.vpsie.com/usage': IDLE, ...opts.annotations } },
          spec: {
            nodeSelector: { pool },
            containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '1', memory: '256Mi' } } }],
            ...(opts.volumes ? { volumes: opts.volumes } : {}),
          },
        },
      },
    },
  });
}

async function podNode(appName: string): Promise<string> {
  return eventually(async () => {
    const pods = await ops.core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${appName}` });
    const running = pods.items.find((p) => p.status?.phase === 'Running');
    return running?.spec?.nodeName;
  }, 60_000, 200);
}

const scaleDownPolicy = { stabilizationWindowSeconds: 300, cooldownSeconds: 60, cpuThreshold: 50, memoryThreshold: 50 };

describe('scale-down', () => {
  it('brings the group back to minNodes once the load is gone for the window and the cooldown passed', async () => {
    await ops.createNodeGroup('shrink', { minNodes: 1, maxNodes: 5, labels: { pool: 'shrink' }, scaleDownPolicy });
    await app('load', 'shrink', { replicas: 3 });
    await ops.converged('shrink', 3, 60_000);
    await ops.apps.patchNamespacedDeploymentScale(
      { namespace: 'default', name: 'load', body: { spec: { replicas: 0 } } },
      setHeaderOptions('Content-Type', 'application/merge-patch+json'),
    );
    await ops.converged('shrink', 1, 90_000);
    expect(ops.workerVms().filter((v) => v.hostname.includes('shrink')).length).toBe(1);
    const cordoned = (await ops.nodes('shrink')).filter((n) => n.spec?.unschedulable);
    expect(cordoned).toEqual([]);
  }, 150_000);

  it('keeps nodes whose pods opt out, are protected by a PDB or use local storage, and says why on the node', async () => {
    await ops.createNodeGroup('keep', { minNodes: 0, maxNodes: 8, labels: { pool: 'keep' }, scaleDownPolicy });
    await app('guarded', 'keep');
    await ops.policy.createNamespacedPodDisruptionBudget({ namespace: 'default', body: { metadata: { name: 'guarded' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } } } });
    await app('not-evictable', 'keep', { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } });
    await app('karpenter-pinned', 'keep', { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } });
    await app('ours-pinned', 'keep', { annotations: { 'autoscaler.vpsie.com/do-not-disrupt': 'true' } });
    await app('scratch', 'keep', { volumes: [{ name: 'tmp', emptyDir: {} }] });
    await app('plain', 'keep');
    const expected: Record<string, RegExp> = {
      guarded: /covered by PDB default\/guarded with disruptionsAllowed 0/,
      'not-evictable': /cluster-autoscaler\.kubernetes\.io\/safe-to-evict/,
      'karpenter-pinned': /karpenter\.sh\/do-not-disrupt/,
      'ours-pinned': /autoscaler\.vpsie\.com\/do-not-disrupt/,
      scratch: /uses local storage \(emptyDir volume tmp\)/,
      plain: /cluster-autoscaler\.kubernetes\.io\/scale-down-disabled/,
    };
    const nodes: Record<string, string> = {};
    for (const name of Object.keys(expected)) nodes[name] = await podNode(name);
    await ops.core.patchNode(
      { name: nodes.plain!, body: { metadata: { annotations: { 'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true' } } } },
      setHeaderOptions('Content-Type', 'application/merge-patch+json'),
    );
    for (const [name, pattern] of Object.entries(expected)) {
      const event = await eventually(async () => {
        const events = await ops.core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.name=${nodes[name]},reason=ScaleDownBlocked` });
        return events.items.find((e) => pattern.test(e.message ?? ''));
      }, 60_000, 250);
      expect(event.type).toBe('Normal');
      expect(controller.decisions.forNode(nodes[name]!)?.outcome).toMatch(/^blocked: /);
    }
    // Nothing was removed: every node of the group is still there and in service.
    expect((await ops.vpsieNodes('keep')).map((v) => v.status?.phase)).toEqual(Array(6).fill('Active'));
  }, 180_000);
});
