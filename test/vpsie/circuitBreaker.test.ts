import { describe, expect, it } from 'vitest';
import { VpsieCircuitOpenError, VpsieTransientError } from '../../src/infra/vpsie/errors.ts';
import { clientFor, failureOf, startSim } from './support/fixtures.ts';

const BREAKER = { failureThreshold: 3, cooldownMs: 30_000, successThreshold: 2 };

async function openCircuit() {
  let now = Date.now();
  const sim = await startSim();
  const underTest = clientFor(sim, { now: () => now, retry: { maxAttempts: 1 }, circuitBreaker: BREAKER });
  await underTest.client.listVms();
  sim.faults.set({ endpoints: { listVms: { errorRate: 1 } } });
  for (let i = 0; i < BREAKER.failureThreshold; i += 1) await failureOf(underTest.client.listVms());
  return { sim, ...underTest, advance: (ms: number) => (now += ms) };
}

describe('VPSie circuit breaker', () => {
  it('opens after N consecutive transport failures', async () => {
    const { client } = await openCircuit();

    expect(client.circuitState).toBe('open');
  });

  it('stays closed while failures are interrupted by successes', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { retry: { maxAttempts: 1 }, circuitBreaker: BREAKER });
    await client.listVms();

    for (let round = 0; round < 3; round += 1) {
      sim.faults.set({ endpoints: { listVms: { errorRate: 1 } } });
      await failureOf(client.listVms());
      await failureOf(client.listVms());
      sim.faults.clear();
      await client.listVms();
    }

    expect(client.circuitState).toBe('closed');
  });

  it('does not count 4xx answers as failures', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { retry: { maxAttempts: 1 }, circuitBreaker: BREAKER });

    for (let i = 0; i < 5; i += 1) await failureOf(client.getVm(424242));

    expect(client.circuitState).toBe('closed');
  });

  it('fails fast while open, without sending anything', async () => {
    const { sim, client } = await openCircuit();
    const sent = sim.requests.count();

    const errors = await Promise.all([failureOf(client.listVms()), failureOf(client.listDatacenters())]);

    expect(errors.every((e) => e instanceof VpsieCircuitOpenError)).toBe(true);
    expect(sim.requests.count()).toBe(sent);
  });

  it('lets one probe through after the cool-down and reopens when it fails', async () => {
    const { sim, client, advance } = await openCircuit();
    const sent = sim.requests.count('listVms');

    advance(BREAKER.cooldownMs);
    const probe = await failureOf(client.listVms());

    expect(probe).toBeInstanceOf(VpsieTransientError);
    expect(sim.requests.count('listVms')).toBe(sent + 1);
    expect(client.circuitState).toBe('open');
  });

  it('admits only one probe at a time while half-open', async () => {
    const { sim, client, advance } = await openCircuit();
    sim.faults.set({ endpoints: { listVms: { latencyMs: 100 } } });

    advance(BREAKER.cooldownMs);
    const [probe, second] = await Promise.allSettled([client.listVms(), client.listVms()]);

    expect(probe.status).toBe('fulfilled');
    expect(second.status === 'rejected' && second.reason instanceof VpsieCircuitOpenError).toBe(true);
  });

  it('closes after M successful probes and sends normally again', async () => {
    const { sim, client, advance } = await openCircuit();
    sim.faults.clear();

    advance(BREAKER.cooldownMs);
    await client.listVms();
    const afterOneProbe = client.circuitState;
    await client.listVms();

    expect(afterOneProbe).toBe('half-open');
    expect(client.circuitState).toBe('closed');
    await Promise.all([client.listVms(), client.listVms(), client.listVms()]);
  });
});
