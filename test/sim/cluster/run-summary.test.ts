import { afterEach, describe, expect, it } from 'vitest';
import { startSimCluster, type SimCluster } from '../../../src/sim/cluster.ts';
import { RunRecorder } from '../../../src/sim/cluster/run-summary.ts';
import { eventually } from './support.ts';

let cluster: SimCluster | undefined;
afterEach(() => cluster?.close());

describe('RunRecorder', () => {
  it('counts VMs made and removed, the peak, the cost per hour, pods scheduled, and VMs no VPSieNode owns', async () => {
    cluster = await startSimCluster({ installCrds: true, timeScale: 100, living: { bootDelayMs: 10_000, joinDelayMs: 1_000, podStartDelayMs: 1_000, nodeGroups: [{ name: 'static', offering: 'k8s-2-4', nodes: 1 }] } });
    const living = cluster.living!;
    const recorder = new RunRecorder(living, cluster.api.store);
    const group = living.nodeGroups()[0]!;
    const price = living.vpsie.cloud.k8sOfferings().find((o) => o.id === group.offeringId)!.priceHourly;
    const added = living.vpsie.cloud.addNode(living.vpsieCluster.identifier, group.id);
    await cluster.api.client().create('/pods', 'default', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } });
    await eventually(() => (living.cache.pods.get('default/p')?.spec.nodeName ? true : undefined), 10_000);
    living.vpsie.cloud.deleteNode(living.vpsieCluster.identifier, added.identifier);
    const s = recorder.stop();
    expect(s.nodes).toEqual({ created: 1, deleted: 1, start: 1, peak: 2, end: 1, withoutVPSieNode: 1 });
    expect(s.costPerHour).toEqual({ currency: 'USD', start: price, peak: Math.round(2 * price * 10_000) / 10_000, end: price });
    expect(s.pods).toMatchObject({ scheduled: 1, stillPending: 0 });
  });
});
