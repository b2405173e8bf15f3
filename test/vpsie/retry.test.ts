import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createVpsieClient } from '../../src/infra/vpsie/client.ts';
import { staticCredentials } from '../../src/infra/vpsie/credentials.ts';
import { VpsieCapacityError, VpsieNetworkError, VpsieRateLimitedError, VpsieRejectedError, VpsieTransientError } from '../../src/infra/vpsie/errors.ts';
import { clientFor, dataCenterOf, failureOf, startSim } from './support/fixtures.ts';

describe('VPSie retries', () => {
  it('retries a 503 until the attempts run out, then reports a transient error', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    await client.listVms();
    sim.faults.set({ endpoints: { datacenters: { errorRate: 1 } } });

    const error = await failureOf(client.listDatacenters());

    expect(error).toBeInstanceOf(VpsieTransientError);
    expect(sim.requests.all('datacenters').map((r) => r.status)).toEqual([503, 503, 503, 503]);
  });

  it('recovers when a 503 burst ends before the attempts run out', async () => {
    const sim = await startSim();
    let sleeps = 0;
    const { client } = clientFor(sim, {
      retry: {
        sleep: () => {
          sleeps += 1;
          if (sleeps === 2) sim.faults.clear();
          return Promise.resolve();
        },
      },
    });
    await client.listVms();
    sim.faults.set({ endpoints: { datacenters: { errorRate: 1 } } });

    const datacenters = await client.listDatacenters();

    expect(datacenters).toHaveLength(sim.cloud.datacenters().length);
    expect(sim.requests.all('datacenters').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('backs off exponentially with jitter, within the cap', async () => {
    const sim = await startSim({ faults: { endpoints: { datacenters: { errorRate: 1 } } } });
    const { client, sleeps } = clientFor(sim, { retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 400 } });

    await failureOf(client.listDatacenters());

    const steps = [100, 200, 400, 400, 400];
    expect(sleeps).toHaveLength(5);
    sleeps.forEach((ms, index) => {
      expect(ms).toBeGreaterThanOrEqual(steps[index]! / 2);
      expect(ms).toBeLessThanOrEqual(steps[index]!);
    });
  });

  it('honours Retry-After in seconds on a 429', async () => {
    const sim = await startSim();
    const { client, sleeps } = clientFor(sim);
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { tooManyRequests: { count: 2, retryAfterSeconds: 3 } } } });

    await client.listVms();

    expect(sleeps).toEqual([3000, 3000]);
    expect(sim.requests.all('listVms').slice(1).map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('honours Retry-After given as an HTTP-date', async () => {
    const sim = await startSim();
    const { client, sleeps } = clientFor(sim);
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { tooManyRequests: { count: 1, retryAfterSeconds: 5, asHttpDate: true } } } });

    await client.listVms();

    // An HTTP-date has whole-second resolution.
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(3_900);
    expect(sleeps[0]).toBeLessThanOrEqual(5_000);
  });

  it('waits for a real Retry-After when sleep is not injected', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { retry: { sleep: undefined } });
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { tooManyRequests: { count: 1, retryAfterSeconds: 1 } } } });

    await client.listVms();

    const [limited, retried] = sim.requests.all('listVms').slice(1);
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(990);
  });

  it('hands a Retry-After beyond the cap to the caller instead of waiting', async () => {
    const sim = await startSim();
    const { client, sleeps } = clientFor(sim, { retry: { maxRetryAfterMs: 10_000 } });
    await client.listVms();
    sim.faults.set({ endpoints: { listVms: { tooManyRequests: { count: 1, retryAfterSeconds: 120 } } } });

    const error = await failureOf(client.listVms());

    expect(error).toBeInstanceOf(VpsieRateLimitedError);
    expect((error as VpsieRateLimitedError).retryAfterMs).toBe(120_000);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a capacity error', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'big', 110);
    sim.faults.set({ exhaustedOfferings: [110] });
    const { client, sleeps } = clientFor(sim);

    const error = await failureOf(client.addNode(cluster.identifier, group.id));

    expect(error).toBeInstanceOf(VpsieCapacityError);
    expect(sim.requests.count('addNode')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry other 4xx', async () => {
    const sim = await startSim();
    const { client, sleeps } = clientFor(sim);

    const error = await failureOf(client.listK8sOfferings('no-such-datacenter'));
    const rejected = await failureOf(client.createNodeGroup(sim.cloud.createCluster().identifier, '', 101));

    expect(error.name).toBe('VpsieNotFoundError');
    expect(rejected).toBeInstanceOf(VpsieRejectedError);
    expect(sim.requests.count('k8sOffers')).toBe(1);
    expect(sim.requests.count('createNodeGroup')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('does not resend a node creation after a 503: the node may exist already', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 102);
    sim.faults.set({ endpoints: { addNode: { errorRate: 1 } } });
    const { client } = clientFor(sim);

    const error = await failureOf(client.addNode(cluster.identifier, group.id));

    expect(error).toBeInstanceOf(VpsieTransientError);
    expect(sim.requests.count('addNode')).toBe(1);
  });

  it('resends a node creation after a 429: the server did not act on it', async () => {
    const sim = await startSim();
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 102);
    sim.faults.set({ endpoints: { addNode: { tooManyRequests: { count: 1, retryAfterSeconds: 1 } } } });
    const { client } = clientFor(sim);

    const node = await client.addNode(cluster.identifier, group.id);

    expect(node.async).toBe(false);
    expect(sim.requests.all('addNode').map((r) => r.status)).toEqual([429, 200]);
    expect(sim.cloud.clusterVms(cluster.identifier).filter((vm) => vm.role === 'slave')).toHaveLength(1);
  });

  it('retries a refused connection, then reports it as a network error', async () => {
    const port = await unusedPort();
    const sleeps: number[] = [];
    const client = createVpsieClient({
      baseUrl: `http://127.0.0.1:${port}/v2`,
      allowInsecureHttp: true,
      credentials: staticCredentials({ token: 'any' }),
      retry: { sleep: (ms) => (sleeps.push(ms), Promise.resolve()) },
    });

    const error = await failureOf(client.listVms());
    await client.close();

    expect(error).toBeInstanceOf(VpsieNetworkError);
    expect((error as VpsieNetworkError).requestSent).toBe(false);
    expect(sleeps).toHaveLength(3);
  });

  it('retries a 429 on the login itself', async () => {
    const sim = await startSim({ faults: { endpoints: { login: { tooManyRequests: { count: 1, retryAfterSeconds: 2 } } } } });
    const { client, sleeps } = clientFor(sim);

    await client.listK8sOfferings(dataCenterOf(sim));

    expect(sleeps).toEqual([2000]);
    expect(sim.requests.all('login').map((r) => r.status)).toEqual([429, 200]);
  });
});

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
