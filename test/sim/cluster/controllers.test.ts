import { afterEach, describe, expect, it } from 'vitest';
import { advance, deployment, eventually, type Living, pods, startLiving, workerNodes } from './support.ts';
import type { Pod, Workload } from '../../../src/sim/cluster/kube-shapes.ts';

let l: Living;
afterEach(() => l?.close());

const TWO_WORKERS = { nodeGroups: [{ name: 'general', offering: 'k8s-4-8', nodes: 2 }] };

function running(app: string): Pod[] {
  return pods(l, (p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
}

async function runningCount(app: string, n: number): Promise<Pod[]> {
  return eventually(() => {
    const r = running(app);
    return r.length === n ? r : undefined;
  });
}

function deploymentStatus(name: string): Record<string, unknown> | undefined {
  return l.living.cache.deployments.get(`default/${name}`)?.status;
}

describe('the Deployment and ReplicaSet controllers', () => {
  it('create one ReplicaSet per template, named after its pod-template-hash, owning the pods', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('web', 3));
    const [pod] = await runningCount('web', 3);
    const rs = [...l.living.cache.replicaSets.values()][0]!;
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web', controller: true })]);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(pod!.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: rs.metadata.name, controller: true })]);
    expect(pod!.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
  });

  it('report replicas, readiness and availability with the Available and Progressing conditions', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('web', 3));
    const status = await eventually(() => (deploymentStatus('web')?.availableReplicas === 3 ? deploymentStatus('web') : undefined));
    expect(status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const conditions = (status!.conditions as { type: string; reason: string }[]).map((c) => `${c.type}:${c.reason}`);
    expect(conditions).toEqual(['Available:MinimumReplicasAvailable', 'Progressing:NewReplicaSetAvailable']);
  });

  it('replace a pod that was deleted', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('web', 2));
    const [victim] = await runningCount('web', 2);
    await l.cluster.api.client().delete('/pods', 'default', victim!.metadata.name!);
    await eventually(() => {
      const r = running('web');
      return r.length === 2 && !r.some((p) => p.metadata.uid === victim!.metadata.uid) ? true : undefined;
    });
  });

  it('scale down by deleting the newest pods first', async () => {
    l = await startLiving(TWO_WORKERS);
    const client = l.cluster.api.client();
    await client.create('apps/deployments', 'default', deployment('web', 2));
    const first = await runningCount('web', 2);
    await advance(l, 60_000, 10_000);
    await client.mergePatch('apps/deployments', 'default', 'web', { spec: { replicas: 4 } });
    await runningCount('web', 4);
    await client.mergePatch('apps/deployments', 'default', 'web', { spec: { replicas: 2 } });
    const kept = await runningCount('web', 2);
    expect(new Set(kept.map((p) => p.metadata.uid))).toEqual(new Set(first.map((p) => p.metadata.uid)));
  });

  it('roll a changed template out to a new ReplicaSet and scale the old one to zero', async () => {
    l = await startLiving(TWO_WORKERS);
    const client = l.cluster.api.client();
    await client.create('apps/deployments', 'default', deployment('web', 4));
    await runningCount('web', 4);
    const before = l.living.cache.deployments.get('default/web')!;
    const template = structuredClone(before.spec.template);
    template.spec.containers[0]!.image = 'nginx:1.28';
    await client.mergePatch('apps/deployments', 'default', 'web', { spec: { template } });
    await eventually(() => {
      const s = deploymentStatus('web');
      return s?.observedGeneration === 2 && s.updatedReplicas === 4 && s.availableReplicas === 4 && s.replicas === 4 ? true : undefined;
    }, 15_000);
    const sets = [...l.living.cache.replicaSets.values()].sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']));
    expect(sets.map((rs) => rs.spec.replicas)).toEqual([0, 4]);
    expect(l.living.cache.deployments.get('default/web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(running('web').every((p) => p.spec.containers[0]!.image === 'nginx:1.28')).toBe(true);
  });

  it('replace the pods of a lost node once their unreachable toleration runs out', async () => {
    l = await startLiving(TWO_WORKERS, { timeScale: 1 });
    await l.cluster.api.client().create('apps/deployments', 'default', deployment('web', 4));
    await advance(l, 6_000, 1000);
    const placed = await runningCount('web', 4);
    const lostNode = placed[0]!.spec.nodeName!;
    const vm = l.living.vpsie.cloud.clusterVms(l.living.vpsieCluster.identifier).find((v) => v.hostname === lostNode)!;
    l.living.vpsie.cloud.deleteNode(l.living.vpsieCluster.identifier, vm.identifier);
    await advance(l, 60_000, 5000);
    expect(running('web').filter((p) => p.spec.nodeName === lostNode).length).toBeGreaterThan(0);
    await advance(l, 300_000, 5000);
    await eventually(() => {
      const r = pods(l, (p) => p.metadata.labels?.app === 'web' && !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && p.spec.nodeName !== lostNode);
      return r.length === 4 ? true : undefined;
    });
    // The old pods stay Terminating: no kubelet is left to confirm.
    expect(pods(l, (p) => p.spec.nodeName === lostNode && p.metadata.labels?.app === 'web').every((p) => p.metadata.deletionTimestamp)).toBe(true);
  });
});

describe('the DaemonSet controller', () => {
  const daemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'agent:1', resources: { requests: { cpu: '50m' } } }] } } },
  };

  it('runs one pod on each eligible node, pinned with required node affinity', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/daemonsets', 'default', daemonSet);
    const placed = await runningCount('agent', 2);
    expect(new Set(placed.map((p) => p.spec.nodeName))).toEqual(new Set(workerNodes(l).map((n) => n.metadata.name)));
    for (const p of placed) {
      expect(p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
      expect(p.spec.tolerations).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' })]));
    }
    const status = await eventually(() => {
      const s = (l.living.cache.daemonSets.get('default/agent') as Workload | undefined)?.status;
      return s?.numberReady === 2 ? s : undefined;
    });
    expect(status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2, numberMisscheduled: 0 });
  });

  it('adds a pod for a node that joins', async () => {
    l = await startLiving(TWO_WORKERS);
    await l.cluster.api.client().create('apps/daemonsets', 'default', daemonSet);
    await runningCount('agent', 2);
    const group = l.living.nodeGroups()[0]!;
    const vm = l.living.vpsie.cloud.addNode(l.living.vpsieCluster.identifier, group.id);
    const placed = await runningCount('agent', 3);
    expect(placed.map((p) => p.spec.nodeName)).toContain(vm.hostname);
  });
});
