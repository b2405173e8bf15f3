import { describe, expect, it } from 'vitest';
import { VpsieCapacityError, VpsieNodeGroupExistsError, VpsieNotFoundError, VpsieProtocolError, VpsieRejectedError } from '../../src/infra/vpsie/errors.ts';
import { K8S_OFFERINGS } from '../../src/sim/vpsie/index.ts';
import { clientFor, dataCenterOf, failureOf, startSim } from './support/fixtures.ts';

describe('VPSie typed endpoints', () => {
  it('lists K8s offerings with prices, in the autoscaler’s names', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    const offerings = await client.listK8sOfferings(dataCenterOf(sim));

    expect(offerings).toHaveLength(K8S_OFFERINGS.length);
    const largest = offerings.find((o) => o.cpu === 32);
    expect(largest).toEqual({ id: 110, name: 'k8s-32-64', cpu: 32, ramMb: 65_536, diskGb: 1280, priceMonthly: 320, priceHourly: expect.closeTo(320 / 730, 3) });
  });

  it('follows pagination to the last page', async () => {
    const sim = await startSim({ pageSize: 3 });
    const { client } = clientFor(sim);

    const offerings = await client.listK8sOfferings(dataCenterOf(sim));

    expect(offerings.map((o) => o.id)).toEqual(K8S_OFFERINGS.map((o) => o.id));
    expect(sim.requests.all('k8sOffers').map((r) => r.query)).toEqual(['', '?page=2', '?page=3', '?page=4']);
  });

  it('names the field path when a field has the wrong type', async () => {
    const sim = await startSim({ faults: { endpoints: { k8sOffers: { corrupt: { path: 'data[3].cpu', value: 'four' } } } } });
    const { client } = clientFor(sim);

    const error = await failureOf(client.listK8sOfferings(dataCenterOf(sim)));

    expect(error).toBeInstanceOf(VpsieProtocolError);
    expect(error.message).toContain('data[3].cpu: expected number');
  });

  it('names a missing nested field', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    sim.faults.set({ endpoints: { clusterInfo: { corrupt: { path: 'data.nodes[0].hostname', value: undefined } } } });
    const { client } = clientFor(sim);

    const error = await failureOf(client.getCluster(cluster.identifier));

    expect(error.message).toContain('data.nodes[0].hostname: expected string');
  });

  it('tolerates fields the contract does not name', async () => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { corrupt: { path: 'data[0].launched', value: { year: 2019 } } } } } });
    const { client } = clientFor(sim);

    const datacenters = await client.listDatacenters();

    expect(datacenters[0]).not.toHaveProperty('launched');
    expect(datacenters.map((dc) => dc.code)).toEqual(sim.cloud.datacenters().map((dc) => dc.code));
  });

  it('treats error: true inside a 200 as an error', async () => {
    const sim = await startSim({ faults: { endpoints: { listVms: { errorInBody: 'Something went wrong' } } } });
    const { client } = clientFor(sim);

    const error = await failureOf(client.listVms());

    expect(error).toBeInstanceOf(VpsieRejectedError);
    expect(error.message).toContain('Something went wrong');
  });

  it('classifies a capacity message inside a 200 as a capacity error', async () => {
    const sim = await startSim({ faults: { endpoints: { listVms: { errorInBody: 'Your plan does not allow more servers' } } } });
    const { client } = clientFor(sim);

    await expect(client.listVms()).rejects.toBeInstanceOf(VpsieCapacityError);
  });

  it('lists datacenters with an identifier to ask for offers by', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    const datacenters = await client.listDatacenters();

    expect(datacenters.map((dc) => dc.identifier)).toEqual(sim.cloud.datacenters().map((dc) => dc.identifier));
    expect(datacenters.filter((dc) => !dc.available)).toHaveLength(1);
  });

  it('reads an id sent as a number or as a string, as a string', async () => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { corrupt: { path: 'data[0].id', value: 'dc-text-id' } } } } });
    const { client } = clientFor(sim);

    const datacenters = await client.listDatacenters();

    expect(datacenters[0]!.id).toBe('dc-text-id');
    expect(datacenters.slice(1).map((dc) => dc.id)).toEqual(sim.cloud.datacenters().slice(1).map((dc) => String(dc.id)));
  });

  it('knows a datacenter without an identifier by its id', async () => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { corrupt: { path: 'data[1].identifier', value: undefined } } } } });
    const { client } = clientFor(sim);

    const datacenters = await client.listDatacenters();

    expect(datacenters[1]!.identifier).toBe(String(sim.cloud.datacenters()[1]!.id));
  });

  it.each<[string, unknown]>([
    ['a boolean', true],
    ['an object', { id: 1 }],
    ['null', null],
    ['nothing', undefined],
  ])('names the id field when a datacenter id is %s', async (_case, value) => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { corrupt: { path: 'data[2].id', value } } } } });
    const { client } = clientFor(sim);

    const error = await failureOf(client.listDatacenters());

    expect(error).toBeInstanceOf(VpsieProtocolError);
    expect(error.message).toContain('data[2].id: expected number or string');
  });

  it('names an optional id of the wrong type', async () => {
    const wrong = await startSim({ faults: { endpoints: { listVms: { corrupt: { path: 'data[0].datacenter_id', value: false } } } } });
    await wrong.cloud.createCluster();
    expect((await failureOf(clientFor(wrong).client.listVms())).message).toContain('data[0].datacenter_id: expected number or string');
  });

  it('lists general offerings with string ids', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    const offerings = await client.listOfferings();

    expect(offerings).toHaveLength(sim.cloud.offerings().length);
    expect(offerings.every((o) => typeof o.id === 'string' && o.datacenterId !== undefined)).toBe(true);
  });

  it('reads a cluster with its nodes', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster({ name: 'prod', controlPlaneNodes: 3 });
    const { client } = clientFor(sim);

    const info = await client.getCluster(cluster.identifier);

    expect(info).toMatchObject({ identifier: cluster.identifier, name: 'prod', status: 'running' });
    expect(info.nodes.map((n) => n.hostname)).toEqual(['prod-master-1', 'prod-master-2', 'prod-master-3']);
  });

  it('creates a node group and lists it', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const { client } = clientFor(sim);

    const { groupId } = await client.createNodeGroup(cluster.identifier, 'general', 104);
    const groups = await client.listNodeGroups(cluster.identifier);

    expect(groups).toEqual([expect.objectContaining({ id: groupId, name: 'general', offeringId: 104, nodesCount: 0 })]);
  });

  it('reports a second group of the same size as VpsieNodeGroupExistsError', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const { client } = clientFor(sim);
    await client.createNodeGroup(cluster.identifier, 'general', 104);

    const error = await failureOf(client.createNodeGroup(cluster.identifier, 'other', 104));

    expect(error).toBeInstanceOf(VpsieNodeGroupExistsError);
  });

  it('returns the node when VPSie creates it at once', async () => {
    const sim = await startSim({ asyncCreation: 'never' });
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'general', 102);
    const { client } = clientFor(sim);

    const node = await client.addNode(cluster.identifier, group.id);

    const [vm] = sim.cloud.clusterVms(cluster.identifier).filter((v) => v.groupId === group.id);
    expect(node).toEqual({ async: false, id: vm!.id, identifier: vm!.identifier, hostname: vm!.hostname, status: 'provisioning' });
  });

  it('returns { async: true } when VPSie answers data: true', async () => {
    const sim = await startSim({ asyncCreation: 'always' });
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'general', 102);
    const { client } = clientFor(sim);

    const node = await client.addNode(cluster.identifier, group.id);

    expect(node).toEqual({ async: true });
    expect(sim.cloud.clusterVms(cluster.identifier).filter((v) => v.groupId === group.id)).toHaveLength(1);
  });

  it('deletes a node, and calls a second delete of it a success', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'general', 102);
    const vm = sim.cloud.addNode(cluster.identifier, group.id);
    const { client } = clientFor(sim);

    const outcomes = [await client.deleteNode(cluster.identifier, vm.identifier), await client.deleteNode(cluster.identifier, vm.identifier)];

    expect(outcomes).toEqual(['deleted', 'already-gone']);
    expect(sim.requests.all('deleteNode').map((r) => r.status)).toEqual([200, 404]);
  });

  it('lists, reads and deletes VMs; a missing VM is already gone', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster({ controlPlaneNodes: 2 });
    const { client } = clientFor(sim);

    const inCloud = sim.cloud.vms();

    const vms = await client.listVms();
    const one = await client.getVm(vms[1]!.id);
    const outcomes = [await client.deleteVm(one.id), await client.deleteVm(one.id)];

    expect(vms.map((vm) => vm.hostname)).toEqual(inCloud.map((vm) => vm.hostname));
    expect(one).toMatchObject({ hostname: inCloud[1]!.hostname, ip: inCloud[1]!.ip, status: 'running', tags: [`cluster:${cluster.name}`] });
    expect(outcomes).toEqual(['deleted', 'already-gone']);
    expect(sim.cloud.vms()).toHaveLength(1);
  });

  it('reports reading a missing VM as not found', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    await expect(client.getVm(31337)).rejects.toBeInstanceOf(VpsieNotFoundError);
  });

  it('encodes ids in paths', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    await failureOf(client.getCluster('a/b?c'));

    expect(sim.requests.all('clusterInfo')[0]?.path).toBe('/k8s/cluster/byId/a%2Fb%3Fc');
  });
});
