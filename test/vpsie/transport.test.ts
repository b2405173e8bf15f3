import { describe, expect, it } from 'vitest';
import { type VpsieError, VpsieProtocolError, VpsieTimeoutError } from '../../src/infra/vpsie/errors.ts';
import { clientFor, dataCenterOf, failureOf, startSim } from './support/fixtures.ts';

describe('VPSie transport', () => {
  it('sends Accept, the User-Agent and a bearer token', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { version: '9.8.7' });

    await client.listVms();

    expect(sim.requests.all('listVms')[0]).toMatchObject({ accept: 'application/json', userAgent: 'vpsie-autoscaler/9.8.7', auth: 'bearer', contentType: undefined });
  });

  it('sends a JSON body with its content type', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    await client.listK8sOfferings(dataCenterOf(sim));

    expect(sim.requests.all('k8sOffers')[0]).toMatchObject({ contentType: 'application/json', status: 200 });
  });

  it('refuses a response larger than the cap while it streams in', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { maxResponseBytes: 256 * 1024 });
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { oversizedBytes: 64 * 1024 * 1024 } } });

    const error = await failureOf(client.listVms());

    expect(error).toBeInstanceOf(VpsieProtocolError);
    expect(error.message).toMatch(/larger than 262144 bytes/);
  });

  it('caps responses at 10 MiB by default', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { oversizedBytes: 11 * 1024 * 1024 } } });

    const error = await failureOf(client.listVms());

    expect(error.message).toMatch(/larger than 10485760 bytes/);
  });

  it('accepts a large response under the cap', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { maxResponseBytes: 4 * 1024 * 1024 });
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { oversizedBytes: 2 * 1024 * 1024 } } });

    // The filler items are strings, not VMs: getting as far as the schema proves the body was read whole.
    const error = await failureOf(client.listVms());

    expect(error.message).toMatch(/data\[0\]: expected object/);
  });

  it('times a request out', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { timeoutMs: 100, retry: { maxAttempts: 1 } });
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { latencyMs: 1_000 } } });

    const error = await failureOf(client.listVms());

    expect(error).toBeInstanceOf(VpsieTimeoutError);
    expect(error.message).toMatch(/within 100 ms/);
  });

  it('reports a success that is not JSON as a protocol error', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { malformedJson: true } } });

    const error = await failureOf(client.listVms());

    expect(error).toBeInstanceOf(VpsieProtocolError);
    expect(error.message).toMatch(/not JSON/);
  });

  it('carries method, path, status and X-Request-ID on an error', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { retry: { maxAttempts: 1 } });
    await client.listVms();
    sim.faults.set({ endpoints: { getVm: { errorRate: 1, errorStatus: 500 } } });

    const error = (await failureOf(client.getVm(17))) as VpsieError;

    expect(error).toMatchObject({ method: 'GET', path: '/vm/17', status: 500 });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toContain(error.requestId!);
  });
});
