import { describe, expect, it } from 'vitest';
import { type Credentials, type CredentialsSource, staticCredentials } from '../../src/infra/vpsie/credentials.ts';
import { VpsieAuthError } from '../../src/infra/vpsie/errors.ts';
import { CLIENT_ID, SECRET, clientFor, failureOf, startSim } from './support/fixtures.ts';

/** A credentials source whose value can be swapped, as a watched Secret would. */
function rotatingCredentials(initial: Credentials): CredentialsSource & { rotate(next: Credentials): void } {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    current: () => Promise.resolve(value),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rotate: (next) => {
      value = next;
      for (const listener of listeners) listener();
    },
  };
}

describe('VPSie login', () => {
  it('logs in with a secret containing & = + % space and é, form-encoded', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    await client.listDatacenters();

    const [login] = sim.requests.all('login');
    expect(SECRET).toMatch(/&/);
    expect(login?.status).toBe(200);
    expect(login?.contentType).toBe('application/x-www-form-urlencoded');
  });

  it('refuses a wrong secret with an auth error', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { credentials: staticCredentials({ clientId: CLIENT_ID, clientSecret: `${SECRET}x` }) });

    const error = await failureOf(client.listDatacenters());

    expect(error).toBeInstanceOf(VpsieAuthError);
    expect(sim.requests.count('datacenters')).toBe(0);
  });

  it('reuses the token for later calls', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    await client.listDatacenters();
    await client.listVms();
    await client.listOfferings();

    expect(sim.requests.count('login')).toBe(1);
  });

  it('skips the login with a static token', async () => {
    const sim = await startSim();
    const token = await issueToken(sim.url, sim.caPem!);
    const { client } = clientFor(sim, { credentials: staticCredentials({ token }) });

    await client.listVms();

    // The one login is the test's own, made to get the token.
    expect(sim.requests.count('login')).toBe(1);
    expect(sim.requests.all('listVms')).toEqual([expect.objectContaining({ status: 200, auth: 'bearer' })]);
  });

  it('uses the URL carried with the credentials when none is configured', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { baseUrl: undefined, credentials: staticCredentials({ ...sim.credentials, url: sim.url }) });

    await client.listVms();

    expect(sim.requests.all().map((r) => r.status)).toEqual([200, 200]);
  });

  it('prefers the configured base URL over the one in the credentials', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { credentials: staticCredentials({ ...sim.credentials, url: 'https://127.0.0.1:9/v2' }) });

    await client.listVms();

    expect(sim.requests.count('listVms')).toBe(1);
  });

  it('sends the token in Vpsie-Auth when so configured', async () => {
    const sim = await startSim({ authHeader: 'Vpsie-Auth' });
    const { client } = clientFor(sim, { authHeader: 'Vpsie-Auth' });

    await client.listVms();

    expect(sim.requests.all('listVms')[0]).toMatchObject({ auth: 'vpsie-auth', status: 200 });
  });

  it('logs in again ahead of expiry, 5 minutes before by default', async () => {
    let now = Date.now();
    const sim = await startSim({ tokenTtlMs: 60 * 60 * 1000, now: () => now });
    const { client } = clientFor(sim, { now: () => now });
    await client.listVms();

    now += 54 * 60 * 1000;
    await client.listVms();
    const loginsBeforeMargin = sim.requests.count('login');
    now += 2 * 60 * 1000;
    await client.listVms();
    await until(() => sim.requests.count('login') === 2);

    expect(loginsBeforeMargin).toBe(1);
    expect(sim.requests.count('login')).toBe(2);
  });

  it('assumes one hour when expires is missing', async () => {
    let now = Date.now();
    const sim = await startSim({ tokenTtlMs: 24 * 60 * 60 * 1000, faults: { endpoints: { login: { corrupt: { path: 'accessToken.expires', value: undefined } } } } });
    const { client } = clientFor(sim, { now: () => now });
    await client.listVms();

    now += 50 * 60 * 1000;
    await client.listVms();
    const loginsWithinTheHour = sim.requests.count('login');
    now += 15 * 60 * 1000;
    await client.listVms();

    expect(loginsWithinTheHour).toBe(1);
    expect(sim.requests.count('login')).toBe(2);
  });

  it('assumes one hour when expires is not a date', async () => {
    let now = Date.now();
    const sim = await startSim({ tokenTtlMs: 24 * 60 * 60 * 1000, faults: { endpoints: { login: { corrupt: { path: 'accessToken.expires', value: 'next tuesday' } } } } });
    const { client } = clientFor(sim, { now: () => now });
    await client.listVms();

    now += 50 * 60 * 1000;
    await client.listVms();
    const loginsWithinTheHour = sim.requests.count('login');
    now += 15 * 60 * 1000;
    await client.listVms();

    expect(loginsWithinTheHour).toBe(1);
    expect(sim.requests.count('login')).toBe(2);
  });

  it('drops the cached token and logs in with the new credentials when they change', async () => {
    const sim = await startSim();
    const source = rotatingCredentials({ clientId: CLIENT_ID, clientSecret: 'the old secret' });
    const { client } = clientFor(sim, { credentials: source });
    await failureOf(client.listVms());

    source.rotate({ clientId: CLIENT_ID, clientSecret: SECRET });
    await client.listVms();

    expect(sim.requests.all('login').map((r) => r.status)).toEqual([401, 200]);
  });

  it('stops using a token after rotation even while it is still valid', async () => {
    const sim = await startSim();
    const source = rotatingCredentials({ clientId: CLIENT_ID, clientSecret: SECRET });
    const { client } = clientFor(sim, { credentials: source });
    await client.listVms();

    source.rotate({ clientId: CLIENT_ID, clientSecret: SECRET });
    await client.listVms();

    expect(sim.requests.count('login')).toBe(2);
  });
});

async function issueToken(url: string, caPem: string): Promise<string> {
  const { Agent, request } = await import('undici');
  const agent = new Agent({ connect: { ca: caPem } });
  try {
    const response = await request(`${url}/auth/from/api`, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ clientId: CLIENT_ID, clientSecret: SECRET }).toString(),
    });
    const body = (await response.body.json()) as { accessToken: { token: string } };
    return body.accessToken.token;
  } finally {
    await agent.close();
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
}
