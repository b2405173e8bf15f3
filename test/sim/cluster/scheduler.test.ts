import { afterEach, describe, expect, it } from 'vitest';
import { deployment, eventsOf, eventually, type Living, pods, startLiving, workerNodes } from './support.ts';
import type { Pod } from '../../../src/sim/cluster/kube-shapes.ts';

let l: Living;
afterEach(() => l?.close());

const TWO_WORKERS = { nodeGroups: [{ name: 'general', offering: 'k8s-4-8', nodes: 2 }] };

function scheduledCondition(p: Pod | undefined) {
  return p?.status?.conditions?.find((c) => c.type === 'PodScheduled');
}

async function podsOf(app: string, count: number, bound = true): Promise<Pod[]> {
  return eventually(() => {
    const found = pods(l, (p) => p.metadata.labels?.app === app && (bound ? Boolean(p.spec.nodeName) : scheduledCondition(p)?.status === 'False'));
    return found.length === count ? found : undefined;
  });
}

describe('the scheduler', () => {
  it('places pods with a nodeSelector only on matching nodes', async () => {
    l = await startLiving(TWO_WORKERS);
    const [a] = workerNodes(l);
    await l.cluster.api.client().mergePatch('/nodes', undefined, a!.metadata.name!, { metadata: { labels: { disk: 'ssd' } } });
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('ssd', 4, { nodeSelector: { disk: 'ssd' } }));
    const placed = await podsOf('ssd', 4);
    expect(new Set(placed.map((p) => p.spec.nodeName))).toEqual(new Set([a!.metadata.name]));
  });

  it('places pods with required node affinity (In, matchFields) where it matches', async () => {
    l = await startLiving(TWO_WORKERS);
    const [, b] = workerNodes(l);
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [b!.metadata.name] }] }] } } };
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('pinned', 3, { affinity }));
    const placed = await podsOf('pinned', 3);
    expect(new Set(placed.map((p) => p.spec.nodeName))).toEqual(new Set([b!.metadata.name]));
  });

  it('keeps pods off tainted nodes unless they tolerate the taint', async () => {
    l = await startLiving(TWO_WORKERS);
    const [a, b] = workerNodes(l);
    await l.cluster.api.client().mergePatch('/nodes', undefined, a!.metadata.name!, { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('plain', 4));
    expect(new Set((await podsOf('plain', 4)).map((p) => p.spec.nodeName))).toEqual(new Set([b!.metadata.name]));
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('db', 1, { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }], nodeSelector: { 'kubernetes.io/hostname': a!.metadata.name! } }));
    expect((await podsOf('db', 1))[0]!.spec.nodeName).toBe(a!.metadata.name);
  });

  it('skips cordoned nodes, says so, and schedules when the node is uncordoned', async () => {
    l = await startLiving({ nodeGroups: [{ name: 'general', offering: 'k8s-4-8', nodes: 1 }] });
    const [a] = workerNodes(l);
    await l.cluster.api.client().mergePatch('/nodes', undefined, a!.metadata.name!, { spec: { unschedulable: true } });
    await eventually(() => (l.living.cache.nodes.get(a!.metadata.name!)?.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unschedulable') ? true : undefined));
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('late', 1));
    const [pending] = await podsOf('late', 1, false);
    expect(scheduledCondition(pending)?.message).toBe(
      '0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
    await l.cluster.api.client().mergePatch('/nodes', undefined, a!.metadata.name!, { spec: { unschedulable: false } });
    expect((await podsOf('late', 1))[0]!.spec.nodeName).toBe(a!.metadata.name);
  });

  it('spreads pods over the least allocated nodes', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('spread', 6, {}, '500m', '256Mi'));
    const placed = await podsOf('spread', 6);
    const perNode = new Map<string, number>();
    for (const p of placed) perNode.set(p.spec.nodeName!, (perNode.get(p.spec.nodeName!) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([3, 3]);
  });

  it('counts repeats of the same FailedScheduling event on one Event', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('huge', 1, {}, '64'));
    const [pending] = await podsOf('huge', 1, false);
    const event = () => eventsOf(l).find((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === pending!.metadata.name);
    await eventually(() => event());
    // A change to a node makes the scheduler try again; nothing about the verdict changes.
    await l.cluster.api.client().mergePatch('/nodes', undefined, workerNodes(l)[0]!.metadata.name!, { metadata: { labels: { touched: 'yes' } } });
    const repeated = await eventually(() => (event()!.count >= 2 ? event() : undefined));
    expect(repeated!.lastTimestamp >= repeated!.firstTimestamp).toBe(true);
    expect(eventsOf(l).filter((e) => e.involvedObject.name === pending!.metadata.name && e.reason === 'FailedScheduling')).toHaveLength(1);
  });

  it('records a Scheduled event for every binding', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('seen', 2));
    const placed = await podsOf('seen', 2);
    const events = await eventually(() => {
      const e = eventsOf(l).filter((x) => x.reason === 'Scheduled');
      return e.length === 2 ? e : undefined;
    });
    expect(events.map((e) => e.message).sort()).toEqual(placed.map((p) => `Successfully assigned default/${p.metadata.name} to ${p.spec.nodeName}`).sort());
  });

  it('leaves pods of another scheduler alone', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('/pods', 'default', { metadata: { name: 'other' }, spec: { schedulerName: 'my-scheduler', containers: [{ name: 'c', image: 'nginx' }] } });
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('mine', 1));
    await podsOf('mine', 1);
    expect(l.living.cache.pods.get('default/other')?.spec.nodeName).toBeUndefined();
    expect(scheduledCondition(l.living.cache.pods.get('default/other'))).toBeUndefined();
  });
});
