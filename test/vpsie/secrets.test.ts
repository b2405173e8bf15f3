import { describe, expect, it } from 'vitest';
import { type Credentials, staticCredentials } from '../../src/infra/vpsie/credentials.ts';
import type { VpsieClientOptions } from '../../src/infra/vpsie/client.ts';
import type { FaultSpec, SimVpsie, StartSimVpsieOptions } from '../../src/sim/vpsie/index.ts';
import { CLIENT_ID, SECRET, SIM_TOKEN_PREFIX, clientFor, everythingIn, failureOf, startSim } from './support/fixtures.ts';

const STATIC_TOKEN = 'Zq9-STATIC-TOKEN-4e1d';

interface Scenario {
  name: string;
  sim?: StartSimVpsieOptions;
  client?: (sim: SimVpsie) => Partial<VpsieClientOptions>;
  /** Faults set after a first successful call (so a token is in use). */
  after?: FaultSpec;
  credentials?: Credentials;
  act?: 'listVms' | 'addNode';
}

const scenarios: Scenario[] = [
  { name: 'wrong client secret', credentials: { clientId: CLIENT_ID, clientSecret: `${SECRET}-wrong` } },
  { name: 'login answered 503 until attempts run out', sim: { faults: { endpoints: { login: { errorRate: 1 } } } } },
  { name: 'login rate limited beyond the cap', sim: { faults: { endpoints: { login: { tooManyRequests: { count: 3, retryAfterSeconds: 600 } } } } } },
  { name: 'login answer of the wrong shape', sim: { faults: { endpoints: { login: { corrupt: { path: 'accessToken.token', value: 42 } } } } } },
  { name: 'login answer that is not JSON', sim: { faults: { endpoints: { login: { malformedJson: true } } } } },
  { name: 'login error echoing the secret', sim: { faults: { endpoints: { login: { errorInBody: `no such client ${CLIENT_ID} / ${SECRET}` } } } } },
  { name: 'oversized login answer', sim: { faults: { endpoints: { login: { oversizedBytes: 12 * 1024 * 1024 } } } } },
  { name: 'token revoked, every resend refused', after: { endpoints: { listVms: { errorRate: 1, errorStatus: 401 } } } },
  { name: 'static token refused', credentials: { token: STATIC_TOKEN } },
  { name: 'server message echoing the secret', after: { endpoints: { listVms: { errorInBody: `token was ${SECRET}` } } } },
  { name: 'server 5xx', after: { endpoints: { listVms: { errorRate: 1 } } } },
  { name: 'circuit open', after: { endpoints: { listVms: { errorRate: 1 } } }, client: () => ({ circuitBreaker: { failureThreshold: 2 } }) },
  { name: 'timeout', after: { endpoints: { listVms: { latencyMs: 500 } } }, client: () => ({ timeoutMs: 50 }) },
  { name: 'oversized answer', after: { endpoints: { listVms: { oversizedBytes: 12 * 1024 * 1024 } } } },
  { name: 'wrong field type', after: { endpoints: { listVms: { corrupt: { path: 'data[0].cpu', value: 'x' } } } } },
  { name: 'capacity exhausted', after: { exhaustedOfferings: [102] }, act: 'addNode' },
  { name: 'TLS 1.1 endpoint', sim: { faults: { tls: 'tls1.1-only' } } },
  { name: 'untrusted certificate', client: () => ({ caPem: undefined }) },
  { name: 'refused connection', client: () => ({ baseUrl: 'http://127.0.0.1:9/v2', allowInsecureHttp: true }) },
];

function scan(text: string): string[] {
  return [SECRET, CLIENT_ID, STATIC_TOKEN, SIM_TOKEN_PREFIX, encodeURIComponent(SECRET), new URLSearchParams({ s: SECRET }).toString().slice(2)].filter((value) => text.includes(value));
}

describe('VPSie client keeps credentials out of errors, logs and metrics', () => {
  it.each(scenarios)('$name', async (scenario) => {
    const sim = await startSim(scenario.sim);
    const cluster = sim.cloud.createCluster();
    const group = sim.cloud.createNodeGroup(cluster.identifier, 'workers', 102);
    const credentials = scenario.credentials ? staticCredentials(scenario.credentials) : undefined;
    const { client, log, registry } = clientFor(sim, { retry: { maxAttempts: 2 }, ...(credentials ? { credentials } : {}), ...scenario.client?.(sim) });
    if (scenario.after) {
      await client.listVms();
      sim.faults.set(scenario.after);
    }

    const act = (): Promise<unknown> => (scenario.act === 'addNode' ? client.addNode(cluster.identifier, group.id) : client.listVms());
    const errors = [await failureOf(act()), await failureOf(act()), await failureOf(act())];

    const exposed = [...errors.map(everythingIn), log.text(), await registry.metrics()].join('\n');
    expect(errors[0]!.name).toMatch(/^Vpsie/);
    expect(scan(exposed)).toEqual([]);
  });

  it('finds a leaked secret when one is there (the scan can fail)', () => {
    const leaked = everythingIn(new Error('wrapped', { cause: new Error(`body was clientSecret=${encodeURIComponent(SECRET)}`) }));

    expect(scan(leaked)).toContain(encodeURIComponent(SECRET));
  });
});
