import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import type { SimVpsie } from '../../../src/sim/vpsie/index.ts';
import { startSim } from '../support/fixtures.ts';
import { caller } from '../support/simCaller.ts';

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
