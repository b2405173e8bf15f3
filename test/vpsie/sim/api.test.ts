import { describe, expect, it } from 'vitest';
import { startSim } from '../support/fixtures.ts';
import { caller } from '../support/simCaller.ts';

describe('simulated VPSie API over HTTPS', () => {
  it('logs in with form-encoded credentials and answers tokens with an RFC 3339 expiry', async () => {
    const sim = await startSim({ tokenTtlMs: 30 * 60 * 1000 });
    const { call } = caller(sim);

    const answer = await call('POST', '/auth/from/api', { form: sim.credentials });

    expect(answer.status).toBe(200);
    expect(answer.body.accessToken.token).toMatch(/^simtok_/);
    expect(Date.parse(answer.body.accessToken.expires) - Date.now()).toBeGreaterThan(29 * 60 * 1000);
    expect(answer.body.refreshToken.token).toEqual(expect.any(String));
  });

  it('generates its own CA and serving certificate when none are given', async () => {
    const sim = await startSim({ certificates: undefined });
    const other = await startSim({ certificates: undefined });
    const { call } = caller(sim);

    const answer = await call('POST', '/auth/from/api', { form: sim.credentials });

    expect(answer.status).toBe(200);
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v2$/);
    expect(sim.caPem).not.toBe(other.caPem);
  });

  it('serves plain HTTP when asked', async () => {
    const sim = await startSim({ tls: false });
    const { call } = caller(sim);

    const answer = await call('POST', '/auth/from/api', { form: sim.credentials });

    expect(sim.url).toMatch(/^http:\/\//);
    expect(sim.caPem).toBeUndefined();
    expect(answer.status).toBe(200);
  });

  it('refuses a JSON login: the contract is form-encoded', async () => {
    const sim = await startSim();
    const { call } = caller(sim);

    const answer = await call('POST', '/auth/from/api', { json: sim.credentials });

    expect(answer.status).toBe(415);
  });

  it('refuses wrong credentials with the error envelope', async () => {
    const sim = await startSim();
    const { call } = caller(sim);

    const answer = await call('POST', '/auth/from/api', { form: { ...sim.credentials, clientSecret: 'nope' } });

    expect(answer).toMatchObject({ status: 401, body: { error: true, code: 401, message: expect.any(String) } });
  });

  it('answers 401 without a token, with an unknown one, and with an expired one', async () => {
    let now = 1_700_000_000_000;
    const sim = await startSim({ tokenTtlMs: 60_000, now: () => now });
    const { call, login } = caller(sim);
    const token = await login();
    const fresh = await call('GET', '/vm', { token });

    now += 60_000;
    const statuses = [(await call('GET', '/vm')).status, (await call('GET', '/vm', { token: 'simtok_forged' })).status, (await call('GET', '/vm', { token })).status];

    expect(fresh.status).toBe(200);
    expect(statuses).toEqual([401, 401, 401]);
  });

  it('expires every token issued so far on demand, and accepts new ones', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const old = await login();

    sim.faults.set({ expireTokens: true });
    const fresh = await login();

    expect((await call('GET', '/vm', { token: old })).status).toBe(401);
    expect((await call('GET', '/vm', { token: fresh })).status).toBe(200);
  });

  it('accepts the token in Vpsie-Auth too', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const token = await login();

    const answer = await call('GET', '/datacenters', { headers: { 'vpsie-auth': token } });

    expect(answer.status).toBe(200);
  });

  it('insists on the configured auth header', async () => {
    const sim = await startSim({ authHeader: 'Vpsie-Auth' });
    const { call, login } = caller(sim);
    const token = await login();

    expect((await call('GET', '/datacenters', { token })).status).toBe(401);
    expect((await call('GET', '/datacenters', { headers: { 'vpsie-auth': token } })).status).toBe(200);
  });

  it('serves only JSON', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const token = await login();

    const answer = await call('GET', '/datacenters', { token, headers: { accept: 'text/html' } });

    expect(answer.status).toBe(406);
  });

  it('pages lists and says how many pages there are', async () => {
    const sim = await startSim({ pageSize: 4 });
    const { call, login } = caller(sim);
    const token = await login();

    const first = await call('POST', '/k8s/offers', { token, json: { dcIdentifier: sim.cloud.datacenters()[0]!.identifier } });
    const last = await call('POST', '/k8s/offers?page=3', { token, json: { dcIdentifier: sim.cloud.datacenters()[0]!.identifier } });

    expect(first.body.pagination).toEqual({ total: 10, count: 4, per_page: 4, current_page: 1, total_pages: 3 });
    expect(last.body.data.map((o: { id: number }) => o.id)).toEqual([109, 110]);
  });

  it('refuses a page number that is not a positive integer', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const token = await login();

    expect((await call('GET', '/vm?page=0', { token })).status).toBe(400);
    expect((await call('GET', '/vm?page=two', { token })).status).toBe(400);
  });

  it('reads KubeSizeID with a capital K when creating a group', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const { call, login } = caller(sim);
    const token = await login();

    const lower = await call('POST', '/k8s/cluster/add/group', { token, json: { clusterIdentifier: cluster.identifier, groupName: 'g', kubeSizeId: 104 } });
    const upper = await call('POST', '/k8s/cluster/add/group', { token, json: { clusterIdentifier: cluster.identifier, groupName: 'g', KubeSizeID: 104 } });

    expect(lower.status).toBe(400);
    expect(upper.body).toEqual({ error: false, code: 200, message: expect.any(String), data: { groupId: expect.any(Number) } });
  });

  it('answers data: true for a node created in the background', async () => {
    const sim = await startSim({ asyncCreation: 'always' });
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'g', 104);
    const { call, login } = caller(sim);
    const token = await login();

    const answer = await call('POST', `/k8s/cluster/byId/${cluster.identifier}/add/slave/group/${group.id}`, { token });

    expect(answer.body.data).toBe(true);
    expect(sim.cloud.clusterVms(cluster.identifier)).toHaveLength(2);
  });

  it('lists VMs with the contract’s fields, created_on not in RFC 3339', async () => {
    const sim = await startSim();
    sim.cloud.createCluster();
    const { call, login } = caller(sim);
    const token = await login();

    const [vm] = (await call('GET', '/vm', { token })).body.data;

    expect(Object.keys(vm).sort()).toEqual(['boxsize_id', 'cpu', 'created_on', 'datacenter_id', 'default_ip', 'hostname', 'id', 'identifier', 'ram', 'ssd', 'status', 'tags']);
    expect(vm.created_on).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('answers 404 for deleting a node or a VM that is gone', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const { call, login } = caller(sim);
    const token = await login();

    const node = await call('DELETE', `/k8s/cluster/byId/${cluster.identifier}/delete/slave`, { token, json: { identifier: 'gone' } });
    const vm = await call('DELETE', '/vm/123456', { token });

    expect([node.status, vm.status]).toEqual([404, 404]);
    expect(vm.body).toMatchObject({ error: true, code: 404 });
  });

  it('puts an X-Request-ID on every answer', async () => {
    const sim = await startSim();
    const { call } = caller(sim);

    const answers = [await call('GET', '/vm'), await call('GET', '/nowhere'), await call('POST', '/auth/from/api', { form: sim.credentials })];

    expect(answers.map((a) => a.headers['x-request-id'])).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
  });
});
