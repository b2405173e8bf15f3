import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/app/controller.ts';
import { allocatableOf } from '../../src/policy/scaling/index.ts';
import { K8S_OFFERINGS } from '../../src/sim/vpsie/catalogue.ts';
import { startTestController } from '../support/controller.ts';
import { clusterOps } from '../support/nodegroups.ts';
import { eventually, startHarness, type SimHarness } from '../support/sim.ts';

let h: SimHarness;
let ops: ReturnType<typeof clusterOps>;
let controller: Controller;

beforeAll(async () => {
  h = await startHarness({ living: { bootDelayMs: 20_000, joinDelayMs: 5_000, podStartDelayMs: 1_000 }, timeScale: 40 });
  ops = clusterOps(h);
  // Production batching windows: a burst the simulator creates over a few loaded seconds is still one burst.
  ({ controller } = await startTestController(h.kc, { scaling: { scaleUpIdleMs: 1_000, scaleUpMaxMs: 10_000 } }, () => new Date(h.cluster.clock.now())));
});
afterAll(async () => {
  await controller.stop();
  await h.close();
});

function deployment(name: string, replicas: number, podSpec: Record<string, unknown>) {
  return ops.apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '100m', memory: '128Mi' } } }], ...podSpec } },
      },
    },
  });
}

async function runningPods(app: string): Promise<number> {
  const pods = await ops.core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${app}` });
  return pods.items.filter((p) => p.status?.phase === 'Running').length;
}

/** Nodes of an offering a uniform pod set needs, by the allocatable a node of it gets. */
function nodesNeeded(offering: { cpu: number; ramMb: number }, pods: number, cpuMillis: number, memoryBytes: number): number {
  const a = allocatableOf({ cpu: offering.cpu, memoryMB: offering.ramMb });
  const perNode = Math.min(Math.floor(a.cpu / cpuMillis), Math.floor(a.memory / memoryBytes), a.pods);
  return Math.ceil(pods / perNode);
}

describe('scale-up', () => {
  it('turns a burst of 200 pods into one decision for the cheapest fitting offering, and the pods run', async () => {
    const offerings = ['k8s-2-4', 'k8s-4-8', 'k8s-8-16'];
    await ops.createNodeGroup('burst', { minNodes: 0, maxNodes: 30, offeringIDs: offerings, labels: { pool: 'burst' } });
    await deployment('burst', 200, { nodeSelector: { pool: 'burst' } });
    await eventually(async () => ((await runningPods('burst')) === 200 ? true : undefined), 90_000, 250);
    const vns = await ops.vpsieNodes('burst');
    const bought = controller.decisions
      .recentRounds(50)
      .map((r) => r.record)
      .filter((r) => r.kind === 'ScaleUp' && r.newNodes.some((n) => n.group === 'kube-system/burst'));
    const costs = offerings.map((name) => {
      const o = K8S_OFFERINGS.find((x) => x.name === name)!;
      const n = nodesNeeded(o, 200, 100, 128 * 1024 * 1024);
      return { name, nodes: n, cost: n * o.priceHourly };
    });
    const cheapest = costs.reduce((a, b) => (b.cost < a.cost ? b : a));
    // The planner may mix sizes (a smaller last node); it must never cost more than the best single size.
    const price = (name: string) => K8S_OFFERINGS.find((x) => x.name === name)!.priceHourly;
    const spent = vns.reduce((sum, v) => sum + price(v.spec.offeringID), 0);
    expect(spent).toBeLessThanOrEqual(cheapest.cost + 1e-9);
    expect(vns.length).toBeLessThanOrEqual(cheapest.nodes + 1);
    // One decision bought every node; later rounds found the capacity already coming.
    expect(bought).toHaveLength(1);
    expect(bought[0]!.kind === 'ScaleUp' && bought[0]!.newNodes.reduce((n, x) => n + x.count, 0)).toBe(vns.length);
  }, 120_000);

  it('puts pods selecting a group\'s labels on that group\'s nodes', async () => {
    await ops.createNodeGroup('blue', { minNodes: 0, maxNodes: 3, offeringIDs: ['k8s-2-4'], labels: { color: 'blue' } });
    await ops.createNodeGroup('green', { minNodes: 0, maxNodes: 3, offeringIDs: ['k8s-2-4'], labels: { color: 'green' } });
    await deployment('greenapp', 4, { nodeSelector: { color: 'green' } });
    await eventually(async () => ((await runningPods('greenapp')) === 4 ? true : undefined), 90_000, 250);
    const pods = await ops.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=greenapp' });
    const greenNodes = new Set((await ops.nodes('green')).map((n) => n.metadata!.name));
    expect(pods.items.every((p) => greenNodes.has(p.spec!.nodeName!))).toBe(true);
    expect(await ops.vpsieNodes('blue')).toEqual([]);
  }, 120_000);

  it('tells a pod too big for every offering exactly why, and buys nothing for it', async () => {
    await ops.createNodeGroup('small', { minNodes: 0, maxNodes: 3, offeringIDs: ['k8s-1-2', 'k8s-2-4'], labels: { size: 'small' } });
    await ops.core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'huge' }, spec: { nodeSelector: { size: 'small' }, containers: [{ name: 'c', image: 'x:1', resources: { requests: { cpu: '12', memory: '1Gi' } } }] } },
    });
    const event = await eventually(async () => {
      const events = await ops.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=huge,reason=NotTriggerScaleUp' });
      return events.items[0];
    }, 30_000, 200);
    expect(event.message).toMatch(/small: requests cpu 12 > largest offering k8s-2-4 allocatable cpu [\d.]+/);
    expect(await ops.vpsieNodes('small')).toEqual([]);
    const verdict = controller.decisions.forPod('default/huge');
    expect(verdict?.outcome).toBe('never');
  }, 60_000);

  it('falls back to the next offering at once when VPSie has no capacity for the cheapest', async () => {
    h.cluster.living!.vpsie.faults.set({ exhaustedOfferings: [103] });
    try {
      await ops.createNodeGroup('fallback', { minNodes: 0, maxNodes: 3, offeringIDs: ['k8s-2-4-promo', 'k8s-2-4'], labels: { pool: 'fallback' } });
      await deployment('fallback', 2, { nodeSelector: { pool: 'fallback' } });
      await eventually(async () => ((await runningPods('fallback')) === 2 ? true : undefined), 90_000, 250);
      const vns = await ops.vpsieNodes('fallback');
      expect(vns.filter((v) => v.status?.phase === 'Active').map((v) => v.spec.offeringID)).toEqual(['k8s-2-4']);
      expect(controller.offerings.held('k8s-2-4-promo')).toBeDefined();
    } finally {
      h.cluster.living!.vpsie.faults.clear();
    }
  }, 120_000);
});
