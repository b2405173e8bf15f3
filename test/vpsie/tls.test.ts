import { connect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createVpsieClient } from '../../src/infra/vpsie/client.ts';
import { staticCredentials } from '../../src/infra/vpsie/credentials.ts';
import { VpsieConfigError, VpsieTlsError } from '../../src/infra/vpsie/errors.ts';
import { createCertificateAuthority } from '../../src/sim/certs.ts';
import { clientFor, failureOf, startSim } from './support/fixtures.ts';

/** Proves the server really speaks what it claims, with a client that allows it. */
function handshake(url: string, ca: string, options: { minVersion?: 'TLSv1.1' | 'TLSv1.2'; maxVersion?: 'TLSv1.1' | 'TLSv1.2'; ciphers?: string }): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca, servername: 'localhost', ...options }, () => {
      const protocol = `${socket.getProtocol()} ${socket.getCipher().name}`;
      socket.end();
      resolve(protocol);
    });
    socket.on('error', reject);
  });
}

describe('VPSie client TLS policy', () => {
  it('accepts an endpoint with modern TLS settings', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim);

    await expect(client.listDatacenters()).resolves.toHaveLength(sim.cloud.datacenters().length);
  });

  it('refuses an endpoint that only speaks TLS 1.1', async () => {
    const sim = await startSim({ faults: { tls: 'tls1.1-only' } });
    const { client } = clientFor(sim);

    const error = await failureOf(client.listDatacenters());

    expect(await handshake(sim.url, sim.caPem!, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).toMatch(/^TLSv1\.1 /);
    expect(error).toBeInstanceOf(VpsieTlsError);
    expect(error.message).toMatch(/TLS 1\.2 or newer/);
  });

  it('refuses TLS 1.2 without an ECDHE + AES-GCM suite', async () => {
    const sim = await startSim({ faults: { tls: 'tls1.2-cbc-only' } });
    const { client } = clientFor(sim);

    const error = await failureOf(client.listDatacenters());

    expect(await handshake(sim.url, sim.caPem!, { maxVersion: 'TLSv1.2' })).toMatch(/^TLSv1\.2 .*AES128-SHA$/);
    expect(error).toBeInstanceOf(VpsieTlsError);
    expect(error.message).toMatch(/cipher suite/);
  });

  it('accepts TLS 1.2 with an ECDHE + AES-GCM suite', async () => {
    const sim = await startSim();
    sim.faults.set({ tls: 'tls1.2-cbc-only' });
    sim.faults.clear();
    const { client } = clientFor(sim);

    await expect(client.listVms()).resolves.toEqual([]);
  });

  it('refuses a certificate from a CA it was not given', async () => {
    const sim = await startSim();
    const stranger = createCertificateAuthority('some-other-ca');
    const { client } = clientFor(sim, { caPem: stranger.certPem });

    const error = await failureOf(client.listDatacenters());

    expect(error).toBeInstanceOf(VpsieTlsError);
    expect(error.message).toMatch(/not trusted/);
    expect(sim.requests.count()).toBe(0);
  });

  it('refuses the simulator certificate against the system roots', async () => {
    const sim = await startSim();
    const { client } = clientFor(sim, { caPem: undefined });

    const error = await failureOf(client.listDatacenters());

    expect(error).toBeInstanceOf(VpsieTlsError);
  });

  it('refuses plain http unless explicitly allowed', () => {
    expect(() => createVpsieClient({ baseUrl: 'http://127.0.0.1:1/v2', credentials: staticCredentials({ token: 't' }) })).toThrow(VpsieConfigError);
  });

  it('refuses plain http arriving with the credentials', async () => {
    const sim = await startSim({ tls: false });
    const client = createVpsieClient({ credentials: staticCredentials({ ...sim.credentials, url: sim.url }) });

    const error = await failureOf(client.listVms());
    await client.close();

    expect(error).toBeInstanceOf(VpsieConfigError);
    expect(sim.requests.count()).toBe(0);
  });

  it('talks plain http to the simulator when allowed', async () => {
    const sim = await startSim({ tls: false });
    const { client } = clientFor(sim, { allowInsecureHttp: true });

    await expect(client.listDatacenters()).resolves.toHaveLength(sim.cloud.datacenters().length);
  });

  it('refuses a URL with credentials in it', () => {
    expect(() => createVpsieClient({ baseUrl: 'https://user:pw@example.test/v2', credentials: staticCredentials({ token: 't' }) })).toThrow(/must not carry credentials/);
  });
});

describe('VPSie client low-level causes', () => {
  it('refuses a certificate that does not name the host', async () => {
    const sim = await startSim({ host: '127.0.0.2' });
    const { client } = clientFor(sim);

    const error = await failureOf(client.listDatacenters());

    expect(error).toBeInstanceOf(VpsieTlsError);
    expect(error.message).toMatch(/does not name this host/);
  });

  it('keeps only name, code and message of the undici error it wraps', async () => {
    const sim = await startSim({ host: '127.0.0.2' });
    const { client } = clientFor(sim);

    const error = await failureOf(client.listDatacenters());

    // Node's original carries the peer certificate, host and reason as properties.
    const cause = error.cause as Error & { code?: string };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(Object.keys(cause).sort()).toEqual(['code', 'name']);
    expect(cause.cause).toBeUndefined();
  });
});
