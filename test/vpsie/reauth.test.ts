import { describe, expect, it } from 'vitest';
import { staticCredentials } from '../../src/infra/vpsie/credentials.ts';
import { VpsieAuthError } from '../../src/infra/vpsie/errors.ts';
import { clientFor, failureOf, startSim } from './support/fixtures.ts';

describe('VPSie token sharing and re-login', () => {
  it('makes 100 concurrent first calls share one login', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    await Promise.all(Array.from({ length: 100 }, () => client.listDatacenters()));

    expect(sim.requests.count('login')).toBe(1);
    expect(sim.requests.count('datacenters')).toBe(100);
  });

  it('makes 100 concurrent calls with an expired token cause exactly one login', async () => {
    let now = Date.now();
    const sim = await startSim({ now: () => now });
    const { client } = clientFor(sim, { now: () => now });
    await client.listDatacenters();

    now += 2 * 60 * 60 * 1000;
    await Promise.all(Array.from({ length: 100 }, () => client.listDatacenters()));

    expect(sim.requests.count('login')).toBe(2);
    expect(sim.requests.all('datacenters').filter((r) => r.status === 401)).toHaveLength(0);
  });

  it('answers a 401 with exactly one re-login and one resend', async () => {
    const sim = await startSim();
    sim.cloud.createCluster({ controlPlaneNodes: 2 });
    const { client } = clientFor(sim);
    await client.listVms();

    sim.faults.set({ expireTokens: true });
    const vms = await client.listVms();

    expect(vms.map((vm) => vm.id)).toEqual(sim.cloud.vms().map((vm) => vm.id));
    expect(sim.requests.count('login')).toBe(2);
    expect(sim.requests.all('listVms').map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it('shares one re-login among 100 concurrent calls that all get 401', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    await client.listVms();

    sim.faults.set({ expireTokens: true });
    await Promise.all(Array.from({ length: 100 }, () => client.listVms()));

    const statuses = sim.requests.all('listVms').slice(1).map((r) => r.status);
    expect(sim.requests.count('login')).toBe(2);
    // Every call was sent once with the revoked token and resent once with the new one.
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
  });

  it('gives up with an auth error when the fresh token is refused too', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);
    await client.listVms();
    // Every token is refused: the one in use and the one the re-login gets.
    sim.faults.set({ endpoints: { listVms: { errorRate: 1, errorStatus: 401 } } });

    const error = await failureOf(client.listVms());

    expect(error).toBeInstanceOf(VpsieAuthError);
    expect(sim.requests.count('login')).toBe(2);
    expect(sim.requests.all('listVms').slice(1).map((r) => r.status)).toEqual([401, 401]);
  });

  it('does not resend with a static token the server refused', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { credentials: staticCredentials({ token: 'simtok_not-issued-by-the-sim' }) });

    const error = await failureOf(client.listVms());

    expect(error).toBeInstanceOf(VpsieAuthError);
    expect(sim.requests.count('listVms')).toBe(1);
    expect(sim.requests.count('login')).toBe(0);
  });
});
