import type { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { clientFor, failureOf, startSim } from './support/fixtures.ts';

async function sample(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(`vpsie_autoscaler_vpsie_${name}`)?.get();
  const found = metric?.values.find((v) => Object.entries(labels).every(([key, value]) => v.labels[key] === value));
  return found?.value;
}

describe('VPSie client metrics', () => {
  it('counts requests by method, route template and status, never a raw id', async () => {
    const sim = await startSim();
    const { client, registry } = clientFor(sim);

    await failureOf(client.getVm(4242));
    await failureOf(client.getVm(4243));

    expect(await sample(registry, 'requests_total', { method: 'GET', endpoint: '/vm/{id}', status: '404' })).toBe(2);
    expect(await sample(registry, 'requests_total', { method: 'POST', endpoint: '/auth/from/api', status: '200' })).toBe(1);
    expect(await registry.metrics()).not.toMatch(/4242|4243/);
  });

  it('observes request latency per route', async () => {
    const sim = await startSim();
    const { client, registry } = clientFor(sim);

    await client.listVms();

    expect(await sample(registry, 'request_duration_seconds', { endpoint: '/vm', le: '+Inf' })).toBe(1);
  });

  it('labels a request that got no response with its failure kind', async () => {
    const sim = await startSim({ faults: { tls: 'tls1.1-only' } });
    const { client, registry } = clientFor(sim);

    await failureOf(client.listVms());

    expect(await sample(registry, 'requests_total', { endpoint: '/auth/from/api', status: 'tls' })).toBe(1);
  });

  it('counts failed calls by error type, once per call', async () => {
    const sim = await startSim({ faults: { endpoints: { listVms: { errorRate: 1 } } } });
    const { client, registry } = clientFor(sim);

    await failureOf(client.listVms());

    expect(await sample(registry, 'errors_total', { type: 'transient' })).toBe(1);
  });

  it('does not count a delete of something already gone as an error', async () => {
    const sim = await startSim();
    const { client, registry } = clientFor(sim);

    await client.deleteVm(777);

    expect(await sample(registry, 'errors_total', { type: 'not-found' })).toBeUndefined();
  });

  it('counts retries by route and reason', async () => {
    const sim = await startSim({ faults: { endpoints: { listVms: { errorRate: 1 } } } });
    const { client, registry } = clientFor(sim, { retry: { maxAttempts: 3 } });

    await failureOf(client.listVms());

    expect(await sample(registry, 'retries_total', { endpoint: '/vm', reason: 'transient' })).toBe(2);
  });

  it('counts logins by outcome', async () => {
    const sim = await startSim();
    const { client, registry } = clientFor(sim);
    await client.listVms();
    sim.faults.set({ expireTokens: true });

    await client.listVms();

    expect(await sample(registry, 'logins_total', { outcome: 'success' })).toBe(2);
  });

  it('shows the circuit state', async () => {
    const sim = await startSim({ faults: { endpoints: { listVms: { errorRate: 1 } } } });
    const { client, registry } = clientFor(sim, { retry: { maxAttempts: 1 }, circuitBreaker: { failureThreshold: 2 } });
    await client.listDatacenters();
    const closed = await sample(registry, 'circuit_state');

    await failureOf(client.listVms());
    await failureOf(client.listVms());

    expect(closed).toBe(0);
    expect(await sample(registry, 'circuit_state')).toBe(2);
  });
});
