import { describe, expect, it } from 'vitest';
import { SimApiError, type SimVmEvent } from '../../../src/sim/vpsie/index.ts';
import { startSim } from '../support/fixtures.ts';

function refusal(action: () => unknown): SimApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof SimApiError) return error;
    throw error;
  }
  throw new Error('expected the cloud to refuse');
}

describe('simulated VPSie cloud', () => {
  it('creates a cluster with a running control plane', async () => {
    const sim = await startSim();

    const cluster = sim.cloud.createCluster({ name: 'prod', controlPlaneNodes: 3, datacenter: 'fra1' });

    const vms = sim.cloud.clusterVms(cluster.identifier);
    expect(vms.map((vm) => [vm.hostname, vm.role, vm.status])).toEqual([
      ['prod-master-1', 'master', 'running'],
      ['prod-master-2', 'master', 'running'],
      ['prod-master-3', 'master', 'running'],
    ]);
    expect(new Set(vms.map((vm) => vm.ip)).size).toBe(3);
    expect(vms.every((vm) => vm.datacenterId === sim.cloud.datacenter('fra1').id)).toBe(true);
  });

  it('boots a new node: provisioning at once, running after the boot delay (time-scaled)', async () => {
    const sim = await startSim({ bootDelayMs: 60_000, timeScale: 1_000 });
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 104);
    const running = new Promise<SimVmEvent>((resolve) => sim.cloud.subscribe((event) => event.type === 'running' && resolve(event)));

    const vm = sim.cloud.addNode(cluster.identifier, group.id);
    const event = await running;

    expect(vm.status).toBe('provisioning');
    expect(event.vm).toMatchObject({ id: vm.id, status: 'running' });
    expect(event.at - vm.createdAt).toBeGreaterThanOrEqual(60_000);
    expect(sim.cloud.vm(vm.id).status).toBe('running');
  });

  it('moves a node to running on the next read when an injected clock passes the boot delay', async () => {
    let now = 1_700_000_000_000;
    const sim = await startSim({ bootDelayMs: 90_000, now: () => now });
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 104);
    const vm = sim.cloud.addNode(cluster.identifier, group.id);

    now += 89_999;
    const before = sim.cloud.vm(vm.id).status;
    now += 1;
    const after = sim.cloud.vm(vm.id).status;

    expect([before, after]).toEqual(['provisioning', 'running']);
  });

  it('emits created, running and deleted for a node, in order', async () => {
    let now = 0;
    const sim = await startSim({ bootDelayMs: 1_000, now: () => now });
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 104);
    const events: string[] = [];
    sim.cloud.subscribe((event) => events.push(`${event.type}:${event.vm.hostname}`));

    const vm = sim.cloud.addNode(cluster.identifier, group.id);
    now = 1_000;
    sim.cloud.settle();
    sim.cloud.deleteNode(cluster.identifier, vm.identifier);

    expect(events).toEqual([`created:${vm.hostname}`, `running:${vm.hostname}`, `deleted:${vm.hostname}`]);
  });

  it('stops delivering events after unsubscribe', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster({ controlPlaneNodes: 0 });
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 104);
    const events: string[] = [];
    const unsubscribe = sim.cloud.subscribe((event) => events.push(event.type));

    unsubscribe();
    sim.cloud.addNode(cluster.identifier, group.id);

    expect(events).toEqual([]);
  });

  it('names a node after its cluster and group, and gives it the group size', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster({ name: 'prod' });
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'batch', 108);

    const vm = sim.cloud.addNode(cluster.identifier, group.id);

    expect(vm.hostname).toMatch(/^prod-batch-[0-9a-f]{8}$/);
    expect(vm).toMatchObject({ cpu: 8, ramMb: 32_768, diskGb: 320, offeringId: 108, groupId: group.id, role: 'slave' });
    expect(sim.cloud.nodeGroups(cluster.identifier)[0]?.nodesCount).toBe(1);
  });

  it('rejects a second node group of the same size', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    sim.cloud.createNodeGroup(cluster.identifier, 'general', 104);

    const error = refusal(() => sim.cloud.createNodeGroup(cluster.identifier, 'other', 104));

    expect(error.status).toBe(400);
    expect(error.message).toContain('has same selected Size');
  });

  it('allows groups of different sizes in one cluster', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();

    sim.cloud.createNodeGroup(cluster.identifier, 'small', 101);
    sim.cloud.createNodeGroup(cluster.identifier, 'large', 110);

    expect(sim.cloud.nodeGroups(cluster.identifier).map((g) => g.offeringId)).toEqual([101, 110]);
  });

  it('refuses a node beyond the VM quota with a capacity message', async () => {
    const sim = await startSim({ maxVms: 3 });
    const cluster = sim.cloud.createCluster({ controlPlaneNodes: 1 });
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 102);
    sim.cloud.addNode(cluster.identifier, group.id);
    sim.cloud.addNode(cluster.identifier, group.id);

    const error = refusal(() => sim.cloud.addNode(cluster.identifier, group.id));

    expect(error.message.toLowerCase()).toContain('quota exceeded');
    expect(sim.cloud.vms()).toHaveLength(3);
  });

  it('frees quota when a node is deleted', async () => {
    const sim = await startSim({ maxVms: 2 });
    const cluster = sim.cloud.createCluster({ controlPlaneNodes: 1 });
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 102);
    const vm = sim.cloud.addNode(cluster.identifier, group.id);

    sim.cloud.deleteVm(vm.id);

    expect(sim.cloud.addNode(cluster.identifier, group.id).status).toBe('provisioning');
  });

  it('follows a quota change at run time', async () => {
    const sim = await startSim({ maxVms: 100 });
    const cluster = sim.cloud.createCluster({ controlPlaneNodes: 1 });
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 102);

    sim.cloud.setQuota({ maxVms: 1 });

    expect(refusal(() => sim.cloud.addNode(cluster.identifier, group.id)).message).toMatch(/quota exceeded/);
  });

  it('refuses nodes of an exhausted offering with a capacity message, and only of that one', async () => {
    const sim = await startSim({ faults: { exhaustedOfferings: [110] } });
    const cluster = sim.cloud.createCluster();
    const big = sim.cloud.createNodeGroup(cluster.identifier, 'big', 110);
    const small = sim.cloud.createNodeGroup(cluster.identifier, 'small', 101);

    const error = refusal(() => sim.cloud.addNode(cluster.identifier, big.id));

    expect(error.message).toContain('maximum number of');
    expect(sim.cloud.addNode(cluster.identifier, small.id).offeringId).toBe(101);
  });

  it('answers 404 for deleting a node or VM that does not exist', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();

    expect(refusal(() => sim.cloud.deleteNode(cluster.identifier, 'no-such-node')).status).toBe(404);
    expect(refusal(() => sim.cloud.deleteVm(999_999)).status).toBe(404);
  });

  it('refuses to delete a control-plane node', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const [master] = sim.cloud.clusterVms(cluster.identifier);

    expect(refusal(() => sim.cloud.deleteNode(cluster.identifier, master!.identifier)).status).toBe(400);
  });

  it('prices a cheaper equivalent of some offerings', async () => {
    const sim = await startSim();

    const offerings = sim.cloud.k8sOfferings();
    const twins = offerings.filter((a) => offerings.some((b) => b !== a && b.cpu === a.cpu && b.ramMb === a.ramMb && b.diskGb === a.diskGb && b.priceMonthly < a.priceMonthly));

    expect(offerings.length).toBeGreaterThanOrEqual(8);
    expect(twins.map((o) => o.name)).toEqual(['k8s-2-4', 'k8s-4-8']);
    expect(offerings.every((o) => Math.abs(o.priceHourly * 730 - o.priceMonthly) < 0.05)).toBe(true);
  });
});
