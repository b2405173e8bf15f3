import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, eventsOf, eventually, type Living, pods, startLiving, vpsieClient, workerNodes } from './support.ts';

const UNSCHEDULABLE =
  "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.";

let l: Living;

beforeAll(async () => {
  // One k8s-2-4 worker: 1930m allocatable, room for two 800m pods.
  l = await startLiving({ nodeGroups: [{ name: 'general', offering: 'k8s-2-4', nodes: 1 }] }, { timeScale: 50 });
  await l.cluster.api.client().create('apps/deployments', 'default', deployment('web', 4, {}, '800m', '256Mi'));
});
afterAll(() => l.close());

describe('a cluster with a VPSie node group, pods beyond its capacity, and a node added through the VPSie API', () => {
  it('binds what fits and runs it', async () => {
    const running = await eventually(() => {
      const r = pods(l, (p) => p.status?.phase === 'Running');
      return r.length === 2 ? r : undefined;
    });
    expect(running.map((p) => p.spec.nodeName)).toEqual([workerNodes(l)[0]!.metadata.name, workerNodes(l)[0]!.metadata.name]);
  });

  it('marks the rest Unschedulable in kube-scheduler\'s words', async () => {
    const pending = await eventually(() => {
      const p = pods(l, (x) => !x.spec.nodeName && Boolean(x.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable')));
      return p.length === 2 ? p : undefined;
    });
    for (const pod of pending) {
      expect(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: UNSCHEDULABLE });
    }
  });

  it('records a FailedScheduling Warning event from default-scheduler for each pending pod', async () => {
    const pending = pods(l, (x) => !x.spec.nodeName);
    const events = await eventually(() => {
      const e = eventsOf(l).filter((x) => x.reason === 'FailedScheduling');
      return e.length >= 2 ? e : undefined;
    });
    expect(new Set(events.map((e) => e.involvedObject.name))).toEqual(new Set(pending.map((p) => p.metadata.name)));
    for (const e of events) expect(e).toMatchObject({ type: 'Warning', message: UNSCHEDULABLE, source: { component: 'default-scheduler' }, reportingComponent: 'default-scheduler' });
  });

  it('registers the Node of a node added through the VPSie API, and the pending pods bind to it and run', async () => {
    const api = await vpsieClient(l.living);
    try {
      const groups = await api.call('GET', `/k8s/node/groups/byClusterId/${l.living.vpsieCluster.identifier}`);
      const general = groups.body.data.find((g: { group_name: string }) => g.group_name === 'general');
      const added = await api.call('POST', `/k8s/cluster/byId/${l.living.vpsieCluster.identifier}/add/slave/group/${general.id}`);
      expect(added.status).toBe(200);
    } finally {
      await api.close();
    }
    await eventually(() => (workerNodes(l).length === 2 ? true : undefined), 15_000);
    const all = await eventually(() => {
      const r = pods(l, (p) => p.status?.phase === 'Running');
      return r.length === 4 ? r : undefined;
    }, 15_000);
    expect(new Set(all.map((p) => p.spec.nodeName)).size).toBe(2);
  });
});
