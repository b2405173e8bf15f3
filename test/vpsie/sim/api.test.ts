import { connect } from 'node:tls';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimVpsie } from '../../../src/sim/vpsie/index.ts';
import { startSim } from '../support/fixtures.ts';

const agents: Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON under test
}

/** A plain undici caller: the sim is tested as a stand-in for VPSie, not through the product's client. */
function caller(sim: SimVpsie) {
  const agent = new Agent({ connect: sim.caPem ? { ca: sim.caPem } : {} });
  agents.push(agent);
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, options: { token?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await request(`${sim.url}${path}`, { dispatcher: agent, method, headers, body });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  const login = async (): Promise<string> => (await call('POST', '/auth/from/api', { form: sim.credentials })).body.accessToken.token;
  return { call, login };
}

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

describe('simulated VPSie faults', () => {
  it('answers a 429 burst with Retry-After, then recovers', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const token = await login();
    sim.faults.set({ endpoints: { '*': { tooManyRequests: { count: 2, retryAfterSeconds: 7 } } } });

    const answers = [await call('GET', '/vm', { token }), await call('GET', '/datacenters', { token }), await call('GET', '/vm', { token })];

    expect(answers.map((a) => a.status)).toEqual([429, 429, 200]);
    expect(answers[0]!.headers['retry-after']).toBe('7');
  });

  it('gives Retry-After as an HTTP-date when asked', async () => {
    const sim = await startSim({ faults: { endpoints: { login: { tooManyRequests: { count: 1, retryAfterSeconds: 30, asHttpDate: true } } } } });
    const { call } = caller(sim);

    const answer = await call('POST', '/auth/from/api', { form: sim.credentials });

    const waitMs = Date.parse(answer.headers['retry-after'] as string) - Date.now();
    expect(waitMs).toBeGreaterThan(28_000);
    expect(waitMs).toBeLessThanOrEqual(30_000);
  });

  it('fails only the endpoint a 5xx rate is set for', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const token = await login();
    sim.faults.set({ endpoints: { listVms: { errorRate: 1, errorStatus: 502 } } });

    expect((await call('GET', '/vm', { token })).status).toBe(502);
    expect((await call('GET', '/datacenters', { token })).status).toBe(200);
  });

  it('applies an error rate as a share of requests', async () => {
    let draw = 0;
    const sim = await startSim({ random: () => [0.1, 0.6, 0.3, 0.9][draw++ % 4]! });
    const { call, login } = caller(sim);
    const token = await login();
    sim.faults.set({ endpoints: { listVms: { errorRate: 0.5 } } });

    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call('GET', '/vm', { token })).status);

    expect(statuses).toEqual([503, 200, 503, 200]);
  });

  it('adds latency', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const token = await login();
    sim.faults.set({ endpoints: { '*': { latencyMs: 150 } } });

    const started = Date.now();
    await call('GET', '/vm', { token });

    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('clears every fault', async () => {
    const sim = await startSim();
    const { call, login } = caller(sim);
    const token = await login();
    sim.faults.set({ endpoints: { '*': { errorRate: 1 } }, exhaustedOfferings: [101] });

    sim.faults.clear();

    expect((await call('GET', '/vm', { token })).status).toBe(200);
    expect(sim.cloud.offerings()).toHaveLength(40);
    expect(sim.faults.isExhausted(101)).toBe(false);
  });

  it('overwrites one field of a response', async () => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { corrupt: { path: 'data[2].available', value: 'maybe' } } } } });
    const { call, login } = caller(sim);
    const token = await login();

    const answer = await call('GET', '/datacenters', { token });

    expect(answer.body.data[2].available).toBe('maybe');
    expect(answer.body.data[1].available).toBe(true);
  });

  it('streams an oversized answer without Content-Length', async () => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { oversizedBytes: 3 * 1024 * 1024 } } } });
    const { call, login } = caller(sim);
    const token = await login();

    const answer = await call('GET', '/datacenters', { token });

    expect(answer.headers['content-length']).toBeUndefined();
    expect(JSON.stringify(answer.body).length).toBeGreaterThan(3 * 1024 * 1024 - 70_000);
  });

  it('answers error: true inside a 200', async () => {
    const sim = await startSim({ faults: { endpoints: { listVms: { errorInBody: 'Nope' } } } });
    const { call, login } = caller(sim);
    const token = await login();

    const answer = await call('GET', '/vm', { token });

    expect(answer).toMatchObject({ status: 200, body: { error: true, message: 'Nope' } });
  });

  it('switches the endpoint to TLS 1.1 only at run time, and back', async () => {
    const sim = await startSim();
    const modern = (): Promise<string> => negotiated(sim, {});

    sim.faults.set({ tls: 'tls1.1-only' });
    const refused = await modern().catch((error: NodeJS.ErrnoException) => error.code);
    const legacy = await negotiated(sim, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    sim.faults.clear();

    expect(refused).toMatch(/^ERR_SSL_/);
    expect(legacy).toBe('TLSv1.1');
    expect(await modern()).toBe('TLSv1.3');
  });
});

function negotiated(sim: SimVpsie, options: { minVersion?: 'TLSv1.1'; maxVersion?: 'TLSv1.1'; ciphers?: string }): Promise<string> {
  const { hostname, port } = new URL(sim.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: sim.caPem, servername: 'localhost', ...options }, () => {
      resolve(socket.getProtocol() ?? 'none');
      socket.end();
    });
    socket.on('error', reject);
  });
}
