import { afterEach, describe, expect, it } from 'vitest';
import { advance, eventually, isReady, type Living, node, pods, startLiving } from './support.ts';

let l: Living;
afterEach(() => l?.close());

const POD = (name: string, nodeName: string, grace = 30) => ({
  metadata: { name },
  spec: { nodeName, terminationGracePeriodSeconds: grace, containers: [{ name: 'main', image: 'nginx:1.27' }] },
});

async function addWorker(): Promise<string> {
  const { cloud } = l.living.vpsie;
  const cluster = l.living.vpsieCluster.identifier;
  const group = l.living.nodeGroups()[0] ?? cloud.createNodeGroup(cluster, 'general', 102);
  const vm = cloud.addNode(cluster, group.id);
  return vm.hostname;
}

describe('a kubelet of a VPSie VM', () => {
  it('registers its Node when the VM runs, NotReady until the join delay has passed, then Ready', async () => {
    l = await startLiving({}, { timeScale: 1 });
    const name = await addWorker();
    await advance(l, 30_000);
    const registered = await eventually(() => node(l, name));
    expect(registered.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    await advance(l, 8_000);
    expect(isReady(node(l, name))).toBe(false);
    await advance(l, 2_000);
    await eventually(() => (isReady(node(l, name)) ? true : undefined));
  });

  it('renews its Lease in kube-node-lease every interval', async () => {
    l = await startLiving({ nodeGroups: [{ name: 'general', offering: 102, nodes: 1 }] }, { timeScale: 1 });
    const name = [...l.living.cache.nodes.keys()].find((n) => n.includes('general'))!;
    const renewTime = () => (l.cluster.api.store.get('coordination.k8s.io/leases', 'kube-node-lease', name)?.object.spec as { renewTime: string }).renewTime;
    const before = renewTime();
    await advance(l, 10_000);
    await eventually(() => (renewTime() !== before ? true : undefined));
    expect(Date.parse(renewTime()) - Date.parse(before)).toBeGreaterThanOrEqual(9_000);
  });

  it('goes NotReady (Unknown, unreachable) when its VM is deleted, and the Node stays', async () => {
    l = await startLiving({ nodeGroups: [{ name: 'general', offering: 102, nodes: 1 }] }, { timeScale: 1 });
    const vm = l.living.vpsie.cloud.clusterVms(l.living.vpsieCluster.identifier).find((v) => v.role === 'slave')!;
    l.living.vpsie.cloud.deleteNode(l.living.vpsieCluster.identifier, vm.identifier);
    await advance(l, 50_000);
    const lost = await eventually(() => {
      const n = node(l, vm.hostname);
      return n?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown' && n.spec?.taints?.some((t) => t.effect === 'NoExecute') ? n : undefined;
    });
    expect(lost.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(lost.spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(isReady(node(l, 'sim-master-1'))).toBe(true);
  });

  it('runs a pod bound to its node: ContainerCreating, then Running and Ready after the start delay', async () => {
    l = await startLiving({ podStartDelayMs: 3_000, nodeGroups: [{ name: 'general', offering: 102, nodes: 1 }] }, { timeScale: 1 });
    const name = [...l.living.cache.nodes.keys()].find((n) => n.includes('general'))!;
    await l.cluster.api.client().create('/pods', 'default', POD('direct', name));
    const creating = await eventually(() => {
      const p = l.living.cache.pods.get('default/direct');
      return p?.status?.hostIP ? p : undefined;
    });
    expect(creating.status?.phase).toBe('Pending');
    await advance(l, 3_000, 1000);
    const running = await eventually(() => {
      const p = l.living.cache.pods.get('default/direct');
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    expect(running.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(running.status).toMatchObject({ podIP: expect.stringMatching(/^10\.64\.\d+\.\d+$/), containerStatuses: [{ name: 'main', ready: true, state: { running: {} } }] });
  });

  it('stops a deleted pod within its grace period and confirms with a grace-0 delete', async () => {
    l = await startLiving({ podTerminationMs: 5_000, nodeGroups: [{ name: 'general', offering: 102, nodes: 1 }] }, { timeScale: 1 });
    const name = [...l.living.cache.nodes.keys()].find((n) => n.includes('general'))!;
    const client = l.cluster.api.client();
    await client.create('/pods', 'default', POD('quick', name, 2));
    await client.create('/pods', 'default', POD('slow', name, 30));
    await advance(l, 4_000, 1000);
    await eventually(() => (pods(l, (p) => p.status?.phase === 'Running').length === 2 ? true : undefined));
    await client.delete('/pods', 'default', 'quick');
    await client.delete('/pods', 'default', 'slow');
    expect(l.living.cache.pods.get('default/quick')?.metadata.deletionTimestamp).toBeDefined();
    await advance(l, 2_000, 1000);
    await eventually(() => (l.living.cache.pods.has('default/quick') ? undefined : true));
    expect(l.living.cache.pods.has('default/slow')).toBe(true);
    await advance(l, 3_000, 1000);
    await eventually(() => (l.living.cache.pods.has('default/slow') ? undefined : true));
  });

  it('force-deletes the pods of a deleted Node after the pod GC quarantine', async () => {
    l = await startLiving({ nodeGroups: [{ name: 'general', offering: 102, nodes: 1 }] }, { timeScale: 1 });
    const name = [...l.living.cache.nodes.keys()].find((n) => n.includes('general'))!;
    const client = l.cluster.api.client();
    await client.create('/pods', 'default', POD('orphan', name));
    await advance(l, 4_000, 1000);
    await eventually(() => (l.living.cache.pods.get('default/orphan')?.status?.phase === 'Running' ? true : undefined));
    l.living.vpsie.cloud.deleteNode(l.living.vpsieCluster.identifier, l.living.vpsie.cloud.clusterVms(l.living.vpsieCluster.identifier).find((v) => v.role === 'slave')!.identifier);
    await client.delete('/nodes', undefined, name);
    await advance(l, 20_000);
    expect(l.living.cache.pods.has('default/orphan')).toBe(true);
    await advance(l, 50_000);
    await eventually(() => (l.living.cache.pods.has('default/orphan') ? undefined : true));
  });
});

describe('a static kubelet', () => {
  it('runs the control plane: Ready, labelled and tainted, with a Lease', async () => {
    l = await startLiving({}, { timeScale: 1 });
    const master = node(l, 'sim-master-1')!;
    expect(isReady(master)).toBe(true);
    expect(master.metadata.labels).toHaveProperty('node-role.kubernetes.io/control-plane', '');
    expect(master.spec?.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(master.spec?.providerID).toMatch(/^vpsie:\/\/ams1\/[0-9a-f-]{36}$/);
    await eventually(() => l.cluster.api.store.get('coordination.k8s.io/leases', 'kube-node-lease', 'sim-master-1'));
  });

  it('takes over a Node created through the API without a VM and runs its pods', async () => {
    l = await startLiving({ podStartDelayMs: 1000 }, { timeScale: 1 });
    const client = l.cluster.api.client();
    await client.create('/nodes', undefined, { metadata: { name: 'edge-1' }, status: { capacity: { cpu: '2', memory: '4Gi', pods: '10' }, allocatable: { cpu: '2', memory: '4Gi', pods: '10' }, addresses: [{ type: 'InternalIP', address: '192.0.2.10' }] } });
    await eventually(() => (isReady(node(l, 'edge-1')) ? true : undefined));
    await client.create('/pods', 'default', POD('on-edge', 'edge-1'));
    await advance(l, 1000, 500);
    const pod = await eventually(() => {
      const p = l.living.cache.pods.get('default/on-edge');
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    expect(pod.status?.hostIP).toBe('192.0.2.10');
  });
});
